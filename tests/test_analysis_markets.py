"""Markets on real payloads: cashtags from X API v2 entities reach the ticker table with their tweets."""

from __future__ import annotations

from datetime import date

from tweetbrief.analysis import Period, analyse
from tweetbrief.config import Topic
from tweetbrief.sources import import_files


def test_twarc_cashtags_fixture_yields_amd_and_btc(fixtures, store):
    import_files([fixtures / "x_api_v2_twarc" / "cashtags.jsonl"], store)
    period = Period(date(2023, 1, 5), date(2023, 1, 6), "UTC")
    tweets = store.between(period.start_utc, period.end_utc)
    topic = Topic(name="markets", keywords=["trade", "stock", "crypto", "AMD", "BTC"], timezone="UTC")
    analysis = analyse(tweets, topic, period)
    by_symbol = {t.symbol: t for t in analysis.tickers}
    assert {"AMD", "BTC"} <= set(by_symbol)
    assert by_symbol["BTC"].kind == "crypto" and by_symbol["AMD"].kind == "stock"
    (tweet_id,) = {i for t in (by_symbol["AMD"], by_symbol["BTC"]) for i in t.tweet_ids}
    assert tweet_id in analysis.tweets  # cited tweets are citable

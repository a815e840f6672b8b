"""Each importer on the real recorded payloads in ../shared (read in place, never copied)."""

from __future__ import annotations

import json
import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tweetbrief.sources import ImportOptions, Skip, get_importer
from tweetbrief.sources.formats import tweet_from_twscrape, tweets_from_v2_page
from tweetbrief.sources.formats.x_archive import js_to_json


def parse(fmt: str, path: Path, options: ImportOptions | None = None) -> tuple[list, list[Skip]]:
    items = list(get_importer(fmt).parse(path, options or ImportOptions()))
    return [t for t in items if not isinstance(t, Skip)], [s for s in items if isinstance(s, Skip)]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# -- X API v2 -----------------------------------------------------------------------------
def test_v2_cashtags_entities_and_metrics(fixtures):
    tweets, skips = parse("x-v2", fixtures / "x_api_v2_twarc/cashtags.jsonl")
    assert skips == [] and len(tweets) == 1
    t = tweets[0]
    assert t.id == "1611077073803841538"
    assert (t.author_id, t.author_handle, t.author_name, t.author_followers) == (
        "1291963157271863297", "Trading22971312", "Trading", 809)
    assert t.created_at == utc(2023, 1, 5, 19, 8, 1)
    assert {"AMD", "BTC", "DOGE", "BABA"} <= set(t.cashtags)  # without "$", upper-cased
    assert all(c == c.upper() and not c.startswith("$") for c in t.cashtags)
    assert t.urls == ["http://go.trade-ideas.com/SHHb"]  # expanded; the photo link is left out
    assert t.hashtags == ["business", "NFT", "StockMarket", "option"]
    assert (t.like_count, t.view_count) == (1, 52)
    assert t.source == "x-v2" and t.url == "https://x.com/Trading22971312/status/1611077073803841538"
    assert json.loads(t.raw)["id"] == t.id  # the original tweet object is kept


def test_v2_search_page_and_full_retweet_text(fixtures):
    path = fixtures / "x_api_v2_twarc/brexit_search_recent_first25.json"
    tweets, skips = parse("x-v2", path)
    assert skips == [] and len(tweets) == 25  # includes.tweets are context, not records
    first = tweets[0]
    assert (first.id, first.author_handle, first.lang) == ("1440716895355764743", "WarmongerHodges", "en")
    assert first.created_at == utc(2021, 9, 22, 16, 37, 29)
    assert first.hashtags == ["PeoplesVote", "Brexit"]
    page = json.loads(path.read_text(encoding="utf-8"))
    originals = {o["id"]: o["text"] for o in page["includes"]["tweets"]}
    rt = next(t for t in tweets if t.id == "1440716856763977732")
    assert rt.is_retweet and rt.retweeted_id == "1440713161355583489"
    assert rt.text == "RT @carolJhedges: " + originals["1440713161355583489"].replace("&amp;", "&")
    truncated = next(d["text"] for d in page["data"] if d["id"] == rt.id)
    assert len(rt.text) > len(truncated)
    assert sum(t.is_retweet for t in tweets) == 15 and sum(t.is_reply for t in tweets) == 4


def test_v2_reference_flags(fixtures):
    (rt,), _ = parse("x-v2", fixtures / "x_api_v2_twarc/two_tweets.jsonl")
    assert rt.is_retweet and rt.retweeted_id == "1391677057810288641" and rt.mentions == ["bibaigna96"]
    (q,), _ = parse("x-v2", fixtures / "x_api_v2_twarc/quoted_edit.jsonl")
    assert q.is_quote and q.is_reply and not q.is_retweet
    assert q.quoted_id == "1576994746135764992" and q.author_handle == "dappdavid99"
    (v,), _ = parse("x-v2", fixtures / "x_api_v2_twarc/verified_type.jsonl")
    assert (v.like_count, v.retweet_count, v.reply_count, v.quote_count, v.view_count) == (745, 104, 37, 24, 139075)


def test_v2_streaming_file_with_a_broken_line(fixtures):
    tweets, skips = parse("x-v2", fixtures / "x_api_v2_twarc/streaming_output_with_error.jsonl")
    assert len(tweets) == 7  # `data` is a single object per line
    assert tweets[0].id == "1377650090978992134" and tweets[0].author_handle == "blackheart_265"
    (skip,) = skips
    assert skip.line == 8 and skip.reason.startswith("invalid JSON (") and "column 45" in skip.reason
    assert "\n" not in str(skip)


@pytest.mark.parametrize("name, kind, lines", [("counts.jsonl", "tweet counts", 1), ("lists.jsonl", "lists", 2)])
def test_v2_pages_that_are_not_tweets(fixtures, name, kind, lines):
    tweets, skips = parse("x-v2", fixtures / "x_api_v2_twarc" / name)
    assert tweets == [] and len(skips) == lines
    assert all(kind in s.reason for s in skips) and [s.line for s in skips] == list(range(1, lines + 1))


def test_v2_default_fields_time_from_snowflake(fixtures):
    (t,), _ = parse("x-v2", fixtures / "x_api_v2_tweepy/test_client_get_tweet__00.json")
    assert t.id == "1293593516040269825" and t.author_handle == ""
    assert t.created_at == datetime(2020, 8, 12, 17, 1, 42, 686000, tzinfo=UTC)
    assert t.hashtags == ["TwitterAPI"]  # no entities in the response: taken from the text
    assert t.url == "https://x.com/i/status/1293593516040269825"
    tweets, _ = parse("x-v2", fixtures / "x_api_v2_tweepy/test_client_get_list_tweets__00.json")
    assert len(tweets) == 97


def test_tweets_from_v2_page_is_pure_and_tolerant(fixtures, caplog):
    page = json.loads((fixtures / "x_api_v2_twarc/cashtags.jsonl").read_text(encoding="utf-8"))
    (t,) = tweets_from_v2_page(page, source="x-search")
    assert t.source == "x-search" and t.author_handle == "Trading22971312"
    one = {"data": {"id": "1611077073803841538", "text": "hi $btc"}}  # a lookup: data is one object
    (t,) = tweets_from_v2_page(one)
    assert t.cashtags == ["BTC"] and t.created_at.replace(microsecond=0) == utc(2023, 1, 5, 19, 8, 1)
    bad = {"data": [{"text": "no id"}, {"id": "1611077073803841538", "text": "ok", "created_at": "nope"},
                    {"id": "1611077073803841539", "text": "fine"}]}
    with caplog.at_level(logging.WARNING):
        assert [t.id for t in tweets_from_v2_page(bad)] == ["1611077073803841539"]
    assert len([r for r in caplog.records if "skipped" in r.message]) == 2


# -- X API v1.1 ---------------------------------------------------------------------------
def test_v1_search_and_timeline(fixtures):
    tweets, skips = parse("x-v1", fixtures / "x_api_v1_1_tweepy/testsearchtweets__00.json")
    assert skips == [] and len(tweets) == 15
    rt = tweets[0]
    assert (rt.id, rt.author_handle, rt.author_followers) == ("1149825924029980674", "tweepy_pie", 176)
    assert rt.is_retweet and rt.retweeted_id == "1149803446704443392"
    assert rt.created_at == utc(2019, 7, 12, 23, 40, 37) and rt.text.startswith("RT @KassidyCook1: ")
    timeline, _ = parse("x-v1", fixtures / "x_api_v1_1_tweepy/testusertimeline__00.json")
    assert [t.author_handle for t in timeline] == ["TweepyDev"] * 4
    assert timeline[0].id == "1149914662164684800"


# -- twscrape / snscrape ------------------------------------------------------------------
def test_twscrape_search_timeline(fixtures):
    tweets, skips = parse("twscrape", fixtures / "twscrape_jsonl/search_timeline.jsonl")
    assert skips == [] and len(tweets) == 25
    t = tweets[0]
    assert (t.id, t.author_handle, t.author_name) == ("2074976613713031490", "piloly", "Roland Pircher")
    assert (t.like_count, t.view_count, t.retweet_count, t.author_followers) == (312, 25900, 21, 29524)
    assert t.created_at == utc(2026, 7, 8, 21, 59, 10) and t.lang == "en"


def test_twscrape_list_timeline_references(fixtures):
    tweets, _ = parse("twscrape", fixtures / "twscrape_jsonl/list_timeline.jsonl")
    assert len(tweets) == 115
    assert sum(t.is_retweet for t in tweets) == 66 and sum(t.is_reply for t in tweets) == 4
    rt = tweets[0]
    assert rt.retweeted_id == "2085462156196094058" and rt.text.startswith("RT @FideliusSchmid: ")
    assert rt.mentions == ["FideliusSchmid"]
    assert any(t.urls == ["https://poly.market/2yrPsCg"] for t in tweets)


def test_tweet_from_twscrape_accepts_live_dicts(fixtures):
    """The live collector passes ``Tweet.dict()``: datetimes and int ids, not JSON strings."""
    line = (fixtures / "twscrape_jsonl/search_timeline.jsonl").read_text(encoding="utf-8").splitlines()[0]
    obj = json.loads(line)
    obj["date"] = datetime.fromisoformat(obj["date"])
    obj.pop("id_str")
    t = tweet_from_twscrape(obj, source="twscrape-search")
    assert t.id == "2074976613713031490" and t.created_at == utc(2026, 7, 8, 21, 59, 10)
    assert t.source == "twscrape-search" and json.loads(t.raw)["date"].startswith("2026-07-08")


def test_snscrape_legacy_cashtags_from_text(fixtures):
    tweets, skips = parse("snscrape", fixtures / "snscrape_jsonl/snscrape_gme_first60.jsonl")
    assert skips == [] and len(tweets) == 60
    assert all("GME" in t.cashtags for t in tweets)  # no cashtags field: found in the text
    t = tweets[0]
    assert (t.id, t.author_handle, t.like_count, t.reply_count) == ("1368613752615092227", "TradersColony", 1, 1)
    assert t.urls == ["http://discord.gg/D98ngaRdgC"] and "wallstreetbets" in t.hashtags
    assert next(t for t in tweets if t.is_quote).quoted_id == "1367868901481189377"


# -- X archive ----------------------------------------------------------------------------
def test_archive_strict_json(fixtures):
    tweets, skips = parse("x-archive", fixtures / "x_archive/tweets.first50.js")
    assert skips == [] and len(tweets) == 50
    t = tweets[0]
    assert (t.id, t.like_count, t.retweet_count) == ("1582825767519809536", 1, 0)  # counts were strings
    assert t.created_at == utc(2022, 10, 19, 20, 7, 25) and t.is_reply
    assert t.mentions == ["sharon000", "lorenzwalthert", "krlmlr"]
    assert t.author_handle == "" and t.url == "https://x.com/i/status/1582825767519809536"
    assert sum(t.is_retweet for t in tweets) == 9


def test_archive_javascript_literal(fixtures):
    tweets, skips = parse("x-archive", fixtures / "x_archive/community_archive_mock_tweets.js")
    assert skips == [] and len(tweets) == 7
    assert (tweets[1].id, tweets[1].like_count) == ("1627019761950375936", 3)
    assert tweets[0].created_at == utc(2023, 2, 18, 19, 45, 15)
    assert tweets[0].text.startswith("Another lesson is: there's a lot of trash")


def test_archive_handle_from_sibling_account_js(fixtures, tmp_path):
    shutil.copy(fixtures / "x_archive/tweets.first50.js", tmp_path / "tweets.js")
    (tmp_path / "account.js").write_text(
        "window.YTD.account.part0 = [{account: {username: 'someone', accountId: '42', "
        "accountDisplayName: 'Some One',},},]", encoding="utf-8")
    tweets, _ = parse("x-archive", tmp_path / "tweets.js")
    assert {(t.author_handle, t.author_id, t.author_name) for t in tweets} == {("someone", "42", "Some One")}


def test_js_to_json_handles_literal_syntax():
    js = """[{ a: 'it\\'s "q"', // comment
      'b': [1, 2,], c: undefined, /* block */ d: "x\\x41", e: true, },]"""
    assert json.loads(js_to_json(js)) == [{"a": 'it\'s "q"', "b": [1, 2], "c": None, "d": "xA", "e": True}]


# -- CSV and x-kit ------------------------------------------------------------------------
def test_csv_twitter_style_export(fixtures):
    tweets, skips = parse("csv", fixtures / "csv/crypto_tweets.csv")
    assert skips == [] and len(tweets) == 19  # Tweet_count is a row counter, not an id
    assert all(t.id.startswith("csv:") for t in tweets) and len({t.id for t in tweets}) == 19
    t = tweets[3]
    assert t.author_name == "Crypto King👑💎.eth.sol" and t.author_handle == ""  # a display name
    assert (t.like_count, t.retweet_count) == (160, 38)
    assert tweets[0].created_at == utc(2025, 3, 3, 16, 51, 6)
    assert next(t for t in tweets if t.author_handle == "0xNobler").cashtags == ["XRP"]
    again, _ = parse("csv", fixtures / "csv/crypto_tweets.csv")
    assert [t.id for t in again] == [t.id for t in tweets]  # stable derived ids


def test_xkit_chinese_timeline(fixtures):
    tweets, skips = parse("xkit", fixtures / "zh_timelines/derycknth.json")
    assert skips == [] and len(tweets) == 32
    assert {t.author_handle for t in tweets} == {"DeRyckNth"} and tweets[0].author_id == "2371940023"
    rt = tweets[0]
    assert rt.is_retweet and rt.cashtags == ["META"] and rt.mentions == ["WhaleInsider"]  # not "$10"
    zh = next(t for t in tweets if t.id == "2065612289558868122")
    assert zh.lang == "zh" and not zh.is_retweet and zh.view_count == 139  # views was a string
    assert zh.created_at == utc(2026, 6, 13, 1, 48, 41) and "全网下架" in zh.text
    assert sum(t.lang == "zh" for t in tweets) == 26
    (first, *_), _ = parse("xkit", fixtures / "zh_timelines/heichenya.json")
    assert first.view_count == 66 and first.lang == "zh"

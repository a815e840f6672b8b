"""Words agree with the numbers beside them (issue 9): superlatives name the actual largest (ties
as ties), sentiment labels are recomputable from the printed shares, 风险提示 needs a real story."""

from __future__ import annotations

import re

from helpers import hostile_analysis, tweet
from tweetbrief.analysis.model import Change, Sentiment, TickerStat, Trend
from tweetbrief.analysis.sentiment import label_for
from tweetbrief.writers import get_writer


def _trend(label: str, ids: list[str], size: int, authors: int, sentiment: Sentiment | None = None) -> Trend:
    s = sentiment or Sentiment(neutral=size)
    s.label = label_for(s)
    return Trend(label=label, keywords=[label.lower()], tweet_ids=ids, size=size, authors=authors, engagement=size,
                 first_seen=tweet(1, "x").created_at, subject=label, sentiment=s, change=Change("steady", size, size))


def _analysis(*trends: Trend):
    a = hostile_analysis()
    for i in range(1, 30):
        t = tweet(10 + i, f"Story tweet number {i} about Claude agents and GPUs", f"user{i % 6}")
        a.tweets[t.id] = t
    a.trends = list(trends)
    return a


def _ids(start: int, n: int) -> list[str]:
    return [str(1010 + i) for i in range(start, start + n)]


def test_largest_story_is_the_one_with_most_tweets_not_the_first_ranked():
    a = _analysis(_trend("Alpha", _ids(1, 3), 3, 3), _trend("Beta", _ids(4, 9), 9, 5),
                  _trend("Gamma", _ids(13, 5), 5, 4))
    report = get_writer("offline").write(a, {})
    focus = report.conclusions[0].text
    assert focus.startswith("“Beta") and "9 条推文" in focus
    ai = report.ai_analysis[0].text
    assert ai.index("Beta") < ai.index("Gamma") < ai.index("Alpha")  # listed by size, as it says


def test_a_tie_for_largest_is_reported_as_a_tie():
    a = _analysis(_trend("Alpha", _ids(1, 4), 4, 3), _trend("Beta", _ids(5, 4), 4, 3))
    report = get_writer("offline").write(a, {})
    assert all(word in report.conclusions[0].text for word in ("并列", "Alpha", "Beta"))
    en = get_writer("offline").write(a, {"language": "en"})
    assert "ties with" in en.conclusions[0].text


def _printed(text: str) -> Sentiment:
    """Rebuild a Sentiment from the shares a zh report prints next to a label."""
    pos, neg, neu = (int(x) for x in re.search(r"正面 (\d+)%、负面 (\d+)%、中性 (\d+)%", text).groups())
    worried = re.search(r"含担忧词 (\d+)%", text)
    return Sentiment(positive=pos, negative=neg, neutral=neu, worried=int(worried.group(1)) if worried else 0)


def test_every_sentiment_label_is_recomputable_from_the_printed_shares():
    cases = [Sentiment(neutral=4, worried=4), Sentiment(positive=2, neutral=2, worried=1),
             Sentiment(positive=3, negative=1), Sentiment(negative=3, neutral=1), Sentiment(neutral=5)]
    for s in cases:
        s.label = label_for(s)
    a = hostile_analysis()
    a.tickers = [TickerStat(symbol=f"T{k}", kind="stock", name=f"T{k}", mentions=s.total, tweet_ids=["1003"],
                            sentiment=s) for k, s in enumerate(cases)]
    a.sentiment = cases[1]
    report = get_writer("offline").write(a, {})
    for bullet, s in zip(report.markets, cases):
        label = re.search(r"情绪(\S+?)（", bullet.text).group(1)
        assert label == s.label == label_for(_printed(bullet.text)), bullet.text
    # 谨慎 at 100% neutral says why
    assert "谨慎" in report.markets[0].text and "含担忧词 100%" in report.markets[0].text
    assert report.mood.label == label_for(_printed(report.mood.detail))


def test_mood_names_the_stories_behind_each_side():
    up = _trend("Alpha", _ids(1, 6), 6, 4, Sentiment(positive=5, neutral=1))
    down = _trend("Beta", _ids(7, 6), 6, 4, Sentiment(positive=1, negative=2, neutral=3, worried=4))
    a = _analysis(up, down)
    a.sentiment = Sentiment(positive=6, negative=2, neutral=4, worried=4)
    a.sentiment.label = label_for(a.sentiment)
    report = get_writer("offline").write(a, {})
    assert report.mood.label == "兴奋+警觉"
    assert "积极一面主要来自“Alpha" in report.mood.detail and "（正面 5 条）" in report.mood.detail
    assert "警觉一面主要来自“Beta" in report.mood.detail and "（负面或含担忧词 4 条）" in report.mood.detail
    assert {up.tweet_ids[0], down.tweet_ids[0]} <= set(report.mood.cites)


def test_risk_warning_needs_a_real_story_that_leans_negative():
    small = _trend("Soup", _ids(1, 4), 4, 2, Sentiment(negative=4))
    report = get_writer("offline").write(_analysis(small), {})
    assert not any(b.title == "风险提示" for b in report.conclusions)
    real = _trend("Outage", _ids(1, 6), 6, 4, Sentiment(positive=1, negative=4, neutral=1))
    real.sentiment.score = -0.4
    report = get_writer("offline").write(_analysis(real), {})
    risk = next(b for b in report.conclusions if b.title == "风险提示")
    assert "6 条推文、4 位作者" in risk.text and "负面 67%" in risk.text


def test_viewpoint_impact_is_one_computed_sentence_with_its_claim_cited():
    a = _analysis(_trend("Beta", _ids(4, 9), 9, 5))
    a.trends[0].change = Change("rising", 2, 9)
    vp = get_writer("offline").write(a, {}).viewpoints[0]
    assert vp.impact.startswith("讨论升温（上期 2 条 → 本期 9 条），5 位作者参与")
    assert "主要观点：" in vp.impact and "%" not in vp.impact
    claim = vp.impact.split("主要观点：")[1]
    assert any(claim.startswith(a.tweets[i].text[:10]) for i in vp.cites)


def test_most_mentioned_ticker_is_the_actual_maximum():
    a = hostile_analysis()
    a.tickers = [TickerStat(symbol="AAA", kind="stock", name="AAA", mentions=2, tweet_ids=["1003"]),
                 TickerStat(symbol="BBB", kind="stock", name="BBB", mentions=2, tweet_ids=["1001"])]
    market = next(b for b in get_writer("offline").write(a, {}).conclusions if b.title == "市场视角")
    assert "并列" in market.text and "AAA" in market.text and "BBB" in market.text


def test_most_engaging_tweet_is_the_actual_maximum_even_when_it_says_little():
    a = hostile_analysis()
    a.has_metrics = True
    loud = tweet(8, "https://t.co/abc", "loud", like_count=10_000)  # nothing to compress, still the most engaged
    a.tweets[loud.id] = loud
    a.ranked = [*a.ranked, loud.id]
    a.engagement = {i: t.engagement for i, t in a.tweets.items()}
    top = next(b for b in get_writer("offline").write(a, {}).ai_analysis if b.title == "互动最多的推文")
    assert top.cites == [loud.id] and "互动 10,000 次" in top.text

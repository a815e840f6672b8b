"""The offline writer: never pads, cites what it says, dates come from the data."""

from __future__ import annotations

from datetime import UTC, date, datetime

from helpers import hostile_analysis
from tweetbrief.analysis.model import Analysis, Period, Sentiment, Stats
from tweetbrief.render.markdown import render_post
from tweetbrief.writers import get_writer


def _empty() -> Analysis:
    return Analysis(topic_name="ai", topic_title="Ai", period=Period(date(2026, 1, 27), date(2026, 1, 27)),
                    stats=Stats(in_range=4), tweets={}, ranked=[], trends=[], sentiment=Sentiment(),
                    tickers=[], events=[], word_freqs={})


def test_items_match_the_data_and_cite_known_tweets():
    analysis = hostile_analysis()
    report = get_writer("offline").write(analysis, {})
    assert len(report.trends) == len(analysis.trends) == 2  # never padded to 10
    assert len(report.core_facts) == 2  # one per story; 1002 belongs to the first story
    for group in (report.trends, report.core_facts, report.viewpoints, report.events):
        for item in group:
            assert item.cites and set(item.cites) <= set(analysis.tweets)
    assert report.cited_ids() <= set(report.sources)
    assert report.sources["1001"].url == "https://x.com/alice/status/1001"


def test_event_dates_come_from_tweet_timestamps_inside_the_period():
    analysis = hostile_analysis()
    late = datetime(2026, 1, 29, 3, tzinfo=UTC)  # outside the period
    analysis.events.append(type(analysis.events[0])(when=late, kind="launch", summary="later", tweet_ids=["1002"]))
    report = get_writer("offline").write(analysis, {})
    assert [e.date for e in report.events] == [date(2026, 1, 27)]


def test_numbers_are_computed():
    analysis = hostile_analysis()
    report = get_writer("offline").write(analysis, {})
    assert "2 条推文、2 位作者" in report.trends[0].detail
    assert "上期 1 条 → 本期 3 条" in report.trends[1].detail
    assert "共收录 5 条推文" in report.overview


def test_empty_period_says_so_everywhere():
    report = get_writer("offline").write(_empty(), {"now": datetime(2026, 1, 27, 14, tzinfo=UTC)})
    assert not report.trends and not report.core_facts and not report.events
    report.images["wordcloud"] = "w.jpg"
    post = render_post(report)
    assert "没有与主题相关的内容" in post
    assert "本期无相关个股或数字货币讨论" in post
    assert "本期推文中未发现可确认日期的事件" in post
    assert 'date: "2026-01-27 22:00:00 +0800"' in post


def test_english_report_has_the_same_shape():
    zh = get_writer("offline").write(hostile_analysis(), {})
    en = get_writer("offline").write(hostile_analysis(), {"language": "en"})
    for report in (zh, en):
        report.images["wordcloud"] = "w.jpg"
    zh_post, en_post = render_post(zh), render_post(en)
    assert "Twitter Ai Report (2026-01-27 to 2026-01-27)" in en_post
    assert "| Viewpoint | Summary | Industry impact |" in en_post
    assert "## Word cloud" in en_post
    assert "（来源：" not in en_post and "(sources: [@alice]" in en_post
    assert [len(g) for g in (zh.trends, zh.core_facts, zh.viewpoints, zh.events, zh.markets)] == \
        [len(g) for g in (en.trends, en.core_facts, en.viewpoints, en.events, en.markets)]
    assert zh_post.count("\n#") == en_post.count("\n#")
    assert zh_post.count("\n|") == en_post.count("\n|")


def test_unknown_language_is_a_one_line_error():
    import pytest

    from tweetbrief.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown report language 'fr'"):
        get_writer("offline").write(hostile_analysis(), {"language": "fr"})


def test_overview_names_the_leading_stories_subjects_once_each():
    a = hostile_analysis()
    for t in a.trends:
        t.subject = "Claude Fable 5"  # two stories of one product (a launch and a policy change)
    report = get_writer("offline").write(a, {})
    opening = report.overview.split("讨论主要围绕", 1)[1]
    assert opening.startswith(" Claude Fable 5 展开")  # the subject, once; not two headlines


def test_a_storys_quoted_points_name_its_subject():
    """Tweets joined to a story by wording alone are not quoted as the story: the key point and the
    second view are tweets naming the subject, and no second view is better than an unrelated one."""
    a = hostile_analysis()
    t = a.trends[0]
    t.subject = "framework"  # only @alice's tweet names it; @bob_x's is in the story by wording
    item = get_writer("offline").write(a, {}).trends[0]
    assert "@alice" in item.detail and "bob" not in item.detail
    t.subject = "agent"  # both name it: the second author's view is quoted too
    item = get_writer("offline").write(a, {}).trends[0]
    assert "bob" in item.detail

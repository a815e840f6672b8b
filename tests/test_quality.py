"""Analysed content reads like a careful analyst's: coherent, named trends; stated, merged,
dated events; honest counts; no invented words. On the bundled demo and on the real bench."""

from __future__ import annotations

import gzip
import re
from datetime import date

import orjson
import pytest
from helpers import demo_analysis

from tweetbrief.analysis import Period, analyse
from tweetbrief.analysis.markets import matcher
from tweetbrief.analysis.text import stopwords
from tweetbrief.config import load_topic
from tweetbrief.render.markdown import render_post
from tweetbrief.writers import get_writer

DEMO_DAY = Period(date(2026, 1, 27), date(2026, 1, 27), "Asia/Shanghai")
LAUNCH_FAMILY = {"launch", "release", "open-source"}


@pytest.fixture(scope="module")
def demo():
    return demo_analysis(DEMO_DAY)


def texts_of(a, ids) -> str:
    return " ".join(a.clean_text.get(i, a.tweets[i].text) for i in ids)


def norm(s: str) -> str:
    return " ".join(s.split()).lower()


# --- events ----------------------------------------------------------------------------------


def test_the_polaris_launch_is_one_event_citing_every_report(demo):
    polaris = [e for e in demo.events if "polaris-k2.5" in texts_of(demo, e.tweet_ids).lower()]
    assert len(polaris) == 1, [e.summary for e in polaris]
    event = polaris[0]
    assert event.kind in LAUNCH_FAMILY and len(event.tweet_ids) >= 3
    texts = texts_of(demo, event.tweet_ids)
    assert "Introducing Polaris-K2.5" in texts and "正式发布并开源" in texts  # both languages merged
    assert "Polaris-K2.5" in event.summary  # the summary names what launched
    first = min(demo.tweets[i].created_at for i in event.tweet_ids)
    assert event.when == first and DEMO_DAY.contains(event.when)  # dated by its earliest report


def test_metrics_and_commentary_posts_are_not_events(demo):
    cited = texts_of(demo, [i for e in demo.events for i in e.tweet_ids])
    for not_an_event in ("Zero-human company experiment", "Update: H100 marketplace rate", "上线首日",
                         "两天内接连发布", "hit #1 on Hugging Face trending"):
        assert not_an_event not in cited
    assert not any(e.summary.startswith("48 hours of") for e in demo.events)


def test_same_news_across_languages_merges_and_old_news_is_dropped(demo):
    rubric = [e for e in demo.events if "RubricBench-DR" in e.summary and "OpenReport-8B" not in e.summary]
    assert len(rubric) == 1 and len(rubric[0].tweet_ids) >= 2
    inboxly = [e for e in demo.events if e.kind == "funding" and "Inboxly" in texts_of(demo, e.tweet_ids)]
    assert len(inboxly) == 1 and len(inboxly[0].tweet_ids) >= 2
    # the Kinetix round was announced on 01-26 (previous period): not an event of 01-27
    assert not any("Kinetix" in e.summary for e in demo.events)
    assert all(DEMO_DAY.contains(e.when) for e in demo.events)


# --- trends ----------------------------------------------------------------------------------


def test_trend_labels_are_named_extractive_and_clean(demo):
    labels = [t.label for t in demo.trends]
    assert len(labels) >= 5
    assert not any(" / " in lb for lb in labels)  # stories, not keyword triples
    assert not any("Jekyll" in lb or lb.split("：")[0] == "report" for lb in labels)
    parts = [p for lb in labels for p in lb.split("：")]
    for name in ("Polaris-K2.5", "Claude Code", "Hermitbot", "Flicker-2"):  # each named as written (maker：product)
        assert any(p.split()[0] == name.split()[0] and p.startswith(name) for p in parts), (name, labels)
    for t in demo.trends:
        blob = norm(texts_of(demo, t.tweet_ids))
        for part in t.label.split("："):
            assert norm(part) in blob, (t.label, part)  # every label phrase is written in its tweets
    polaris = next(t for t in demo.trends if "Polaris-K2.5" in t.label.split("："))
    assert all("polaris" in texts_of(demo, [i]).lower() or "北极星" in texts_of(demo, [i]) for i in polaris.tweet_ids)


def test_trend_counts_are_consistent(demo):
    for t in demo.trends:
        assert t.size == len(t.tweet_ids) and 2 <= t.authors <= t.size
        assert t.folded == sum(demo.copies[i] for i in t.tweet_ids) - t.size
        assert t.sentiment.total == t.size
    report = get_writer("offline").write(demo, {})
    for item in report.trends:
        size, authors = map(int, re.match(r"(\d+) 条推文、(\d+) 位作者", item.detail).groups())
        assert authors <= size


def test_viewpoint_impact_is_computed_and_informative(demo):
    report = get_writer("offline").write(demo, {})
    for vp, trend in zip(report.viewpoints, demo.trends):
        # one sentence (issue 9): direction with the counts, who is talking, the main claim
        c = trend.change
        assert f"上期 {c.previous} 条 → 本期 {c.current} 条" in vp.impact
        assert f"{trend.authors} 位作者参与" in vp.impact
        assert ("主要观点：" in vp.impact or "主要担忧：" in vp.impact) and len(vp.impact) <= 200
    gpu = next(vp for vp in report.viewpoints if "GPU" in vp.title or "NVDA" in vp.title)
    assert "NVDA" in gpu.impact  # the tickers its tweets mention


def test_no_engagement_claims_without_metrics(demo):
    demo.has_metrics = False
    try:
        for language in ("zh", "en"):
            report = get_writer("offline").write(demo, {"language": language})
            report.images["wordcloud"] = "w.jpg"
            post = render_post(report)
            assert "互动" not in post and "interactions" not in post
    finally:
        demo.has_metrics = True
    report = get_writer("offline").write(demo, {})
    assert any("互动" in t.detail for t in report.trends)  # with metrics it is reported


# --- markets ---------------------------------------------------------------------------------


def test_ticker_names_in_other_senses_are_not_tickers():
    m = matcher()
    assert m.symbols("一只南美洲亚马逊河流热带雨林中的蝴蝶", []) == set()
    assert m.symbols("crucial intel from the ecosystem, oracle-based liquidations, just google it", []) == set()
    assert m.symbols("I love the Big Apple", []) == set()
    assert m.symbols("Intel 和 Oracle 都在 Google Cloud 上", []) == set()  # no market context (issue 9)
    assert m.symbols("Intel 和 Oracle 股价大涨，Google 财报超预期", []) == {"INTC", "ORCL", "GOOGL"}
    assert m.symbols("watching $NVIDIA $Apple $GOOG", []) == {"NVDA", "AAPL", "GOOGL"}


def test_demo_markets_cite_each_tweet_once(demo):
    report = get_writer("offline").write(demo, {})
    for bullet in report.markets:
        assert len(bullet.cites) == len(set(bullet.cites))


# --- the real bench ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bench(shared):
    from test_analysis_real import BENCH, tweets_from_page

    out = []
    with gzip.open(shared / BENCH) as fh:
        for line in fh:
            out.extend(tweets_from_page(orjson.loads(line)))
    return out


@pytest.mark.parametrize("start,end", [("2026-03-10", "2026-03-10"), ("2026-03-04", "2026-03-10")])
def test_bench_events_lie_in_the_period_and_labels_are_clean(bench, start, end):
    period = Period(date.fromisoformat(start), date.fromisoformat(end), "Asia/Shanghai")
    a = analyse(bench, load_topic("ai"), period, previous=bench)
    assert a.events and not a.has_metrics
    for e in a.events:
        assert period.contains(e.when) and e.tweet_ids
        assert all(period.contains(a.tweets[i].created_at) for i in e.tweet_ids)
        assert not re.search(r"last week|上周|昨天", e.summary)
    stop = stopwords()
    for t in a.trends:
        assert t.authors <= t.size
        for part in t.label.split(" / "):
            assert part.lower() not in stop and not all(w.lower() in stop for w in part.split())
    report = get_writer("offline").write(a, {})
    report.images["wordcloud"] = "w.jpg"
    # no metrics in the bench (a quoted tweet may say 互动)
    assert not re.search(r"互动 [\d,]+ 次", render_post(report))


def test_bench_week_merges_the_gpt_5_4_release(bench):
    period = Period(date(2026, 3, 4), date(2026, 3, 10), "Asia/Shanghai")
    a = analyse(bench, load_topic("ai"), period, previous=bench)
    gpt54 = [e for e in a.events if "GPT-5.4" in e.summary and e.kind in LAUNCH_FAMILY]
    assert len(gpt54) == 1 and len(gpt54[0].tweet_ids) >= 2
    assert not any(e.kind == "funding" and "evaluation" in e.summary for e in a.events)


def test_one_trend_per_leading_name_across_languages(demo):
    """The Polaris-K2.5 launch was discussed in zh and en clusters: the report shows one trend."""
    named = [t for t in demo.trends if "Polaris-K2.5" in (t.subject, t.object)]  # the story, or its maker's
    assert len(named) == 1
    polaris = named[0]
    langs = {demo.tweets[i].lang for i in polaris.tweet_ids}
    assert {"zh", "en"} <= langs
    assert polaris.authors <= polaris.size == len(polaris.tweet_ids)
    ranks = [demo.ranked.index(i) for i in polaris.tweet_ids]
    assert ranks == sorted(ranks)  # members stay in rank order after the merge

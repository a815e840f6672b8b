"""Relevance expansion (analysis/expansion.py): period-local learned names bring back tweets
that name this period's product but no AI keyword, never past the noise rules."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from importlib import resources

import pytest

from tweetbrief.analysis.base import Context, get_stage
from tweetbrief.analysis.model import Period
from tweetbrief.config import load_topic
from tweetbrief.sources.formats.x_v2 import tweets_from_v2_page

DAY = Period(date(2026, 1, 27), date(2026, 1, 27))
# Hermitbot security tweets of the demo that name no AI keyword (dropped before the expansion)
SECURITY = {
    "2015973143347899519",  # shodan_sleuth: ~900 Hermitbot gateways exposed, no auth
    "2015990847502772308",  # secops_wen: 约 900 个 Hermitbot 实例没开认证
    "2015998820875490208",  # infosec_feed_cn: the same, reworded
    "2016060049324300469",  # skill_auditor: dashboard XSS, fixed in 0.9.2
    "2016121554598040870",  # dev_laomao: upgraded to 0.9.2
    "2016014574679398008",  # zhang_devops: check the gateway bind address
    "2015861914600282063",  # skill_auditor: audited 120 community skills
}


@pytest.fixture(scope="module")
def demo_day():
    path = resources.files("tweetbrief") / "data" / "demo" / "ai_demo.v2pages.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    tweets = [t for line in lines for t in tweets_from_v2_page(json.loads(line))]
    return [t for t in tweets if DAY.start_utc <= t.created_at < DAY.end_utc]


def _relevant(tweets, previous=(), partial=False):
    ctx = Context(topic=load_topic("ai"), period=DAY, tweets=list(tweets), previous=list(previous))
    if partial:  # the pipeline's chunk mode: first pass only, the expansion is left on ctx
        ctx.partial = True
    get_stage("normalise", "basic").run(ctx)
    get_stage("relevance", "keywords").run(ctx)
    return ctx


def test_first_pass_drops_the_security_tweets(demo_day):
    kept = {t.id for t in _relevant(demo_day, partial=True).relevant}
    assert {t.id for t in demo_day} >= SECURITY
    assert not SECURITY & kept


def test_expansion_admits_them_but_not_a_giveaway_or_sports_tweet(demo_day):
    src = next(t for t in demo_day if t.id == "2015973143347899519")
    giveaway = replace(src, id="9000000000000000001", author_handle="promo_bot",
                       text="Hermitbot stickers GIVEAWAY! RT & follow to win a free sticker pack")
    sports = replace(src, id="9000000000000000002", author_handle="fan_zone",
                     text="Our Hermitbot fantasy league bot picked the Lakers and the Celtics for the NBA playoffs")
    ctx = _relevant([*demo_day, giveaway, sports])
    kept = {t.id for t in ctx.relevant}
    assert kept >= SECURITY
    assert giveaway.id not in kept and sports.id not in kept
    assert all(ctx.relevance[i] >= 0 for i in SECURITY)


def test_expansion_is_period_local(demo_day):
    # learned from the demo day only; the previous period (here: no product chatter) learns nothing
    lone = next(t for t in demo_day if t.id == "2015973143347899519")
    ctx = _relevant(demo_day, previous=[lone])
    assert lone.id in {t.id for t in ctx.relevant}
    assert lone.id not in {t.id for t in ctx.prev_relevant}
    # and a later call on that tweet alone keeps nothing: no state carries over between calls
    assert _relevant([lone]).relevant == []


def test_pipeline_chunks_expand_like_one_pass(demo_day, monkeypatch):
    from tweetbrief.analysis import pipeline

    one = pipeline.analyse(demo_day, load_topic("ai"), DAY)
    monkeypatch.setattr(pipeline, "CHUNK", 50)  # several chunks, merged counters
    many = pipeline.analyse(iter(sorted(demo_day, key=lambda t: (t.created_at, t.id))), load_topic("ai"), DAY)
    assert one.stats.relevant == len(_relevant(demo_day).relevant)  # one chunk: exact
    assert one.stats.relevant >= many.stats.relevant >= one.stats.relevant - 10


def test_pool_is_capped_keeping_tweets_that_name_the_most_seen_terms(monkeypatch):
    from collections import Counter

    from tweetbrief.analysis import expansion as exp_mod

    monkeypatch.setattr(exp_mod, "MAX_POOL", 3)
    a, b = exp_mod.Expansion(matcher=None), exp_mod.Expansion(matcher=None)
    a.rel = Counter({"hermitbot": 9, "rarename": 1})
    a.pool = [(f"t{i}", "", "en", frozenset({"rarename"})) for i in range(3)]
    b.pool = [(f"h{i}", "", "en", frozenset({"hermitbot"})) for i in range(2)]
    a.merge(b)
    assert len(a.pool) == 3
    assert [p[0] for p in a.pool] == ["h0", "h1", "t0"]  # most-seen term first, then stream order

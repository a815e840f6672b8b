"""The analysis Context declares every channel; skipped stages leave a documented neutral state;
the screen gives the same result however it is fed (list or stream, one process or forked workers)."""

from __future__ import annotations

import ast
import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from tweetbrief.analysis import pipeline
from tweetbrief.analysis.base import ORDER, Stage, get_stage
from tweetbrief.analysis.context import TREND_OUTPUTS, Context
from tweetbrief.analysis.model import Period, Sentiment
from tweetbrief.analysis.noop import NEUTRAL
from tweetbrief.config import load_topic
from tweetbrief.sources.formats.x_v2 import tweets_from_v2_page

from helpers import DEMO_DATA

ANALYSIS = Path(__file__).resolve().parents[1] / "src" / "tweetbrief" / "analysis"
WEEK = Period(date(2026, 1, 21), date(2026, 1, 27))


@pytest.fixture(scope="module")
def demo():
    lines = DEMO_DATA.read_text(encoding="utf-8").splitlines()
    tweets = [t for line in lines for t in tweets_from_v2_page(json.loads(line))]
    tweets.sort(key=lambda t: (t.created_at, t.id))
    prev = WEEK.previous()
    return ([t for t in tweets if WEEK.start_utc <= t.created_at < WEEK.end_utc],
            [t for t in tweets if prev.start_utc <= t.created_at < prev.end_utc])


def _topic(**stages):
    topic = load_topic("ai")
    return topic.model_copy(update={"stages": {**topic.stages, **stages}})


def _digest(a) -> tuple:
    return (repr(a.stats), a.ranked, sorted(a.scores.items()), sorted(a.clean_text.items()),
            [repr(t) for t in a.trends], [repr(t) for t in a.weak_signals], [repr(t) for t in a.tickers],
            [repr(e) for e in a.events], sorted(a.word_freqs.items()), repr(a.sentiment), sorted(a.copies.items()))


def test_context_refuses_an_undeclared_channel():
    ctx = Context(topic=load_topic("ai"), period=WEEK, tweets=[], previous=[])
    with pytest.raises(AttributeError):
        ctx.expansion_next = None  # type: ignore[attr-defined]
    ctx.partial = True  # the declared ones are plain fields
    assert ctx.expansion_current is None and ctx.expansion_previous is None


def test_every_stage_writes_only_declared_fields(demo):
    """A full run over the demo week (with its previous week): with ``slots`` any undeclared write
    would raise, so passing means every channel the default stages use is declared."""
    tweets, previous = demo
    a = pipeline.analyse(tweets, load_topic("ai"), WEEK, previous=previous)
    assert a.stats.relevant > 0 and a.trends and a.ranked


def test_no_stage_module_reaches_for_undeclared_attributes():
    """No getattr/setattr on a context anywhere in the analysis package (the old side channels)."""
    for path in sorted(ANALYSIS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            if isinstance(node, ast.Call) and isinstance(func, ast.Name) and func.id in ("getattr", "setattr"):
                first = node.args[0] if node.args else None
                name = first.id if isinstance(first, ast.Name) else ""
                assert name not in ("ctx", "sub"), f"{path.name}:{node.lineno} {func.id}({name}, ...)"


def test_relevance_and_expansion_do_not_import_each_other():
    def imports(name: str) -> set[str]:
        tree = ast.parse((ANALYSIS / f"{name}.py").read_text(encoding="utf-8"))
        return {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}

    assert "tweetbrief.analysis.relevance" not in imports("expansion")
    assert "tweetbrief.analysis.expansion" in imports("relevance")  # one way only


class _Recorder(Stage):
    """Wraps a trends stage and records which Context fields it rebinds."""

    def __init__(self, inner: Stage):
        self.inner, self.rebound = inner, set()

    def run(self, ctx: Context) -> None:
        before = {f.name: getattr(ctx, f.name) for f in dataclasses.fields(ctx)}
        self.inner.run(ctx)
        self.rebound |= {n for n, v in before.items() if getattr(ctx, n) is not v}


@pytest.mark.parametrize("name", ["stories", "tfidf"])
def test_trend_sample_takes_back_exactly_what_a_trends_stage_writes(demo, monkeypatch, name):
    tweets, previous = demo
    rec = _Recorder(get_stage("trends", name))
    real = pipeline.get_stage
    monkeypatch.setattr(pipeline, "get_stage",
                        lambda kind, n, *a, **k: rec if kind == "trends" else real(kind, n, *a, **k))
    monkeypatch.setattr(pipeline, "TREND_SAMPLE", 40)  # the demo week has more unique tweets: sampled
    a = pipeline.analyse(tweets, load_topic("ai"), WEEK, previous=previous)
    assert a.stats.after_dedup > 40
    assert rec.rebound and rec.rebound <= set(TREND_OUTPUTS) | {"by_id_cache"}, rec.rebound
    assert a.trends and a.word_freqs  # taken back from the sample's context


def test_every_kind_has_a_neutral_state():
    assert set(NEUTRAL) == set(ORDER)


@pytest.mark.parametrize("kind", ORDER)
def test_skipping_a_kind_leaves_its_documented_neutral_state(demo, kind):
    tweets, previous = demo
    a = pipeline.analyse(tweets, _topic(**{kind: "none"}), WEEK, previous=previous)
    full = pipeline.analyse(tweets, load_topic("ai"), WEEK, previous=previous)
    st = a.stats
    if kind == "normalise":  # no cleaning: the stored text is the analysis text
        assert all(a.clean_text[i] == a.tweets[i].text for i in a.tweets)
        assert any(full.clean_text[i] != full.tweets[i].text for i in full.tweets)
    elif kind == "relevance":  # every tweet of the period relevant
        assert st.relevant == st.in_range == len(tweets) and st.previous_relevant == len(previous)
    elif kind == "dedup":  # every relevant tweet its own group
        assert st.after_dedup == st.relevant and set(a.copies.values()) == {1} and st.duplicates == 0
    elif kind == "rank":  # newest first, no scores
        times = [a.tweets[i].created_at for i in a.ranked]
        assert times == sorted(times, reverse=True) and not a.scores
    elif kind == "trends":  # no trends, but the word cloud is still there
        assert a.trends == [] and a.weak_signals == [] and a.word_freqs
    elif kind == "sentiment":
        assert a.sentiment == Sentiment() and not a.tweet_sentiment
    elif kind == "markets":
        assert a.tickers == [] and full.tickers
    elif kind == "events":
        assert a.events == [] and full.events
    if kind not in ("normalise", "relevance"):  # what the skipped stage does not touch stays
        assert st.relevant == full.stats.relevant


def test_screen_same_result_for_list_stream_and_workers(demo, monkeypatch):
    """Chunks of 50 tweets: serial, forked workers slicing the list, forked workers fed a stream."""
    tweets, previous = demo
    topic = load_topic("ai")
    monkeypatch.setattr(pipeline, "CHUNK", 50)
    monkeypatch.setenv("TWEETBRIEF_WORKERS", "1")
    serial = _digest(pipeline.analyse(tweets, topic, WEEK, previous=previous))
    monkeypatch.setenv("TWEETBRIEF_WORKERS", "2")
    assert _digest(pipeline.analyse(tweets, topic, WEEK, previous=previous)) == serial
    assert _digest(pipeline.analyse(iter(tweets), topic, WEEK, previous=iter(previous))) == serial

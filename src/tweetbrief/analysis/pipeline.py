"""``analyse``: run the configured stages over a period's tweets and build the ``Analysis``.

Stages run in ``base.ORDER``; ``topic.stages`` picks an implementation per kind (registry names,
``none`` skips). Between stages the pipeline fills neutral defaults so a skipped stage never
breaks a later one (no relevance -> every tweet relevant; no dedup -> each tweet its own group;
no rank -> newest first).

Scale (a whole-range report over a million stored tweets):

* **Streaming screen.** ``normalise`` and ``relevance`` work tweet by tweet, so they run on
  chunks of ``CHUNK`` tweets as the input streams in (``Store.iter_between``); only the relevant
  tweets (a quarter of a typical feed) are kept for the later stages. Every tweet is still
  counted (``Stats.in_range`` is exact), and memory holds the relevant tweets, not all of them.
* **Bounded trend sample.** Clustering more than ``TREND_SAMPLE`` deduplicated tweets adds no
  theme a sample would miss but costs linearly more (tokenising, TF-IDF, NMF): above it the
  trends stage sees a seeded uniform sample of the ranked tweets (rank order kept) and of the
  previous period's relevant tweets at the same rate; trend sizes, engagement, folded copies,
  authors (capped at the period's authors), change counts and word-cloud weights are scaled
  back by the sampling factor. Every other count (in range, relevant, unique, per day,
  languages, sentiment, tickers, events) covers all tweets.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import random
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import timedelta
from itertools import islice

# Importing the stage modules registers their stages.
from tweetbrief.analysis import (  # noqa: F401
    dedup, embed_trends, events, markets, normalise, rank, relevance, sentiment, stories, trends,
)
from tweetbrief.analysis.base import ORDER, Noop, Stage, get_stage
from tweetbrief.analysis.context import Context
from tweetbrief.analysis.expansion import Expansion
from tweetbrief.analysis.noop import skipped
from tweetbrief.analysis.model import Analysis, Change, Period
from tweetbrief.analysis.rank import has_metrics
from tweetbrief.analysis.text import detect_lang, norm_lang, workers
from tweetbrief.config import Topic
from tweetbrief.models import Tweet

CHUNK = 20_000  # tweets screened (normalise + relevance) at a time
SCREEN = ("normalise", "relevance")  # per-tweet stages: run chunk by chunk while streaming
TREND_SAMPLE = 20_000  # deduplicated tweets clustered at most (see the module doc)


def analyse(
    tweets: Iterable[Tweet],
    topic: Topic,
    period: Period,
    previous: Iterable[Tweet] | None = None,
) -> Analysis:
    """Tweets of ``period`` (others are ignored) and, optionally, of the previous period of equal
    length -> the ``Analysis`` writers consume. Every id the result mentions is in ``.tweets``.

    A list may hold repeated ids (the first is kept). Any other iterable is streamed and must
    yield each id once (``Store.iter_between`` does); the result is the same either way."""
    names = {k.strip().lower(): v for k, v in topic.stages.items()}
    for kind in names.keys() - set(ORDER):
        get_stage(kind, names[kind])  # raises ConfigError naming the valid kinds
    where = f"topics.{topic.name}.stage_options"  # each stage validates its own table (extra="forbid")
    stages = [(kind, get_stage(kind, names.get(kind), topic.stage_options.get(kind), where=where))
              for kind in ORDER]  # validate all first
    ctx = Context(topic=topic, period=period, tweets=[], previous=[])
    screen = [(k, s) for k, s in stages if k in SCREEN]
    in_range = _screen(ctx, tweets, period, screen, current=True)
    if previous is not None:
        _screen(ctx, previous, period.previous(), screen, current=False)
    # Later stages look up relevant tweets only; ``previous`` only tells whether that period had
    # tweets (trend changes are computed then), so it keeps a placeholder when none was relevant.
    ctx.tweets = list(ctx.relevant)
    ctx.previous = list(ctx.prev_relevant) or ctx.previous
    for kind, stage in stages:
        if kind in SCREEN:
            continue
        t0 = time.perf_counter()
        if kind == "trends" and not isinstance(stage, Noop) and len(ctx.groups) > TREND_SAMPLE:
            _sampled_trends(ctx, stage, TREND_SAMPLE)
        else:
            stage.run(ctx)
        if isinstance(stage, Noop):
            skipped(ctx, kind)
        ctx.timings[kind] = round(time.perf_counter() - t0, 4)
    return _build(ctx, previous is not None, in_range)


def _in_period(tweets: Iterable[Tweet], period: Period) -> list[Tweet] | Iterator[Tweet]:
    """A list -> the period's tweets as a sorted list of unique ids; a stream -> a filtered stream."""
    start, end = period.start_utc, period.end_utc
    if isinstance(tweets, list):
        return _unique_by_id(t for t in tweets if start <= t.created_at < end)
    return (t for t in tweets if start <= t.created_at < end)


def _screen(ctx: Context, tweets: Iterable[Tweet], period: Period, screen: list[tuple[str, Stage]],
            current: bool) -> int:
    """Run the per-tweet stages chunk by chunk; keep the relevant tweets (with their text,
    language and score) in ``ctx``. Returns how many tweets of the period were read."""
    kept = ctx.relevant if current else ctx.prev_relevant
    seen: set[str] = set()
    expansion = None  # relevance's period-local second pass (analysis/expansion.py)
    total = 0
    sorted_input = isinstance(tweets, list)
    for kind, _ in screen:
        ctx.timings.setdefault(kind, 0.0)
    t_start = time.perf_counter()
    for chunk, (kept_at, text, lang, score, timings, exp) in _screened(_in_period(tweets, period), ctx.topic, period,
                                                                        screen, current):
        total += len(chunk)
        relevant = [chunk[i] for i in kept_at]
        if exp is not None:
            exp.attach(chunk)
            expansion = exp if expansion is None else (expansion.merge(exp) or expansion)
        if not current and not ctx.previous:
            ctx.previous = chunk[:1]
        for kind, dt in timings.items():
            ctx.timings[kind] += dt
        if sorted_input:
            kept.extend(relevant)
        else:
            for t in relevant:
                if t.id not in seen:
                    seen.add(t.id)
                    kept.append(t)
        ctx.text.update(text)
        ctx.lang.update(lang)
        if current:
            ctx.relevance.update(score)
    if expansion is not None:
        t0 = time.perf_counter()
        admitted = [a for a in expansion.admit() if a[0].id not in seen]
        seen.update(a[0].id for a in admitted)
        kept.extend(a[0] for a in admitted)
        ctx.text.update((a[0].id, a[2]) for a in admitted)
        ctx.lang.update((a[0].id, a[3]) for a in admitted)
        if current:
            ctx.relevance.update((a[0].id, a[1]) for a in admitted)
        if "relevance" in ctx.timings:
            ctx.timings["relevance"] += time.perf_counter() - t0
        sorted_input = sorted_input and not admitted
    if not sorted_input:
        kept.sort(key=lambda t: (t.created_at, t.id))
    # stage times are CPU seconds summed over workers; "read" is the wall time of the whole screen
    ctx.timings["read" if current else "read_previous"] = round(time.perf_counter() - t_start, 4)
    for kind, _ in screen:
        ctx.timings[kind] = round(ctx.timings[kind], 4)
    return total


def _chunks(it: Iterator[Tweet]) -> Iterator[list[Tweet]]:
    while chunk := list(islice(it, CHUNK)):
        yield chunk


# (topic, period, screen, current, source) for forked screen workers; ``source`` is the input list
# when there is one (workers then slice it themselves: only (start, end) crosses the process edge)
_JOB: tuple | None = None


def _screen_chunk(chunk: list[Tweet], job: tuple | None = None) -> tuple:
    """(positions in ``chunk`` of its relevant tweets, their texts, languages, scores, seconds per
    stage, the chunk's relevance expansion with pooled tweets as positions). Positions, not
    tweets, so a worker sends back a fraction of what it received."""
    job = job or _JOB
    assert job is not None, "a screen worker runs with the job it was forked with"
    topic, period, screen, current, _ = job
    sub = Context(topic=topic, period=period, tweets=chunk if current else [], previous=[] if current else chunk)
    sub.partial = True  # period-wide steps (relevance expansion) run after the last chunk
    timings = {}
    for kind, stage in screen:
        t0 = time.perf_counter()
        stage.run(sub)
        if isinstance(stage, Noop):
            skipped(sub, kind)
        timings[kind] = time.perf_counter() - t0
    relevant = sub.relevant if current else sub.prev_relevant
    pos = {id(t): i for i, t in enumerate(chunk)}
    kept_at = [pos[id(t)] for t in relevant]
    ids = [t.id for t in relevant]
    text = {i: sub.text[i] for i in ids if i in sub.text}
    lang = {i: sub.lang[i] for i in ids if i in sub.lang}
    score = {i: sub.relevance[i] for i in ids if i in sub.relevance} if current else {}
    exp: Expansion | None = sub.expansion_current if current else sub.expansion_previous
    if exp is not None:
        exp.detach(chunk)
    return kept_at, text, lang, score, timings, exp


def _screen_span(start: int, end: int) -> tuple:
    """``_screen_chunk`` of ``source[start:end]`` in a forked worker (the list was forked with it)."""
    assert _JOB is not None
    return _screen_chunk(_JOB[4][start:end])


def _screened(tweets: list[Tweet] | Iterator[Tweet], topic: Topic, period: Period, screen: list, current: bool):
    """(chunk, screened) pairs in input order. From the second chunk on, chunks go to forked
    worker processes (``text.workers()``; never with other threads alive), at most two per
    worker in flight so a long stream is never read ahead into memory. A list is sliced by the
    workers themselves; a stream's chunks are sent to them."""
    global _JOB
    source = tweets if isinstance(tweets, list) else None
    chunks = _chunks(iter(tweets))
    job = (topic, period, screen, current, source)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    n = workers()
    if second is None or n < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in (first, second, *chunks) if second is not None else (first,):
            yield chunk, _screen_chunk(chunk, job)
        return
    _JOB = job
    # what exists now (the input list, the store, loaded modules) is never garbage: keep the
    # collector off it here and in the forked workers (which would otherwise also copy its pages)
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            _JOB = None
            pending: deque = deque()
            start = 0
            for chunk in itertools.chain((first, second), chunks):
                if source is not None:
                    res = pool.apply_async(_screen_span, (start, start + len(chunk)))
                else:
                    res = pool.apply_async(_screen_chunk, (chunk,))
                start += len(chunk)
                pending.append((chunk, res))
                if len(pending) >= 2 * n:
                    c, r = pending.popleft()
                    yield c, r.get()
            while pending:
                c, r = pending.popleft()
                yield c, r.get()
    finally:
        _JOB = None
        gc.unfreeze()


def _sampled_trends(ctx: Context, stage: Stage, size: int) -> None:
    """Run ``stage`` on a seeded uniform sample of the ranked tweets, then scale counts back."""
    ids = ctx.ranked or list(ctx.groups)
    rng = random.Random(0)
    sample = [ids[i] for i in sorted(rng.sample(range(len(ids)), size))]
    factor = len(ids) / size
    sub = replace(ctx)  # a shallow copy: the stage reads the sample, writes TREND_OUTPUTS
    sub.ranked = sample
    sub.groups = {i: ctx.groups[i] for i in sample}
    n_prev = len(ctx.prev_relevant)
    if n_prev:
        k = min(n_prev, max(1, round(n_prev / factor)))
        sub.prev_relevant = [ctx.prev_relevant[i] for i in sorted(rng.sample(range(n_prev), k))]
        prev_factor = n_prev / k
    stage.run(sub)
    # take back exactly what a trends stage writes (context.TREND_OUTPUTS; tests/test_context.py checks it)
    ctx.tokens, ctx.trends, ctx.weak_signals, ctx.word_freqs = sub.tokens, sub.trends, sub.weak_signals, sub.word_freqs
    authors = len({t.author_id or t.author_handle for t in ctx.relevant})
    for t in ctx.trends + ctx.weak_signals:
        t.size = round(t.size * factor)
        t.engagement = round(t.engagement * factor)
        t.folded = round(getattr(t, "folded", 0) * factor)
        t.authors = min(round(t.authors * factor), authors, t.size)
        if t.change is not None:
            before = round(t.change.previous * prev_factor) if n_prev else 0
            t.change = Change(status=trends.change_status(before, t.size), previous=before, current=t.size)
    ctx.word_freqs = {w: round(v * factor, 3) for w, v in ctx.word_freqs.items()}


def _unique_by_id(tweets) -> list[Tweet]:
    seen: dict[str, Tweet] = {}
    for t in tweets:
        seen.setdefault(t.id, t)
    return sorted(seen.values(), key=lambda t: (t.created_at, t.id))


def _build(ctx: Context, had_previous: bool, in_range: int) -> Analysis:
    period = ctx.period
    reps = ctx.unique
    citable: dict[str, Tweet] = {}
    for t in reps:
        lang = norm_lang(t.lang)
        if lang is None:  # fill the detected language on a copy; the caller's tweet is untouched
            t = replace(t, lang=ctx.lang.get(t.id) or detect_lang(t.text))
        citable[t.id] = t
    st = ctx.stats
    st.in_range = in_range
    st.relevant = len(ctx.relevant)
    st.after_dedup = len(reps)
    st.duplicates, st.retweets = ctx.duplicates, ctx.retweets
    st.authors = len({t.author_id or t.author_handle for t in ctx.relevant})
    langs: dict[str, int] = {}
    for t in ctx.relevant:
        lang = ctx.lang_of(t)
        langs[lang] = langs.get(lang, 0) + 1
    st.languages = dict(sorted(langs.items(), key=lambda kv: (-kv[1], kv[0])))
    days = {(period.start + timedelta(days=d)).isoformat(): 0 for d in range(period.days)}
    for t in ctx.relevant:
        day = period.local_date(t.created_at).isoformat()
        days[day] = days.get(day, 0) + 1
    st.per_day = days
    st.previous_relevant = len(ctx.prev_relevant) if had_previous else None

    analysis = Analysis(
        topic_name=ctx.topic.name,
        topic_title=ctx.topic.display_title,
        period=period,
        stats=st,
        tweets=citable,
        ranked=[i for i in ctx.ranked if i in citable],
        trends=ctx.trends,
        weak_signals=ctx.weak_signals,
        sentiment=ctx.sentiment,
        tickers=ctx.tickers,
        events=ctx.events,
        word_freqs=ctx.word_freqs,
        scores={i: s for i, s in ctx.scores.items() if i in citable},
        tweet_sentiment={i: s for i, s in ctx.tweet_sentiment.items() if i in citable},
        copies={i: ctx.copies(i) for i in citable},
        engagement={i: int(ctx.engagement.get(i, citable[i].engagement)) for i in citable},
        clean_text={i: ctx.text_of(citable[i]) for i in citable},
        timings=dict(ctx.timings),
        has_metrics=has_metrics(ctx.relevant),
    )
    _check_ids(analysis)
    return analysis


def _check_ids(a: Analysis) -> None:
    """Every id cited anywhere must be citable; drop strays rather than publish a dead link."""
    ok = a.tweets.keys()
    for trend in a.trends:
        trend.tweet_ids = [i for i in trend.tweet_ids if i in ok]
    for tk in a.tickers:
        tk.tweet_ids = [i for i in tk.tweet_ids if i in ok]
    for ev in a.events:
        ev.tweet_ids = [i for i in ev.tweet_ids if i in ok]
    for trend in a.weak_signals:
        trend.tweet_ids = [i for i in trend.tweet_ids if i in ok]
    a.trends = [t for t in a.trends if t.tweet_ids]
    a.weak_signals = [t for t in a.weak_signals if t.tweet_ids]
    a.tickers = [t for t in a.tickers if t.tweet_ids]
    a.events = [e for e in a.events if e.tweet_ids]


__all__ = ["analyse"]

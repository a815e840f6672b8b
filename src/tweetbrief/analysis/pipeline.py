"""``analyse``: run the configured stages over a period's tweets and build the ``Analysis``.

Stages run in ``base.ORDER``; ``topic.stages`` picks an implementation per kind (registry names,
``none`` skips). Between stages the pipeline fills neutral defaults so a skipped stage never
breaks a later one (no relevance -> every tweet relevant; no dedup -> each tweet its own group;
no rank -> newest first).
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

# Importing the stage modules registers their stages.
from tweetbrief.analysis import dedup, events, markets, normalise, rank, relevance, sentiment, trends  # noqa: F401
from tweetbrief.analysis.base import ORDER, Context, Noop, get_stage
from tweetbrief.analysis.model import Analysis, Period
from tweetbrief.analysis.rank import has_metrics
from tweetbrief.analysis.text import detect_lang, norm_lang
from tweetbrief.analysis.words import tokens_for, word_freqs
from tweetbrief.config import Topic
from tweetbrief.models import Tweet


def analyse(
    tweets: list[Tweet],
    topic: Topic,
    period: Period,
    previous: list[Tweet] | None = None,
) -> Analysis:
    """Tweets of ``period`` (others are ignored) and, optionally, of the previous period of equal
    length -> the ``Analysis`` writers consume. Every id the result mentions is in ``.tweets``."""
    in_range = _unique_by_id(t for t in tweets if period.contains(t.created_at))
    prev_period = period.previous()
    prev = None if previous is None else _unique_by_id(t for t in previous if prev_period.contains(t.created_at))
    ctx = Context(topic=topic, period=period, tweets=in_range, previous=prev or [])
    names = {k.strip().lower(): v for k, v in topic.stages.items()}
    for kind in names.keys() - set(ORDER):
        get_stage(kind, names[kind])  # raises ConfigError naming the valid kinds
    stages = [(kind, get_stage(kind, names.get(kind))) for kind in ORDER]  # validate all first
    for kind, stage in stages:
        t0 = time.perf_counter()
        stage.run(ctx)
        if isinstance(stage, Noop):
            _fill_skipped(ctx, kind)
        ctx.timings[kind] = round(time.perf_counter() - t0, 4)
    return _build(ctx, previous is not None)


def _unique_by_id(tweets) -> list[Tweet]:
    seen: dict[str, Tweet] = {}
    for t in tweets:
        seen.setdefault(t.id, t)
    return sorted(seen.values(), key=lambda t: (t.created_at, t.id))


def _fill_skipped(ctx: Context, kind: str) -> None:
    """Neutral results for a skipped stage, so the next one has its inputs."""
    if kind == "relevance":
        ctx.relevant, ctx.prev_relevant = list(ctx.tweets), list(ctx.previous)
    elif kind == "dedup":
        ctx.groups = {t.id: [t.id] for t in ctx.relevant}
        ctx.engagement = {t.id: t.engagement for t in ctx.relevant}
    elif kind == "rank":
        ctx.ranked = sorted(ctx.groups, key=lambda i: (ctx.get(i).created_at, i), reverse=True)
    elif kind == "trends":  # the word cloud and event merging still want the tokens
        reps = ctx.unique
        texts = [ctx.text_of(t) for t in reps]
        ctx.tokens = tokens_for(reps, texts)
        ctx.word_freqs = word_freqs(reps, [ctx.tokens[t.id] for t in reps], texts, {t.id: ctx.copies(t.id) for t in reps})


def _build(ctx: Context, had_previous: bool) -> Analysis:
    period = ctx.period
    reps = ctx.unique
    citable: dict[str, Tweet] = {}
    for t in reps:
        lang = norm_lang(t.lang)
        if lang is None:  # fill the detected language on a copy; the caller's tweet is untouched
            t = replace(t, lang=ctx.lang.get(t.id) or detect_lang(t.text))
        citable[t.id] = t
    st = ctx.stats
    st.in_range = len(ctx.tweets)
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
    a.trends = [t for t in a.trends if t.tweet_ids]
    a.tickers = [t for t in a.tickers if t.tweet_ids]
    a.events = [e for e in a.events if e.tweet_ids]


__all__ = ["analyse"]

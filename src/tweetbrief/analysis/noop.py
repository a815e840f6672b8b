"""What a skipped stage (``stages = {dedup = "none"}``) leaves behind: one neutral state per kind.

A later stage never has to know that an earlier one was skipped; it finds the inputs it reads:

=========== =====================================================================================
normalise   nothing: ``Context.text_of`` falls back to the stored text, ``lang_of`` to the tweet's
relevance   every tweet relevant (``relevant`` = ``tweets``, ``prev_relevant`` = ``previous``)
dedup       every relevant tweet its own group; engagement its own
rank        newest first (``ranked``: group representatives by time, latest first)
trends      no trends, but the tokens and word cloud weights later stages and writers read
sentiment   nothing: the neutral ``Sentiment()`` default, no per-tweet scores
markets     nothing: no tickers
events      nothing: no events
=========== =====================================================================================
"""

from __future__ import annotations

from collections.abc import Callable

from tweetbrief.analysis.context import Context
from tweetbrief.analysis.words import tokens_for, word_freqs


def _relevance(ctx: Context) -> None:
    ctx.relevant, ctx.prev_relevant = list(ctx.tweets), list(ctx.previous)


def _dedup(ctx: Context) -> None:
    ctx.groups = {t.id: [t.id] for t in ctx.relevant}
    ctx.engagement = {t.id: t.engagement for t in ctx.relevant}


def _rank(ctx: Context) -> None:
    ctx.ranked = sorted(ctx.groups, key=lambda i: (ctx.get(i).created_at, i), reverse=True)


def _trends(ctx: Context) -> None:  # the word cloud and event merging still want the tokens
    reps = ctx.unique
    texts = [ctx.text_of(t) for t in reps]
    ctx.tokens = tokens_for(reps, texts)
    ctx.word_freqs = word_freqs(reps, [ctx.tokens[t.id] for t in reps], texts, {t.id: ctx.copies(t.id) for t in reps})


def _nothing(ctx: Context) -> None:
    return None


# kind -> the neutral state its no-op leaves (every kind of ``base.ORDER`` has one)
NEUTRAL: dict[str, Callable[[Context], None]] = {
    "normalise": _nothing,
    "relevance": _relevance,
    "dedup": _dedup,
    "rank": _rank,
    "trends": _trends,
    "sentiment": _nothing,
    "markets": _nothing,
    "events": _nothing,
}


def skipped(ctx: Context, kind: str) -> None:
    """Leave the neutral results of a skipped ``kind`` in ``ctx`` (the table above)."""
    NEUTRAL[kind](ctx)


__all__ = ["NEUTRAL", "skipped"]

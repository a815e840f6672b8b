"""Ranking and choosing a period's stories (the ``stories`` stage, ``stories.py``).

* ``story_score``: (tweets + authors) x log engagement, x novelty (``NOVELTY``: new and rising
  stories are the week's news), x ``TALK_WEIGHT`` for a text cluster without a name of its own.
* ``select``: the first ``MAX_TRENDS`` by score, at most ``PER_BRAND`` led by the same first word;
  two-tweet stories from two authors (``spare``) fill the slots a thin week leaves empty.
* ``compare_previous``: previous-period tweets naming a story's key -> ``Trend.change``.
* ``weak_signals``: stories outside the top that are new or ``WEAK_RATIO`` x their previous size,
  from ``WEAK_AUTHORS`` authors.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from pydantic import Field

from tweetbrief.analysis.base import Context
from tweetbrief.analysis.model import Change, Trend
from tweetbrief.analysis.names import norm
from tweetbrief.analysis.text import HAN_RE, dedup_key
from tweetbrief.analysis.trends import MAX_TRENDS, change_status
from tweetbrief.options import OptionsModel
from tweetbrief.models import Tweet

WEAK_RATIO = 3.0
WEAK_AUTHORS = 3
MAX_WEAK = 5
PER_BRAND = 2


class StoryOptions(OptionsModel):
    """``[topics.X.stage_options.trends]`` for ``trends = "stories"``."""

    per_brand: int = Field(PER_BRAND, ge=1, le=10)  # shown stories led by one brand's name (a new one may exceed)
NOVELTY = {"new": 1.5, "rising": 1.25, "steady": 1.0, "falling": 0.8}
TALK_WEIGHT = 0.6  # a text cluster without a name of its own ranks below a named story of its size


def story_score(t: Trend, talk: bool) -> float:
    """(tweets + authors) x log engagement, x novelty (new and rising stories are the week's news),
    x ``TALK_WEIGHT`` for a nameless text cluster."""
    base = (t.size + t.authors) * (1 + math.log1p(t.engagement))
    novelty = NOVELTY.get(t.change.status, 1.0) if t.change is not None else 1.0
    return base * novelty * (TALK_WEIGHT if talk else 1.0)


def author(t: Tweet) -> str:
    return t.author_id or t.author_handle


def select(built: list[Trend], spare: list[Trend], talk: set[int],
           per_brand: int = PER_BRAND) -> tuple[list[Trend], list[Trend]]:
    """(shown stories, the rest): ranked by ``story_score``, brand-diverse, thin weeks filled with
    named two-tweet stories (a capitalised or CJK subject, not one already shown)."""
    score = {id(t): story_score(t, id(t) in talk) for t in built + spare}
    built = sorted(built, key=lambda t: -score[id(t)])
    top, rest = diverse(built, score, per_brand)
    named = {(norm(t.subject), t.development) for t in top}  # a story's other development may stand alone
    for t in sorted(spare, key=lambda t: -score[id(t)]):
        if len(top) >= MAX_TRENDS:
            break
        if (norm(t.subject), t.development) not in named and (t.subject[:1].isupper() or HAN_RE.search(t.subject)):
            top.append(t)
            named.add((norm(t.subject), t.development))
    for t in sorted(spare, key=lambda t: -score[id(t)]):  # a new named story beats a nameless text cluster
        if t in top or t.change is None or t.change.status != "new" or (norm(t.subject), t.development) in named:
            continue
        if not (t.subject[:1].isupper() or HAN_RE.search(t.subject)):
            continue
        weakest = min((x for x in top if id(x) in talk), key=lambda x: score[id(x)], default=None)
        if weakest is None or score[id(weakest)] >= score[id(t)]:
            break
        top[top.index(weakest)] = t
        rest.append(weakest)
        named.add((norm(t.subject), t.development))
    return top, rest


def compare_previous(ctx: Context, stories: list[Trend], keys_of: dict[int, str]) -> None:
    """Previous-period tweets (exact-deduplicated) naming a story's subject key."""
    seen, prev = set(), []
    for t in ctx.prev_relevant:
        k = dedup_key(ctx.text_of(t))
        if k not in seen:
            seen.add(k)
            prev.append(ctx.text_of(t).lower())
    for trend in stories:
        key = keys_of.get(id(trend)) or norm(trend.subject)
        rx = re.compile(rf"(?<![\w-]){re.escape(key)}(?![\w-])") if key else None
        # ``key in p`` first: a plain substring test rules out most texts before the regex runs
        before = sum(1 for p in prev if key in p and rx.search(p)) if rx is not None else 0
        trend.change = Change(status=change_status(before, trend.size), previous=before, current=trend.size)


def diverse(built: list[Trend], score: dict[int, float],
            per_brand: int = PER_BRAND) -> tuple[list[Trend], list[Trend]]:
    """The first ``MAX_TRENDS`` stories, at most ``PER_BRAND`` led by the same first word (three
    Codex stories leave room for other news); the others stay candidates for weak signals."""
    top: list[Trend] = []
    rest: list[Trend] = []
    brands: Counter[str] = Counter()
    for t in built:
        brand = norm(t.subject).split(" ")[0]
        news = t.change is not None and t.change.status == "new"  # a new product of a busy brand is news
        if len(top) < MAX_TRENDS and (brands[brand] < per_brand or news):
            top.append(t)
            brands[brand] += 1
        else:
            rest.append(t)
    for t in list(rest):  # fill up when there is not enough other news
        if len(top) >= MAX_TRENDS:
            break
        top.append(t)
        rest.remove(t)
    top.sort(key=lambda t: -score[id(t)])
    return top, rest


def fold_into(ctx: Context, story: Trend, other: Trend, rank: dict[str, int]) -> None:
    ids = sorted(set(story.tweet_ids) | set(other.tweet_ids), key=rank.__getitem__)
    members = [ctx.get(i) for i in ids]
    story.tweet_ids, story.size = ids, len(ids)
    story.authors = len({author(t) for t in members})
    story.engagement = int(sum(ctx.engagement.get(t.id, t.engagement) for t in members))
    story.folded += other.folded
    story.first_seen = min(story.first_seen, other.first_seen)


def weak_signals(rest: list[Trend]) -> list[Trend]:
    out = []
    for t in rest:
        c = t.change
        if t.authors < WEAK_AUTHORS or c is None:
            continue
        if c.status == "new" or c.current >= WEAK_RATIO * max(c.previous, 1):
            t.weak_signal = True
            out.append(t)
    return out[:MAX_WEAK]


__all__ = ["story_score", "select", "compare_previous", "weak_signals", "author", "NOVELTY"]

"""Stage 4, rank: order the deduplicated tweets, best first.

``engagement`` (default): likes + 2*retweets + replies + quotes + views/200, summed over the
duplicate group, on a log scale and divided by the author's reach (1 + 0.15*log followers), so a
small account's well-received tweet can beat a celebrity's routine one. When no tweet of the
period carries metrics (scraped timelines, the bench corpus) the signal falls back to how many
other people repeated or retweeted the text (an account repeating itself counts little), how
informative it is (length, a link), the author's reach (lightly) and how many on-topic tweets the
author wrote. Both add topic relevance and a little
recency; an author's k-th tweet is damped by 0.93^k so one prolific account does not fill the
top of the list. Scores are scaled to [0, 1].
"""

from __future__ import annotations

import math
import re
from collections import Counter

from tweetbrief.analysis.base import Context, Stage, register_stage
from tweetbrief.analysis.text import URL_RE
from tweetbrief.models import Tweet

AUTHOR_DECAY = 0.93
CJK_RE = re.compile("[\u4e00-\u9fff]")
METRICS = ("like_count", "retweet_count", "reply_count", "quote_count", "view_count")


def has_metrics(tweets: list[Tweet]) -> bool:
    return any(getattr(t, m) is not None for t in tweets for m in METRICS)


def weighted_engagement(t: Tweet) -> float:
    return (
        (t.like_count or 0)
        + 2 * (t.retweet_count or 0)
        + (t.reply_count or 0)
        + (t.quote_count or 0)
        + (t.view_count or 0) / 200
    )


def informativeness(text: str) -> float:
    """0..1: longer texts with words and a link say more than a bare link or emoji."""
    body = URL_RE.sub(" ", text)
    letters = sum(map(str.isalnum, body))
    cjk = len(CJK_RE.findall(body)) if letters else 0
    size = min(1.0, (letters + cjk) / 160)  # a CJK character carries about a word
    return 0.8 * size + (0.2 if len(body) < len(text) else 0.0)  # a link was blanked out


@register_stage("rank", "engagement")
class EngagementRank(Stage):
    description = "best first by engagement summed over duplicates, scaled by author reach (fallback without metrics)"
    def run(self, ctx: Context) -> None:
        reps = [ctx.get(i) for i in ctx.groups]
        if not reps:
            ctx.ranked, ctx.scores = [], {}
            return
        metrics = has_metrics(ctx.relevant)
        start, end = ctx.period.start_utc.timestamp(), ctx.period.end_utc.timestamp()
        span = max(end - start, 1.0)
        per_author = Counter(t.author_id or t.author_handle for t in ctx.relevant)
        raw: dict[str, float] = {}
        for t in reps:
            members = [ctx.get(i) for i in ctx.groups[t.id]]
            copies = len(members)
            # copies posted by other people are a signal; an account repeating itself is not
            sharers = len({m.author_id or m.author_handle for m in members})
            reach = math.log1p(t.author_followers or 0)
            if metrics:
                eng = sum(weighted_engagement(m) for m in members) + (sharers - 1)
                signal = math.log1p(eng) / (1 + 0.15 * reach)
            else:
                signal = (
                    1.5 * math.log1p(sharers - 1)
                    + 0.2 * math.log1p(copies - sharers)
                    + 1.0 * informativeness(ctx.text_of(t))
                    + 0.05 * reach
                    + 0.3 * math.log1p(per_author[t.author_id or t.author_handle])
                )
            recency = min(max((t.created_at.timestamp() - start) / span, 0.0), 1.0)
            relevance = min(ctx.relevance.get(t.id, 1.0), 5.0)
            raw[t.id] = signal + 0.15 * relevance + 0.2 * recency
        order = sorted(raw, key=lambda i: (-raw[i], -ctx.get(i).created_at.timestamp(), i))
        # variety: an author's 2nd, 3rd... tweet counts a little less (0.93^k)
        seen: Counter = Counter()
        for i in order:
            author = ctx.get(i).author_id or ctx.get(i).author_handle
            raw[i] *= AUTHOR_DECAY ** seen[author]
            seen[author] += 1
        top = max(raw.values()) or 1.0
        ctx.scores = {i: round(max(v, 0.0) / top, 4) for i, v in raw.items()}
        ctx.ranked = sorted(raw, key=lambda i: (-raw[i], -ctx.get(i).created_at.timestamp(), i))


@register_stage("rank", "recent")
class RecentRank(Stage):
    """Newest first; scores by position (for feeds without any useful signal)."""

    def run(self, ctx: Context) -> None:
        ids = sorted(ctx.groups, key=lambda i: (ctx.get(i).created_at, i), reverse=True)
        n = max(len(ids), 1)
        ctx.ranked = ids
        ctx.scores = {i: round(1 - k / n, 4) for k, i in enumerate(ids)}

"""What each call gets to see, inside the token budget.

The budget (``token_budget`` input tokens, all calls together) is split as:

* 15 % kept back for repair calls;
* the reduce call: its fixed prompt + ~``notes`` tokens per mapped cluster + statistics;
* the rest for the map calls, filled cluster by cluster in rank order, each taking an equal share
  of what is left (small clusters leave their unused share to the next ones).

Clusters past ``max_clusters`` are not mapped; when even a minimal share does not fit, tail clusters
are dropped -- not the top ``min_clusters``, which shrink instead (at least their best tweet), unless
the budget cannot even hold those: then only the very top clusters are mapped (noted in the summary).
Inside a cluster tweets go in rank order (top 20), then an even sample of the tail, each text cut to
``tweet_chars``, near-identical texts skipped, until the cluster's share is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tweetbrief.analysis.model import Analysis, Sentiment, Trend
from tweetbrief.writers.llm.budget import TokenCounter
from tweetbrief.writers.llm.options import LLMOptions
from tweetbrief.writers.llm.prompts import dump

REPAIR_RESERVE = 0.15
NOTES_TOKENS = 300  # what one cluster's verified notes cost inside the reduce prompt
MIN_TWEETS_TOKENS = 300  # below this a cluster is not worth a call
HEAD = 20
_NORM = re.compile(r"https?://\S+|[@#]\w+|\W+", re.U)


@dataclass
class ClusterInput:
    index: int  # 0-based rank of the trend
    trend: Trend
    data: dict[str, Any]
    shown: list[str] = field(default_factory=list)


def period_data(a: Analysis) -> dict[str, str]:
    return {"start": a.period.start.isoformat(), "end": a.period.end.isoformat(), "timezone": a.period.tz}


def sentiment_data(s: Sentiment) -> dict[str, Any]:
    out: dict[str, Any] = {"label": s.label, "positive": s.positive, "negative": s.negative, "neutral": s.neutral}
    if s.total:
        out.update({f"{k}_pct": round(100 * s.share(k), 1) for k in ("positive", "negative", "neutral")})
    return out


def tweet_record(a: Analysis, tweet_id: str, chars: int) -> dict[str, Any]:
    t = a.tweets[tweet_id]
    text = " ".join(t.text.split())
    rec: dict[str, Any] = {"id": t.id, "author": "@" + (t.author_handle or t.author_id or "unknown"),
                           "time": t.created_at.astimezone(a.period.zone).strftime("%Y-%m-%d %H:%M")}
    for key, value in (("likes", t.like_count), ("retweets", t.retweet_count), ("replies", t.reply_count),
                       ("views", t.view_count)):
        if value:
            rec[key] = value
    rec["text"] = text if len(text) <= chars else text[: chars - 1] + "…"
    return rec


def candidate_order(ids: list[str]) -> list[str]:
    """Top ``HEAD`` by rank, then an even sample of the tail, then the rest of the tail."""
    head, rest = ids[:HEAD], ids[HEAD:]
    if not rest:
        return head
    step = max(1, len(rest) // HEAD)
    sampled = rest[::step]
    seen = set(sampled)
    return head + sampled + [i for i in rest if i not in seen]


def cluster_header(a: Analysis, index: int, trend: Trend) -> dict[str, Any]:
    base = a.stats.after_dedup or a.stats.relevant
    head: dict[str, Any] = {"cluster": index + 1, "label": trend.label, "keywords": trend.keywords[:10],
                            "entities": trend.entities[:10], "tweets": trend.size, "authors": trend.authors,
                            "engagement": trend.engagement, "sentiment": sentiment_data(trend.sentiment)}
    if base:
        head["share_pct"] = round(100 * trend.size / base, 1)
    if trend.change is not None:
        head["change"] = {"status": trend.change.status, "previous": trend.change.previous,
                          "current": trend.change.current}
    return head


def pack_cluster(a: Analysis, index: int, trend: Trend, allowance: int, counter: TokenCounter,
                 opts: LLMOptions) -> ClusterInput:
    """The cluster's map data, its tweets added until ``allowance`` tokens (of tweet data) are used."""
    tweets: list[dict[str, Any]] = []
    shown: list[str] = []
    seen_texts: set[str] = set()
    used = 0
    for tid in candidate_order([i for i in dict.fromkeys(trend.tweet_ids) if i in a.tweets]):
        key = _NORM.sub("", a.tweets[tid].text.lower())[:120]
        if key in seen_texts:
            continue
        rec = tweet_record(a, tid, opts.tweet_chars)
        cost = counter.count(dump(rec)) + 1
        if used + cost > allowance:
            if tweets:
                continue  # a shorter tweet further down may still fit
            rec = tweet_record(a, tid, 120)  # the best tweet always goes in, shortened
            cost = counter.count(dump(rec)) + 1
        seen_texts.add(key)
        tweets.append(rec)
        shown.append(tid)
        used += cost
        if allowance - used < 40:
            break
    header = cluster_header(a, index, trend)
    header["tweets_shown"] = len(tweets)
    header["tweets_not_shown"] = max(trend.size - len(tweets), 0)
    data = {"task": "map", "topic": a.topic_title, "period": period_data(a), "cluster": header, "tweets": tweets}
    return ClusterInput(index=index, trend=trend, data=data, shown=shown)


@dataclass
class Plan:
    clusters: list[ClusterInput]
    reduce_allowance: int
    planned_total: int
    notes: list[str] = field(default_factory=list)


def plan(a: Analysis, opts: LLMOptions, counter: TokenCounter, map_overhead: int, reduce_overhead: int) -> Plan:
    """Choose clusters and pack their tweets so map + reduce inputs stay inside the budget."""
    total = int(opts.token_budget * (1 - REPAIR_RESERVE))
    trends = [t for t in a.trends if any(i in a.tweets for i in t.tweet_ids)]
    n = min(len(trends), opts.max_clusters)

    def map_share(k: int) -> int:
        return total - (reduce_overhead + k * NOTES_TOKENS)

    while n > opts.min_clusters and map_share(n) / n < map_overhead + MIN_TWEETS_TOKENS:
        n -= 1
    notes: list[str] = []
    while n > 1 and map_share(n) / n < map_overhead + MIN_TWEETS_TOKENS // 2:
        n -= 1  # a budget too small even for min_clusters: keep the very top ones
        notes = [f"token_budget {opts.token_budget} is small: only the top {n} cluster(s) mapped"]
    remaining = max(map_share(n), 0)
    clusters: list[ClusterInput] = []
    for idx in range(n):
        allowance = max(remaining // (n - idx) - map_overhead, 0)
        packed = pack_cluster(a, idx, trends[idx], allowance, counter, opts)
        clusters.append(packed)
        remaining -= map_overhead + counter.count(dump(packed.data["tweets"]))
    spent_map = sum(map_overhead + counter.count(dump(c.data["tweets"])) for c in clusters)
    return Plan(clusters=clusters, reduce_allowance=max(total - spent_map, reduce_overhead), planned_total=total,
                notes=notes)


__all__ = ["ClusterInput", "Plan", "plan", "pack_cluster", "tweet_record", "cluster_header", "period_data",
           "sentiment_data", "candidate_order"]

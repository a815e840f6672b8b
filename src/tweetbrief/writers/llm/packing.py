"""What each call gets to see, inside the token budget.

Tweets travel as one compact line each, with a short alias the tool maps back to the real id::

    t12 | @handle | 01-27 14:05 | L64 R3 C12 V5400 | text cut to tweet_chars

(L likes, R retweets, C replies, V views; zero metrics left out). The model cites ``t12``; it never
types a 19-digit id, and a third of the map tokens no longer go to record keys.

The budget (``token_budget`` input tokens, all calls together) is split *before the first call*:

* the reduce call's share: its fixed prompt and schema, plus ``NOTES_TOKENS`` of notes and
  ``quotes_per_cluster`` short quotes per mapped cluster (``reduce_share``);
* ``REPAIR_RESERVE`` of the budget kept free for repairs (a repair still has to fit whatever is left
  after the calls still to come, see ``RunLedger.room``);
* the rest for the map calls, filled cluster by cluster in rank order, each taking an equal share of
  what is left (small clusters leave their unused share to the next ones). The top-ranked tweets that
  no mapped cluster holds get one map call of their own (``unclustered``), so nothing important is
  unseen.

Clusters past ``max_clusters`` are not mapped; when even a minimal share does not fit, tail clusters
are dropped -- not the top ``min_clusters``, which shrink instead (at least their best tweet), unless
the budget cannot even hold those: then only the very top clusters are mapped (noted in the summary).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tweetbrief.analysis.model import Analysis, Sentiment, Trend
from tweetbrief.writers.llm.budget import TokenCounter
from tweetbrief.writers.llm.options import LLMOptions
from tweetbrief.writers.llm.prompts import dump

REPAIR_RESERVE = 0.10
NOTES_TOKENS = 650  # one cluster's verified notes inside the reduce prompt (a full zh answer: 420-1,040)
QUOTE_TOKENS = 70  # one short quote in the reduce prompt
MIN_TWEETS_TOKENS = 300  # below this a cluster is not worth a call
HEAD = 20
QUOTE_CHARS = 90
TWEET_FORMAT = "alias | @author | MM-DD HH:MM (local) | L likes R retweets C replies V views | text"
UNCLUSTERED_LABEL = {"zh": "未归入聚类的高排名推文", "en": "top-ranked tweets outside the clusters"}
_NORM = re.compile(r"https?://\S+|[@#]\w+|\W+", re.U)


class Aliases:
    """Short names t1..tN for tweet ids, the same for every call of one run."""

    def __init__(self) -> None:
        self.by_id: dict[str, str] = {}
        self.by_alias: dict[str, str] = {}

    def of(self, tweet_id: str) -> str:
        if tweet_id not in self.by_id:
            alias = f"t{len(self.by_id) + 1}"
            self.by_id[tweet_id], self.by_alias[alias] = alias, tweet_id
        return self.by_id[tweet_id]

    def resolve(self, cite: str) -> str:
        """The real id for an alias the model wrote ("t12", "T12", "[t12]"); anything else unchanged."""
        key = str(cite).strip().strip("[]()").lower()
        return self.by_alias.get(key, str(cite))

    def aliased(self, ids: list[str]) -> list[str]:
        return [self.of(i) for i in ids]


@dataclass
class ClusterInput:
    index: int  # 0-based rank of the trend; len(trends) for the unclustered call
    trend: Trend
    data: dict[str, Any]
    shown: list[str] = field(default_factory=list)
    unclustered: bool = False


def period_data(a: Analysis) -> dict[str, str]:
    return {"start": a.period.start.isoformat(), "end": a.period.end.isoformat(), "timezone": a.period.tz}


def sentiment_data(s: Sentiment) -> dict[str, Any]:
    out: dict[str, Any] = {"label": s.label, "positive": s.positive, "negative": s.negative, "neutral": s.neutral}
    if s.total:
        out.update({f"{k}_pct": round(100 * s.share(k), 1) for k in ("positive", "negative", "neutral")})
    return out


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tweet_line(a: Analysis, tweet_id: str, chars: int, aliases: Aliases) -> str:
    t = a.tweets[tweet_id]
    when = t.created_at.astimezone(a.period.zone).strftime("%m-%d %H:%M")
    metrics = " ".join(f"{k}{v}" for k, v in (("L", t.like_count), ("R", t.retweet_count), ("C", t.reply_count),
                                                ("V", t.view_count)) if v)
    text = _cut(t.text, chars).replace("|", "¦")
    author = t.author_handle or t.author_id or "unknown"
    return f"{aliases.of(tweet_id)} | @{author} | {when} | {metrics or '-'} | {text}"


def quote(a: Analysis, tweet_id: str, aliases: Aliases) -> str:
    return tweet_line(a, tweet_id, QUOTE_CHARS, aliases)


def candidate_order(ids: list[str]) -> list[str]:
    """Top ``HEAD`` by rank, then an even sample of the tail, then the rest of the tail."""
    head, rest = ids[:HEAD], ids[HEAD:]
    if not rest:
        return head
    step = max(1, len(rest) // HEAD)
    sampled = rest[::step]
    seen = set(sampled)
    return head + sampled + [i for i in rest if i not in seen]


def cluster_header(a: Analysis, index: int, trend: Trend, unclustered: bool = False) -> dict[str, Any]:
    base = a.stats.after_dedup or a.stats.relevant
    head: dict[str, Any] = {"cluster": index + 1, "label": trend.label}
    if unclustered:
        head["unclustered"] = True
        return head
    head.update({"keywords": trend.keywords[:8], "entities": trend.entities[:8], "tweets": trend.size,
                 "authors": trend.authors, "engagement": trend.engagement,
                 "sentiment": sentiment_data(trend.sentiment)})
    story = {k: v for k, v in (("subject", trend.subject), ("development", trend.development),
                                ("object", trend.object)) if v}
    if story:
        head["story"] = story
    if base:
        head["share_pct"] = round(100 * trend.size / base, 1)
    if trend.change is not None:
        head["change"] = {"status": trend.change.status, "previous": trend.change.previous,
                          "current": trend.change.current}
    return head


def pack_cluster(a: Analysis, index: int, trend: Trend, allowance: int, counter: TokenCounter,
                 opts: LLMOptions, aliases: Aliases | None = None, unclustered: bool = False) -> ClusterInput:
    """The cluster's map data, its tweet lines added until ``allowance`` tokens (of tweet data) are used."""
    aliases = aliases if aliases is not None else Aliases()
    lines: list[str] = []
    shown: list[str] = []
    seen_texts: set[str] = set()
    used = 0
    for tid in candidate_order([i for i in dict.fromkeys(trend.tweet_ids) if i in a.tweets]):
        key = _NORM.sub("", a.tweets[tid].text.lower())[:120]
        if key in seen_texts:
            continue
        line = tweet_line(a, tid, opts.tweet_chars, aliases)
        cost = counter.count(dump(line)) + 1
        if used + cost > allowance:
            if lines:
                continue  # a shorter tweet further down may still fit
            line = tweet_line(a, tid, 120, aliases)  # the best tweet always goes in, shortened
            cost = counter.count(dump(line)) + 1
        seen_texts.add(key)
        lines.append(line)
        shown.append(tid)
        used += cost
        if allowance - used < 40:
            break
    header = cluster_header(a, index, trend, unclustered)
    header["tweets_shown"] = len(lines)
    if not unclustered:
        header["tweets_not_shown"] = max(trend.size - len(lines), 0)
    data = {"task": "map", "topic": a.topic_title, "period": period_data(a), "cluster": header,
            "tweet_format": TWEET_FORMAT, "tweets": lines}
    return ClusterInput(index=index, trend=trend, data=data, shown=shown, unclustered=unclustered)


def unclustered_trend(a: Analysis, mapped: list[Trend], limit: int, language: str) -> Trend | None:
    """The top-ranked tweets no mapped cluster holds, as a pseudo-trend for one more map call."""
    held = {i for t in mapped for i in t.tweet_ids}
    ids = [i for i in a.ranked if i in a.tweets and i not in held][:limit]
    if not ids:
        return None
    first = min(a.tweets[i].created_at for i in ids)
    return Trend(label=UNCLUSTERED_LABEL[language], keywords=[], tweet_ids=ids, size=len(ids),
                 authors=len({a.tweets[i].author_id for i in ids}), engagement=0,
                 first_seen=first)


@dataclass
class Plan:
    clusters: list[ClusterInput]
    reduce_share: int  # input tokens kept for the reduce call before the first map call
    map_costs: list[int]  # counted input of each planned map call, in order
    notes: list[str] = field(default_factory=list)


def reduce_share(reduce_overhead: int, clusters: int, opts: LLMOptions) -> int:
    return reduce_overhead + clusters * (NOTES_TOKENS + opts.quotes_per_cluster * QUOTE_TOKENS)


def plan(a: Analysis, opts: LLMOptions, counter: TokenCounter, map_overhead: int, reduce_overhead: int,
         aliases: Aliases | None = None) -> Plan:
    """Choose clusters and pack their tweets so map + reduce inputs (and a repair reserve) fit."""
    aliases = aliases if aliases is not None else Aliases()
    total = int(opts.token_budget * (1 - REPAIR_RESERVE))
    trends = [t for t in a.trends if any(i in a.tweets for i in t.tweet_ids)]
    n = min(len(trends), opts.max_clusters)
    extra = unclustered_trend(a, trends[:n], opts.unclustered, opts.language) if opts.unclustered else None

    def calls(k: int) -> int:
        return k + (1 if extra is not None else 0)

    def map_share(k: int) -> int:
        return total - reduce_share(reduce_overhead, calls(k), opts)

    notes: list[str] = []
    while extra is not None and n and map_share(n) / calls(n) < map_overhead + MIN_TWEETS_TOKENS:
        extra = None  # the unclustered call goes first when the budget is tight
        notes.append("budget: no call for the unclustered tweets")
    while n > opts.min_clusters and map_share(n) / n < map_overhead + MIN_TWEETS_TOKENS:
        n -= 1
    while n > 1 and map_share(n) / n < map_overhead + MIN_TWEETS_TOKENS // 2:
        n -= 1  # a budget too small even for min_clusters: keep the very top ones
        notes = [f"token_budget {opts.token_budget} is small: only the top {n} cluster(s) mapped"]
    chosen: list[tuple[int, Trend, bool]] = [(i, trends[i], False) for i in range(n)]
    if extra is not None:
        chosen.append((len(a.trends), extra, True))
    remaining = max(map_share(n), 0)
    clusters: list[ClusterInput] = []
    costs: list[int] = []
    for k, (idx, trend, loose) in enumerate(chosen):
        allowance = max(remaining // (len(chosen) - k) - map_overhead, 0)
        packed = pack_cluster(a, idx, trend, allowance, counter, opts, aliases, unclustered=loose)
        clusters.append(packed)
        cost = map_overhead + counter.count(dump(packed.data["tweets"]))
        costs.append(cost)
        remaining -= cost
    return Plan(clusters=clusters, reduce_share=reduce_share(reduce_overhead, len(clusters), opts),
                map_costs=costs, notes=notes)


__all__ = ["Aliases", "ClusterInput", "Plan", "plan", "pack_cluster", "tweet_line", "quote", "cluster_header",
           "period_data", "sentiment_data", "candidate_order", "unclustered_trend", "reduce_share", "TWEET_FORMAT"]

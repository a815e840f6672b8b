"""The reduce call's input, and the final ``Report``: the model's items where they pass the
grounding checks, the offline writer's where they do not -- per item, each replacement counted.

The reduce sees every cluster's verified notes plus ``quotes_per_cluster`` short quotes (tweet
lines with their aliases), the computed statistics, tickers and dated events. Internally the data
holds real tweet ids; ``alias_view`` turns them into the aliases the model was shown.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from tweetbrief.analysis.model import Analysis
from tweetbrief.writers.llm.budget import RunLedger
from tweetbrief.writers.llm.grounding import Grounder
from tweetbrief.writers.llm.options import LLMOptions
from tweetbrief.writers.llm.packing import Aliases, ClusterInput, cluster_header, period_data, quote, sentiment_data
from tweetbrief.writers.llm.schema import SECTIONS, _max_len
from tweetbrief.writers.report import Report, SourceRef

MAX_TICKERS = 8
MAX_EVENTS = 10
KEEP_CLUSTERS = 3  # shrink_reduce never removes these
SINGLE_TEXT = ("overview", "markets_note", "finance_note", "disclaimer")


def offline_report(analysis: Analysis, options: dict[str, Any]) -> Report:
    """The offline writer's report: metadata, fallback sections and base stats (written once per run)."""
    from tweetbrief.writers.offline import OfflineWriter

    return OfflineWriter().write(analysis, options)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reduce_data(a: Analysis, clusters: list[ClusterInput], notes: list[dict[str, Any]], aliases: Aliases,
                opts: LLMOptions) -> tuple[dict[str, Any], set[str]]:
    """The reduce input (real ids under ``cites``/``tweet_ids``/``quote_ids``) and every id it shows."""
    st = a.stats
    stats: dict[str, Any] = {"tweets_in_range": st.in_range, "relevant": st.relevant, "after_dedup": st.after_dedup,
                             "duplicates_folded": st.duplicates, "retweets_folded": st.retweets,
                             "authors": st.authors, "per_day": st.per_day, "languages": st.languages,
                             "tweets_shown_to_model": sum(len(c.shown) for c in clusters)}
    if st.previous_relevant is not None:
        stats["previous_period_relevant"] = st.previous_relevant
    tickers = []
    for k in a.tickers[:MAX_TICKERS]:
        ids = [i for i in k.tweet_ids if i in a.tweets][:3]
        tickers.append({"symbol": k.symbol, "kind": k.kind, "name": k.name, "mentions": k.mentions,
                        "sentiment": sentiment_data(k.sentiment), "tweet_ids": ids, "quote_ids": ids[:1]})
    events = []
    for e in sorted(a.events, key=lambda e: e.when)[:MAX_EVENTS]:
        if not a.period.contains(e.when):
            continue
        events.append({"date": a.period.local_date(e.when).isoformat(), "kind": e.kind,
                       "summary": _cut(e.summary, 160), "tweet_ids": [i for i in e.tweet_ids if i in a.tweets][:3]})
    out_clusters = []
    for c, n in zip(clusters, notes):
        head = cluster_header(a, c.index, c.trend, c.unclustered)
        head["tweets_shown"] = len(c.shown)
        cited = set(n.get("cites", []))
        order = [i for i in c.shown if i not in cited] + [i for i in c.shown if i in cited]  # new voices first
        quotes = order[: opts.quotes_per_cluster]
        out_clusters.append({**head, "notes": n, "quote_ids": quotes})
    data = {"task": "reduce", "topic": a.topic_title, "period": period_data(a), "stats": stats,
            "sentiment": sentiment_data(a.sentiment), "clusters": out_clusters, "tickers": tickers, "events": events}
    return data, {i for i in ids_in(data) if i in a.tweets}


def alias_view(data: Any, aliases: Aliases, a: Analysis) -> Any:
    """``data`` as the model sees it: ids replaced by aliases, ``quote_ids`` by quoted tweet lines."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key in ("cites", "tweet_ids") and isinstance(value, list):
                out[key] = aliases.aliased(value)
            elif key == "quote_ids":
                out["quotes"] = [quote(a, i, aliases) for i in value]
            else:
                out[key] = alias_view(value, aliases, a)
        return out
    if isinstance(data, list):
        return [alias_view(v, aliases, a) for v in data]
    return data


def shrink_reduce(data: dict[str, Any]) -> bool:
    """Remove the least useful part of the reduce input; False when nothing more can go."""
    if any(t.get("quote_ids") for t in data["tickers"]):
        for t in data["tickers"]:
            t["quote_ids"] = []
        return True
    if len(data["events"]) > 5:
        del data["events"][5:]
        return True
    for cluster in reversed(data["clusters"]):
        if len(cluster.get("quote_ids", [])) > 1:
            cluster["quote_ids"] = cluster["quote_ids"][:1]
            return True
    for key in ("events", "facts"):
        for cluster in reversed(data["clusters"]):
            if len(cluster["notes"].get(key, [])) > 1:
                cluster["notes"][key] = cluster["notes"][key][:1]
                return True
    if len(data["clusters"]) > KEEP_CLUSTERS:
        data["clusters"].pop()
        return True
    for cluster in reversed(data["clusters"]):
        if "viewpoint" in cluster["notes"]:
            del cluster["notes"]["viewpoint"]
            return True
    return False


def ids_in(data: Any) -> set[str]:
    """Every tweet id the reduce call was shown (under cites / tweet_ids / quote_ids / id)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("cites", "tweet_ids", "quote_ids") and isinstance(value, list):
                found.update(str(v) for v in value)
            elif key == "id" and isinstance(value, str):
                found.add(value)
            else:
                found |= ids_in(value)
    elif isinstance(data, list):
        for value in data:
            found |= ids_in(value)
    return found


def sources_for(a: Analysis, ids: set[str]) -> dict[str, SourceRef]:
    return {i: SourceRef(url=a.tweets[i].url, author=a.tweets[i].author_handle or a.tweets[i].author_id,
                         created_at=a.tweets[i].created_at)
            for i in sorted(ids) if i in a.tweets}


def _replace(name: str, value: str | BaseModel, offline_value: Any, reason: str, ledger: RunLedger) -> Any:
    ledger.drop(name, reason)
    ledger.fallbacks.append(f"{name}: {reason[:120]}")
    return offline_value


def _list_section(name: str, items: list[Any], offline_items: list[Any], g: Grounder, allowed: set[str],
                  ledger: RunLedger, limit: int) -> list[Any]:
    """The model's items that pass; each failed one replaced by the next unused offline item."""
    kept, failed = [], 0
    for item in items:
        reason = g.check_item(name, item, allowed)
        if reason:
            ledger.drop(name, reason)
            failed += 1
        else:
            kept.append(item)
    if not items and offline_items:
        ledger.fallbacks.append(f"{name}: model wrote none")
        return list(offline_items)
    spare = [o for o in offline_items if o not in kept]
    for o in spare[: min(failed, max(limit - len(kept), 0))]:
        kept.append(o)
        ledger.fallbacks.append(f"{name}: an item replaced from the offline writer")
    return kept


def _section(name: str, value: Any, offline_value: Any, g: Grounder, allowed: set[str], ledger: RunLedger) -> Any:
    if isinstance(value, str):
        # cites nothing: checked against the statistics only, never against all the period's tweets
        reason = g.check_text(value, ())
        if reason:
            return _replace(name, value, offline_value, reason, ledger)
        return value if value.strip() or not offline_value else offline_value
    if isinstance(value, BaseModel):  # mood: judged from content and statistics, cites optional
        reason = g.check_item(name, value, allowed)
        return _replace(name, value, offline_value, reason, ledger) if reason else value
    limit = _max_len(Report.model_fields[name]) or 10
    return _list_section(name, value, offline_value, g, allowed, ledger, limit)


def assemble(a: Analysis, opts: LLMOptions, writer: str, offline: Report, draft: BaseModel | None,
             allowed: set[str], g: Grounder, ledger: RunLedger) -> Report:
    sections: dict[str, Any] = {}
    for name in SECTIONS:
        off = getattr(offline, name)
        sections[name] = off if draft is None else _section(name, getattr(draft, name), off, g, allowed, ledger)
    report = Report(
        topic_name=offline.topic_name, topic_title=offline.topic_title, start=offline.start, end=offline.end,
        generated_at=offline.generated_at, language=opts.language, writer=writer, images=dict(offline.images),
        **sections,
    )
    report.sources = sources_for(a, report.cited_ids())
    return report


__all__ = ["offline_report", "reduce_data", "alias_view", "shrink_reduce", "assemble", "ids_in", "sources_for"]

"""The reduce call's input, and the final ``Report``: the model's sections where they pass the
grounding checks, the offline writer's where they do not (each replacement noted in the summary).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from tweetbrief.analysis.model import Analysis
from tweetbrief.writers.llm.budget import RunLedger
from tweetbrief.writers.llm.grounding import Grounder
from tweetbrief.writers.llm.options import LLMOptions
from tweetbrief.writers.llm.packing import ClusterInput, cluster_header, period_data, sentiment_data
from tweetbrief.writers.llm.schema import SECTIONS
from tweetbrief.writers.report import Report, SourceRef

MAX_TICKERS = 8
MAX_EVENTS = 10
KEEP_CLUSTERS = 3  # shrink_reduce never removes these


def offline_report(analysis: Analysis, options: dict[str, Any]) -> Report:
    """The offline writer's report: metadata, fallback sections and base stats (written once per run)."""
    from tweetbrief.writers.offline import OfflineWriter

    return OfflineWriter().write(analysis, options)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reduce_data(a: Analysis, clusters: list[ClusterInput], notes: list[dict[str, Any]]) -> dict[str, Any]:
    st = a.stats
    stats: dict[str, Any] = {"tweets_in_range": st.in_range, "relevant": st.relevant, "after_dedup": st.after_dedup,
                             "duplicates_folded": st.duplicates, "retweets_folded": st.retweets,
                             "authors": st.authors, "per_day": st.per_day, "languages": st.languages}
    if st.previous_relevant is not None:
        stats["previous_period_relevant"] = st.previous_relevant
    tickers = []
    for k in a.tickers[:MAX_TICKERS]:
        ids = [i for i in k.tweet_ids if i in a.tweets][:3]
        tickers.append({"symbol": k.symbol, "kind": k.kind, "name": k.name, "mentions": k.mentions,
                        "sentiment": sentiment_data(k.sentiment), "tweet_ids": ids,
                        "examples": [{"id": i, "text": _cut(a.tweets[i].text, 140)} for i in ids[:2]]})
    events = []
    for e in sorted(a.events, key=lambda e: e.when)[:MAX_EVENTS]:
        if not a.period.contains(e.when):
            continue
        events.append({"date": a.period.local_date(e.when).isoformat(), "kind": e.kind,
                       "summary": _cut(e.summary, 160), "tweet_ids": [i for i in e.tweet_ids if i in a.tweets][:3]})
    return {
        "task": "reduce", "topic": a.topic_title, "period": period_data(a), "stats": stats,
        "sentiment": sentiment_data(a.sentiment),
        "clusters": [{**cluster_header(a, c.index, c.trend), "notes": n} for c, n in zip(clusters, notes)],
        "tickers": tickers, "events": events,
    }


def shrink_reduce(data: dict[str, Any]) -> bool:
    """Remove the least useful part of the reduce input; False when nothing more can go."""
    if any(t.get("examples") for t in data["tickers"]):
        for t in data["tickers"]:
            t.pop("examples", None)
        return True
    if len(data["events"]) > 5:
        del data["events"][5:]
        return True
    for key in ("facts", "events"):
        for cluster in reversed(data["clusters"]):
            if cluster["notes"].get(key):
                cluster["notes"][key] = []
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
    """Every tweet id the reduce call was shown (under cites / tweet_ids / id)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("cites", "tweet_ids") and isinstance(value, list):
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


def _section(name: str, value: Any, offline_value: Any, g: Grounder, allowed: set[str],
             clusters: list[set[str]], ledger: RunLedger) -> Any:
    if isinstance(value, str):
        reason = g.check_text(value, allowed)
        if reason:
            ledger.drop(name, reason)
            ledger.fallbacks.append(f"{name}: {reason[:120]}")
            return offline_value
        return value if value.strip() or not offline_value else offline_value
    if isinstance(value, BaseModel):  # mood
        reason = g.check_item(name, value, allowed)
        if reason:
            ledger.drop(name, reason)
            ledger.fallbacks.append(f"{name}: {reason[:120]}")
            return offline_value
        return value
    before = len(value)
    kept = g.filter(name, value, allowed, ledger.drop, clusters=clusters if name == "trends" else None)
    if not kept and offline_value:
        why = f"{before} item(s) failed checks" if before else "model wrote none"
        ledger.fallbacks.append(f"{name}: {why}")
        return offline_value
    return kept


def assemble(a: Analysis, opts: LLMOptions, writer: str, offline: Report, draft: BaseModel | None,
             data: dict[str, Any], clusters: list[ClusterInput], g: Grounder, ledger: RunLedger) -> Report:
    allowed = {i for i in ids_in(data) if i in a.tweets}
    cluster_sets = [set(c.trend.tweet_ids) for c in clusters]
    sections: dict[str, Any] = {}
    for name in SECTIONS:
        off = getattr(offline, name)
        sections[name] = off if draft is None else _section(name, getattr(draft, name), off, g, allowed,
                                                            cluster_sets, ledger)
    report = Report(
        topic_name=offline.topic_name, topic_title=offline.topic_title, start=offline.start, end=offline.end,
        generated_at=offline.generated_at, language=opts.language, writer=writer, images=dict(offline.images),
        **sections,
    )
    report.sources = sources_for(a, report.cited_ids())
    return report


__all__ = ["offline_report", "reduce_data", "shrink_reduce", "assemble", "ids_in", "sources_for"]

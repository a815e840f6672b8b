"""Map-reduce: one call per trend cluster (plus one for the top tweets outside the clusters), then
one call for the report; the model never sees the raw firehose, only ranked, deduplicated,
budgeted tweet lines and computed statistics.

Every reply is stripped of ``<think>`` blocks and prose, parsed, clamped to the schema's bounds and
validated. A truncated (finish_reason "length"), non-JSON or invalid reply gets one repair call when
it fits the budget left after the calls still to come; if that fails too, the offline writer's
version is used for that part only and the run summary says so. When the endpoint stays down the
whole report comes from the offline writer (or, with ``strict``, nothing is published: exit 4).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from tweetbrief.analysis.model import Analysis
from tweetbrief.writers.base import StrictWriterError
from tweetbrief.writers.llm import prompts
from tweetbrief.writers.llm.assemble import alias_view, assemble, offline_report, reduce_data, shrink_reduce
from tweetbrief.writers.llm.budget import RunLedger, TokenCounter, summary_line
from tweetbrief.writers.llm.client import Backend, EndpointUnavailable, FormatDowngraded
from tweetbrief.writers.llm.grounding import Grounder
from tweetbrief.writers.llm.numbers import strip_alias_refs
from tweetbrief.writers.llm.options import LLMOptions, is_reasoning
from tweetbrief.writers.llm.packing import Aliases, ClusterInput, pack_cluster, period_data, plan
from tweetbrief.writers.llm.schema import ClusterNotes, ReportDraft, clamp, extract_json, strict_schema
from tweetbrief.writers.report import Fact, Report, TrendItem, Viewpoint

_SCHEMAS: dict[str, dict[str, Any]] = {}


def schema_for(model: type[BaseModel]) -> dict[str, Any]:
    if model.__name__ not in _SCHEMAS:
        _SCHEMAS[model.__name__] = strict_schema(model)
    return _SCHEMAS[model.__name__]


def resolve_aliases(node: Any, aliases: Aliases) -> Any:
    """The model's answer with cited aliases mapped back to tweet ids and alias refs cut from the prose."""
    if isinstance(node, dict):
        return {k: ([aliases.resolve(c) for c in v] if k == "cites" and isinstance(v, list)
                    else resolve_aliases(v, aliases))
                for k, v in node.items()}
    if isinstance(node, list):
        return [resolve_aliases(v, aliases) for v in node]
    if isinstance(node, str):
        return strip_alias_refs(node)
    return node


class Caller:
    """One structured call with one repair, counted in the ledger and kept inside the budget."""

    def __init__(self, backend: Backend, ledger: RunLedger, opts: LLMOptions, aliases: Aliases):
        self.backend, self.ledger, self.opts, self.aliases = backend, ledger, opts, aliases
        self.reasoning = is_reasoning(opts, backend.model)

    def cap(self, answer_tokens: int) -> int:
        """Output cap: the answer's room, plus room for thoughts on a reasoning model."""
        return answer_tokens + (self.opts.reasoning_tokens if self.reasoning else 0)

    def messages(self, kind: str, data: dict[str, Any], model: type[BaseModel]) -> list[dict[str, str]]:
        schema = schema_for(model) if self.backend.schema_in_prompt else None
        return prompts.messages_for(kind, self.opts.language, data, schema)

    def counted(self, messages: list[dict[str, str]], model: type[BaseModel]) -> int:
        n = self.ledger.counter.count_messages(messages)
        if not self.backend.schema_in_prompt:  # a server-side schema is input too
            n += self.ledger.counter.count(prompts.dump(schema_for(model)))
        return n

    def _once(self, build: Callable[[], list[dict[str, str]]], model: type[BaseModel], name: str,
              max_tokens: int) -> tuple[BaseModel | None, str, str]:
        while True:
            messages = build()
            try:
                reply = self.backend.complete(messages, name, schema_for(model), max_tokens)
                break
            except FormatDowngraded:
                continue  # the messages are rebuilt: the schema now goes into the prompt
        self.ledger.record(reply.prompt_tokens, reply.completion_tokens, self.counted(messages, model),
                           self.ledger.counter.count(reply.text))
        if reply.finish_reason == "length":
            return None, reply.text, f"output truncated at {max_tokens} tokens (finish_reason=length)"
        try:
            data = extract_json(reply.text)
        except ValueError as err:
            return None, reply.text, f"not valid JSON ({err})"
        data, _ = clamp(resolve_aliases(data, self.aliases), model)
        try:
            return model.model_validate(data), reply.text, ""
        except ValidationError as err:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()[:4])
            return None, reply.text, f"does not match the schema ({problems})"

    def call(self, kind: str, data: dict[str, Any], model: type[BaseModel], name: str, max_tokens: int,
             what: str, committed: int = 0) -> tuple[BaseModel | None, str]:
        """``committed``: input tokens kept for the calls still to come (a repair may not touch them)."""
        def build() -> list[dict[str, str]]:
            return self.messages(kind, data, model)

        result, text, problem = self._once(build, model, name, max_tokens)
        if result is not None:
            return result, ""

        def build_repair() -> list[dict[str, str]]:
            return prompts.repair_messages(build(), text, problem, self.opts.language)

        if not self.ledger.fits(self.counted(build_repair(), model), committed):
            self.ledger.notes.append(f"{what}: no budget left for a repair")
            return None, f"{problem}; no budget left for a repair"
        self.ledger.repairs += 1
        boost = int(max_tokens * 1.5) if "finish_reason=length" in problem else max_tokens
        result, _, problem2 = self._once(build_repair, model, name, boost)
        if result is not None:
            self.ledger.notes.append(f"{what}: repaired ({problem[:80]})")
            return result, ""
        return None, f"{problem}; after repair: {problem2}"


# -- map --------------------------------------------------------------------------------------
def _excerpt(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fallback_notes(a: Analysis, c: ClusterInput) -> ClusterNotes:
    """Notes built from the cluster's own data when the model's could not be used."""
    top = c.shown[:3] or [i for i in c.trend.tweet_ids if i in a.tweets][:3]
    lead = a.tweets[top[0]].text if top else ""
    return ClusterNotes(
        headline=_excerpt(c.trend.label, 120),
        summary=_excerpt(f"{c.trend.label}：{lead}", 400),
        cites=top,
        viewpoint=Viewpoint(title=_excerpt(c.trend.label, 60), summary=_excerpt(lead, 300),
                            impact=_excerpt("、".join(c.trend.keywords[:6]), 200), cites=top[:1]),
        facts=[Fact(text=_excerpt(a.tweets[i].text, 300), cites=[i]) for i in top[1:3]],
        events=[],
    )


def verify_notes(a: Analysis, g: Grounder, c: ClusterInput, notes: ClusterNotes, ledger: RunLedger) -> dict[str, Any]:
    """The notes that pass grounding, as reduce input. Cites must stay inside this call's tweets."""
    allowed = {i for i in (c.shown or c.trend.tweet_ids) if i in a.tweets}
    where = f"map:cluster {c.index + 1}"
    head = TrendItem(headline=notes.headline, detail=notes.summary, cites=notes.cites)
    reason = g.check_item("summary", head, allowed)
    if reason:
        ledger.drop(where + ":summary", reason)
        fb = fallback_notes(a, c)
        head = TrendItem(headline=fb.headline, detail=fb.summary, cites=fb.cites)
    out: dict[str, Any] = {"headline": head.headline, "summary": head.detail, "cites": head.cites}
    reason = g.check_item("viewpoints", notes.viewpoint, allowed)
    if reason:
        ledger.drop(where + ":viewpoint", reason)
    else:
        out["viewpoint"] = notes.viewpoint.model_dump()
    out["facts"] = [f.model_dump() for f in g.filter("facts", notes.facts, allowed,
                                                     lambda s, r: ledger.drop(f"{where}:{s}", r))]
    out["events"] = [e.model_dump(mode="json") for e in g.filter("events", notes.events, allowed,
                                                                 lambda s, r: ledger.drop(f"{where}:{s}", r))]
    return out


def map_cluster(a: Analysis, caller: Caller, g: Grounder, c: ClusterInput, committed: int,
                map_overhead: int) -> dict[str, Any]:
    """One cluster's verified notes. ``committed``: input kept for the later maps and the reduce."""
    ledger = caller.ledger
    room = int(ledger.remaining() / ledger.safety()) - committed  # in our own count
    if not ledger.fits(caller.counted(caller.messages("map", c.data, ClusterNotes), ClusterNotes), committed):
        # the provider charged more than counted so far: show fewer tweets rather than overspend
        shrunk = pack_cluster(a, c.index, c.trend, max(room - map_overhead, 0), ledger.counter, caller.opts,
                              caller.aliases, unclustered=c.unclustered)
        c.data, c.shown = shrunk.data, shrunk.shown
        ledger.notes.append(f"cluster {c.index + 1}: shrunk to {len(c.shown)} tweet(s) to stay in the budget")
    if not ledger.fits(caller.counted(caller.messages("map", c.data, ClusterNotes), ClusterNotes), committed):
        ledger.fallbacks.append(f"cluster {c.index + 1} ({c.trend.label[:30]}): no budget left")
        return verify_notes(a, g, c, fallback_notes(a, c), ledger)
    notes, problem = caller.call("map", c.data, ClusterNotes, "cluster_notes", caller.cap(caller.opts.map_max_tokens),
                                 f"cluster {c.index + 1}", committed)
    if notes is None:
        ledger.fallbacks.append(f"cluster {c.index + 1} ({c.trend.label[:30]}): {problem[:160]}")
        notes = fallback_notes(a, c)
    return verify_notes(a, g, c, notes, ledger)  # type: ignore[arg-type]


# -- the run ----------------------------------------------------------------------------------
def _overheads(a: Analysis, caller: Caller) -> tuple[int, int]:
    empty_map = {"task": "map", "topic": a.topic_title, "period": period_data(a),
                 "cluster": {"label": "x" * 40, "keywords": ["x" * 8] * 8, "entities": ["x" * 8] * 4,
                             "tweets": 1000, "authors": 1000, "engagement": 100000, "share_pct": 10.0,
                             "sentiment": {"label": "x" * 5, "positive": 100, "negative": 100, "neutral": 100}},
                 "tweet_format": "x" * 90, "tweets": []}
    empty_reduce = {"task": "reduce", "period": period_data(a), "clusters": []}
    return (caller.counted(caller.messages("map", empty_map, ClusterNotes), ClusterNotes) + 40,
            caller.counted(caller.messages("reduce", empty_reduce, ReportDraft), ReportDraft) + 600)


def _write(analysis: Analysis, opts: LLMOptions, backend: Backend, writer: str, offline: Report,
           ledger: RunLedger) -> Report:
    aliases = Aliases()
    g = Grounder(analysis)
    caller = Caller(backend, ledger, opts, aliases)
    map_overhead, reduce_overhead = _overheads(analysis, caller)
    the_plan = plan(analysis, opts, ledger.counter, map_overhead, reduce_overhead, aliases)
    ledger.clusters_total = len(analysis.trends)
    ledger.clusters_mapped = len([c for c in the_plan.clusters if not c.unclustered])
    ledger.notes.extend(the_plan.notes)

    cluster_notes = []
    for k, c in enumerate(the_plan.clusters):
        g.add_counts([c.trend.size, len(c.shown)])
        committed = the_plan.reduce_share + sum(the_plan.map_costs[k + 1:])
        cluster_notes.append(map_cluster(analysis, caller, g, c, committed, map_overhead))
    ledger.tweets_shown = sum(len(c.shown) for c in the_plan.clusters)
    g.add_counts([ledger.tweets_shown])

    data, allowed = reduce_data(analysis, the_plan.clusters, cluster_notes, aliases, opts)
    view = alias_view(data, aliases, analysis)
    while not ledger.fits(caller.counted(caller.messages("reduce", view, ReportDraft), ReportDraft)) \
            and shrink_reduce(data):
        view = alias_view(data, aliases, analysis)
    if ledger.fits(caller.counted(caller.messages("reduce", view, ReportDraft), ReportDraft)):
        draft, problem = caller.call("reduce", view, ReportDraft, "report_draft", caller.cap(opts.reduce_max_tokens),
                                     "report")
    else:
        draft, problem = None, "no budget left for the report call"
    if draft is None:
        ledger.fallbacks.append(f"report (all sections): {problem[:160]}")
    return assemble(analysis, opts, writer, offline, draft, allowed, g, ledger)


def run(analysis: Analysis, options: dict[str, Any], opts: LLMOptions, backend: Backend, writer: str) -> Report:
    t0 = time.perf_counter()
    counter = TokenCounter(opts.tokenizer, backend.model)
    ledger = RunLedger(budget=opts.token_budget, counter=counter, price_in=opts.price_in,
                       price_out=opts.price_out, currency=opts.currency)
    offline = offline_report(analysis, {**options, "language": opts.language})  # fallback in the same language
    try:
        report = _write(analysis, opts, backend, writer, offline, ledger)
    except EndpointUnavailable as err:
        if opts.strict:
            raise StrictWriterError(f"{err} (strict: nothing published)") from None
        ledger.endpoint_down = str(err)
        ledger.fallbacks.append("report (all sections): endpoint down")
        report = offline.model_copy(deep=True)
        print(f"tweetbrief: the {writer} endpoint stayed down; published the offline report instead "
              f"(--strict-llm to fail): {err}", file=sys.stderr)
    ledger.retries = getattr(backend, "retries", 0)
    ledger.notes.extend(getattr(backend, "notes", []))
    summary = ledger.summary(writer, backend.model)
    summary["seconds"] = round(time.perf_counter() - t0, 3)
    report.stats = {**offline.stats, "llm": summary}
    if not opts.quiet:
        print(summary_line(summary), file=sys.stderr)
    return report


__all__ = ["run", "Caller", "map_cluster", "fallback_notes", "verify_notes", "schema_for", "resolve_aliases"]

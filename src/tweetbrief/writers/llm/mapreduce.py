"""Map-reduce: one call per trend cluster, then one call for the report; the model never sees the
raw firehose, only ranked, deduplicated, budgeted tweets per cluster and computed statistics.

Every reply is parsed, clamped to the schema's bounds and validated. A truncated
(finish_reason "length"), non-JSON or invalid reply gets one repair call; if that fails too, the
offline writer's version is used for that part only (a map failure: notes built from the cluster's
data; a reduce failure: the offline sections) and the run summary says so.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from pydantic import BaseModel, ValidationError

from tweetbrief.analysis.model import Analysis
from tweetbrief.writers.llm import prompts
from tweetbrief.writers.llm.assemble import assemble, offline_report, reduce_data, shrink_reduce
from tweetbrief.writers.llm.budget import RunLedger, TokenCounter, summary_line
from tweetbrief.writers.llm.client import Backend
from tweetbrief.writers.llm.grounding import Grounder
from tweetbrief.writers.llm.options import LLMOptions
from tweetbrief.writers.llm.packing import ClusterInput, period_data, plan
from tweetbrief.writers.llm.schema import ClusterNotes, ReportDraft, clamp, extract_json, strict_schema
from tweetbrief.writers.report import Fact, Report, TrendItem, Viewpoint

_SCHEMAS: dict[str, dict[str, Any]] = {}


def schema_for(model: type[BaseModel]) -> dict[str, Any]:
    if model.__name__ not in _SCHEMAS:
        _SCHEMAS[model.__name__] = strict_schema(model)
    return _SCHEMAS[model.__name__]


class Caller:
    """One structured call with one repair, counted in the ledger."""

    def __init__(self, backend: Backend, ledger: RunLedger, opts: LLMOptions):
        self.backend, self.ledger, self.opts = backend, ledger, opts

    def messages(self, kind: str, data: dict[str, Any], model: type[BaseModel]) -> list[dict[str, str]]:
        schema = schema_for(model) if self.backend.schema_in_prompt else None
        build = prompts.map_messages if kind == "map" else prompts.reduce_messages
        return build(self.opts.language, data, schema)

    def _once(self, messages: list[dict[str, str]], model: type[BaseModel], name: str,
              max_tokens: int) -> tuple[BaseModel | None, str, str]:
        counted_in = self.ledger.counter.count_messages(messages)
        if not self.backend.schema_in_prompt:  # a server-side schema is input too
            counted_in += self.ledger.counter.count(prompts.dump(schema_for(model)))
        reply = self.backend.complete(messages, name, schema_for(model), max_tokens)
        self.ledger.record(reply.prompt_tokens, reply.completion_tokens, counted_in,
                           self.ledger.counter.count(reply.text))
        if reply.finish_reason == "length":
            return None, reply.text, f"output truncated at {max_tokens} tokens (finish_reason=length)"
        try:
            data = extract_json(reply.text)
        except ValueError as err:
            return None, reply.text, f"not valid JSON ({err})"
        data, _ = clamp(data, model)
        try:
            return model.model_validate(data), reply.text, ""
        except ValidationError as err:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()[:4])
            return None, reply.text, f"does not match the schema ({problems})"

    def call(self, messages: list[dict[str, str]], model: type[BaseModel], name: str, max_tokens: int,
             what: str) -> tuple[BaseModel | None, str]:
        result, text, problem = self._once(messages, model, name, max_tokens)
        if result is not None:
            return result, ""
        repair = prompts.repair_messages(messages, text, problem, self.opts.language)
        if self.ledger.counter.count_messages(repair) > self.ledger.remaining():
            return None, f"{problem}; no budget left for a repair"
        self.ledger.repairs += 1
        boost = int(max_tokens * 1.5) if "finish_reason=length" in problem else max_tokens
        result, _, problem2 = self._once(repair, model, name, boost)
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
    """The notes that pass grounding, as reduce input. Cites must stay inside this cluster."""
    allowed = {i for i in c.trend.tweet_ids if i in a.tweets}
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


def map_cluster(a: Analysis, caller: Caller, g: Grounder, c: ClusterInput) -> dict[str, Any]:
    messages = caller.messages("map", c.data, ClusterNotes)
    notes, problem = caller.call(messages, ClusterNotes, "cluster_notes", caller.opts.map_max_tokens,
                                 f"cluster {c.index + 1}")
    if notes is None:
        caller.ledger.fallbacks.append(f"cluster {c.index + 1} ({c.trend.label[:30]}): {problem[:160]}")
        notes = fallback_notes(a, c)
    return verify_notes(a, g, c, notes, caller.ledger)  # type: ignore[arg-type]


# -- the run ----------------------------------------------------------------------------------
def _overheads(a: Analysis, caller: Caller, counter: TokenCounter) -> tuple[int, int]:
    empty_map = {"task": "map", "topic": a.topic_title, "period": period_data(a),
                 "cluster": {"label": "x" * 40, "keywords": ["x" * 8] * 10}, "tweets": []}
    empty_reduce = {"task": "reduce", "period": period_data(a), "clusters": []}
    extra_map = extra_reduce = 0
    if not caller.backend.schema_in_prompt:  # a server-side schema is input too
        extra_map = counter.count(prompts.dump(schema_for(ClusterNotes)))
        extra_reduce = counter.count(prompts.dump(schema_for(ReportDraft)))
    return (counter.count_messages(caller.messages("map", empty_map, ClusterNotes)) + extra_map + 80,
            counter.count_messages(caller.messages("reduce", empty_reduce, ReportDraft)) + extra_reduce + 250)


def run(analysis: Analysis, options: dict[str, Any], opts: LLMOptions, backend: Backend, writer: str) -> Report:
    t0 = time.perf_counter()
    counter = TokenCounter(opts.tokenizer, backend.model)
    ledger = RunLedger(budget=opts.token_budget, counter=counter, price_in=opts.price_in,
                       price_out=opts.price_out, currency=opts.currency)
    offline = offline_report(analysis, {**options, "language": opts.language})  # fallback in the same language
    g = Grounder(analysis)
    caller = Caller(backend, ledger, opts)
    map_overhead, reduce_overhead = _overheads(analysis, caller, counter)
    the_plan = plan(analysis, opts, counter, map_overhead, reduce_overhead)
    ledger.clusters_total = len(analysis.trends)
    ledger.clusters_mapped = len(the_plan.clusters)
    ledger.tweets_shown = sum(len(c.shown) for c in the_plan.clusters)
    ledger.notes.extend(the_plan.notes)

    cluster_notes = [map_cluster(analysis, caller, g, c) for c in the_plan.clusters]

    data = reduce_data(analysis, the_plan.clusters, cluster_notes)
    messages = caller.messages("reduce", data, ReportDraft)
    allowance = max(the_plan.planned_total - ledger.spent_in(), reduce_overhead)
    while counter.count_messages(messages) > allowance and shrink_reduce(data):
        messages = caller.messages("reduce", data, ReportDraft)
    draft, problem = caller.call(messages, ReportDraft, "report_draft", opts.reduce_max_tokens, "report")
    if draft is None:
        ledger.fallbacks.append(f"report (all sections): {problem[:160]}")

    report = assemble(analysis, opts, writer, offline, draft, data, the_plan.clusters, g, ledger)
    ledger.retries = getattr(backend, "retries", 0)
    ledger.notes.extend(getattr(backend, "notes", []))
    summary = ledger.summary(writer, backend.model)
    summary["seconds"] = round(time.perf_counter() - t0, 3)
    report.stats = {**offline.stats, "llm": summary}
    if not opts.quiet:
        print(summary_line(summary), file=sys.stderr)
    return report


__all__ = ["run", "Caller", "map_cluster", "fallback_notes", "verify_notes", "schema_for"]

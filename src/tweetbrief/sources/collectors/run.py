"""Run collectors over a window into the store: ``collect(store, specs, window) -> CollectSummary``.

Each source's pages are stored as they arrive and its cursor (key = the spec) saved right after,
so Ctrl-C, a crash or a dropped connection loses nothing already fetched; the next run resumes.
One source failing is recorded in its result and the others still run. Each source has its own
deadline (``timeout`` seconds, ``--timeout``): a source still fetching then stops with its pages
saved, so a slow or hostile server cannot hold the run (and its lock) forever.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime, timedelta, UTC
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tweetbrief.errors import ConfigError, InputError
from tweetbrief.sources.collectors.base import COLLECTORS, CollectError, Collector, SourceResult, Window
from tweetbrief.sources.collectors.context import (
    CollectConfig, CollectContext, CollectorOptions, ReadBudget, Secrets, options_table, redact,
)
from tweetbrief.sources.collectors.deadline import DEFAULT_TIMEOUT, Deadline, deadline_client
from tweetbrief.sources.collectors.http import Http
from tweetbrief.sources.collectors.progress import Reporter

__all__ = ["collect", "CollectSummary", "parse_spec", "make_window", "collect_command", "check_timeout"]


@dataclass
class CollectSummary:
    sources: dict[str, SourceResult] = field(default_factory=dict)
    # what the run cost, contributed by the collector families (CollectorOptions.costs): the X API
    # family adds x_reads and x_cost_usd; top-level --json keys, zero when the family was not used
    costs: dict[str, int | float] = field(default_factory=dict)
    interrupted: bool = False

    @property
    def new(self) -> int:
        return sum(r.new for r in self.sources.values())

    @property
    def errors(self) -> list[str]:
        return [r.error for r in self.sources.values() if r.error]

    def as_json(self) -> dict[str, Any]:
        return {"new": self.new, "sources": {spec: r.as_json() for spec, r in self.sources.items()},
                **self.costs, "interrupted": self.interrupted}


def parse_spec(spec: str) -> tuple[type[Collector], str]:
    """``"x-search:AI lang:zh"`` -> (XSearch, "AI lang:zh"), or ``InputError`` naming the known prefixes."""
    prefix, sep, arg = spec.partition(":")
    cls = COLLECTORS.find(prefix.strip())
    if not sep or cls is None:
        known = ", ".join(f"{p}:..." for p in COLLECTORS)
        raise InputError(f"source {spec!r}: unknown kind; use one of {known}")
    if not arg.strip():
        raise InputError(f"source {spec!r}: nothing after {prefix}:; e.g. {prefix}:{_EXAMPLES.get(prefix, 'VALUE')}")
    return cls, arg.strip()


_EXAMPLES = {"x-search": "AI lang:zh", "x-list": "1234567890", "x-user": "OpenAI", "twscrape-search": "AI",
             "twscrape-user": "OpenAI", "rss": "https://nitter.example/OpenAI/rss", "bluesky-search": "AI",
             "bluesky-user": "bsky.app", "mastodon-tag": "mastodon.social/ai"}


def _parse_day(value: str, flag: str, tz: ZoneInfo, end: bool) -> datetime:
    try:
        if len(value) == 10:
            day = date.fromisoformat(value) + (timedelta(days=1) if end else timedelta())
            return datetime.combine(day, dtime(), tzinfo=tz)
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return when if when.tzinfo else when.replace(tzinfo=tz)
    except ValueError:
        raise InputError(f"{flag} {value!r} is not a date; use YYYY-MM-DD (or an ISO time)") from None


def make_window(since: str, until: str, tz: ZoneInfo | None = None) -> Window:
    """``--since``/``--until`` days (inclusive, in ``tz``) as a half-open UTC window."""
    tz = tz or ZoneInfo("UTC")
    start, end = _parse_day(since, "--since", tz, False), _parse_day(until, "--until", tz, True)
    if end <= start:
        raise InputError(f"--until {until} is before --since {since}; swap them")
    return Window(start.astimezone(UTC), end.astimezone(UTC))


def collect(
    store: Any,
    specs: Sequence[str],
    window: Window,
    *,
    config: CollectConfig | None = None,
    client: httpx.Client | None = None,
    max_reads: int | None = None,
    reporter: Reporter | None = None,
    secrets: Secrets | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> CollectSummary:
    """Fetch every source into ``store``; per-source results and what the run cost (``summary.costs``).
    ``timeout``: seconds each source may take (None: no deadline)."""
    parsed = [(spec, *parse_spec(spec)) for spec in specs]  # bad specs fail before any request
    config = config or CollectConfig()
    families = _families(config, [cls for _, cls, _ in parsed])  # bad options fail before any request too
    secrets = secrets or Secrets()
    reporter = reporter or Reporter()
    deadline = Deadline(timeout, clock)
    own_client = client is None
    client = client or deadline_client(deadline)
    summary = CollectSummary()
    current: list[SourceResult] = []

    def warn(message: str) -> None:
        message = redact(message, secrets.known)
        reporter.warn(message)
        if current:
            current[-1].warnings.append(message)

    budget = ReadBudget(max_reads)
    http = Http(client, sleep=sleep, clock=clock, warn=warn, secrets=secrets.known, max_retries=config.max_retries,
                deadline=deadline)
    ctx = CollectContext(config=config, secrets=secrets, http=http, reporter=reporter, budget=budget,
                         sleep=sleep, clock=clock, on_warning=warn, deadline=deadline)
    summary.costs = _zero_costs(config)
    for options in families.values():
        line = options.announce(max_reads)
        if line:
            reporter.info(line)
    try:
        for spec, cls, arg in parsed:
            result = SourceResult(spec)
            summary.sources[spec] = result
            current.append(result)
            before = budget.reads
            deadline.restart()
            try:
                _run_one(store, cls(arg, ctx), window, result, reporter)
            except CollectError as err:
                result.error = redact(str(err), secrets.known)
                reporter.warn(result.error)
            except KeyboardInterrupt:
                result.error = "interrupted; fetched pages are saved, rerun to resume"
                summary.interrupted = True
                break
            except Exception as err:  # noqa: BLE001 - one broken source must not lose the others
                result.error = redact(f"{spec}: unexpected {err.__class__.__name__}: {err}", secrets.known)
                reporter.warn(result.error)
            finally:
                result.reads = budget.reads - before
                reporter.source(spec, result.fetched, result.new, done=True)
    finally:
        if own_client:
            client.close()
        _add_costs(summary, families, {spec: cls for spec, cls, _ in parsed}, reporter)
    return summary


def _families(config: CollectConfig, classes: Sequence[type[Collector]]) -> dict[str, CollectorOptions]:
    """Each collector family's validated options, by table, for the classes of this run."""
    found: dict[str, CollectorOptions] = {}
    for cls in classes:
        options = config.options_for(cls)
        if isinstance(options, CollectorOptions):
            found.setdefault(options_table(cls), options)
    return found


def _zero_costs(config: CollectConfig) -> dict[str, int | float]:
    """Every registered family's cost keys at zero, so --json always has the same keys."""
    costs: dict[str, int | float] = {}
    for _, cls in COLLECTORS.items():
        try:
            options = config.options_for(cls)
        except ConfigError:  # a plugin whose options need settings it was not given: it is not in this run
            continue
        if isinstance(options, CollectorOptions):
            costs.update(options.costs(0))
    return costs


def _add_costs(summary: CollectSummary, families: dict[str, CollectorOptions],
               classes: dict[str, type[Collector]], reporter: Reporter) -> None:
    """Sum the billed reads of each family's sources, price them with its options, and report."""
    reads: dict[str, int] = {}
    for spec, result in summary.sources.items():
        table = options_table(classes[spec])
        reads[table] = reads.get(table, 0) + result.reads
    for table, options in families.items():
        costs = options.costs(reads.get(table, 0))
        for key, value in costs.items():
            summary.costs[key] = round(summary.costs.get(key, 0) + value, 4)
        line = options.report(costs)
        if line:
            reporter.info(line)


def _run_one(store: Any, collector: Collector, window: Window, result: SourceResult, reporter: Reporter) -> None:
    cursor = store.get_cursor(collector.spec)
    for page in collector.fetch(window, cursor):
        new, dup = store.add(page.tweets)
        store.set_cursor(collector.spec, page.cursor)
        result.pages += 1
        result.fetched += len(page.tweets)
        result.new += new
        result.duplicates += dup
        result.skipped += page.skipped
        for reason, n in page.reasons.items():
            result.skip_reasons[reason] = result.skip_reasons.get(reason, 0) + n
        result.complete = page.cursor.get("pending") is None
        reporter.source(collector.spec, result.fetched, result.new)


def check_timeout(timeout: float | None) -> None:
    """``--timeout`` is a positive number of seconds (``InputError`` otherwise)."""
    if timeout is not None and not (timeout > 0 and timeout != float("inf")):
        raise InputError(f"--timeout {timeout:g}: give the seconds each source may take, more than 0 "
                         f"(default {DEFAULT_TIMEOUT:g})")


def collect_command(*, topic: str, sources: list[str] | None, since: str, until: str, db: Path | None,
                    config_path: Path | None, max_reads: int | None, json_out: bool,
                    timeout: float | None = DEFAULT_TIMEOUT) -> int:
    """The ``tweetbrief collect`` command; returns the exit code (0 ok, 2 a source failed, 130 interrupted)."""
    from tweetbrief.config import load_config, load_topic
    from tweetbrief.store import Store

    topic_cfg = load_topic(topic, config_path)
    specs = list(sources or topic_cfg.sources)
    if not specs:
        raise InputError(f"topic {topic!r} lists no sources; add sources = [\"x-search:...\"] to [topics.{topic}] "
                         "or pass --source SPEC")
    if max_reads is not None and max_reads < 1:
        raise InputError("--max-reads must be at least 1")
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    check_timeout(timeout)
    window = make_window(since, until, topic_cfg.tz)
    config = CollectConfig.from_config(load_config(config_path))
    with Store.open(db) as store, Reporter() as reporter:
        summary = collect(store, specs, window, config=config, max_reads=max_reads, reporter=reporter, timeout=timeout)
    if json_out:
        print(json.dumps(summary.as_json(), ensure_ascii=False))
    else:
        for spec, r in summary.sources.items():
            state = "error" if r.error else ("complete" if r.complete else "partial")
            print(f"{spec}: fetched {r.fetched}, new {r.new}, duplicates {r.duplicates} ({state})")
        print(f"new {summary.new}" + (", interrupted" if summary.interrupted else ""))
    if summary.interrupted:
        return 130
    return 2 if summary.errors else 0

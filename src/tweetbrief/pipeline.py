"""One report, end to end: store -> analysis -> writer -> render -> publish.

The CLI's ``report`` and ``demo`` commands (and later ``run``) call ``make_report``; each stage
only sees the previous stage's output.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tweetbrief.analysis import Period, analyse
from tweetbrief.analysis.model import Analysis
from tweetbrief.config import Topic
from tweetbrief.errors import EXIT_EMPTY, EmptyPeriodError
from tweetbrief.progress import Progress
from tweetbrief.publish.jekyll import PublishOptions, stage_post
from tweetbrief.store import Store
from tweetbrief.writers import get_writer
from tweetbrief.writers.base import llm_json
from tweetbrief.writers.report import Report


@dataclass
class ReportResult:
    post: Path
    images: list[Path]
    stats: dict[str, Any] = field(default_factory=dict)
    analysis: Analysis | None = field(default=None, repr=False)
    report: Report | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {"post": str(self.post), "images": [str(p) for p in self.images], "stats": self.stats}


StageHook = Callable[[str], AbstractContextManager[Any]]

def check_not_empty(analysis: Analysis, topic: Topic, start: date, end: date) -> None:
    if analysis.tweets:
        return
    span = f"{start}" if start == end else f"{start} to {end}"
    raise EmptyPeriodError(
        f"no relevant tweets for topic {topic.name!r} on {span} ({analysis.stats.in_range} stored in the period, "
        f"{analysis.stats.relevant} relevant); nothing published -- import or collect first, or pass --allow-empty")


def make_report(
    store: Store,
    topic: Topic,
    start: date,
    end: date,
    site: Path,
    writer: str | None = None,
    writer_options: dict[str, Any] | None = None,
    now: datetime | None = None,
    *,
    publish: PublishOptions | None = None,
    stage: StageHook | None = None,
    run_info: dict[str, Any] | None = None,
    allow_empty: bool = False,
    progress: Progress | None = None,
) -> ReportResult:
    """Analyse ``start..end``, write the report, render and publish it into ``site``.

    ``publish`` defaults to the topic's publishing settings. ``stage(name)`` wraps each stage
    (load, analyse, write, render, publish) -- the runner uses it to time stages and to name the
    one that failed; by default stages are only timed. ``run_info`` (``collected``, ``sources``,
    ``seconds`` of earlier stages) goes into the returned stats. A period without relevant tweets
    raises ``EmptyPeriodError`` (exit 5) before anything is written, unless ``allow_empty``.
    ``progress`` (a TTY counter) is told the tweets read and each later stage.
    """
    progress = progress or Progress(enabled=False)
    timings: dict[str, float] = dict((run_info or {}).get("seconds") or {})

    @contextmanager
    def timed(name: str) -> Iterator[None]:
        t = time.perf_counter()
        try:
            with stage(name) if stage is not None else nullcontext():
                yield
        finally:
            timings[name] = time.perf_counter() - t

    with timed("load"):
        period = Period(start, end, topic.timezone)
        # Streams: analysis keeps only the relevant tweets, so a long range never sits in memory.
        tweets = progress.count(store.iter_between(period.start_utc, period.end_utc), "reading and analysing tweets")
        prev = period.previous()
        previous = store.iter_between(prev.start_utc, prev.end_utc)

    with timed("analyse"):
        analysis = analyse(tweets, topic, period, previous=previous)
    if not allow_empty:
        check_not_empty(analysis, topic, start, end)

    progress.stage("writing the report")
    with timed("write"):
        options = {**topic.writer_options, **(writer_options or {})}
        if now is not None:
            options["now"] = now
        report = get_writer(writer or topic.writer).write(analysis, options)

    progress.stage("rendering the word cloud and charts")
    with timed("render"):
        info = {**(run_info or {}), "seconds": dict(timings)}
        staged = stage_post(report, analysis, site, publish or PublishOptions.from_topic(topic), info)
    with timed("publish"):
        published = staged.commit()
    progress.close()

    stats = {**published.stats, "trends": len(analysis.trends), "empty": not analysis.tweets,
             "llm": llm_json(report.stats),  # --json: stats.llm, fixed keys (writers/base.py LLM_JSON_KEYS)
             "seconds": {k: round(v, 3) for k, v in timings.items()}}
    return ReportResult(post=published.post, images=published.images, stats=stats, analysis=analysis, report=report)


__all__ = ["make_report", "ReportResult", "StageHook", "EmptyPeriodError", "EXIT_EMPTY", "check_not_empty"]

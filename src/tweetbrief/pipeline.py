"""One report, end to end: store -> analysis -> writer -> render -> publish.

The CLI's ``report`` and ``demo`` commands (and later ``run``) call ``make_report``; each stage
only sees the previous stage's output.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tweetbrief.analysis import Period, analyse
from tweetbrief.config import Topic
from tweetbrief.publish import publish_jekyll
from tweetbrief.store import Store
from tweetbrief.writers import get_writer


@dataclass
class ReportResult:
    post: Path
    images: list[Path]
    stats: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"post": str(self.post), "images": [str(p) for p in self.images], "stats": self.stats}


def make_report(
    store: Store,
    topic: Topic,
    start: date,
    end: date,
    site: Path,
    writer: str | None = None,
    writer_options: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> ReportResult:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    period = Period(start, end, topic.timezone)
    tweets = store.between(period.start_utc, period.end_utc)
    prev = period.previous()
    previous = store.between(prev.start_utc, prev.end_utc)
    timings["load"] = time.perf_counter() - t0

    t = time.perf_counter()
    analysis = analyse(tweets, topic, period, previous=previous)
    timings["analyse"] = time.perf_counter() - t

    t = time.perf_counter()
    options = {**topic.writer_options, **(writer_options or {})}
    if now is not None:
        options["now"] = now
    report = get_writer(writer or topic.writer).write(analysis, options)
    timings["write"] = time.perf_counter() - t

    t = time.perf_counter()
    published = publish_jekyll(report, analysis, site, font=topic.font)
    timings["render_publish"] = time.perf_counter() - t

    stats = {
        "tweets_in_range": analysis.stats.in_range,
        "relevant": analysis.stats.relevant,
        "after_dedup": analysis.stats.after_dedup,
        "authors": analysis.stats.authors,
        "trends": len(analysis.trends),
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    return ReportResult(post=published.post, images=published.images, stats=stats)


__all__ = ["make_report", "ReportResult"]

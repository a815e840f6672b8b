"""The ``example`` writer: the offline report, its overview led by a configurable line.

    tweetbrief report --writer example --from 2026-01-27 --to 2026-01-27
    [topics.ai.writer_options] headline = "Weekly digest"     # this writer's own option
"""

from __future__ import annotations

from typing import Any, Literal

from tweetbrief.analysis.model import Analysis
from tweetbrief.options import OptionsModel
from tweetbrief.writers.base import Writer
from tweetbrief.writers.offline import OfflineWriter
from tweetbrief.writers.options import writer_options, writer_table
from tweetbrief.writers.report import Report


class ExampleOptions(OptionsModel):
    language: Literal["zh", "en"] = "zh"  # --lang
    headline: str = "Example plugin"


class ExampleWriter(Writer):
    name = "example"
    description = "Example plugin writer: the offline report under a headline of your choice"
    Options = ExampleOptions

    def write(self, analysis: Analysis, options: dict[str, Any]) -> Report:
        opts = writer_options(ExampleOptions, options, writer_table(analysis.topic_name))
        report = OfflineWriter().write(analysis, {**options, "language": opts.language})
        overview = f"{opts.headline}: {report.overview}"[:600]
        return report.model_copy(update={"overview": overview, "writer": self.name})

"""Progress and warnings on stderr: a rich progress bar on a terminal, quiet otherwise.

Warnings (rate-limit waits, retries, stale feeds, account rotation) and the cost lines are always
printed; per-page progress only when stderr is a TTY.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

__all__ = ["Reporter"]


class Reporter:
    def __init__(self, stream: TextIO | None = None, *, progress: bool | None = None):
        self.stream = stream or sys.stderr
        self.show_progress = self.stream.isatty() if progress is None else progress
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> Reporter:
        if self.show_progress:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                      console=Console(file=self.stream), transient=False)
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def _print(self, message: str) -> None:
        if self._progress is not None:
            self._progress.console.print(message, markup=False, highlight=False)
        else:
            print(message, file=self.stream, flush=True)

    def warn(self, message: str) -> None:
        self._print(f"warning: {message}")

    def info(self, message: str) -> None:
        self._print(message)

    def source(self, spec: str, fetched: int, new: int, done: bool = False) -> None:
        if self._progress is None:
            return
        text = f"{spec}: {fetched} fetched, {new} new" + (" ✓" if done else "")
        task = self._tasks.get(spec)
        if task is None:
            self._tasks[spec] = self._progress.add_task(text, total=None)
        else:
            self._progress.update(task, description=text)
        if done:
            self._progress.update(self._tasks[spec], total=1, completed=1)

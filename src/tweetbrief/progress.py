"""A one-line progress counter on stderr for long ``import`` and ``report`` runs.

Shown only when the stream is a terminal (and not with ``--quiet``): ``\\r``-rewritten, throttled
to a few updates a second, erased when done, so logs, pipes and cron mail never see it.
(The collectors' ``Reporter`` draws per-source rich bars; this is the plain counter for the
store-bound commands.)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, TextIO, TypeVar

__all__ = ["Progress", "CountingStore"]

T = TypeVar("T")
INTERVAL = 0.2  # seconds between redraws


class Progress:
    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.label = ""
        self.n = 0
        self._last = 0.0
        self._drawn = False

    def stage(self, label: str) -> None:
        """Start a new step (``analysing``, ``rendering``...); redrawn at once."""
        self.label, self.n = label, 0
        self._draw(force=True)

    def tick(self) -> None:
        """One more item (redraws at most every ``INTERVAL`` s, checked every 512 items)."""
        self.n += 1
        if self.enabled and not self.n % 512:
            self._draw()

    def count(self, items: Iterable[T], label: str) -> Iterator[T]:
        """Yield ``items``, counting them under ``label``."""
        self.stage(label)
        for item in items:
            self.tick()
            yield item
        self._draw(force=True)

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < INTERVAL:
            return
        self._last = now
        text = f"{self.label}: {self.n:,}" if self.n else f"{self.label}…"
        self.stream.write(f"\r\x1b[K{text}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CountingStore:
    """A store whose ``add(tweets)`` counts the tweets going in (everything else is the store's)."""

    def __init__(self, store: Any, progress: Progress, label: str = "importing tweets"):
        self._store, self._progress, self._label = store, progress, label

    def add(self, tweets: Iterable[Any]) -> Any:
        return self._store.add(self._count(tweets))

    def _count(self, tweets: Iterable[Any]) -> Iterator[Any]:
        p = self._progress
        if p.label != self._label:
            p.stage(self._label)  # the count runs on across files
        for tweet in tweets:
            p.tick()
            yield tweet

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

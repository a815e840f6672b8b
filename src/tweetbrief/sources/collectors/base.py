"""The live-collector interface, its registry, and the resume bookkeeping every collector shares.

A collector is registered under the prefix of the source specs it serves (``x-search`` serves
``x-search:QUERY``). It has one method, ``fetch(window, cursor)``, which yields ``Page``s newest
first; each page carries the tweets it brought and the cursor state to save once they are stored.
The runner stores a page and saves its cursor before asking for the next one, so an interrupted
run loses nothing and the next run resumes where it stopped. ``COLLECTORS`` is a ``Registry`` of
classes keyed by prefix; built-ins are ``tweetbrief.collectors`` entry points like a plugin's (see
docs/plugins.md), ``@register_collector`` adds one in-process::

    @register_collector
    class MySource(Collector):
        prefix = "my-source"          # or name = "my-source": the two are the same attribute
        description = "My source (what a spec's argument is)"
        def fetch(self, window, cursor): ...
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from tweetbrief.errors import CollectError
from tweetbrief.models import Tweet
from tweetbrief.registry import Registry

if TYPE_CHECKING:
    from tweetbrief.sources.collectors.context import CollectContext

__all__ = ["CollectError", "Collector", "COLLECTORS", "register_collector", "Page", "Resume", "Window",
           "repeated_cursor_error"]


@dataclass(frozen=True, slots=True)
class Window:
    """``start <= created_at < end``, both timezone-aware."""

    start: datetime
    end: datetime

    def __contains__(self, when: datetime) -> bool:
        return self.start <= when < self.end

    def iso(self) -> list[str]:
        return [self.start.isoformat(), self.end.isoformat()]


@dataclass(slots=True)
class Page:
    tweets: list[Tweet]
    cursor: dict[str, Any]  # saved with Store.set_cursor(spec, cursor) once the tweets are stored
    reads: int = 0  # billable X API resources this page cost
    skipped: int = 0  # items outside the window or not usable
    reasons: dict[str, int] = field(default_factory=dict)  # why items were skipped (part of ``skipped``)


class Resume:
    """Cursor state for a newest-first source: a high-water mark plus an unfinished run's page token.

    Saved state::

        {"covered": [start, end],         # window of the last completed run(s)
         "newest": "123",                 # newest marker (id or time) seen by completed runs
         "pending": {"window": [..], "token": "...", "top": "130"} | None}   # run in progress

    ``since`` is the marker to fetch after (only when the new window starts inside the covered
    one, so nothing in between is skipped); ``token`` is the page to continue from when the last
    run on this same window was interrupted.
    """

    def __init__(self, cursor: dict | None, window: Window, key: Callable[[str], Any] = int):
        self.window = window
        self.key = key
        state = cursor or {}
        self.covered: list[str] | None = state.get("covered")
        self.newest: str | None = state.get("newest")
        pending = state.get("pending")
        self.token: str | None = None
        self.top: str | None = None
        if pending and pending.get("window") == window.iso():
            self.token = pending.get("token")
            self.top = pending.get("top")
        self.seen: set[str] = {self.token} if self.token else set()  # page tokens met in this run

    def repeated(self, next_token: str | None) -> bool:
        """True when the server hands out a page token it already gave in this run (it would loop forever)."""
        if next_token is None:
            return False
        if next_token in self.seen:
            return True
        self.seen.add(next_token)
        return False

    @property
    def since(self) -> str | None:
        if not self.newest or not self.covered:
            return None
        start, end = (datetime.fromisoformat(v) for v in self.covered)
        return self.newest if start <= self.window.start <= end else None

    def _max(self, a: str | None, b: str | None) -> str | None:
        if a is None or b is None:
            return a if b is None else b
        return a if self.key(a) >= self.key(b) else b

    def _base(self) -> dict[str, Any]:
        return {"covered": self.covered, "newest": self.newest, "pending": None}

    def page(self, markers: list[str], next_token: str | None) -> dict[str, Any]:
        """State after a page: ``top`` grows, and the run stays pending until the last page."""
        for m in markers:
            self.top = self._max(self.top, m)
        self.token = next_token
        if next_token is None:
            return self.done()
        state = self._base()
        state["pending"] = {"window": self.window.iso(), "token": next_token, "top": self.top}
        return state

    def done(self) -> dict[str, Any]:
        """State after the last page: the window is covered and ``newest`` moves up."""
        if self.covered and self.since is not None:
            start, end = (datetime.fromisoformat(v) for v in self.covered)
            self.covered = [start.isoformat(), max(end, self.window.end).isoformat()]
        else:
            self.covered = self.window.iso()
        self.newest = self._max(self.newest, self.top)
        self.token = None
        return self._base()


def repeated_cursor_error(spec: str, token: str) -> CollectError:
    return CollectError(f"{spec}: the server sent the same next-page cursor again ({token[:40]}); stopping this "
                        "source instead of looping. Fetched pages are saved")


class Collector(ABC):
    """One kind of live source. ``arg`` is the spec after ``prefix:`` (a query, handle, URL ...)."""

    prefix: ClassVar[str]
    name: ClassVar[str]  # the registry name: always equal to ``prefix`` (set either one)
    description: ClassVar[str] = ""
    needs: ClassVar[tuple[str, ...]] = ()  # e.g. "env:X_BEARER_TOKEN", "extra:twscrape"
    x_api: ClassVar[bool] = False  # reads are billed through the X API budget

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__
        if "prefix" in own and "name" not in own:
            cls.name = own["prefix"]
        elif "name" in own and "prefix" not in own:
            cls.prefix = own["name"]

    def __init__(self, arg: str, ctx: CollectContext):
        self.arg = arg
        self.ctx = ctx
        self.spec = f"{self.prefix}:{arg}"

    @abstractmethod
    def fetch(self, window: Window, cursor: dict | None) -> Iterator[Page]:
        """Yield pages newest first, resuming from ``cursor`` (the last saved state, or None)."""


COLLECTORS: Registry[type[Collector]] = Registry("collector")


def register_collector(cls: type[Collector]) -> type[Collector]:
    """Class decorator: register ``cls`` under its prefix (a prefix already taken -> ``PluginError``)."""
    prefix = getattr(cls, "prefix", None)
    if not isinstance(prefix, str) or not prefix or ":" in prefix:
        from tweetbrief.errors import PluginError

        raise PluginError(f"collector {cls.__name__}: set prefix (the spec before ':', e.g. 'my-feed'), got {prefix!r}")
    COLLECTORS.register(prefix, cls)
    return cls


@dataclass
class SourceResult:
    spec: str
    fetched: int = 0
    new: int = 0
    duplicates: int = 0
    skipped: int = 0
    pages: int = 0
    reads: int = 0
    complete: bool = False
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    skip_reasons: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"fetched": self.fetched, "new": self.new, "duplicates": self.duplicates, "skipped": self.skipped,
                "skip_reasons": self.skip_reasons, "pages": self.pages, "reads": self.reads, "complete": self.complete,
                "error": self.error, "warnings": self.warnings}

"""``tweetbrief run``: collect -> analyse -> write -> render -> publish (-> git), once, for cron.

Exit codes: ``tweetbrief.errors.EXIT_CODES``; docs/operations.md's table says what each leaves on the site.

A lock file next to the database (``<db>.lock``, ``fcntl.flock``) keeps two runs on the same store
apart; it is released when the process ends, even on a crash.
"""

from __future__ import annotations

import fcntl
import importlib
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from tweetbrief.analysis.model import Period
from tweetbrief.config import Topic, load_config
from tweetbrief.errors import (
    EXIT_EMPTY, EXIT_LOCK, EXIT_NOTIFY, EXIT_OK, EXIT_STAGE, EXIT_USER, EmptyPeriodError, InputError, LockBusyError,
    StageError, TweetbriefError,
)

__all__ = ["EXIT_OK", "EXIT_USER", "EXIT_LOCK", "EXIT_STAGE", "EXIT_EMPTY", "EXIT_NOTIFY", "LockBusyError",
           "StageError", "RunOptions", "RunResult", "store_lock", "lock_path", "resolve_range", "run"]


# --------------------------------------------------------------------------- lock


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


@contextmanager
def store_lock(db: Path) -> Iterator[Path]:
    """Hold an exclusive, non-blocking ``flock`` on ``<db>.lock`` for the duration."""
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise LockBusyError(f"another tweetbrief run holds the lock on {db}{who}; "
                                f"wait for it to finish (lock file {path})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # closing releases the flock; the file stays (deleting it would race)


# --------------------------------------------------------------------------- dates


def resolve_range(when: str, days: int, tz: str, today: date | None = None) -> tuple[date, date]:
    """``--date yesterday|today|YYYY-MM-DD`` (last day, topic timezone) and ``--days N`` -> (start, end)."""
    if days < 1:
        raise InputError(f"--days {days}: must be 1 or more")
    if today is None:
        today = datetime.now(ZoneInfo(tz)).date()
    if when == "yesterday":
        end = today - timedelta(days=1)
    elif when == "today":
        end = today
    else:
        try:
            end = date.fromisoformat(when)
        except ValueError:
            raise InputError(f"--date {when!r} is not yesterday, today or YYYY-MM-DD") from None
    return end - timedelta(days=days - 1), end


# --------------------------------------------------------------------------- options / result


@dataclass
class RunOptions:
    topic: Topic
    start: date
    end: date
    db: Path
    site: Path
    writer: str | None = None
    writer_options: dict[str, Any] = field(default_factory=dict)  # e.g. {"language": "en"}
    config_path: Path | None = None
    git_commit: bool = False
    git_push: bool = False
    git_remote: str = "origin"
    html: bool = False
    max_reads: int | None = None  # X API read cap for the collect stage
    timeout: float | None = None  # seconds per live source (--timeout); None = the collectors' default
    now: datetime | None = None
    allow_empty: bool = False  # publish a period without relevant tweets (never committed or pushed)
    notify: list[str] | None = None  # Apprise URLs (--notify); None = the topic's ``notify``

    @property
    def notify_urls(self) -> list[str]:
        return list(self.topic.notify if self.notify is None else self.notify)


@dataclass
class RunResult:
    post: Path
    images: list[Path]
    stats: dict[str, Any]
    html: Path | None = None
    commit: str | None = None
    pushed: bool = False
    notes: list[str] = field(default_factory=list)
    notifications: list[Any] = field(default_factory=list)  # tweetbrief.notify.NotifyResult

    @property
    def exit_code(self) -> int:
        return EXIT_NOTIFY if any(not n.ok for n in self.notifications) else EXIT_OK

    def as_json(self) -> dict[str, Any]:
        return {"post": str(self.post), "images": [str(p) for p in self.images], "html": str(self.html) if self.html
                else None, "commit": self.commit, "pushed": self.pushed, "stats": self.stats}


# --------------------------------------------------------------------------- stages


class _Stages:
    """Times stages and turns any failure inside one into a ``StageError`` naming it."""

    def __init__(self, err: TextIO):
        self.seconds: dict[str, float] = {}
        self.err = err

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        t = time.perf_counter()
        try:
            yield
        except (StageError, EmptyPeriodError):  # an empty period is its own outcome (exit 5), not a failure
            raise
        except TweetbriefError as exc:
            raise StageError(name, str(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - an unexpected bug: keep the traceback in the log
            traceback.print_exc(file=self.err)
            raise StageError(name, f"{type(exc).__name__}: {exc}") from exc
        finally:
            self.seconds[name] = time.perf_counter() - t


def find_collect_entry() -> Callable[..., Any] | None:
    """The collectors' entry point, ``tweetbrief.sources.collectors.collect(store, specs, window, *, config,
    max_reads)``, or None when this build has no collectors."""
    try:
        module = importlib.import_module("tweetbrief.sources.collectors")
    except ImportError:
        return None
    fn = getattr(module, "collect", None)
    return fn if callable(fn) else None


def collect_stage(opts: RunOptions, store: Any, collect: Callable[..., Any] | None, err: TextIO) -> dict[str, Any]:
    """Collect the report period from the topic's live sources into the store.

    Returns run info for the stats (``collected``, ``sources``, and ``costs``: the collectors'
    ``summary.costs``, e.g. ``x_reads``/``x_cost_usd``, when anything was spent). One source failing
    is a warning; every source failing (or Ctrl-C) fails the stage.
    """
    topic = opts.topic
    if not topic.sources:
        print(f"tweetbrief: topic {topic.name!r} lists no live sources; skipping collection "
              "(add sources = [...] to the topic, or `tweetbrief import` files)", file=err)
        return {"collected": None, "sources": []}
    if collect is None:
        raise TweetbriefError(f"topic {topic.name!r} lists sources but this tweetbrief has no collectors "
                              "(tweetbrief.sources.collectors.collect)")
    from tweetbrief.sources.collectors import CollectConfig, Window

    period = Period(opts.start, opts.end, topic.timezone)
    config = CollectConfig.from_config(load_config(opts.config_path))
    deadline = {"timeout": opts.timeout} if opts.timeout is not None else {}
    summary = collect(store, list(topic.sources), Window(period.start_utc, period.end_utc), config=config,
                      max_reads=opts.max_reads, **deadline)
    results = list(summary.sources.values())
    for res in results:
        if res.error:
            print(f"tweetbrief: collect {res.spec}: {res.error}", file=err)
    if getattr(summary, "interrupted", False):
        raise TweetbriefError("collection interrupted; fetched pages are saved, rerun to resume")
    if results and all(res.error for res in results):
        raise TweetbriefError(f"every source failed ({len(results)}); not writing a report from stale data")
    info: dict[str, Any] = {"collected": sum(res.fetched for res in results), "sources": list(topic.sources)}
    costs = dict(summary.costs)  # each collector family's figures (x_reads, x_cost_usd, ...)
    if any(costs.values()):  # a run that cost nothing (no paid API read) reports no cost keys, as before
        info["costs"] = costs
    return info


# --------------------------------------------------------------------------- run


def _preflight(opts: RunOptions) -> None:
    from tweetbrief.writers.base import get_writer, needs_error

    writer = get_writer(opts.writer or opts.topic.writer)  # unknown writer -> ConfigError (exit 2)
    unmet = writer.unmet_needs({**opts.topic.writer_options, **opts.writer_options})  # as `report`: a missing key
    if unmet:
        raise needs_error(writer.name, unmet)  # exit 2 before the lock, collection or analysis
    if opts.timeout is not None:
        from tweetbrief.sources.collectors.run import check_timeout

        check_timeout(opts.timeout)  # --timeout 0 -> InputError (exit 2)
    if opts.site.exists() and not opts.site.is_dir():
        raise InputError(f"--site {opts.site} is a file; pass the Jekyll site directory")
    if opts.git_commit or opts.git_push:
        from tweetbrief.publish.git import repo_root

        opts.site.mkdir(parents=True, exist_ok=True)
        repo_root(opts.site)
    if opts.notify_urls:
        from tweetbrief.notify import require_apprise

        require_apprise()  # missing extra: a one-line hint (exit 2) before any work


def run(opts: RunOptions, *, collect: Callable[..., Any] | None | bool = True, err: TextIO | None = None) -> RunResult:
    """One scheduled run. ``collect``: True = the collectors' entry point, or a callable (tests)."""
    from tweetbrief.pipeline import make_report
    from tweetbrief.publish.jekyll import PublishOptions
    from tweetbrief.publish.stats import stats_line
    from tweetbrief.store import Store

    err = err or sys.stderr
    _preflight(opts)
    collect_fn = find_collect_entry() if collect is True else (collect or None)
    stages = _Stages(err)
    t0 = time.perf_counter()
    with store_lock(opts.db):  # held until git is done: the site is shared between runs too
        with stages("open"):
            store = Store.open(opts.db)
        try:
            with stages("collect"):
                run_info = collect_stage(opts, store, collect_fn, err)
            run_info["seconds"] = dict(stages.seconds)
            result = make_report(store, opts.topic, opts.start, opts.end, opts.site, writer=opts.writer,
                                 writer_options=opts.writer_options, now=opts.now,
                                 publish=PublishOptions.from_topic(opts.topic), stage=stages,
                                 run_info=run_info, allow_empty=opts.allow_empty)
        finally:
            store.close()
        out = RunResult(post=result.post, images=result.images, stats=result.stats)
        if opts.html:
            from tweetbrief.publish.preview import write_preview

            with stages("html"):
                out.html = write_preview(result.post, site=opts.site).path
        if (opts.git_commit or opts.git_push) and result.stats.get("empty"):
            out.notes.append("empty period: the post was written (--allow-empty) but not committed or pushed")
            print(f"tweetbrief: {out.notes[-1]}", file=err)
        elif opts.git_commit or opts.git_push:
            from tweetbrief.publish import git

            with stages("git"):
                message = f"tweetbrief: {opts.topic.name} {opts.start} to {opts.end}"
                done = git.commit_paths(opts.site, [*result.images, result.post], message)
                out.commit = done.sha
                if opts.git_push:
                    git.push(opts.site, opts.git_remote)
                    out.pushed = True
    if opts.notify_urls and not result.stats.get("empty"):  # the post is out: a channel failing never undoes it
        from tweetbrief.notify import notify_published, summary

        t = time.perf_counter()
        out.notifications = notify_published(opts.notify_urls, result.report, result.analysis, result.post,
                                             site=opts.site, site_url=opts.topic.site_url,
                                             categories=opts.topic.categories, err=err)
        stages.seconds["notify"] = time.perf_counter() - t
        out.stats["notify"] = summary(out.notifications)
    out.stats["seconds"] = {k: round(v, 3) for k, v in stages.seconds.items()}
    out.stats["seconds"]["total"] = round(time.perf_counter() - t0, 3)
    print(stats_line(out.stats), file=err)
    if out.notifications:
        failed = [n.label for n in out.notifications if not n.ok]
        print(f"tweetbrief: notify: {len(out.notifications) - len(failed)} sent, {len(failed)} failed"
              + (f" ({', '.join(failed)}); exit code {EXIT_NOTIFY}" if failed else ""), file=err)
    return out

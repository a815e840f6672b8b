"""Every error class of tweetbrief, and the exit codes. ``str(err)`` is one line naming what and the fix;
the CLI prints it and exits with ``err.exit_code`` (no traceback).

    TweetbriefError                 2  a problem the user can fix
     ├── InputError                 2  bad file / unknown format / wrong headers / bad flag (names file, line, fix)
     ├── ConfigError                2  bad tweetbrief.toml, unknown topic or writer, invalid keyword regex
     │    └── PluginError           2  a broken plugin, or a plugin registering a name already taken
     ├── RenderError                2  no CJK font, template problems
     ├── WriterError                2  LLM writer: bad key (401), unknown model (404), missing extra
     │    ├── EndpointUnavailable   2  the endpoint stayed down (the writer falls back to the offline report)
     │    └── StrictWriterError     4  ... and ``--strict-llm`` forbids the fallback: nothing published
     ├── StoreError                 2  the SQLite store: damaged, read-only, busy, disk full, path is a folder
     ├── PublishError               2  the site folder: read-only, a file, disk full (nothing was published)
     ├── GitError                   2  git missing, not a repository, commit or push refused
     ├── CollectError               2  one live source cannot go on (the other sources still run)
     │    ├── HttpStatusError       2  ... an HTTP error status (``.status``)
     │    └── DeadlineExceeded      2  ... it used up its ``--timeout`` (fetched pages are saved)
     ├── LockBusyError              3  another run holds the lock on the database
     ├── StageError                 4  ``run``: a stage failed (``.stage``); wraps whatever went wrong in it
     └── EmptyPeriodError           5  no relevant tweets in the period

Exit codes (``EXIT_CODES``; docs/operations.md has the one table of what each leaves on the site):

    0  ok: the post (and images) are in place
    2  user error, nothing done: bad flag/date, unknown topic or writer, bad config, not a git repo
    3  lock busy: another run holds the lock on the same database; nothing done
    4  a stage failed (open, collect, load, analyse, write, render, publish, html, git): the previous
       post is untouched, except for html/git, which run after the post is published. Also: an LLM
       writer's endpoint stayed down and ``--strict-llm`` (writer option ``strict = true``) is set
    5  empty period: no relevant tweets; nothing published (``--allow-empty`` publishes the empty
       post, which is never committed or pushed)
    6  the post is published but a notification failed after its retries (no exception: the run's
       result carries it, ``RunResult.exit_code``)

Inside ``run`` every error raised within a stage becomes a ``StageError`` (exit 4) naming the
stage; the same error outside ``run`` (e.g. ``GitError`` from the pre-flight check) keeps its own code.

``os_reason(err)`` / ``os_fix(err)`` word an ``OSError`` (disk full, permission denied, ...) for
such a line; the CLI uses them too for an ``OSError`` that no layer translated.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from typing import ClassVar

EXIT_OK, EXIT_USER, EXIT_LOCK, EXIT_STAGE, EXIT_EMPTY, EXIT_NOTIFY = 0, 2, 3, 4, 5, 6

#: code -> meaning, for ``--help`` (``exit_codes_help``); the module docstring says more.
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "ok",
    EXIT_USER: "user error (bad flag, date, topic, writer or config), nothing done",
    EXIT_LOCK: "another run holds the lock on the database, nothing done",
    EXIT_STAGE: "a stage failed (or the LLM endpoint stayed down with --strict-llm): the previous post is untouched, "
                "except when html or git failed after the post was written",
    EXIT_EMPTY: "no relevant tweets in the period: nothing published (--allow-empty publishes the empty post, "
                "but never commits or pushes it)",
    EXIT_NOTIFY: "the post is published but a notification (--notify / the topic's notify) failed after retries",
}


def exit_codes_help(codes: Iterable[int] | None = None) -> str:
    """``Exit codes: 0 ok; 2 ...`` for ``codes`` (default: all), from ``EXIT_CODES``."""
    chosen = sorted(EXIT_CODES) if codes is None else list(codes)
    return "Exit codes: " + "; ".join(f"{code} {EXIT_CODES[code]}" for code in chosen) + "."


class TweetbriefError(Exception):
    """Base class: a problem the user can fix; ``str(err)`` is a one-line message."""

    exit_code: ClassVar[int] = EXIT_USER


class InputError(TweetbriefError):
    """A bad input file, flag or date."""


class ConfigError(TweetbriefError):
    """A bad ``tweetbrief.toml``, an unknown topic or writer, an invalid option."""


class PluginError(ConfigError):
    """A plugin (entry point) is broken or registers a name that is already taken."""


class RenderError(TweetbriefError):
    """No CJK font, a template problem."""


class WriterError(TweetbriefError):
    """A writer cannot write: bad key, unknown model, unreachable endpoint, missing extra."""


class EndpointUnavailable(WriterError):
    """The endpoint stayed down (unreachable, timeouts, 5xx or 429 after every retry). The writer
    publishes the offline report instead, unless ``strict``."""


class StrictWriterError(WriterError):
    """A model writer could not write and ``--strict-llm`` / ``strict = true`` forbids the offline
    fallback: nothing is published."""

    exit_code: ClassVar[int] = EXIT_STAGE


class StoreError(TweetbriefError):
    """The SQLite store: damaged, read-only, busy, disk full, path is a folder."""


class PublishError(TweetbriefError):
    """The site folder: read-only, a file, disk full (nothing was published)."""


class GitError(TweetbriefError):
    """git is missing, the site is not in a repository, or a commit or push was refused."""


class CollectError(TweetbriefError):
    """One source cannot go on (network down, credentials refused, ...). Other sources still run."""


class HttpStatusError(CollectError):
    """An HTTP error status from a source (``status``)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class DeadlineExceeded(CollectError):
    """A source used up its ``--timeout``; its fetched pages are saved."""


class LockBusyError(TweetbriefError):
    """Another run holds the lock on the same database; nothing was done."""

    exit_code: ClassVar[int] = EXIT_LOCK


class StageError(TweetbriefError):
    """A stage of ``run`` failed; ``stage`` names it (the message reads ``stage <name> failed: ...``)."""

    exit_code: ClassVar[int] = EXIT_STAGE

    def __init__(self, stage: str, message: str):
        super().__init__(f"stage {stage} failed: {message}")
        self.stage = stage


class EmptyPeriodError(TweetbriefError):
    """The period has no relevant tweets: publishing would post a "共 0 条推文" report."""

    exit_code: ClassVar[int] = EXIT_EMPTY


# errno -> (what happened, how to fix it)
OS_ERRORS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("no space left on device", "free some space and run again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space and run again"),
    errno.EFBIG: ("file too large for this file system", "use a folder on another disk"),
    errno.EACCES: ("permission denied", "make it writable for this user (chmod u+w) or choose another path"),
    errno.EPERM: ("operation not permitted", "make it writable for this user (chmod u+w) or choose another path"),
    errno.EROFS: ("read-only file system", "choose a path on a writable disk"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "fix the path"),
    errno.EISDIR: ("is a folder, not a file", "pass a file path"),
    errno.ENOENT: ("no such file or folder", "check the path"),
    errno.EIO: ("input/output error", "check the disk, then run again"),
}


def os_reason(err: OSError) -> str:
    known = OS_ERRORS.get(err.errno or 0)
    return known[0] if known else (err.strerror or type(err).__name__)


def os_fix(err: OSError) -> str:
    known = OS_ERRORS.get(err.errno or 0)
    return known[1] if known else "check the path and the disk, then run again"


def describe_os_error(err: OSError) -> str:
    """``<path>: <reason>; <fix>`` for an ``OSError`` no layer translated."""
    where = err.filename if err.filename is not None else "tweetbrief"
    return f"{where}: {os_reason(err)}; {os_fix(err)}"


__all__ = ["TweetbriefError", "InputError", "ConfigError", "PluginError", "RenderError", "WriterError",
           "EndpointUnavailable", "StrictWriterError", "StoreError", "PublishError", "GitError", "CollectError",
           "HttpStatusError", "DeadlineExceeded", "LockBusyError", "StageError", "EmptyPeriodError",
           "EXIT_OK", "EXIT_USER", "EXIT_LOCK", "EXIT_STAGE", "EXIT_EMPTY", "EXIT_NOTIFY", "EXIT_CODES",
           "exit_codes_help", "OS_ERRORS", "os_reason", "os_fix", "describe_os_error"]

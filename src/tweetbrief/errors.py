"""Typed errors. The CLI turns every ``TweetbriefError`` into one line and exit code 2.

    TweetbriefError
     ├── InputError        bad file / unknown format / wrong headers (names file, line, fix)
     ├── ConfigError       bad tweetbrief.toml, unknown topic or writer, invalid keyword regex
 │    └── PluginError  a broken plugin, or a plugin registering a name already taken
     ├── RenderError       no CJK font, template problems
     ├── WriterError       LLM writer: bad key (401), unknown model (404), unreachable endpoint, missing extra
     ├── StoreError        the SQLite store: damaged, read-only, busy, disk full, path is a folder
     └── PublishError      the site folder: read-only, a file, disk full (nothing was published)

``os_reason(err)`` / ``os_fix(err)`` word an ``OSError`` (disk full, permission denied, ...) for
such a line; the CLI uses them too for an ``OSError`` that no layer translated.
"""

from __future__ import annotations

import errno


class TweetbriefError(Exception):
    """Base class: a problem the user can fix; ``str(err)`` is a one-line message."""

    exit_code = 2


class InputError(TweetbriefError):
    pass


class ConfigError(TweetbriefError):
    pass


class PluginError(ConfigError):
    """A plugin (entry point) is broken or registers a name that is already taken."""


class RenderError(TweetbriefError):
    pass


class WriterError(TweetbriefError):
    pass


class StoreError(TweetbriefError):
    pass


class PublishError(TweetbriefError):
    pass


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


__all__ = ["TweetbriefError", "InputError", "ConfigError", "PluginError", "RenderError", "WriterError", "StoreError",
           "PublishError", "OS_ERRORS", "os_reason", "os_fix", "describe_os_error"]

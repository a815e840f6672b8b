"""What can go wrong with the store file, said in one line with the fix (``StoreError``, exit 2).

* ``check_path``: the path is a folder, a parent is a file, the folder cannot be created;
* ``store_error``: an ``sqlite3`` error -> the store is not a database, is damaged, read-only,
  busy, or the disk is full (by SQLite's extended error name, a registry, not an if-chain);
* ``translated``: a decorator for ``Store`` methods, so every query says the same.

A failed write leaves nothing half-written: each batch of ``Store.add`` and each migration is one
transaction, rolled back on error; batches committed before the failure are whole tweets, and
re-running the import adds only what is missing.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tweetbrief.errors import StoreError, os_fix, os_reason

__all__ = ["check_path", "store_error", "is_busy", "translated", "SQLITE_ERRORS"]

# SQLite result-code name prefix -> (what the store is, the fix). ``{path}`` is filled in.
SQLITE_ERRORS: dict[str, tuple[str, str]] = {
    "SQLITE_NOTADB": ("not a tweetbrief store (the file is not an SQLite database)",
                      "pass the right --db, or move this file aside to start a new store"),
    "SQLITE_CORRUPT": ("the store is damaged (database disk image is malformed)",
                       "restore it from a backup, or recover it: sqlite3 {path} .recover | sqlite3 recovered.sqlite"),
    "SQLITE_READONLY": ("the store is read-only",
                        "make the file and its folder writable for this user (chmod u+w), or pass another --db"),
    "SQLITE_FULL": ("the disk is full (or the store reached its size limit)",
                    "free some space and run again; tweets committed before are kept, a re-run adds the rest"),
    "SQLITE_CANTOPEN": ("cannot open the store file",
                        "check that its folder exists and is writable for this user, or pass another --db"),
    "SQLITE_BUSY": ("the store is locked by another tweetbrief process",
                    "wait for it to finish and run again"),
    "SQLITE_LOCKED": ("the store is locked by another tweetbrief process",
                      "wait for it to finish and run again"),
    "SQLITE_PERM": ("permission denied", "make the store writable for this user, or pass another --db"),
    "SQLITE_IOERR": ("disk input/output error while reading or writing the store",
                     "check the disk (and free space), then run again"),
}

# Older SQLite/Python builds without ``sqlite_errorname``: match the message instead.
_MESSAGES = {
    "file is not a database": "SQLITE_NOTADB",
    "malformed": "SQLITE_CORRUPT",
    "readonly database": "SQLITE_READONLY",
    "disk is full": "SQLITE_FULL",
    "unable to open database": "SQLITE_CANTOPEN",
    "database is locked": "SQLITE_BUSY",
    "disk i/o error": "SQLITE_IOERR",
}


def _code(err: sqlite3.Error) -> str:
    name = getattr(err, "sqlite_errorname", "") or ""
    if name:
        return name
    text = str(err).lower()
    return next((code for needle, code in _MESSAGES.items() if needle in text), "")


def is_busy(err: sqlite3.Error) -> bool:
    return _code(err).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def store_error(err: sqlite3.Error, path: Path | str | None) -> StoreError | sqlite3.Error:
    """The one-line ``StoreError`` for a known SQLite failure; unknown ones are returned as they are
    (a bug keeps its traceback)."""
    code = _code(err)
    if code.startswith("SQLITE_IOERR") and path is not None and _disk_full(Path(path)):
        code = "SQLITE_FULL"  # a write that hits a full disk can surface as an I/O error (WAL, -shm)
    for prefix, (what, fix) in SQLITE_ERRORS.items():
        if code.startswith(prefix):
            where = str(path) if path is not None else "the store"
            return StoreError(f"{where}: {what}; {fix.format(path=where)}")
    return err


def _disk_full(path: Path) -> bool:
    try:
        st = os.statvfs(path.parent if str(path) != ":memory:" else ".")
    except (OSError, AttributeError):
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def check_path(path: Path) -> None:
    """Refuse a store path that cannot be a file before SQLite makes a vaguer error of it."""
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a store file; pass a file path such as "
                         f"{path / 'tweetbrief.sqlite'} to --db")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise StoreError(f"{path}: {parent} is a file, not a folder; pass a --db path inside a folder")
            break
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"{path}: cannot create the folder {path.parent} ({os_reason(err)}); "
                         f"{os_fix(err)}, or pass another --db") from None
    if path.exists() and not path.is_file():
        raise StoreError(f"{path}: not a regular file; pass a store file path to --db")


F = TypeVar("F", bound=Callable)


def translated(method: F) -> F:
    """Turn known ``sqlite3`` errors raised by a ``Store`` method into a ``StoreError`` naming the file."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as err:
            mapped = store_error(err, self.path or ":memory:")
            if mapped is err:
                raise
            raise mapped from None

    return wrapper  # type: ignore[return-value]

"""The local SQLite store: idempotent inserts keyed by tweet id, range queries by time.

    store = Store.open(path)          # creates + migrates
    new, dup = store.add(tweets)      # INSERT OR IGNORE: re-importing adds nothing
    tweets = store.between(start_utc, end_utc)

Faults (``store/faults.py``) are one-line ``StoreError``s naming the file: a folder or a file-parent
as the path, a damaged or non-SQLite file, a read-only store, a full disk, a lock held too long.
Two processes opening a new store at once both succeed: SQLite's busy timeout, migrations in
``BEGIN IMMEDIATE`` transactions, and a retry of the whole open while the store reports busy.
"""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import orjson
import platformdirs

from tweetbrief.models import Tweet
from tweetbrief.store.faults import check_path, is_busy, store_error, translated
from tweetbrief.store.migrations import migrate

__all__ = ["Store", "default_db_path", "BUSY_TIMEOUT"]

BUSY_TIMEOUT = 30.0  # seconds a writer waits for another process's lock (open, migrations, inserts)

_COLUMNS = (
    "id", "created_ts", "author_id", "author_handle", "author_name", "author_followers", "text", "lang",
    "like_count", "retweet_count", "reply_count", "quote_count", "view_count", "is_retweet", "is_reply",
    "is_quote", "retweeted_id", "quoted_id", "urls", "hashtags", "mentions", "cashtags", "source",
    "permalink", "raw",
)
_INSERT = f"INSERT OR IGNORE INTO tweets ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_SELECT = f"SELECT {', '.join(_COLUMNS[:-1])} FROM tweets"


def default_db_path() -> Path:
    """``$TWEETBRIEF_DB`` if set, else ``tweetbrief.sqlite`` in the user's data directory."""
    env = os.environ.get("TWEETBRIEF_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("tweetbrief", appauthor=False)) / "tweetbrief.sqlite"


def _raw(value: bytes | str | dict | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    return orjson.dumps(value, default=str).decode()


def _row(t: Tweet, _dumps=orjson.dumps) -> tuple:
    # Hot path of every import (inlined list/raw encoding; ~40% faster than helper calls).
    raw = t.raw
    if raw is not None and not isinstance(raw, str):
        raw = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else _raw(raw)
    urls, hashtags, mentions, cashtags = t.urls, t.hashtags, t.mentions, t.cashtags
    return (
        t.id, int(t.created_at.timestamp()), t.author_id, t.author_handle, t.author_name, t.author_followers,
        t.text, t.lang, t.like_count, t.retweet_count, t.reply_count, t.quote_count, t.view_count,
        int(t.is_retweet), int(t.is_reply), int(t.is_quote), t.retweeted_id, t.quoted_id,
        _dumps(urls).decode() if urls else "[]", _dumps(hashtags).decode() if hashtags else "[]",
        _dumps(mentions).decode() if mentions else "[]", _dumps(cashtags).decode() if cashtags else "[]",
        t.source, t.permalink, raw,
    )


def _tweet(r: tuple, _loads=orjson.loads, _when=datetime.fromtimestamp, _utc=UTC, _T=Tweet) -> Tweet:
    # Hot path of every report (a whole-range report reads every row): positional arguments, and
    # the common empty lists without a JSON parse.
    urls, hashtags, mentions, cashtags = r[18], r[19], r[20], r[21]
    return _T(
        r[0], r[6], _when(r[1], _utc), r[2], r[3], r[4], r[5], r[7], r[8], r[9], r[10], r[11], r[12],
        bool(r[13]), bool(r[14]), bool(r[15]), r[16], r[17],
        [] if urls == "[]" else _loads(urls), [] if hashtags == "[]" else _loads(hashtags),
        [] if mentions == "[]" else _loads(mentions), [] if cashtags == "[]" else _loads(cashtags),
        _source(r[22]), r[23],
    )


_SOURCES: dict[str, str] = {}


def _source(name: str) -> str:
    """One string object per source name (a million rows share a handful of names)."""
    return _SOURCES.setdefault(name, name) if len(_SOURCES) < 1000 else name


def _stream(cur: sqlite3.Cursor, batch: int, path: Path | None) -> Iterator[Tweet]:
    try:
        while True:
            try:
                rows = cur.fetchmany(batch)
            except sqlite3.Error as err:  # a damaged page met halfway through a range
                mapped = store_error(err, path or ":memory:")
                if mapped is err:
                    raise
                raise mapped from None
            if not rows:
                break
            yield from map(_tweet, rows)
    finally:
        cur.close()


def _connect(target: str, timeout: float) -> sqlite3.Connection:
    db = sqlite3.connect(target, timeout=timeout)
    try:
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db


class Store:
    def __init__(self, db: sqlite3.Connection, path: Path | None = None):
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: str | Path | None = None, *, timeout: float = BUSY_TIMEOUT) -> Store:
        """Open (creating and migrating) the store; ``":memory:"`` for tests.

        While SQLite says the store is busy (another process creating or migrating it; some busy
        cases skip the busy handler), the whole open is retried until ``timeout`` seconds."""
        if path is None:
            path = default_db_path()
        memory = str(path) == ":memory:"
        if not memory:
            path = Path(path)
            check_path(path)
        deadline = time.monotonic() + timeout
        pause = 0.02
        while True:
            try:
                db = _connect(str(path), timeout)
                return cls(db, None if memory else Path(path))
            except sqlite3.Error as err:
                if is_busy(err) and time.monotonic() + pause < deadline:
                    time.sleep(pause)
                    pause = min(pause * 2, 0.5)
                    continue
                mapped = store_error(err, path)
                if mapped is err:
                    raise
                raise mapped from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @translated
    def add(self, tweets: Iterable[Tweet], batch: int = 5000) -> tuple[int, int]:
        """Insert tweets not yet stored. Returns ``(new, duplicates)``; commits every batch."""
        new = dup = 0
        rows: list[tuple] = []

        def flush() -> None:
            nonlocal new, dup
            # No search indexing here: new rows sit above ``search_index.upto`` until the next search
            # catches the index up (migration m005, ``tweetbrief.search.ensure_index``).
            with self.db:
                added = self.db.executemany(_INSERT, rows).rowcount
            new += added
            dup += len(rows) - added
            rows.clear()
            gc.collect(1)  # the automatic GC is off during add (below): collect young cycles per batch

        # Bulk loads allocate millions of short-lived, acyclic objects (parsed JSON, rows): the
        # automatic cyclic GC would scan them over and over (~20% of import time) for nothing.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            for t in tweets:
                rows.append(_row(t))
                if len(rows) >= batch:
                    flush()
            if rows:
                flush()
        finally:
            if gc_was_enabled:
                gc.enable()
        return new, dup

    def between(self, start: datetime, end: datetime) -> list[Tweet]:
        """Tweets with ``start <= created_at < end`` (aware datetimes), oldest first."""
        return list(self.iter_between(start, end))

    @translated
    def iter_between(self, start: datetime, end: datetime, batch: int = 10_000) -> Iterator[Tweet]:
        """``between`` as a stream: each id once, oldest first, read ``batch`` rows at a time, so a
        caller that keeps only some tweets (a long range's relevant ones) never holds them all.
        The query runs now (errors surface here); rows are read as the stream is consumed."""
        cur = self.db.execute(
            _SELECT + " WHERE created_ts >= ? AND created_ts < ? ORDER BY created_ts, id",
            (int(start.timestamp()), int(end.timestamp())),
        )
        return _stream(cur, batch, self.path)

    @translated
    def count_between(self, start: datetime, end: datetime) -> int:
        return self.db.execute(
            "SELECT COUNT(*) FROM tweets WHERE created_ts >= ? AND created_ts < ?",
            (int(start.timestamp()), int(end.timestamp())),
        ).fetchone()[0]

    @translated
    def iter_all(self, batch: int = 10_000) -> Iterator[Tweet]:
        return _stream(self.db.execute(_SELECT + " ORDER BY created_ts, id"), batch, self.path)

    @translated
    def get(self, tweet_id: str) -> Tweet | None:
        r = self.db.execute(_SELECT + " WHERE id = ?", (tweet_id,)).fetchone()
        return _tweet(r) if r else None

    @translated
    def raw(self, tweet_id: str) -> dict | None:
        r = self.db.execute("SELECT raw FROM tweets WHERE id = ?", (tweet_id,)).fetchone()
        return json.loads(r[0]) if r and r[0] else None

    @translated
    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM tweets").fetchone()[0]

    # -- collector resume points -------------------------------------------------
    @translated
    def get_cursor(self, source: str) -> dict | None:
        r = self.db.execute("SELECT state FROM cursors WHERE source = ?", (source,)).fetchone()
        return json.loads(r[0]) if r else None

    @translated
    def set_cursor(self, source: str, state: dict) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO cursors (source, state, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(source) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                (source, json.dumps(state), datetime.now(UTC).isoformat(timespec="seconds")),
            )

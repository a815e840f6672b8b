"""The normalised tweet every stage speaks. Sources produce it, the store keeps it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from time import time as _time
from typing import Any

TWITTER_EPOCH_MS = 1288834974657
X_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")  # X's rule for screen names
MAX_SQL_INT = 2**63 - 1  # SQLite INTEGER; counts above it are corrupt, not popular
EARLIEST = datetime(2006, 3, 21, tzinfo=UTC)  # the first tweet
FUTURE_SLACK = timedelta(days=1)  # clock skew between the writer of a file and us
_SNOWFLAKE_MIN = 10**15  # X ids below this are pre-2010 sequential ids (no time inside)
_COUNT_FIELDS = ("like_count", "retweet_count", "reply_count", "quote_count", "view_count", "author_followers")
_STR_FIELDS = ("id", "text", "author_id", "author_handle", "author_name", "source")
_OPT_STR_FIELDS = ("lang", "retweeted_id", "quoted_id", "permalink")
_LIST_FIELDS = ("urls", "hashtags", "mentions", "cashtags")
# C0/C1 controls, line/paragraph separators and bidi overrides: never part of a display name.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")


def snowflake_time(tweet_id: str | int) -> datetime:
    """Creation time encoded in an X snowflake id (ids after Nov 2010)."""
    ms = (int(tweet_id) >> 22) + TWITTER_EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


@dataclass(slots=True)
class Tweet:
    id: str
    text: str
    created_at: datetime  # timezone-aware, UTC
    author_id: str = ""
    author_handle: str = ""
    author_name: str = ""
    author_followers: int | None = None
    lang: str | None = None
    like_count: int | None = None
    retweet_count: int | None = None
    reply_count: int | None = None
    quote_count: int | None = None
    view_count: int | None = None
    is_retweet: bool = False
    is_reply: bool = False
    is_quote: bool = False
    retweeted_id: str | None = None  # the original when is_retweet
    quoted_id: str | None = None
    urls: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    cashtags: list[str] = field(default_factory=list)
    source: str = ""  # source format / collector name, e.g. "x-v2", "csv"
    permalink: str | None = None  # set by non-X sources (Bluesky, Mastodon); X tweets derive theirs
    # the original record: JSON bytes from a file importer, or the decoded object a live collector
    # received (RSS, Bluesky, Mastodon); the store keeps it as JSON text
    raw: bytes | str | dict[str, Any] | None = None

    @property
    def url(self) -> str:
        if self.permalink:
            return self.permalink
        if not self.id.isdigit():
            return ""  # not an X id (e.g. a CSV row without ids): no link to make
        handle = self.author_handle or "i"
        if handle == "i":
            return f"https://x.com/i/status/{self.id}"
        return f"https://x.com/{handle}/status/{self.id}"

    @property
    def engagement(self) -> int:
        return sum(v or 0 for v in (self.like_count, self.retweet_count, self.reply_count, self.quote_count))


# -- validation at the source boundary ----------------------------------------------------
def is_snowflake(tweet_id: str) -> bool:
    """True for an X id that carries its creation time (digits, after Nov 2010)."""
    return (tweet_id.isascii() and tweet_id.isdigit() and len(tweet_id) <= 19
            and _SNOWFLAKE_MIN <= int(tweet_id) <= MAX_SQL_INT)


def clean_name(value: str, limit: int = 100) -> str:
    """A display name without newlines or control characters (they become one space)."""
    return _CONTROL.sub(" ", value).strip()[:limit] if value else value


def normalise_count(value: object) -> int | None:
    """A count as a non-negative int, or None when unknown (negative, non-numeric, NaN).
    Raises ``OverflowError`` for a count no store can hold (a corrupt record)."""
    if value is None or isinstance(value, bool):
        return None
    given = value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = int(value)
    elif isinstance(value, str):
        s = value.strip().replace(",", "").replace("_", "")
        try:
            value = int(s) if s.lstrip("-").isdigit() else int(float(s))
        except (ValueError, OverflowError):
            return None
    elif not isinstance(value, int):
        raise TypeError(f"is a {type(value).__name__}, expected a number")
    if value > MAX_SQL_INT:
        raise OverflowError(f"is {given}, larger than any real count")
    return value if value >= 0 else None


def _type_problem(t: Tweet) -> str | None:
    """Which field has the wrong type (the slow path of ``tweet_problem``)."""
    for name in _STR_FIELDS:
        if not isinstance(getattr(t, name), str):
            return f"{name} is a {type(getattr(t, name)).__name__}, expected a string"
    for name in _OPT_STR_FIELDS:
        v = getattr(t, name)
        if v is not None and not isinstance(v, str):
            return f"{name} is a {type(v).__name__}, expected a string"
    for name in _LIST_FIELDS:
        v = getattr(t, name)
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            return f"{name} must be a list of strings"
    return None


_EARLIEST_TS = EARLIEST.timestamp()
_EARLIEST_MS = int(_EARLIEST_TS * 1000)
_WEB = ("https://", "http://")


def tweet_problem(t: Tweet, *, x_handles: bool = True, now: datetime | None = None) -> str | None:
    """Normalise ``t`` in place (counts, display name, links) and return why it must be skipped,
    or None when it can be stored. ``x_handles``: the handle must follow X's rule. Every record of
    every import passes here, so the common case is a handful of exact type checks."""
    if not (type(t.id) is str and type(t.text) is str and type(t.author_id) is str  # noqa: E721
            and type(t.author_handle) is str and type(t.author_name) is str and type(t.source) is str  # noqa: E721
            and (t.lang is None or type(t.lang) is str) and (t.retweeted_id is None or type(t.retweeted_id) is str)
            and (t.quoted_id is None or type(t.quoted_id) is str) and (t.permalink is None or type(t.permalink) is str)
            and type(t.urls) is list and type(t.hashtags) is list and type(t.mentions) is list  # noqa: E721
            and type(t.cashtags) is list  # noqa: E721
            and (not (t.urls or t.hashtags or t.mentions or t.cashtags)
                 or all(type(x) is str for x in (*t.urls, *t.hashtags, *t.mentions, *t.cashtags)))):  # noqa: E721
        problem = _type_problem(t)
        if problem:
            return problem
    for v in (t.like_count, t.retweet_count, t.reply_count, t.quote_count, t.view_count, t.author_followers):
        if v is not None and not (type(v) is int and 0 <= v <= MAX_SQL_INT):  # noqa: E721
            for name in _COUNT_FIELDS:
                try:
                    setattr(t, name, normalise_count(getattr(t, name)))
                except (OverflowError, TypeError) as err:
                    return f"{name} {err}"
            break
    if not t.id:
        return "no id"
    handle = t.author_handle
    if handle:
        if handle[0] == "@":
            handle = t.author_handle = handle[1:]
        if x_handles and not X_HANDLE.match(handle):
            return f"author handle {handle[:40]!r} is not an X handle (1-15 letters, digits, _)"
    name = t.author_name
    if name and (len(name) > 100 or _CONTROL.search(name)):
        t.author_name = clean_name(name)
    if t.lang and (len(t.lang) > 16 or _CONTROL.search(t.lang)):
        t.lang = clean_name(t.lang, 16) or None
    if t.urls and not all(u.startswith(_WEB) and not _CONTROL.search(u) for u in t.urls):
        t.urls = [u for u in t.urls if u.startswith(_WEB) and not _CONTROL.search(u)]
    if x_handles and t.mentions:
        t.mentions = [m for m in t.mentions if X_HANDLE.match(m)]
    created = t.created_at
    if not isinstance(created, datetime) or created.tzinfo is None:
        return "created_at is not a timezone-aware date"
    latest_ts = (now.timestamp() if now else _time()) + FUTURE_SLACK.total_seconds()
    created_ts = created.timestamp()
    tid = t.id
    if len(tid) <= 19 and tid.isdigit() and tid.isascii() and _SNOWFLAKE_MIN <= (n := int(tid)) <= MAX_SQL_INT:
        # an X snowflake id carries its creation time: it wins over an impossible date
        ms = (n >> 22) + TWITTER_EPOCH_MS
        if not _EARLIEST_MS <= ms <= latest_ts * 1000:
            return f"id {t.id} is not a real X id (its time would be {snowflake_time(t.id).date().isoformat()})"
        if not _EARLIEST_TS <= created_ts <= latest_ts:
            t.created_at = snowflake_time(t.id)
    elif not _EARLIEST_TS <= created_ts <= latest_ts:
        when = "in the future" if created_ts > latest_ts else "before the first tweet (2006)"
        return f"date {created.date().isoformat()} is {when}"
    return None


__all__ = ["Tweet", "snowflake_time", "is_snowflake", "clean_name", "normalise_count", "tweet_problem",
           "X_HANDLE", "MAX_SQL_INT", "EARLIEST"]

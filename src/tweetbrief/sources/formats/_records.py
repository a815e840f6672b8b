"""Turning one record into a stored tweet or one counted ``Skip``: X ids read exactly (never
through a float), every tweet checked at the boundary (``models.tweet_problem``: field types,
counts, handles, display names, dates), and one-line reasons for records that cannot be used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tweetbrief.models import MAX_SQL_INT, Tweet, tweet_problem
from tweetbrief.sources.base import Skip

__all__ = ["MAX_TEXT", "x_id", "record_id", "checked", "record_skip", "text_skip"]

MAX_TEXT = 100_000  # characters; X's longest posts are 25,000. Longer is junk, not a tweet.


# -- skips --------------------------------------------------------------------------------
def record_skip(path: Path, line: int | None, err: Exception, what: str = "record") -> Skip:
    """A one-line Skip for a record whose conversion raised."""
    detail = str(err).splitlines()[0][:200] if str(err) else err.__class__.__name__
    if isinstance(err, (KeyError, TypeError, AttributeError)):
        detail = f"unexpected shape ({err.__class__.__name__}: {detail})"
    return Skip(str(path), line, f"{what}: {detail}; fix or remove it")


def x_id(value: Any, field: str = "id") -> str | None:
    """An X id from a JSON value: a digit string or an integer; None when absent. A float (its
    digits are already rounded away), a boolean or a container raises ``ValueError``."""
    if type(value) is str and len(value) <= 18 and value.isdigit() and value.isascii():  # noqa: E721
        return value if value[0] != "0" or value.strip("0") else _not_id(value, field)  # the common case
    if value is None or value == "":
        return None
    if isinstance(value, str):
        s = value.strip()
        if s.isascii() and s.isdigit() and len(s) <= 19 and 0 < int(s) <= MAX_SQL_INT:
            return s
        raise ValueError(f"{field} {value[:30]!r} is not a numeric X id")
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_SQL_INT:
        return str(value)
    if isinstance(value, float):
        raise ValueError(f"{field} {value!r} is a JSON float, which cannot hold an X id exactly "
                         f"(re-export with string ids, e.g. id_str)")
    raise ValueError(f"{field} {str(value)[:30]!r} ({type(value).__name__}) is not an X id")


def record_id(obj: Any, *keys: str) -> str | None:
    """A record's id for a skip message (only a plain string or integer; never a float's guess)."""
    if not isinstance(obj, dict):
        return None
    for key in keys or ("id",):
        v = obj.get(key)
        if isinstance(v, str) and v.isprintable() and 0 < len(v) <= 30:
            return v
        if isinstance(v, int) and not isinstance(v, bool):
            return str(v)
    return None


def _not_id(value: str, field: str) -> str:
    raise ValueError(f"{field} {value[:30]!r} is not a numeric X id")


def checked(path: Path, line: int | None, tweet: Tweet, *, x_handles: bool = True) -> Tweet | Skip:
    """The tweet, normalised, or a Skip naming the field that makes it unusable."""
    if type(tweet.text) is str and len(tweet.text) > MAX_TEXT:  # noqa: E721
        return text_skip(path, line, tweet.id, tweet.text)  # type: ignore[return-value]
    problem = tweet_problem(tweet, x_handles=x_handles)
    if problem:
        tid = tweet.id if isinstance(tweet.id, str) else "?"
        return Skip(str(path), line, f"tweet {tid}: {problem}; fix or remove it")
    return tweet


def text_skip(path: Path, line: int | None, tweet_id: str, text: str) -> Skip | None:
    """A Skip when a tweet's text is absurdly long (junk), else None."""
    if len(text) > MAX_TEXT:
        return Skip(str(path), line, f"tweet {tweet_id}: text is {len(text):,} characters "
                                     f"(posts have at most 25,000); not a tweet, skipped")
    return None

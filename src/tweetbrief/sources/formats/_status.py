"""The X API v1.1 status mapping, shared by ``x_v1`` and ``x_archive`` (whose tweets are
v1.1-shaped, without a ``user`` and with counts as strings).

Retweets keep ``RT @user: `` followed by the full text of ``retweeted_status``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from tweetbrief.models import Tweet
from tweetbrief.sources.base import Skip
from tweetbrief.sources.formats._common import (
    checked, full_retweet_text, record_id, parse_time, record_skip, to_int, unescape_x, x_id,
)

__all__ = ["tweet_from_v1", "statuses_in", "convert_all"]


def _full_text(status: dict) -> str:
    ext = status.get("extended_tweet")
    if ext and ext.get("full_text"):
        return ext["full_text"]
    text = status.get("full_text") or status.get("text")
    if not isinstance(text, str):
        raise ValueError("status has no text")
    return text


def _id(value: Any, field: str = "id") -> str | None:
    return x_id(value, field)


def tweet_from_v1(status: dict, *, source: str = "x-v1", handle: str = "", author_id: str = "",
                  author_name: str = "") -> Tweet:
    """One v1.1 status (or an archive tweet) as a ``Tweet``; counts may be strings."""
    tid = _id(status.get("id_str"), "id_str") or _id(status.get("id"))
    if not tid:
        raise ValueError("status has no id")
    text = _full_text(status)
    user = status.get("user") or {}
    retweeted = status.get("retweeted_status")
    retweeted_id = None
    if retweeted:
        retweeted_id = _id(retweeted.get("id_str")) or _id(retweeted.get("id"))
        text = full_retweet_text(text, _full_text(retweeted))
    text = unescape_x(text)
    ext = status.get("extended_tweet")
    ent = (ext or {}).get("entities") or status.get("entities") or {}
    quoted_id = _id(status.get("quoted_status_id_str")) or _id(status.get("quoted_status_id"))
    cashtags: list[str] = []
    for sym in ent.get("symbols") or ():
        tag = str(sym.get("text", "")).upper()
        if tag and tag not in cashtags:
            cashtags.append(tag)
    return Tweet(
        id=tid,
        text=text,
        created_at=parse_time(status.get("created_at")),
        author_id=_id(user.get("id_str"), "user.id_str") or _id(user.get("id"), "user.id") or author_id,
        author_handle=user.get("screen_name") or handle,
        author_name=user.get("name") or author_name,
        author_followers=to_int(user.get("followers_count")),
        lang=status.get("lang"),
        like_count=to_int(status.get("favorite_count")),
        retweet_count=to_int(status.get("retweet_count")),
        reply_count=to_int(status.get("reply_count")),
        quote_count=to_int(status.get("quote_count")),
        is_retweet=bool(retweeted) or text.startswith("RT @"),
        is_reply=bool(status.get("in_reply_to_status_id_str") or status.get("in_reply_to_status_id")),
        is_quote=bool(status.get("is_quote_status") or quoted_id),
        retweeted_id=retweeted_id,
        quoted_id=quoted_id,
        urls=[u.get("expanded_url") or u["url"] for u in ent.get("urls") or ()],
        hashtags=[h["text"] for h in ent.get("hashtags") or ()],
        mentions=[m["screen_name"] for m in ent.get("user_mentions") or ()],
        cashtags=cashtags,
        source=source,
        raw=orjson.dumps(status),
    )


def statuses_in(value: Any) -> list | None:
    """The statuses in one JSON value (a status, a list, or ``{"statuses": [...]}``)."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        if isinstance(value.get("statuses"), list):
            return value["statuses"]
        if "id_str" in value or ("id" in value and ("text" in value or "full_text" in value)):
            return [value]
    return None


def convert_all(path: Path, line: int | None, statuses: list, source: str, **author: str) -> Iterator[Tweet | Skip]:
    """Convert statuses one by one; each failure becomes a counted Skip."""
    for i, status in enumerate(statuses):
        try:
            tweet = tweet_from_v1(status, source=source, **author)
        except Exception as err:  # noqa: BLE001 - converted to a counted skip
            sid = record_id(status, "id_str", "id")
            where = f"status {sid}" if sid else f"item {i}"
            yield record_skip(path, line, err, where if line is not None else f"{where} (#{i + 1})")
            continue
        yield checked(path, line, tweet)

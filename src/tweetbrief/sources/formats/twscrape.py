"""twscrape JSON lines: one ``twscrape.models.Tweet.dict()`` a line (snscrape-style fields:
``rawContent``, ``user.username``, ``likeCount``, ``viewCount``, ``retweetedTweet``, ``links``...).

``tweet_from_twscrape`` is shared with the legacy ``snscrape`` importer (``content``,
``outlinks``; entities missing -> taken from the text) and with the live twscrape collector,
which passes ``Tweet.dict()`` directly (``date`` is then a datetime, ids are ints).
Retweets keep ``RT @user: `` followed by the full text of ``retweetedTweet``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from tweetbrief.models import Tweet
from tweetbrief.sources.base import Importer, ImportOptions, Skip, register_importer
from tweetbrief.sources.formats._common import (
    check_not_binary, entities_from_text, full_retweet_text, iter_json, parse_time, record_skip, sniff_text,
    checked, record_id, to_int, unescape_x, x_id,
)

__all__ = ["TwscrapeImporter", "tweet_from_twscrape", "RAW_CONTENT", "import_scraped"]

RAW_CONTENT = "rawContent"  # twscrape's text key


_KEY = re.compile(rb'"(\w{1,40})"\s*:')


def _id(value: Any, field: str = "id") -> str | None:
    return x_id(value, field)


def _ref_id(ref: Any) -> str | None:
    return (_id(ref.get("id_str")) or _id(ref.get("id"))) if isinstance(ref, dict) else None


def _text(obj: dict) -> str:
    text = obj.get(RAW_CONTENT) or obj.get("content")
    if not isinstance(text, str):
        raise ValueError("tweet has no text (no rawContent/content)")
    return text


def _url(link: Any) -> str | None:
    if isinstance(link, str):
        return link
    if isinstance(link, dict):
        return link.get("url") or link.get("tcourl")
    return None


def tweet_from_twscrape(obj: dict, *, source: str = "twscrape") -> Tweet:
    """One twscrape ``Tweet.dict()`` (or a snscrape JSON tweet) as a ``Tweet``."""
    tid = _id(obj.get("id_str"), "id_str") or _id(obj.get("id"))
    if not tid:
        raise ValueError("tweet has no id")
    text = _text(obj)
    user = obj.get("user") or {}
    retweeted = obj.get("retweetedTweet")
    quoted = obj.get("quotedTweet")
    if isinstance(retweeted, dict):
        text = full_retweet_text(text, _text(retweeted))
    text = unescape_x(text)
    found: tuple[list[str], list[str], list[str]] = ([], [], [])  # from the text when a list is missing
    hashtags = obj.get("hashtags")
    cashtags = obj.get("cashtags")
    mentioned = obj.get("mentionedUsers")
    if hashtags is None or cashtags is None or mentioned is None:
        found = entities_from_text(text)
    links = obj.get("links") if obj.get("links") is not None else obj.get("outlinks")
    return Tweet(
        id=tid,
        text=text,
        created_at=parse_time(obj.get("date")),
        author_id=_id(user.get("id_str"), "user.id_str") or _id(user.get("id"), "user.id") or "",
        author_handle=user.get("username") or "",
        author_name=user.get("displayname") or "",
        author_followers=to_int(user.get("followersCount")),
        lang=obj.get("lang"),
        like_count=to_int(obj.get("likeCount")),
        retweet_count=to_int(obj.get("retweetCount")),
        reply_count=to_int(obj.get("replyCount")),
        quote_count=to_int(obj.get("quoteCount")),
        view_count=to_int(obj.get("viewCount")),
        is_retweet=bool(retweeted),
        is_reply=bool(obj.get("inReplyToTweetId") or obj.get("inReplyToTweetIdStr")),
        is_quote=bool(quoted) or bool(obj.get("isQuoteStatus")),
        retweeted_id=_ref_id(retweeted),
        quoted_id=_ref_id(quoted),
        urls=[u for u in map(_url, links or ()) if u],
        hashtags=list(hashtags) if hashtags is not None else found[0],
        mentions=[m["username"] for m in mentioned if m and m.get("username")] if mentioned is not None else found[1],
        cashtags=list(dict.fromkeys(c.lstrip("$").upper() for c in cashtags)) if cashtags is not None else found[2],
        source=source,
        raw=orjson.dumps(obj, default=str),
    )


def sniff_scraped(head: bytes) -> set[str]:
    """Top-level keys of the first JSON-lines record in the head (all keys seen if it is cut off)."""
    text = sniff_text(head)
    if not text.startswith((b"{", b"[")):
        return set()
    first = text.split(b"\n", 1)[0]
    try:
        value = orjson.loads(first)
    except orjson.JSONDecodeError:
        if len(first) < len(text):
            return set()  # a complete first line that is not JSON: not JSON lines
        return {k.decode() for k in _KEY.findall(first)}
    if isinstance(value, list):
        value = value[0] if value else None
    return set(value) if isinstance(value, dict) else set()


def import_scraped(path: Path, source: str) -> Iterator[Tweet | Skip]:
    """twscrape/snscrape files: one tweet a line (or a JSON array of tweets)."""
    check_not_binary(path, f"{source} JSON lines")
    for item in iter_json(path):
        if isinstance(item, Skip):
            yield item
            continue
        line, value = item
        for i, obj in enumerate(value if isinstance(value, list) else [value]):
            where = line if line is not None else None
            try:
                if not isinstance(obj, dict) or not isinstance(obj.get("user"), dict):
                    raise ValueError(f"not a {source} tweet (no 'user')")
                tweet = tweet_from_twscrape(obj, source=source)
            except Exception as err:  # noqa: BLE001 - converted to a counted skip
                tid = record_id(obj, "id_str", "id")
                label = f"tweet {tid}" if tid else ("record" if line is not None else f"record #{i + 1}")
                yield record_skip(path, where, err, label)
                continue
            yield checked(path, where, tweet)


@register_importer
class TwscrapeImporter(Importer):
    name = "twscrape"
    description = "twscrape JSON lines (Tweet.dict() a line)"

    def sniff(self, head: bytes, path: Path) -> bool:
        first = sniff_scraped(head)
        return RAW_CONTENT in first and "renderedContent" not in first and "user" in first

    def parse(self, path: Path, options: ImportOptions) -> Iterator[Tweet | Skip]:
        return import_scraped(path, self.name)

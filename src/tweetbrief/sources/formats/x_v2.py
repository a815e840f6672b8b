"""X API v2 responses: one page as JSON, or pages as JSON lines the way twarc2 writes them.

A page is ``{"data": [tweet, ...] | tweet, "includes": {"users": [...], "tweets": [...]},
"meta": ...}``. Only ``data`` tweets are records; ``includes`` give authors and the full text of
retweeted originals. Retweets keep X's ``RT @user: `` prefix followed by the *full* original
text (X truncates it in ``data``). Without ``created_at`` (tweepy's default fields) the time
comes from the snowflake id.

``tweets_from_v2_page`` is the pure converter live collectors call on API responses.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from tweetbrief.models import Tweet, snowflake_time
from tweetbrief.sources.base import Importer, ImportOptions, Skip, register_importer
from tweetbrief.sources.formats._common import (
    check_not_binary, entities_from_text, first_json_key, full_retweet_text, iter_json, parse_time, record_skip,
    sniff_text, checked, record_id, unescape_x, x_id,
)

__all__ = ["XV2Importer", "tweets_from_v2_page"]

log = logging.getLogger(__name__)
_UTC = UTC
_fromiso = datetime.fromisoformat
_dumps = orjson.dumps
_PAGE_KEYS = (b"data", b"errors", b"includes", b"meta")
_NOT_TWEETS = (("tweet_count", "tweet counts"), ("username", "users"), ("member_count", "lists"))


def _users(includes: dict) -> dict[str, tuple[str, str, int | None]]:
    users: dict[str, tuple[str, str, int | None]] = {}
    for u in includes.get("users") or ():
        if not isinstance(u, dict) or not isinstance(u.get("id"), str):
            continue  # a damaged user entry: its tweets keep no author rather than the page being lost
        pm = u.get("public_metrics")
        users[u["id"]] = (u.get("username") or "", u.get("name") or "",
                              pm.get("followers_count") if isinstance(pm, dict) else None)
    return users


def _entities(tw: dict, text: str) -> tuple[list[str], list[str], list[str], list[str]]:
    ent = tw.get("entities")
    if ent is None:
        hashtags, mentions, cashtags = entities_from_text(text)
        return [], hashtags, mentions, cashtags
    urls = [u.get("expanded_url") or u.get("url") for u in ent.get("urls") or ()
            if "media_key" not in u and not (u.get("display_url") or "").startswith(("pic.twitter.com", "pic.x.com"))]
    hashtags = [h["tag"] for h in ent.get("hashtags") or ()]
    mentions = [m["username"] for m in ent.get("mentions") or ()]
    cashtags = []
    for c in ent.get("cashtags") or ():
        tag = c["tag"].upper()
        if tag not in cashtags:
            cashtags.append(tag)
    return urls, hashtags, mentions, cashtags


def _tweet(tw: dict, users: dict, originals: dict, source: str) -> Tweet:
    tid = x_id(tw.get("id"))
    if not tid:
        raise ValueError("tweet has no id")
    text = tw.get("text")
    if not isinstance(text, str):
        raise ValueError(f"tweet {tid} has no text")
    note = tw.get("note_tweet")
    if note and note.get("text"):
        text = note["text"]  # long posts: the full text lives in note_tweet
    created = tw.get("created_at")
    if created:
        try:
            created_at = _fromiso(created)
        except (TypeError, ValueError):
            created_at = parse_time(created)  # other forms, or a clear error
        if created_at.tzinfo is None:
            created_at = created_at.replace(tzinfo=_UTC)
    else:
        created_at = snowflake_time(tid)
    author_id = tw.get("author_id") or ""
    handle, name, followers = (users.get(author_id) if isinstance(author_id, str) else None) or ("", "", None)
    is_retweet = is_reply = is_quote = False
    retweeted_id = quoted_id = None
    refs = tw.get("referenced_tweets")
    if refs:
        for ref in refs:
            kind = ref.get("type")
            if kind == "retweeted":
                is_retweet, retweeted_id = True, x_id(ref.get("id"), "referenced_tweets.id")
                original = originals.get(retweeted_id)
                if original:
                    onote = original.get("note_tweet")
                    text = full_retweet_text(text, (onote or {}).get("text") or original.get("text"))
            elif kind == "quoted":
                is_quote, quoted_id = True, x_id(ref.get("id"), "referenced_tweets.id")
            elif kind == "replied_to":
                is_reply = True
    if not is_reply and tw.get("in_reply_to_user_id"):
        is_reply = True
    if "&" in text:
        text = unescape_x(text)
    urls, hashtags, mentions, cashtags = _entities(tw, text)
    pm = tw.get("public_metrics")
    if pm:
        likes, rts, replies, quotes, views = (pm.get("like_count"), pm.get("retweet_count"),
                                              pm.get("reply_count"), pm.get("quote_count"),
                                              pm.get("impression_count"))
    else:
        likes = rts = replies = quotes = views = None
    return Tweet(tid, text, created_at, author_id, handle, name, followers, tw.get("lang"),
                 likes, rts, replies, quotes, views, is_retweet, is_reply, is_quote, retweeted_id,
                 quoted_id, urls, hashtags, mentions, cashtags, source, None, _dumps(tw))


def _page_parts(page: dict) -> tuple[list, dict, dict]:
    data = page.get("data")
    if isinstance(data, dict):
        data = [data]
    includes = page.get("includes") or {}
    originals = {t["id"]: t for t in includes.get("tweets") or ()
                 if isinstance(t, dict) and isinstance(t.get("id"), str)}
    return data or [], _users(includes), originals


def tweets_from_v2_page(page: dict, *, source: str = "x-v2") -> Iterator[Tweet]:
    """The tweets in one X API v2 response page (``data``; ``includes`` are context only).
    A tweet that cannot be converted is logged and left out."""
    data, users, originals = _page_parts(page)
    for tw in data:
        try:
            yield _tweet(tw, users, originals, source)
        except Exception as err:  # noqa: BLE001 - one bad tweet must not lose the page
            log.warning("skipped X API v2 tweet %r: %s", tw.get("id") if isinstance(tw, dict) else tw, err)


def _not_tweets_reason(page: Any) -> str | None:
    """Why a JSON value is not a page of tweets (None when it is)."""
    if not isinstance(page, dict):
        return f"a JSON {type(page).__name__}, not an X API v2 page; remove the line"
    data = page.get("data")
    if data is None:
        errors = page.get("errors") or ([page] if "title" in page or "detail" in page else None)
        if errors:
            first = errors[0] if isinstance(errors[0], dict) else {}
            msg = first.get("detail") or first.get("message") or first.get("title") or "error"
            return f"an X API error record ({str(msg)[:120]}), no tweets"
        return "an X API v2 page without 'data'; nothing to import"
    sample = data if isinstance(data, dict) else (data[0] if isinstance(data, list) and data else None)
    if sample is None:
        return None  # an empty page: nothing to count
    if not isinstance(sample, dict) or "id" not in sample or "text" not in sample:
        if isinstance(data, dict) and ("__typename" in orjson.dumps(data)[:65536].decode("utf-8", "replace")):
            return "a raw X web GraphQL response, not an X API v2 page; import it with --format x-graphql"
        kind = next((k for key, k in _NOT_TWEETS if isinstance(sample, dict) and key in sample), None)
        if kind is None:
            return "an X API v2 page whose 'data' holds no tweets (no 'id' and 'text'); nothing to import"
        return f"an X API v2 page of {kind}, not tweets; nothing to import"
    return None


@register_importer
class XV2Importer(Importer):
    name = "x-v2"
    description = "X API v2 responses (one JSON page, or JSON lines of pages as twarc2 writes them)"

    def sniff(self, head: bytes, path: Path) -> bool:
        text = sniff_text(head)
        if b"__typename" in text[:4096]:
            return False  # raw GraphQL from the web client, not the v2 API
        if text.startswith(b"["):  # a JSON array of pages
            text = text[1:].lstrip()
        key = first_json_key(text)
        return key in _PAGE_KEYS and (key != b"meta" or b'"data"' in text)

    def parse(self, path: Path, options: ImportOptions) -> Iterator[Tweet | Skip]:
        check_not_binary(path, "X API v2 JSON")
        file = str(path)
        for item in iter_json(path):
            if isinstance(item, Skip):
                yield item
                continue
            line, value = item
            pages = value if isinstance(value, list) else [value]
            for page in pages:
                try:
                    reason = _not_tweets_reason(page)
                    data, users, originals = ([], {}, {}) if reason else _page_parts(page)
                except Exception as err:  # noqa: BLE001 - a malformed page is one counted skip
                    reason = record_skip(path, line, err, "page").reason
                if reason:
                    yield Skip(file, line, reason)
                    continue
                for tw in data:
                    try:
                        tweet = _tweet(tw, users, originals, self.name)
                    except Exception as err:  # noqa: BLE001 - converted to a counted skip
                        tid = record_id(tw)
                        yield record_skip(path, line, err, f"tweet {tid}" if tid else "tweet")
                        continue
                    yield checked(path, line, tweet)

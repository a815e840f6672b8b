"""``bluesky-search:QUERY`` and ``bluesky-user:HANDLE`` via the public AppView (no login).

``app.bsky.feed.searchPosts`` (``sort=latest``, ``since``/``until``) and
``app.bsky.feed.getAuthorFeed`` (newest first; reposts left out: they are someone else's post),
both paged by ``cursor``. A post becomes a ``Tweet`` with id ``bsky:<did>/<rkey>``, source
``bluesky`` and permalink ``https://bsky.app/profile/<handle>/post/<rkey>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, UTC
from typing import Any, ClassVar

from pydantic import Field, field_validator

from tweetbrief.models import Tweet
from tweetbrief.sources.collectors.base import (
    CollectError, Collector, Page, Resume, Window, register_collector, repeated_cursor_error,
)
from tweetbrief.sources.collectors.context import CollectorOptions
from tweetbrief.sources.collectors.handles import bluesky_did, bluesky_handle, screen

__all__ = ["BlueskySearch", "BlueskyUser", "BlueskyOptions", "tweet_from_bsky_post"]

SOURCE_TAG = "bluesky"
DEFAULT_BSKY_BASE = "https://public.api.bsky.app"


class BlueskyOptions(CollectorOptions):
    """``[collect.bluesky]``, shared by bluesky-search and bluesky-user."""

    table: ClassVar[str] = "bluesky"

    page_size: int = Field(100, ge=1, le=100)  # ``limit`` per request
    base: str = DEFAULT_BSKY_BASE  # the AppView root (no login)

    @field_validator("base")
    @classmethod
    def _strip_base(cls, value: str) -> str:
        return value.rstrip("/")
_RKEY = re.compile(r"[A-Za-z0-9._:~-]{1,512}")  # atproto record key syntax


def valid_actor(value: str) -> bool:
    """A Bluesky handle (atproto domain-style rules) or a DID."""
    return bluesky_handle(value) or bluesky_did(value)


def _time(value: str) -> datetime:
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def tweet_from_bsky_post(post: dict[str, Any]) -> Tweet:
    """A ``app.bsky.feed.defs#postView`` as a Tweet."""
    uri: str = post["uri"]  # at://did:plc:xyz/app.bsky.feed.post/3kabc
    did, _, rkey = uri.removeprefix("at://").partition("/app.bsky.feed.post/")
    if not rkey or not _RKEY.fullmatch(rkey) or not bluesky_did(did):
        raise ValueError(f"not a post URI: {uri[:80]!r}")
    record = post.get("record") or {}
    author = post.get("author") or {}
    handle = author.get("handle") or did
    urls: list[str] = []
    hashtags: list[str] = list(record.get("tags") or [])
    for facet in record.get("facets") or ():
        for feature in facet.get("features") or ():
            kind = feature.get("$type", "")
            if kind.endswith("#link") and feature.get("uri"):
                urls.append(feature["uri"])
            elif kind.endswith("#tag") and feature.get("tag"):
                hashtags.append(feature["tag"])
    embed = record.get("embed") or {}
    embed_type = embed.get("$type", "")
    quoted = None
    if embed_type.startswith("app.bsky.embed.record"):
        rec = embed.get("record") or {}
        quoted = (rec.get("record") or rec).get("uri")
    if embed_type == "app.bsky.embed.external" and (embed.get("external") or {}).get("uri"):
        urls.append(embed["external"]["uri"])
    langs = record.get("langs") or []
    return Tweet(
        id=f"bsky:{did}/{rkey}", text=record.get("text") or "",
        created_at=_time(record.get("createdAt") or post["indexedAt"]),
        author_id=did, author_handle=handle, author_name=author.get("displayName") or "",
        lang=langs[0] if langs else None, like_count=post.get("likeCount"), retweet_count=post.get("repostCount"),
        reply_count=post.get("replyCount"), quote_count=post.get("quoteCount"),
        is_reply=bool(record.get("reply")), is_quote=quoted is not None, quoted_id=quoted,
        urls=urls, hashtags=hashtags, source=SOURCE_TAG,
        permalink=f"https://bsky.app/profile/{handle}/post/{rkey}", raw=post,
    )


class _Bluesky(Collector):
    Options: ClassVar[type[BlueskyOptions]] = BlueskyOptions
    method: str = ""
    items_key: str = ""

    def params(self, window: Window, since: str | None) -> dict[str, Any]:
        raise NotImplementedError

    def posts(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        return data.get(self.items_key) or []

    def fetch(self, window: Window, cursor: dict | None) -> Iterator[Page]:
        resume = Resume(cursor, window, key=str)
        since = resume.since
        params = self.params(window, since)
        options = self.ctx.config.options(BlueskyOptions)
        url = f"{options.base}/xrpc/{self.method}"
        while True:
            request = dict(params, limit=options.page_size)
            if resume.token:
                request["cursor"] = resume.token
            data, _ = self.ctx.http.get_json(url, request, label=self.spec, explain=_explain)
            if not isinstance(data, dict):
                raise CollectError(f"{self.spec}: unexpected response from the Bluesky AppView")
            converted, bad = [], 0
            for post in self.posts(data):
                try:
                    converted.append(tweet_from_bsky_post(post))
                except (KeyError, ValueError, TypeError, AttributeError):
                    bad += 1
            tweets, reasons = screen(converted, valid_actor)
            if bad:
                reasons["unreadable post"] = bad
            kept = [t for t in tweets if t.created_at in window and (not since or _iso(t.created_at) >= since)]
            if len(tweets) > len(kept):
                reasons["outside the window"] = len(tweets) - len(kept)
            next_cursor = data.get("cursor") if isinstance(data.get("cursor"), str) else None
            next_cursor = next_cursor or None
            if not converted or min(t.created_at for t in converted) < window.start:
                next_cursor = None  # newest first: the rest is older than the window
            if since and converted and min(_iso(t.created_at) for t in converted) < since:
                next_cursor = None  # reached what the last run already has
            repeated = resume.repeated(next_cursor)
            state = resume.page([_iso(t.created_at) for t in kept], next_cursor)
            yield Page(kept, state, skipped=sum(reasons.values()), reasons=reasons)
            if repeated and next_cursor:
                raise repeated_cursor_error(self.spec, next_cursor)
            if not next_cursor:
                return


def _explain(resp: Any) -> str | None:
    if resp.status_code == 400:
        return f"HTTP 400 from the Bluesky AppView ({resp.text[:200]}); check the query or handle"
    return None


@register_collector
class BlueskySearch(_Bluesky):
    prefix = "bluesky-search"
    description = "Bluesky post search (public AppView app.bsky.feed.searchPosts)"
    method = "app.bsky.feed.searchPosts"
    items_key = "posts"

    def params(self, window: Window, since: str | None) -> dict[str, Any]:
        start = max(_iso(window.start), since) if since else _iso(window.start)
        return {"q": self.arg, "sort": "latest", "since": start, "until": _iso(window.end)}


@register_collector
class BlueskyUser(_Bluesky):
    prefix = "bluesky-user"
    description = "Bluesky author feed (public AppView app.bsky.feed.getAuthorFeed), reposts left out"
    method = "app.bsky.feed.getAuthorFeed"

    def params(self, window: Window, since: str | None) -> dict[str, Any]:
        actor = self.arg.lstrip("@")
        if not valid_actor(actor):
            raise CollectError(f"{self.spec}: {actor[:60]!r} is not a Bluesky handle (e.g. bsky.app) or DID")
        return {"actor": actor, "filter": "posts_with_replies"}

    def posts(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        return [item["post"] for item in data.get("feed") or () if item.get("post") and not item.get("reason")]

"""``mastodon-tag:INSTANCE/TAG`` — a hashtag timeline of a Mastodon instance (public, no login).

``GET https://INSTANCE/api/v1/timelines/tag/TAG`` newest first, ``limit`` 40, older pages by
``max_id`` (taken from the ``Link: <...>; rel="next"`` header), and a later run asks only for
statuses after the newest one it has (``since_id``). A status becomes a ``Tweet`` with id
``mastodon:<instance>:<id>``, source ``mastodon`` and the status's own URL as permalink.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, UTC
from typing import Any, ClassVar
from urllib.parse import parse_qs, quote, urlparse

import httpx
from pydantic import Field

from tweetbrief.models import Tweet
from tweetbrief.sources.collectors.base import (
    CollectError, Collector, Page, Resume, Window, register_collector, repeated_cursor_error,
)
from tweetbrief.sources.collectors.context import CollectorOptions
from tweetbrief.sources.collectors.handles import mastodon_acct, safe_link, screen
from tweetbrief.sources.collectors.rss import html_to_text

__all__ = ["MastodonTag", "MastodonOptions", "tweet_from_mastodon_status"]

SOURCE_TAG = "mastodon"


class MastodonOptions(CollectorOptions):
    """``[collect.mastodon]``."""

    table: ClassVar[str] = "mastodon"

    page_size: int = Field(40, ge=1, le=40)  # ``limit`` per request (Mastodon's maximum is 40)


def tweet_from_mastodon_status(status: dict[str, Any], instance: str) -> Tweet:
    """A Mastodon ``Status`` entity as a Tweet (a boost is stored as the boosted status)."""
    if status.get("reblog"):
        status = status["reblog"]
    account = status.get("account") or {}
    created = datetime.fromisoformat(status["created_at"].replace("Z", "+00:00")).astimezone(UTC)
    text = html_to_text(status.get("content") or "")
    if status.get("spoiler_text"):
        text = f"{status['spoiler_text']}\n\n{text}".strip()
    card = status.get("card") or {}
    return Tweet(
        id=f"mastodon:{instance}:{status['id']}", text=text, created_at=created,
        author_id=str(account.get("id", "")), author_handle=account.get("acct") or account.get("username") or "",
        author_name=account.get("display_name") or "", author_followers=account.get("followers_count"),
        lang=status.get("language"), like_count=status.get("favourites_count"),
        retweet_count=status.get("reblogs_count"), reply_count=status.get("replies_count"),
        quote_count=status.get("quotes_count"), is_reply=bool(status.get("in_reply_to_id")),
        urls=[card["url"]] if card.get("url") else [],
        hashtags=[t["name"] for t in status.get("tags") or () if t.get("name")],
        mentions=[m["acct"] for m in status.get("mentions") or () if m.get("acct")],
        source=SOURCE_TAG, permalink=safe_link(status.get("url")) or safe_link(status.get("uri")), raw=status,
    )


def _next_max_id(resp: httpx.Response) -> str | None:
    link = resp.links.get("next")
    if not link:
        return None
    values = parse_qs(urlparse(link["url"]).query).get("max_id")
    return values[0] if values else None


def _explain(resp: httpx.Response) -> str | None:
    if resp.status_code in (401, 403, 422):
        return (f"HTTP {resp.status_code}: this instance does not show its tag timelines without login; "
                "pick another instance")
    if resp.status_code == 404:
        return "HTTP 404: no Mastodon API here; check INSTANCE in mastodon-tag:INSTANCE/TAG"
    return None


@register_collector
class MastodonTag(Collector):
    prefix = "mastodon-tag"
    description = "Mastodon hashtag timeline (/api/v1/timelines/tag/:tag), public"
    Options: ClassVar[type[MastodonOptions]] = MastodonOptions

    def fetch(self, window: Window, cursor: dict | None) -> Iterator[Page]:
        instance, _, tag = self.arg.partition("/")
        instance = instance.removeprefix("https://").removeprefix("http://").strip("/").lower()
        tag = tag.lstrip("#").strip("/")
        if not instance or not tag:
            raise CollectError(f"{self.spec}: expected mastodon-tag:INSTANCE/TAG, e.g. mastodon-tag:mastodon.social/ai")
        resume = Resume(cursor, window, key=int)
        since = resume.since
        url = f"https://{instance}/api/v1/timelines/tag/{quote(tag, safe='')}"
        page_size = self.ctx.config.options(MastodonOptions).page_size
        while True:
            params: dict[str, Any] = {"limit": page_size}
            if since:
                params["since_id"] = since
            if resume.token:
                params["max_id"] = resume.token
            data, resp = self.ctx.http.get_json(url, params, label=self.spec, explain=_explain)
            if not isinstance(data, list):
                raise CollectError(f"{self.spec}: unexpected response (not a list of statuses)")
            pairs, bad = [], 0
            for status in data:
                try:
                    pairs.append((str(int(status["id"])), tweet_from_mastodon_status(status, instance)))
                except (KeyError, ValueError, TypeError, AttributeError):
                    bad += 1
            tweets, reasons = screen([t for _, t in pairs], mastodon_acct)
            if bad:
                reasons["unreadable status"] = bad
            kept = [t for t in tweets if t.created_at in window]
            if len(tweets) > len(kept):
                reasons["outside the window"] = len(tweets) - len(kept)
            next_max = _next_max_id(resp) if pairs else None
            if not pairs or min(t.created_at for _, t in pairs) < window.start:
                next_max = None  # newest first: the rest is older than the window
            repeated = resume.repeated(next_max)
            state = resume.page([sid for sid, t in pairs if t.created_at in window], next_max)
            yield Page(kept, state, skipped=sum(reasons.values()), reasons=reasons)
            if repeated and next_max:
                raise repeated_cursor_error(self.spec, next_max)
            if not next_max:
                return

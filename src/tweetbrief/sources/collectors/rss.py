"""``rss:URL`` — RSS 2.0 / Atom feeds from a self-hosted Nitter or RSSHub (or any feed).

An item whose link is an X status (``https://nitter.example/user/status/123#m``,
``https://x.com/user/status/123``) becomes X tweet ``123`` by ``user`` with an x.com permalink,
so it merges with the same tweet from other sources. Any other item gets id ``rss:<hash>`` and
its own link as permalink. Text comes from the item's HTML with tags stripped (block tags and
``<br>`` become line breaks; script/style dropped; entities decoded).

A feed whose newest item is older than the window is *stale*: RSSHub keeps serving old cached
items when its Twitter token dies. The collector warns instead of silently adding nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlparse

import feedparser

from tweetbrief.models import Tweet
from tweetbrief.sources.collectors.base import CollectError, Collector, Page, Resume, Window, register_collector

__all__ = ["RssFeed", "html_to_text", "parse_feed"]

STATUS_LINK = re.compile(r"^/(?P<user>[A-Za-z0-9_]{1,50})/status(?:es)?/(?P<id>\d+)")
_PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")
_BLOCK = {"p", "div", "br", "li", "blockquote", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}
_DROP = {"script", "style", "head", "title"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._drop = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self._drop += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and len(alt) <= 4:  # emoji images carry the emoji as alt text
                self.parts.append(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self._drop = max(self._drop - 1, 0)
        elif tag in _BLOCK and tag != "br":  # <br/> is reported as start + end: one line break
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._drop:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment: tags removed, entities decoded, whitespace tidied."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _when(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime(*parsed[:6], tzinfo=timezone.utc)


def _entry_tweet(entry: Any, label: str) -> Tweet | None:
    created = _when(entry)
    if created is None:
        return None
    link = entry.get("link") or ""
    html = ""
    if entry.get("content"):
        html = entry["content"][0].get("value", "")
    html = html or entry.get("summary") or ""
    text = html_to_text(html) or html_to_text(entry.get("title") or "")
    if not text:
        return None
    author = (entry.get("author") or "").strip()
    handle = author[1:] if author.startswith("@") else ""
    name = "" if handle else author
    match = STATUS_LINK.match(urlparse(link).path)
    if match:
        handle = match["user"]
        tid, permalink = match["id"], f"https://x.com/{match['user']}/status/{match['id']}"
    else:
        key = entry.get("id") or link or f"{label}|{created.isoformat()}|{text[:80]}"
        tid = "rss:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
        permalink = link or None
    is_retweet = text.startswith("RT @") or (entry.get("title") or "").startswith("RT by @")
    return Tweet(id=tid, text=text, created_at=created, author_handle=handle, author_name=name,
                 is_retweet=is_retweet, source="rss", permalink=permalink,
                 raw={"link": link, "title": entry.get("title"), "author": author, "published": created.isoformat()})


def _explain(resp: Any) -> str:
    return f"HTTP {resp.status_code}; check the feed URL and that the Nitter/RSSHub instance is up"


def parse_feed(content: bytes, label: str) -> tuple[list[Tweet], datetime | None]:
    """All usable items of a feed, and the newest item's time (None for an empty feed)."""
    parsed = feedparser.parse(content)
    if parsed.get("bozo") and not parsed.entries:
        raise CollectError(f"{label}: not an RSS/Atom feed ({parsed.get('bozo_exception')!s:.120})")
    tweets = [t for t in (_entry_tweet(e, label) for e in parsed.entries) if t is not None]
    newest = max((t.created_at for t in tweets), default=None)
    return tweets, newest


@register_collector
class RssFeed(Collector):
    prefix = "rss"
    description = "RSS 2.0 / Atom feed (self-hosted Nitter or RSSHub)"

    def _url(self) -> str:
        """The feed URL with ``${VAR}`` placeholders (e.g. an RSSHub ``?key=${RSSHUB_KEY}``) filled from the
        environment or secrets.toml, so the secret is never part of the spec, the cursor key or a message."""
        def fill(match: re.Match[str]) -> str:
            value = self.ctx.secrets.get(match[1], match[1].lower())
            if value is None:
                raise CollectError(f"{self.spec}: ${{{match[1]}}} is not set; export {match[1]}=...")
            return value

        return _PLACEHOLDER.sub(fill, self.arg)

    def fetch(self, window: Window, cursor: dict | None) -> Iterator[Page]:
        resume = Resume(cursor, window, key=str)
        content, _ = self.ctx.http.get_json(self._url(), headers={"User-Agent": "tweetbrief"}, label=self.spec,
                                            decode=bytes, explain=_explain)
        tweets, newest = parse_feed(content, self.spec)
        if newest is None:
            self.ctx.warn(f"{self.spec}: the feed has no items")
        elif newest < window.start:
            self.ctx.warn(f"{self.spec}: stale feed: its newest item is from {newest:%Y-%m-%d %H:%M} UTC, before "
                          f"the window starts ({window.start:%Y-%m-%d}); RSSHub serves old cached items when its "
                          "Twitter token has expired: check the instance")
        kept = [t for t in tweets if t.created_at in window]
        state = resume.page([t.created_at.isoformat() for t in kept], None)
        yield Page(kept, state, skipped=len(tweets) - len(kept))

"""``rss:URL`` — RSS 2.0 / Atom feeds from a self-hosted Nitter or RSSHub (or any feed).

An item whose link is an X status (``https://nitter.example/user/status/123#m``,
``https://x.com/user/status/123``) becomes X tweet ``123`` by ``user`` with an x.com permalink,
so it merges with the same tweet from other sources. Any other item gets id ``rss:<hash>`` and
its own link as permalink -- only an http(s) link without whitespace; any other (``javascript:``,
a link with a newline) is dropped and the item kept without it. An ``@handle`` author, and the
user in a status link, must follow X's handle rule, or the item is skipped (``invalid handle``);
any other author text is a display name on one line. Text comes from the item's HTML with tags stripped (block tags and
``<br>`` become line breaks; script/style dropped; entities decoded).

A feed whose newest item is older than the window is *stale*: RSSHub keeps serving old cached
items when its Twitter token dies. The collector warns instead of silently adding nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import datetime, UTC
from html.parser import HTMLParser
from typing import Any, ClassVar
from urllib.parse import urlparse

import feedparser

from tweetbrief.models import Tweet
from tweetbrief.sources.collectors.base import CollectError, Collector, Page, Resume, Window, register_collector
from tweetbrief.sources.collectors.context import CollectorOptions
from tweetbrief.sources.collectors.handles import INVALID_HANDLE, clean_name, safe_link, x_handle

__all__ = ["RssFeed", "RssOptions", "html_to_text", "parse_feed"]

STATUS_LINK = re.compile(r"^/(?P<user>[A-Za-z0-9_]{1,50})/status(?:es)?/(?P<id>\d+)")  # user checked by X rules
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
    return datetime(*parsed[:6]).replace(tzinfo=UTC)


def _entry_tweet(entry: Any, label: str) -> Tweet | str:
    """An item as a Tweet, or why it is skipped. A link that is not plain http(s) is dropped
    (the item is kept without it); an ``@handle`` author or a status link must carry an X handle."""
    created = _when(entry)
    if created is None:
        return "no date"
    given_link = entry.get("link") or ""
    link = safe_link(given_link) or ""
    html = ""
    if entry.get("content"):
        html = entry["content"][0].get("value", "")
    html = html or entry.get("summary") or ""
    text = html_to_text(html) or html_to_text(entry.get("title") or "")
    if not text:
        return "no text"
    author = (entry.get("author") or "").strip()
    handle = author[1:] if author.startswith("@") else ""
    if handle and not x_handle(handle):
        return INVALID_HANDLE
    name = "" if author.startswith("@") else clean_name(author)
    match = STATUS_LINK.match(urlparse(link).path) if link else None
    permalink: str | None
    if match:
        if not x_handle(match["user"]):
            return INVALID_HANDLE
        handle = match["user"]
        tid, permalink = match["id"], f"https://x.com/{match['user']}/status/{match['id']}"
    else:
        key = entry.get("id") or given_link or f"{label}|{created.isoformat()}|{text[:80]}"
        tid = "rss:" + hashlib.sha1(str(key).encode("utf-8")).hexdigest()[:20]
        permalink = link or None
    is_retweet = text.startswith("RT @") or (entry.get("title") or "").startswith("RT by @")
    raw = {"link": link or None, "title": entry.get("title"), "author": author, "published": created.isoformat()}
    if given_link and not link:
        raw["link_dropped"] = "not an http(s) link"
    return Tweet(id=tid, text=text, created_at=created, author_handle=handle, author_name=name,
                 is_retweet=is_retweet, source="rss", permalink=permalink, raw=raw)


def _explain(resp: Any) -> str:
    return f"HTTP {resp.status_code}; check the feed URL and that the Nitter/RSSHub instance is up"


_HTML_TITLE = re.compile(rb"<(?:title|h1)[^>]*>\s*([^<]{1,120}?)\s*<", re.I)


def _not_a_feed(content: bytes, parsed: Any, label: str) -> CollectError:
    head = content[:4096]
    if re.search(rb"<html|<!doctype html", head, re.I):
        title = _HTML_TITLE.search(head)
        what = f"an HTML page ({title[1].decode('utf-8', 'replace')!r})" if title else "an HTML page"
        return CollectError(f"{label}: the server sent {what}, not an RSS/Atom feed; check the feed URL and that "
                            "the Nitter/RSSHub instance is up")
    if not content.strip():
        return CollectError(f"{label}: the server sent an empty response, not an RSS/Atom feed")
    why = f" ({parsed.get('bozo_exception')!s:.120})" if parsed.get("bozo") else ""
    return CollectError(f"{label}: not an RSS/Atom feed{why}; check the feed URL")


def parse_feed(content: bytes, label: str) -> tuple[list[Tweet], datetime | None, dict[str, int]]:
    """All usable items of a feed, the newest item's time (None for an empty feed) and why items
    were skipped. Anything that is not a feed (an HTML error page, JSON, nothing) is a ``CollectError``."""
    parsed = feedparser.parse(content)
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        raise _not_a_feed(content, parsed, label)
    tweets: list[Tweet] = []
    reasons: dict[str, int] = {}
    for entry in parsed.entries:
        item = _entry_tweet(entry, label)
        if isinstance(item, str):
            reasons[item] = reasons.get(item, 0) + 1
        else:
            tweets.append(item)
    newest = max((t.created_at for t in tweets), default=None)
    return tweets, newest, reasons


class RssOptions(CollectorOptions):
    """``[collect.rss]``: no settings yet (a feed's secrets go in its URL as ``${VAR}``)."""

    table: ClassVar[str] = "rss"


@register_collector
class RssFeed(Collector):
    prefix = "rss"
    description = "RSS 2.0 / Atom feed (self-hosted Nitter or RSSHub)"
    Options: ClassVar[type[RssOptions]] = RssOptions

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
        tweets, newest, reasons = parse_feed(content, self.spec)
        if newest is None:
            self.ctx.warn(f"{self.spec}: the feed has no items" + (f" usable ({sum(reasons.values())} skipped)"
                                                                    if reasons else ""))
        elif newest < window.start:
            self.ctx.warn(f"{self.spec}: stale feed: its newest item is from {newest:%Y-%m-%d %H:%M} UTC, before "
                          f"the window starts ({window.start:%Y-%m-%d}); RSSHub serves old cached items when its "
                          "Twitter token has expired: check the instance")
        kept = [t for t in tweets if t.created_at in window]
        if len(tweets) > len(kept):
            reasons["outside the window"] = len(tweets) - len(kept)
        state = resume.page([t.created_at.isoformat() for t in kept], None)
        yield Page(kept, state, skipped=sum(reasons.values()), reasons=reasons)

"""The normalised tweet every stage speaks. Sources produce it, the store keeps it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

TWITTER_EPOCH_MS = 1288834974657


def snowflake_time(tweet_id: str | int) -> datetime:
    """Creation time encoded in an X snowflake id (ids after Nov 2010)."""
    ms = (int(tweet_id) >> 22) + TWITTER_EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


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
    raw: bytes | str | None = None  # the original record, JSON

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


__all__ = ["Tweet", "snowflake_time"]

"""The ``example-feed:PATH`` source: posts from a local JSON-lines file, one object a line::

    {"id": "1", "text": "...", "created_at": "2026-01-27T08:00:00+00:00", "author": "alice", "likes": 3}

Only posts inside the collect window are kept; the cursor remembers the newest id stored, so the
next run over the same file adds nothing twice (the store would drop repeats anyway).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from tweetbrief.models import Tweet
from tweetbrief.sources.collectors.base import CollectError, Collector, Page, Window
from tweetbrief.sources.collectors.context import CollectorOptions


class ExampleFeedOptions(CollectorOptions):
    """``[collect.example-feed]``"""

    table: ClassVar[str] = "example-feed"
    lang: str = "en"  # language given to every post


class ExampleFeed(Collector):
    prefix = "example-feed"
    description = "Example plugin source: posts from a local JSON-lines file (example-feed:PATH)"
    Options = ExampleFeedOptions

    def fetch(self, window: Window, cursor: dict | None) -> Iterator[Page]:
        opts = self.ctx.config.options(ExampleFeedOptions)
        path = Path(self.arg).expanduser()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as err:
            raise CollectError(f"{self.spec}: cannot read {path} ({err.strerror}); check the path") from None
        tweets, skipped = [], 0
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                when = datetime.fromisoformat(item["created_at"]).astimezone(UTC)
                tweet = Tweet(id=f"example-{item['id']}", text=item["text"], created_at=when,
                              author_handle=item.get("author", ""), author_id=item.get("author", ""),
                              like_count=item.get("likes"), lang=opts.lang, source=self.prefix,
                              permalink=f"https://example.invalid/{item['id']}", raw=item)
            except (ValueError, KeyError, TypeError) as err:
                raise CollectError(f"{path}:{number}: not an example-feed post ({err}); "
                                   "each line is {id, text, created_at}") from None
            if tweet.created_at in window:
                tweets.append(tweet)
            else:
                skipped += 1
        yield Page(tweets=tweets, cursor={"lines": len(lines)}, skipped=skipped)

"""Legacy snscrape JSON lines (``snscrape --jsonl twitter-search ...``): ``content``,
``renderedContent``, ``user.username``, ``outlinks``; hashtags/cashtags/mentions may be missing
and are then taken from the text. Mapping shared with ``twscrape``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tweetbrief.models import Tweet
from tweetbrief.sources.base import Importer, ImportOptions, Skip, register_importer
from tweetbrief.sources.formats.twscrape import import_scraped, sniff_scraped

__all__ = ["SnscrapeImporter"]


@register_importer
class SnscrapeImporter(Importer):
    name = "snscrape"
    description = "snscrape JSON lines (content/renderedContent, user.username, outlinks)"

    def sniff(self, head: bytes, path: Path) -> bool:
        first = sniff_scraped(head)  # keys of the first record
        return "user" in first and "date" in first and ("renderedContent" in first or "content" in first)

    def parse(self, path: Path, options: ImportOptions) -> Iterator[Tweet | Skip]:
        return import_scraped(path, self.name)

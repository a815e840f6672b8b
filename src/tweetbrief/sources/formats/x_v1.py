"""X API v1.1 statuses: ``{"statuses": [...]}`` (search), a list of statuses (timelines), or one
status a line (twarc1 / the streaming API). Mapping in ``_status``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tweetbrief.models import Tweet
from tweetbrief.sources.base import Importer, ImportOptions, Skip, register_importer
from tweetbrief.sources.formats._common import check_not_binary, iter_json, sniff_text
from tweetbrief.sources.formats._status import convert_all, statuses_in, tweet_from_v1

__all__ = ["XV1Importer", "tweet_from_v1"]


@register_importer
class XV1Importer(Importer):
    name = "x-v1"
    description = "X API v1.1 statuses ({statuses: [...]}, a list of statuses, or one a line)"

    def sniff(self, head: bytes, path: Path) -> bool:
        text = sniff_text(head)[:65536]
        if not text.startswith((b"{", b"[")) or b"__typename" in text:  # not raw GraphQL
            return False
        return (b'"statuses"' in text and b'"id_str"' in text) or (
            b'"id_str"' in text and b'"screen_name"' in text and b'"created_at"' in text)

    def parse(self, path: Path, options: ImportOptions) -> Iterator[Tweet | Skip]:
        check_not_binary(path, "X API v1.1 JSON")
        for item in iter_json(path):
            if isinstance(item, Skip):
                yield item
                continue
            line, value = item
            statuses = statuses_in(value)
            if statuses is None:
                yield Skip(str(path), line, "not an X API v1.1 status or {statuses: [...]}; remove it")
                continue
            yield from convert_all(path, line, statuses, self.name)

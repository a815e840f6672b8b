"""CSV (or TSV / semicolon) exports with a header row.

Headers are matched case-insensitively, ignoring spaces and punctuation (``Created At`` =
``created_at``); ``--map field=Header`` overrides (``ImportOptions.column_map``). ``text`` and a
date are required -- the date may instead come from a numeric tweet ``id`` (X ids encode their
time). An ``id`` must be a real numeric X id (or come from a ``url`` column); without one the
id is ``csv:`` + a hash of (handle, created_at, text), so re-importing adds nothing. Such ids
never look like X ids; ``Tweet.url`` knows nothing about them, so writers must not link them.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

import orjson

from tweetbrief.errors import InputError
from tweetbrief.models import Tweet, snowflake_time
from tweetbrief.sources.base import Importer, ImportOptions, Skip, register_importer
from tweetbrief.sources.formats._common import (
    check_not_binary, entities_from_text, open_binary, parse_time, sniff_text, text_skip, to_int,
)

__all__ = ["CsvImporter", "COLUMN_ALIASES", "derived_id"]

# Tweet field -> accepted (normalised) header names. "tweet_count" is deliberately no id.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "tweet_id", "tweetid", "id_str", "status_id", "statusid", "tweet_id_str"),
    "text": ("text", "full_text", "content", "tweet", "tweet_text", "rawcontent", "body", "message"),
    "created_at": ("created_at", "date", "timestamp", "time", "datetime", "date_time", "created",
                   "posted_at", "tweet_date", "created_time", "published_at"),
    "author_handle": ("username", "user", "screen_name", "handle", "author", "author_handle", "user_screen_name",
                      "user_username", "author_username", "twitter_handle"),
    "author_name": ("name", "display_name", "displayname", "author_name", "user_displayname", "user_name_display"),
    "author_id": ("author_id", "user_id", "user_id_str"),
    "author_followers": ("followers", "followers_count", "user_followers_count", "author_followers", "user_followers"),
    "like_count": ("likes", "like_count", "likecount", "favorite_count", "favorites", "favourite_count", "num_likes"),
    "retweet_count": ("retweets", "retweet_count", "retweetcount", "num_retweets"),
    "reply_count": ("replies", "reply_count", "replycount", "num_replies"),
    "quote_count": ("quotes", "quote_count", "quotecount"),
    "view_count": ("views", "view_count", "viewcount", "impressions", "impression_count"),
    "lang": ("lang", "language"),
    "url": ("url", "link", "permalink", "tweet_url", "tweet_link"),
}
_FIELD_BY_ALIAS = {alias: field for field, aliases in COLUMN_ALIASES.items() for alias in aliases}
_STATUS_URL = re.compile(r"/status(?:es)?/(\d{1,20})")
_HANDLE = re.compile(r"^@?(\w{1,50})$")
_COUNTS = ("like_count", "retweet_count", "reply_count", "quote_count", "view_count", "author_followers")
_MAX_FIELD = 16 * 1024 * 1024


def _norm(header: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", header.strip().lower().lstrip("\ufeff")).strip("_")


def derived_id(handle: str, created_iso: str, text: str) -> str:
    """A stable id for a CSV row without one (never a valid X snowflake: it has a ``csv:`` prefix)."""
    digest = hashlib.blake2b(f"{handle}\x1f{created_iso}\x1f{text}".encode(), digest_size=10).hexdigest()
    return f"csv:{digest}"


def _delimiter(header_line: str) -> str:
    return max((",", "\t", ";", "|"), key=header_line.count)


def resolve_columns(path: Path, headers: list[str], column_map: dict[str, str]) -> dict[str, int]:
    """Tweet field -> column index, from aliases then ``--map``; ``InputError`` if unusable."""
    normed = [_norm(h) for h in headers]
    columns: dict[str, int] = {}
    for i, n in enumerate(normed):
        field = _FIELD_BY_ALIAS.get(n)
        if field and field not in columns:
            columns[field] = i
    for key, header in column_map.items():
        field = key if key in COLUMN_ALIASES else _FIELD_BY_ALIAS.get(_norm(key))
        if field is None:
            raise InputError(f"--map {key}=...: unknown field; use one of: {', '.join(COLUMN_ALIASES)}")
        if header in headers:
            columns[field] = headers.index(header)
        elif _norm(header) in normed:
            columns[field] = normed.index(_norm(header))
        else:
            raise InputError(f"{path}: --map {key}={header!r}: no such column; the headers are: {', '.join(headers)}")
    missing = [f for f in ("text", "created_at") if f not in columns]
    if "created_at" in missing and "id" in columns:
        missing.remove("created_at")  # a numeric X id carries its time
    if missing:
        shown = ", ".join(repr(h) for h in headers[:20]) or "(none)"
        raise InputError(
            f"{path}: no {' or '.join(missing)} column among the CSV headers {shown}; "
            f"name them with --map, e.g. --map text=Text,created_at=\"Created At\""
        )
    return columns


def _open_text(path: Path) -> io.TextIOWrapper:
    fh = open_binary(path)
    head = fh.peek(4)[:4] if hasattr(fh, "peek") else b""
    encoding = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    return io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="")  # type: ignore[arg-type]


def _row_tweet(row: list[str], columns: dict[str, int], headers: list[str]) -> Tweet:
    def get(field: str) -> str:
        i = columns.get(field)
        return row[i].strip() if i is not None and i < len(row) else ""

    text = row[columns["text"]] if columns["text"] < len(row) else ""
    if not text.strip():
        raise ValueError("empty text")
    tid = get("id")
    if tid and not tid.isdigit():
        m = _STATUS_URL.search(tid)
        if not m:
            raise ValueError(f"id {tid[:30]!r} is not a numeric X id (a spreadsheet may have rounded it: "
                             f"keep ids as text, or drop the id column with --map)")
        tid = m.group(1)
    if not tid and get("url"):
        m = _STATUS_URL.search(get("url"))
        tid = m.group(1) if m else ""
    created = get("created_at")
    created_at = parse_time(created) if created or not tid else snowflake_time(tid)
    handle = get("author_handle")
    name = get("author_name")
    m = _HANDLE.match(handle)
    if handle and not m:  # "Crypto Enthusiast" is a display name, not a handle
        handle, name = "", name or handle
    elif m:
        handle = m.group(1)
    counts = {}
    for field in _COUNTS:
        try:
            counts[field] = to_int(get(field))
        except ValueError:
            counts[field] = None  # "N/A", "1.2K": unknown rather than a lost row
    hashtags, mentions, cashtags = entities_from_text(text)
    return Tweet(
        id=tid or derived_id(handle or name, created_at.isoformat(), text),
        text=text,
        created_at=created_at,
        author_id=get("author_id"),
        author_handle=handle,
        author_name=name,
        lang=get("lang") or None,
        is_retweet=text.startswith("RT @"),
        hashtags=hashtags,
        mentions=mentions,
        cashtags=cashtags,
        source="csv",
        raw=orjson.dumps(dict(zip(headers, row))),
        **counts,
    )


@register_importer
class CsvImporter(Importer):
    name = "csv"
    description = "CSV/TSV with a header row (text and date columns; --map to name them)"

    def sniff(self, head: bytes, path: Path) -> bool:
        suffixes = [s.lower() for s in path.suffixes]
        if suffixes[-1:] == [".gz"]:
            suffixes = suffixes[:-1]
        if suffixes[-1:] in ([".csv"], [".tsv"]):
            return True
        text = sniff_text(head)
        if text[:1] in (b"{", b"[", b"<") or b"\x00" in text[:4096]:
            return False
        first = text.split(b"\n", 1)[0].decode("utf-8", "replace")
        headers = next(csv.reader([first], delimiter=_delimiter(first)), [])
        return any(_FIELD_BY_ALIAS.get(_norm(h)) == "text" for h in headers)

    def parse(self, path: Path, options: ImportOptions) -> Iterator[Tweet | Skip]:
        check_not_binary(path, "CSV")
        if csv.field_size_limit() < _MAX_FIELD:
            csv.field_size_limit(_MAX_FIELD)  # long posts; absurd texts are skipped below
        file = str(path)
        nul_lines: set[int] = set()
        broken: list[str] = []

        with _open_text(path) as stream:
            def lines() -> Iterator[str]:
                try:
                    for n, line in enumerate(stream, 1):
                        if "\x00" in line:
                            nul_lines.add(n)
                            line = line.replace("\x00", "")
                        yield line
                except (EOFError, zlib.error, gzip.BadGzipFile) as err:
                    broken.append(f"compressed data is corrupt or cut off ({err}); rows before it were read")

            source = lines()
            header_line = next(source, "")
            headers = next(csv.reader([header_line], delimiter=_delimiter(header_line)), [])
            columns = resolve_columns(path, headers, options.column_map)
            reader = csv.reader(source, delimiter=_delimiter(header_line))
            end = 1
            while True:
                start = end + 1
                try:
                    row = next(reader)
                except StopIteration:
                    if broken:
                        yield Skip(file, start, broken[0])
                    return
                except csv.Error as err:
                    end = reader.line_num + 1
                    yield Skip(file, start, f"unreadable CSV row ({err}); fix its quoting")
                    continue
                end = reader.line_num + 1  # +1: the header line was read outside the reader
                if not any(cell.strip() for cell in row):
                    continue
                if nul_lines and any(start <= n <= end for n in nul_lines):
                    yield Skip(file, start, "contains NUL bytes (a damaged file?); remove them")
                    continue
                try:
                    tweet = _row_tweet(row, columns, headers)
                except Exception as err:  # noqa: BLE001 - converted to a counted skip
                    yield Skip(file, start, f"{err}; fix or remove the row")
                    continue
                yield text_skip(path, start, tweet.id, tweet.text) or tweet

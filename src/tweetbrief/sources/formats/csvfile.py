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
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson

from tweetbrief.errors import InputError
from tweetbrief.models import Tweet, snowflake_time
from tweetbrief.sources.base import Importer, ImportOptions, Skip, register_importer
from tweetbrief.sources.formats._common import (
    check_not_binary, checked, entities_from_text, open_binary, parse_time, read_lines, sniff_text, to_int, x_id,
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
_HANDLE = re.compile(r"^@?([A-Za-z0-9_]{1,15})$")  # X handles; anything else is a display name
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
        shown = ", ".join(repr(h if len(h) <= 40 else h[:40] + "…") for h in headers[:20]) or "(none)"
        raise InputError(
            f"{path}: no {' or '.join(missing)} column among the CSV headers {shown}; "
            f"name them with --map, e.g. --map text=Text,created_at=\"Created At\""
        )
    return columns


def _open_text(path: Path) -> io.TextIOWrapper:
    fh = open_binary(path)
    head = fh.peek(4)[:4] if hasattr(fh, "peek") else b""
    encoding = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    return io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="")


def _row_tweet(row: list[str], columns: dict[str, int], headers: list[str]) -> Tweet:
    def get(field: str) -> str:
        i = columns.get(field)
        return row[i].strip() if i is not None and i < len(row) else ""

    text = row[columns["text"]] if columns["text"] < len(row) else ""
    if not text.strip():
        raise ValueError("empty text")
    tid = get("id")
    if tid and not (tid.isascii() and tid.isdigit()):
        m = _STATUS_URL.search(tid)
        if not m:
            raise ValueError(f"id {tid[:30]!r} is not a numeric X id (a spreadsheet may have rounded it: "
                             f"keep ids as text, or drop the id column with --map)")
        tid = m.group(1)
    if not tid and get("url"):
        m = _STATUS_URL.search(get("url"))
        tid = m.group(1) if m else ""
    tid = x_id(tid) or ""
    created = get("created_at")
    created_at = parse_time(created) if created or not tid else snowflake_time(tid)
    handle = get("author_handle")
    name = get("author_name")
    m = _HANDLE.match(handle)
    if handle and not m:  # "Crypto Enthusiast" is a display name, not a handle
        handle, name = "", name or handle
    elif m:
        handle = m.group(1)

    def count(field: str) -> int | None:
        try:
            return to_int(get(field))
        except ValueError:
            return None  # "N/A", "1.2K": unknown rather than a lost row

    hashtags, mentions, cashtags = entities_from_text(text)
    return Tweet(
        id=tid or derived_id(handle or name, created_at.isoformat(), text),
        text=text,
        created_at=created_at,
        author_id=get("author_id"),
        author_handle=handle,
        author_name=name,
        author_followers=count("author_followers"),
        lang=get("lang") or None,
        like_count=count("like_count"),
        retweet_count=count("retweet_count"),
        reply_count=count("reply_count"),
        quote_count=count("quote_count"),
        view_count=count("view_count"),
        is_retweet=text.startswith("RT @"),
        hashtags=hashtags,
        mentions=mentions,
        cashtags=cashtags,
        source="csv",
        raw=orjson.dumps(dict(zip(headers, row))),
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
        broken: list[str] = []
        lines = _Lines(_numbered_lines(path, broken))
        header_line = next(lines, "")
        lines.taken.clear()
        if broken and not header_line.strip():
            raise InputError(f"{path}: {broken[0]}; nothing was readable")
        if header_line.lstrip().startswith(("{", "[")):
            raise InputError(f"{path}: starts with JSON, not a CSV header row; import it with --format auto")
        delimiter = _delimiter(header_line)
        headers = next(csv.reader([header_line], delimiter=delimiter), [])
        columns = resolve_columns(path, headers, options.column_map)
        reader = csv.reader(lines, delimiter=delimiter)

        def looks_like_row(text: str) -> bool:
            """A line that is a whole row by itself, with a real id or date: no tweet's text line."""
            cells = next(csv.reader([text], delimiter=delimiter), [])
            if len(cells) != len(headers):
                return False
            for field in ("id", "created_at"):
                i = columns.get(field)
                if i is not None and _is_id_or_date(cells[i].strip()):
                    return True
            return False

        while True:
            try:
                row: list[str] | None = next(reader)
                error = None
            except StopIteration:
                break
            except csv.Error as err:
                row, error = None, err
            taken, lines.taken = lines.taken, []
            if not taken:
                break
            start, end = taken[0][0], taken[-1][0]
            if len(taken) > 1 and _unclosed_quote(row, len(headers), taken, lines.eof, looks_like_row):
                yield Skip(file, start, f"unclosed quote: a quoted field opened on this line runs to line {end}; "
                                        f"close the quote (the lines after it were read as rows of their own)")
                lines.push_back(taken[1:])
                reader = csv.reader(lines, delimiter=delimiter)
                continue
            if row is None:  # csv.Error
                yield Skip(file, start, f"unreadable CSV row ({error}); fix its quoting")
                continue
            if not any(cell.strip() for cell in row):
                continue
            flaw = next((flaw for _, _, flaw in taken if flaw), None)
            if flaw:
                yield Skip(file, start, flaw)
                continue
            try:
                tweet = _row_tweet(row, columns, headers)
            except Exception as err:  # noqa: BLE001 - converted to a counted skip
                yield Skip(file, start, f"{err}; fix or remove the row")
                continue
            yield checked(path, start, tweet)
        if broken:
            yield Skip(file, (lines.last or 0) + 1, broken[0])


def _numbered_lines(path: Path, broken: list[str]) -> Iterator[tuple[int, str, str | None]]:
    """``(line number, text, flaw)``: a line's flaw (NUL bytes, invalid UTF-8) makes its row a skip.
    A corrupt or cut-off gzip stream ends the lines and is noted in ``broken``."""
    with open_binary(path) as fh:
        head = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
    if head in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 (Excel): decoded by the codec
        with _open_text(path) as stream:
            try:
                for n, line in enumerate(stream, 1):
                    yield (n, line.replace("\x00", ""), _NUL) if "\x00" in line else (n, line, None)
            except (EOFError, zlib.error, gzip.BadGzipFile) as err:
                broken.append(f"compressed data is corrupt or cut off ({err}); rows before it were read")
        return
    for n, raw in enumerate(read_lines(path, broken), 1):
        if n == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        flaw = None
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            line = raw.decode("utf-8", "replace")
            flaw = f"not valid UTF-8 (byte {err.start + 1} of line {n}); re-save the file as UTF-8 or fix the line"
        if "\x00" in line:
            line, flaw = line.replace("\x00", ""), _NUL
        yield n, line, flaw


_NUL = "contains NUL bytes (a damaged file?); remove them"


class _Lines:
    """The text lines ``csv.reader`` reads, remembering which ones each row took, with push-back
    (to re-read the lines an unclosed quote swallowed as rows of their own)."""

    def __init__(self, numbered: Iterator[tuple[int, str, str | None]]):
        self.numbered = numbered
        self.back: deque[tuple[int, str, str | None]] = deque()
        self.taken: list[tuple[int, str, str | None]] = []
        self.eof = False
        self.last: int | None = None

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.back:
            item = self.back.popleft()
        else:
            try:
                item = next(self.numbered)
            except StopIteration:
                self.eof = True
                raise
            self.last = item[0]
        self.taken.append(item)
        return item[1]

    def push_back(self, items: list[tuple[int, str, str | None]]) -> None:
        self.back.extendleft(reversed(items))


def _is_id_or_date(value: str) -> bool:
    if value.isascii() and value.isdigit():
        return len(value) >= 15
    try:
        parse_time(value)
    except (ValueError, OverflowError, OSError):
        return False
    return True


def _unclosed_quote(row: list[str] | None, width: int, taken: list[tuple[int, str, str | None]], eof: bool,
                    looks_like_row: Callable[[str], bool]) -> bool:
    """Whether a row spanning several lines is really an unclosed quote swallowing the rows after
    it: the field grew too large, the row has the wrong number of columns, the quote never closed,
    or a line inside it (not the one closing it) is a whole row of its own, with an id or a date."""
    if row is None or len(row) != width:
        return True
    if eof and sum(text.count('"') for _, text, _ in taken) % 2 == 1:
        return True
    return any(looks_like_row(text) for _, text, _ in taken[1:-1])  # the last line closes the row

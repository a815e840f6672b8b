"""Helpers the file importers share: opening (gzip, BOM), JSON records with line numbers,
dates, counts, entities from text, and turning a bad record into a ``Skip``.

JSON files are read in one of two modes, decided by the file itself:

* JSON lines -- the first non-blank line is a complete JSON value (or the file is not one
  document after all). Every line is a record; a bad line becomes a ``Skip`` with its line
  number and the other lines still import.
* one document -- pretty-printed JSON (or a JavaScript-wrapped one, see ``x_archive``). It is
  parsed whole; if that fails the file is unusable and ``InputError`` names where it broke.
"""

from __future__ import annotations

import gzip
import math
import re
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from tweetbrief.errors import InputError
from tweetbrief.models import MAX_SQL_INT
from tweetbrief.sources.base import Skip
from tweetbrief.sources.formats._records import MAX_TEXT, checked, record_id, record_skip, text_skip, x_id
from tweetbrief.sources.formats._salvage import decompress_head, read_partial, salvage_json

__all__ = [
    "MAX_TEXT", "open_binary", "sniff_text", "check_not_binary", "first_json_key", "json_error", "iter_json",
    "raw_lines", "read_lines", "parse_time", "to_int", "entities_from_text", "unescape_x", "full_retweet_text",
    "record_skip", "text_skip", "checked", "x_id", "record_id",
]

GZIP_MAGIC = b"\x1f\x8b"
BOM = b"\xef\xbb\xbf"
_UTC = UTC
_MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}


# -- opening and sniffing -----------------------------------------------------------------
def open_binary(path: Path) -> BinaryIO:
    """The file as a binary stream, gunzipped when it starts with the gzip magic."""
    fh = open(path, "rb")  # noqa: SIM115 - returned open: the caller closes the stream
    if fh.read(2) == GZIP_MAGIC:
        fh.close()
        return gzip.open(path, "rb")  # type: ignore[return-value]
    fh.seek(0)
    return fh


def sniff_text(head: bytes) -> bytes:
    """The sniffing head as text bytes: gunzipped (as far as it goes), BOM and blanks stripped."""
    if head[:2] == GZIP_MAGIC:
        head = decompress_head(head)  # as far as it goes before any damage
    return head.removeprefix(BOM).lstrip()


def check_not_binary(path: Path, fmt: str) -> None:
    """Raise ``InputError`` when the file's start is clearly not text (so no flood of skips)."""
    with open(path, "rb") as fh:
        head = fh.read(64 * 1024)
    if head[:2] == GZIP_MAGIC:
        head = decompress_head(head, 8192)
        if not head:
            raise InputError(f"{path}: not a readable gzip file (corrupt from its start); re-compress or unpack it")
    head = head.removeprefix(BOM)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return  # UTF-16 text (CSV exports from Excel); the CSV importer decodes it
    if not head.strip(b" \t\r\n\x00"):
        raise InputError(f"{path}: file is empty; nothing to import")
    head = head.rstrip(b"\x00")  # NUL padding after a crash is a damaged tail, not binary data
    bad = head.count(b"\x00") > len(head) // 10
    if not bad:
        # A few bad bytes are damaged lines (each a counted skip); many mean binary data.
        text = head[:-4].decode("utf-8", "replace")  # a character cut at the end of the sample is fine
        bad = text.count("\ufffd") > max(8, len(text) // 50)
    if bad:
        raise InputError(f"{path}: looks like binary data, not {fmt} text; check the file (or its --format)")


def first_json_key(text: bytes) -> bytes | None:
    """The first key of a JSON object at the start of ``text`` (sniffing helper)."""
    m = re.match(rb'\{\s*"([^"\\]{1,64})"\s*:', text)
    return m.group(1) if m else None


# -- JSON records -------------------------------------------------------------------------
def json_error(err: orjson.JSONDecodeError, *, one_line: bool = True) -> str:
    """``invalid JSON (unexpected end of data at column 45)`` -- a one-line reason."""
    where = f"column {err.colno}" if one_line else f"line {err.lineno} column {err.colno}"
    return f"invalid JSON ({err.msg} at {where})"


def _gzip_chunks(fh: BinaryIO, size: int = 1 << 18) -> Iterator[bytes]:
    """Decompressed chunks of a (possibly multi-member) gzip stream; faster than ``GzipFile``."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    fed = False
    pending = b""
    while True:
        if not pending:
            pending = fh.read(size)
            if not pending:
                break
        # In slices: a damaged stream still yields what decompressed before the damage.
        for i in range(0, len(pending), 2048):
            out = d.decompress(pending[i:i + 2048])
            fed = True
            if out:
                yield out
            if d.eof:
                pending = d.unused_data + pending[i + 2048:]
                break
        if d.eof:  # end of a member: another may follow (cat a.gz b.gz)
            if not pending.strip(b"\x00") and not (pending := fh.read(size)).strip(b"\x00"):
                return
            d, fed = zlib.decompressobj(16 + zlib.MAX_WBITS), False
        else:
            pending = b""
    if fed and not d.eof:
        raise EOFError("compressed file ended before the end-of-stream marker was reached")


def raw_lines(path: Path) -> Iterator[bytes]:
    """The file's lines (with their newline, except maybe the last), gunzipped on the fly."""
    with open(path, "rb") as fh:
        if fh.read(2) != GZIP_MAGIC:
            fh.seek(0)
            yield from fh
            return
        fh.seek(0)
        tail = b""
        for chunk in _gzip_chunks(fh):
            lines = (tail + chunk).split(b"\n")
            tail = lines.pop()
            for line in lines:
                yield line + b"\n"
        if tail:
            yield tail


def read_lines(path: Path, broken: list[str]) -> Iterator[bytes]:
    """``raw_lines``; if a gzip stream is corrupt or cut off, stop and note why in ``broken``."""
    try:
        yield from raw_lines(path)
    except (EOFError, zlib.error) as err:
        broken.append(f"compressed data is corrupt or cut off here ({err}); lines before it were read; "
                      f"re-download or re-compress the file")


def _utf8_prefix(data: bytes) -> str:
    """The text up to the first byte that is not UTF-8 (damage ends a salvaged document)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        return data[:err.start].decode("utf-8")


def _utf8_problem(line: bytes) -> str | None:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as err:
        return f"not valid UTF-8 (byte {err.start + 1} of the line); re-save the file as UTF-8"
    return None


def iter_json(path: Path, *, loader: Callable[[bytes], Any] = orjson.loads,
              salvage_text: Callable[[bytes], str] = _utf8_prefix) -> Iterator[tuple[int | None, Any] | Skip]:
    """Yield ``(line, value)`` for each JSON record (``line`` is None for a whole document), or
    ``Skip`` for a bad line. ``loader`` parses a whole document (e.g. a JavaScript-wrapped one);
    a damaged document keeps its complete records before the damage (``salvage_text`` turns the
    readable bytes into JSON text for that) and one Skip says where it broke."""
    pending: list[Skip] = []  # bad lines before the first good one: maybe it is one document
    first: bytes | None = None
    decided = False
    broken: list[str] = []
    lineno = 0
    for lineno, line in enumerate(read_lines(path, broken), 1):
        stripped = (line.removeprefix(BOM) if lineno == 1 else line).strip()
        if not stripped:
            continue
        if first is None:
            first = stripped
        if b"\x00" in stripped:
            what = "contains" if stripped.strip(b"\x00") else "is only"
            skip = Skip(str(path), lineno, f"{what} NUL bytes (a damaged or crash-truncated file?); remove them")
        else:
            try:
                value = orjson.loads(stripped)
            except orjson.JSONDecodeError as err:
                skip = Skip(str(path), lineno, f"{_utf8_problem(stripped) or json_error(err)}; fix or remove the line")
            else:
                if pending:
                    yield from pending
                    pending.clear()
                decided = True
                yield lineno, value
                continue
        if decided:
            yield skip
            continue
        pending.append(skip)
        document_like = first in (b"{", b"[") or first.startswith(b"window.")
        if document_like or len(pending) >= 2:
            try:
                document, damage = _load_document(path, loader, salvage_text if document_like else None)
            except InputError:
                if document_like:
                    raise
                decided = True  # JSON lines whose first lines are bad: go on line by line
                yield from pending
                pending.clear()
                continue
            yield None, document
            if damage:
                yield damage
            return
    yield from pending  # e.g. a single truncated line: one counted skip
    if broken:
        yield Skip(str(path), lineno + 1, broken[0])


def _load_document(path: Path, loader: Callable[[bytes], Any],
                   salvage_text: Callable[[bytes], str] | None) -> tuple[Any, Skip | None]:
    """The whole document, or the complete records before its damage and a Skip saying where."""
    data, damage = read_partial(path)
    data = data.removeprefix(BOM)
    nul = data.find(b"\x00")
    if nul >= 0:
        data, damage = data[:nul], damage or "NUL bytes (a damaged or crash-truncated file?)"
    fix = "re-download or re-compress the file" if damage else "the file may be truncated or not JSON"
    if damage is None:
        try:
            return loader(data), None
        except orjson.JSONDecodeError as err:
            damage = json_error(err, one_line=False)
        except ValueError as err:
            raise InputError(f"{path}: {err}") from None
    try:
        text = salvage_text(data) if salvage_text else ""
        salvaged = salvage_json(text) if text else None
    except (ValueError, RecursionError):
        salvaged = None
    if salvaged is None:
        raise InputError(f"{path}: {damage}; {fix}")
    value, stop = salvaged
    return value, Skip(str(path), text.count("\n", 0, stop) + 1,
                       f"{damage}: the file breaks here; the complete records before it were read and the "
                       f"rest is lost; {fix}")


# -- values -------------------------------------------------------------------------------
def parse_time(value: Any) -> datetime:
    """An aware UTC datetime from ISO 8601, ``Mon Mar 03 16:51:06 +0000 2025``, epoch s/ms, or
    a datetime (naive means UTC). Raises ``ValueError`` with the accepted forms."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=_UTC) if value.tzinfo is None else value.astimezone(_UTC)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, tz=_UTC)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"no date ({value!r})")
    s = value.strip()
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        parts = s.split()
        try:
            if len(parts) == 6 and parts[1] in _MONTHS:  # Mon Mar 03 16:51:06 +0000 2025
                h, m, sec = parts[3].split(":")
                tz = datetime.strptime(parts[4], "%z").tzinfo
                dt = datetime(int(parts[5]), _MONTHS[parts[1]], int(parts[2]), int(h), int(m), int(sec), tzinfo=tz)
            elif s.replace(".", "", 1).isdigit():
                return parse_time(float(s))
            else:
                raise ValueError
        except (ValueError, OverflowError):
            raise ValueError(
                f"unreadable date {value[:40]!r}; use ISO 8601, 'Mon Mar 03 16:51:06 +0000 2025' or epoch seconds"
            ) from None
    return dt.replace(tzinfo=_UTC) if dt.tzinfo is None else dt.astimezone(_UTC)


def to_int(value: Any) -> int | None:
    """A count from an int, float or numeric string (``"1,234"`` too); None when absent/blank."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):  # NaN, inf and absurd sizes are left to the record check
        return int(value) if math.isfinite(value) and abs(value) <= MAX_SQL_INT else value  # type: ignore[return-value]
    s = str(value).strip().replace(",", "").replace("_", "")
    if not s:
        return None
    try:
        return int(s)
    except ValueError:
        return int(float(s))


# One pass, starting at the sigil (fast); the look-behinds reject e.g. "a#b", "x@y.com", "$$", "&#39;".
_ENTITY = re.compile(
    r"[#@$](?<![\w&]#)(?<!\w@)(?<![\w$]\$)"
    r"(?:(?<=#)(\w+)"  # hashtag
    r"|(?<=@)(\w{1,15})"  # mention
    r"|(?<=\$)([A-Za-z]{1,6}(?:[._][A-Za-z]{1,2})?)(?!\w))"  # cashtag, not $10
)


def entities_from_text(text: str) -> tuple[list[str], list[str], list[str]]:
    """``(hashtags, mentions, cashtags)`` found in the text (for sources without entities)."""
    hashtags: list[str] = []
    mentions: list[str] = []
    cashtags: list[str] = []
    if "#" in text or "@" in text or "$" in text:
        for h, m, c in _ENTITY.findall(text):
            if h:
                hashtags.append(h)
            elif m:
                mentions.append(m)
            elif c:
                c = c.upper()
                if c not in cashtags:
                    cashtags.append(c)
    return hashtags, mentions, cashtags


def unescape_x(text: str) -> str:
    """X escapes ``& < >`` in tweet text as HTML entities; undo exactly those."""
    if "&" in text:
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return text


def full_retweet_text(text: str, original: str | None) -> str:
    """X truncates a retweet's text ("RT @user: ...…"); rebuild it as ``RT @user: <full original>``."""
    if not original or not text.startswith("RT @"):
        return text
    colon = text.find(": ")
    if colon < 0:
        return text
    return text[: colon + 2] + original

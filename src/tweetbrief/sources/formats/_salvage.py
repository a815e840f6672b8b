"""Keeping what is readable from a damaged file: a gzip stream decompressed up to its damage, and
the complete records at the start of a JSON document that is cut off or garbled part-way.

    data, damage = read_partial(path)        # damage: None, or why the stream stopped
    value, stop = salvage_json(text)         # the readable prefix, and where it broke

Only whole records are kept: a record cut by the damage is dropped, never stored half-filled.
A cut-off page or account (``{"data": [...`` / ``{"tweets": [...``) keeps its complete tweets.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

__all__ = ["read_partial", "decompress_head", "salvage_json"]

GZIP_MAGIC = b"\x1f\x8b"
_RECORD_KEYS = frozenset(("data", "tweets", "statuses"))  # arrays of records inside a page/account
_DECODER = json.JSONDecoder()
_WS = " \t\r\n"


def decompress_head(head: bytes, limit: int = 64 * 1024) -> bytes:
    """As much of a gzip head as decompresses before any damage (at most ``limit`` bytes)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out: list[bytes] = []
    size = 0
    for i in range(0, len(head), 1024):
        try:
            chunk = d.decompress(head[i:i + 1024], limit - size)
        except zlib.error:
            break
        out.append(chunk)
        size += len(chunk)
        if size >= limit or d.eof:
            break
    return b"".join(out)


def read_partial(path: Path) -> tuple[bytes, str | None]:
    """The file's bytes (gunzipped as far as the stream is sound) and why it stopped, if it did."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:2] != GZIP_MAGIC:
        return data, None
    out: list[bytes] = []
    pending = data
    while pending:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        for i in range(0, len(pending), 2048):
            try:
                out.append(d.decompress(pending[i:i + 2048]))
            except zlib.error as err:
                return b"".join(out), f"compressed data is corrupt ({err})"
            if d.eof:
                break
        if not d.eof:
            return b"".join(out), "compressed data is corrupt or cut off (the stream ends early)"
        pending = d.unused_data.lstrip(b"\x00")  # another member may follow (cat a.gz b.gz)
    return b"".join(out), None


def _ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WS:
        pos += 1
    return pos


def _array(text: str, pos: int) -> tuple[list, int, bool]:
    """Complete elements of the array at ``pos`` (``text[pos] == '['``); a cut-off element that is
    a page of records keeps its complete records. Returns (items, stop, complete)."""
    items: list = []
    pos = _ws(text, pos + 1)
    if pos < len(text) and text[pos] == "]":
        return items, pos + 1, True
    while pos < len(text):
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except ValueError:
            if text[pos] == "{":
                partial, _, _ = _object(text, pos)
                if any(isinstance(partial.get(k), list) and partial[k] for k in _RECORD_KEYS):
                    items.append(partial)
            return items, pos, False
        items.append(value)
        pos = _ws(text, end)
        if pos < len(text) and text[pos] == ",":
            pos = _ws(text, pos + 1)
        elif pos < len(text) and text[pos] == "]":
            return items, pos + 1, True
        else:
            return items, pos, False
    return items, pos, False


def _object(text: str, pos: int) -> tuple[dict, int, bool]:
    """The complete members of the object at ``pos``; a cut-off array of records under a record
    key (``data``, ``tweets``, ``statuses``) keeps its complete records."""
    obj: dict = {}
    pos = _ws(text, pos + 1)
    while pos < len(text):
        if text[pos] == "}":
            return obj, pos + 1, True
        try:
            key, end = _DECODER.raw_decode(text, pos)
        except ValueError:
            return obj, pos, False
        pos = _ws(text, end)
        if not isinstance(key, str) or pos >= len(text) or text[pos] != ":":
            return obj, pos, False
        pos = _ws(text, pos + 1)
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except ValueError:
            if key in _RECORD_KEYS and text[pos:pos + 1] == "[":
                obj[key], pos, _ = _array(text, pos)
            return obj, pos, False
        obj[key] = value
        pos = _ws(text, end)
        if pos < len(text) and text[pos] == ",":
            pos = _ws(text, pos + 1)
    return obj, pos, False


def salvage_json(text: str) -> tuple[Any, int] | None:
    """The readable prefix of a damaged JSON document (an array, or an object with arrays of
    records) and the character offset where it broke; None when nothing at all is readable."""
    pos = _ws(text, 0)
    value: list | dict
    if text[pos:pos + 1] == "[":
        value, stop, _ = _array(text, pos)
    elif text[pos:pos + 1] == "{":
        value, stop, _ = _object(text, pos)
    else:
        return None
    if isinstance(value, dict) and not any(isinstance(value.get(k), list) and value[k] for k in _RECORD_KEYS):
        return None  # no complete record before the damage
    return (value, stop) if value else None

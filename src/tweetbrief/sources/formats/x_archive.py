"""The X account archive's ``data/tweets.js``: ``window.YTD.<part>.part0 = [{"tweet": {...}}]``
where ``<part>`` is ``tweets`` (``tweet`` in older archives).

Official archives are strict JSON after the assignment; hand-edited or re-formatted ones (the
community-archive mock) are JavaScript literals -- unquoted keys, single quotes, trailing
commas, comments. Those are converted to JSON by a small tokenizer (never ``eval``), keeping
line numbers so errors still point at the right line.

Archive tweets carry no author. The handle, id and name come from a sibling ``account.js``
when present (as in an unpacked archive); otherwise the handle is left empty and the tweet's
link falls back to ``https://x.com/i/status/<id>``. Counts are strings; retweets are only known
from their ``RT @`` prefix (no original id, text stays as X truncated it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from tweetbrief.models import Tweet
from tweetbrief.sources.base import Importer, ImportOptions, Skip, register_importer
from tweetbrief.sources.formats._common import check_not_binary, iter_json, sniff_text
from tweetbrief.sources.formats._status import convert_all

__all__ = ["XArchiveImporter", "js_to_json", "load_archive_js", "archive_text"]

_ASSIGN = re.compile(rb"^\s*window\.YTD\.([\w-]+)\.part\d+\s*=\s*")
_TWEET_PARTS = {b"tweets", b"tweet"}

_JS_TOKEN = re.compile(
    r'"(?:[^"\\\n]|\\.)*"'  # double-quoted string
    r"|'(?:[^'\\\n]|\\.)*'"  # single-quoted string
    r"|//[^\n]*|/\*.*?\*/"  # comments
    r"|[A-Za-z_$][\w$]*(?=\s*:)"  # unquoted key
    r"|\bundefined\b"
    r"|,(?=\s*[\]}])",  # trailing comma
    re.S,
)
_ESCAPE = re.compile(r"""\\x([0-9A-Fa-f]{2})|\\'|\\(?=[^"\\/bfnrtu])|"|\\.""")


def _fix_escapes(body: str) -> str:
    def repl(m: re.Match) -> str:
        s = m.group(0)
        if m.group(1):
            return "\\u00" + m.group(1)
        if s == "\\'":
            return "'"
        if s == "\\":
            return ""  # JS "\a" is "a"; JSON has no such escape
        if s == '"':
            return '\\"'
        return s

    return _ESCAPE.sub(repl, body)


def js_to_json(text: str) -> str:
    """A JavaScript object/array literal as JSON text (same line breaks)."""

    def repl(m: re.Match) -> str:
        tok = m.group(0)
        first = tok[0]
        if first == '"':
            return '"' + _fix_escapes(tok[1:-1]) + '"' if ("\\'" in tok or "\\x" in tok) else tok
        if first == "'":
            return '"' + _fix_escapes(tok[1:-1]) + '"'
        if first == "/":
            return "\n" * tok.count("\n")
        if first == ",":
            return ""
        if tok == "undefined":
            return "null"
        return '"' + tok + '"'

    return _JS_TOKEN.sub(repl, text)


def load_archive_js(data: bytes) -> Any:
    """Parse one archive part (``window.YTD.x.part0 = ...``), strict JSON or JavaScript literal."""
    m = _ASSIGN.match(data)
    body = data[m.end():] if m else data
    body = body.rstrip().removesuffix(b";")
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        pass
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"not UTF-8 text (byte {err.start}); re-export the archive") from None
    return orjson.loads(js_to_json(text))


def archive_text(data: bytes) -> str:
    """The readable part of a damaged archive part as JSON text (for salvaging its records)."""
    m = _ASSIGN.match(data)
    body = data[m.end():] if m else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        text = body[:err.start].decode("utf-8")
    return "\n" * data[: m.end() if m else 0].count(b"\n") + js_to_json(text)


def _account(path: Path) -> dict[str, str]:
    """Author fields from ``account.js`` beside the tweets file, if any."""
    acc_path = path.parent / "account.js"
    try:
        data = load_archive_js(acc_path.read_bytes())
        acc = data[0]["account"]
        return {"handle": acc.get("username") or "", "author_id": acc.get("accountId") or "",
                "author_name": acc.get("accountDisplayName") or ""}
    except (OSError, ValueError, LookupError, TypeError, AttributeError):
        return {}


@register_importer
class XArchiveImporter(Importer):
    name = "x-archive"
    description = "X account archive data/tweets.js (window.YTD... = [...]), strict JSON or JS literal"

    def sniff(self, head: bytes, path: Path) -> bool:
        m = _ASSIGN.match(sniff_text(head))
        return m is not None and m.group(1) in _TWEET_PARTS

    def parse(self, path: Path, options: ImportOptions) -> Iterator[Tweet | Skip]:
        check_not_binary(path, "X archive tweets.js")
        author = _account(path)
        for item in iter_json(path, loader=load_archive_js, salvage_text=archive_text):
            if isinstance(item, Skip):
                yield item
                continue
            line, value = item
            items = value if isinstance(value, list) else [value]
            statuses = [it.get("tweet", it) if isinstance(it, dict) else it for it in items]
            yield from convert_all(path, line, statuses, self.name, **author)

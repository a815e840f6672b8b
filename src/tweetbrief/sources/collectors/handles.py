"""Checks at the live-source boundary: author handles by each network's own rules, and links.

A handle ends up in a citation link (``[@handle](https://x.com/handle/status/1)``), so a handle
that breaks its network's syntax (newlines, brackets, ``javascript:``) is not a handle: the
record is skipped and counted (``invalid handle``). Display names cannot be checked (they are
free text): newlines and control characters become one space. A link that is not plain
``http(s)`` without whitespace is dropped, and the post is kept without it.

* X (X API, twscrape, Nitter): ``^[A-Za-z0-9_]{1,15}$``.
* Bluesky: atproto handle syntax -- dot-separated labels of ``[A-Za-z0-9-]`` (1-63 characters, no
  leading/trailing hyphen), at least two labels, at most 253 characters, the last label starting
  with a letter; or a ``did:`` when the AppView sent no handle.
* Mastodon: ``acct`` = ``username`` or ``username@domain``; the username by Mastodon's own
  ``USERNAME_RE`` (``[A-Za-z0-9_]+`` with single ``.``/``-`` between runs, as remote accounts
  have), the domain by hostname rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from tweetbrief.models import Tweet

__all__ = ["x_handle", "bluesky_handle", "bluesky_did", "mastodon_acct", "safe_link", "clean_name", "screen",
           "INVALID_HANDLE"]

INVALID_HANDLE = "invalid handle"
_X = re.compile(r"[A-Za-z0-9_]{1,15}")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_DID = re.compile(r"did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}")
_MASTODON_USER = re.compile(r"[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")


def x_handle(value: str) -> bool:
    return bool(_X.fullmatch(value))


def _hostname(value: str) -> bool:
    labels = value.split(".")
    return (len(value) <= 253 and len(labels) >= 2 and all(_LABEL.fullmatch(label) for label in labels)
            and labels[-1][0].isalpha())


def bluesky_handle(value: str) -> bool:
    return value.isascii() and _hostname(value)


def bluesky_did(value: str) -> bool:
    return bool(_DID.fullmatch(value)) and value[-1] not in ":%"


def mastodon_acct(value: str) -> bool:
    user, at, domain = value.partition("@")
    if len(value) > 300 or not _MASTODON_USER.fullmatch(user):
        return False
    return not at or (domain.isascii() and _hostname(domain.split(":")[0]))


def safe_link(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL without whitespace or control characters, else None."""
    if not isinstance(value, str) or not value or len(value) > 2048:
        return None
    if any(c.isspace() for c in value) or _CONTROL.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def clean_name(value: str) -> str:
    """A display name on one line: newlines and control characters become one space."""
    return re.sub(r"\s+", " ", _CONTROL.sub(" ", value or "")).strip()[:100]


def screen(tweets: Iterable[Tweet], valid: Callable[[str], bool]) -> tuple[list[Tweet], dict[str, int]]:
    """Tweets whose handle passes ``valid`` (an empty handle = unknown author, kept), with their
    display names, permalinks and URLs tidied; and the skip reasons counted."""
    kept: list[Tweet] = []
    reasons: dict[str, int] = {}
    for t in tweets:
        if t.author_handle and not valid(t.author_handle):
            reasons[INVALID_HANDLE] = reasons.get(INVALID_HANDLE, 0) + 1
            continue
        t.author_name = clean_name(t.author_name)
        if t.permalink is not None:
            t.permalink = safe_link(t.permalink)
        t.urls = [u for u in t.urls if safe_link(u)]
        kept.append(t)
    return kept, reasons

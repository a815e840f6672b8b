"""Make untrusted text (tweets, model output) inert in a Jekyll Markdown post.

Three languages meet in a post: Liquid (Jekyll runs it first), Markdown (kramdown) and HTML.
``md_text`` neutralises all three for a run of inline text:

* HTML: ``& < >`` become entities, so ``<script>`` is shown, never run;
* Liquid: ``{`` and ``}`` become ``&#123;``/``&#125;``, so ``{{ site }}``/``{% include %}`` never
  form a tag (a ``{% raw %}`` wrapper could be closed by a tweet containing ``{% endraw %}``);
* Markdown: inline syntax (``\\ ` * _ [ ] | ~ $``) is backslash-escaped everywhere, block syntax
  (``# + - = :``, ``1.``) where the text would start a line, and every line break (``\\n``,
  ``\\r``, U+2028, ...) collapses to a space so nothing can start a block — no heading, list,
  table row or reference definition (``[e]: javascript:...``). Control characters are dropped and
  lone surrogates become U+FFFD, so the post is always valid UTF-8.

Link targets go through ``safe_url``: only ``http(s)://`` URLs with a host are kept (anything
else — ``javascript:``, ``data:``, relative, empty — is ``None``: the caller drops the link), and
every character outside a small safe set is percent-encoded: whitespace and newlines, control
characters, ``( ) < > [ ] { } " ' ` \\ | * $ ^``, and non-ASCII. So a target can never end early,
open a new Markdown construct, break an HTML attribute or form Liquid.
"""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")
_MD_INLINE = re.compile(r"([\\`*_\[\]|~$])")  # syntax anywhere in a line
_MD_LINE_START = re.compile(r"^(\d+(?=[.)])|)([#+\-=:.)])")  # block syntax at a line start: "# ", "- ", "1. "
# Characters invisible or directional that could disguise text
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # after whitespace became spaces: the rest is dropped
_SURROGATE = re.compile("[\ud800-\udfff]")  # lone surrogates cannot be written as UTF-8

# Characters a URL keeps as they are: RFC 3986 unreserved and the reserved ones with no meaning in
# Markdown, HTML attributes or Liquid. Everything else is percent-encoded (as UTF-8 bytes).
_URL_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!&+,;=%")
_HTTP = re.compile(r"\Ahttps?://[^/?#\s]", re.I)
_TRIM = re.compile(r"\A[\s\x00-\x1f\x7f\ufeff]+|[\s\x00-\x1f\x7f\ufeff]+\Z")
_SCHEME = re.compile(r"\A[A-Za-z][A-Za-z0-9+.\-]*:")
_PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")  # a "%" that does not start an escape


def md_text(value: object) -> str:
    """Inline-safe Markdown for any untrusted string."""
    text = _INVISIBLE.sub("", str(value))
    text = _WS.sub(" ", text).strip()
    text = _CONTROL.sub("", _SURROGATE.sub("\ufffd", text))
    text = _MD_INLINE.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("{", "&#123;").replace("}", "&#125;")


def md_block(value: object) -> str:
    """``md_text`` for text that starts a line: also escapes block syntax (``# ``, ``- ``, ``1. ``)."""
    return _MD_LINE_START.sub(r"\1\\\2", md_text(value), count=1)


def _encode(text: str) -> str:
    text = _PCT.sub("%25", _SURROGATE.sub("\ufffd", text))
    return "".join(ch if ch in _URL_SAFE else "".join(f"%{b:02X}" for b in ch.encode("utf-8")) for ch in text)


def safe_url(url: object) -> str | None:
    """A link target for an untrusted URL, or ``None`` when it is not an ``http(s)://`` URL.

    Leading/trailing spaces and control characters are trimmed (as browsers do); inside, every
    unsafe character is percent-encoded, so the result is one inert token.
    """
    if not isinstance(url, str):
        return None
    url = _TRIM.sub("", url)
    if not _HTTP.match(url):
        return None
    return _encode(url)


def md_url(url: str) -> str:
    """``safe_url`` for a target that must be a link: raises ``ValueError`` for a non-http(s) one."""
    safe = safe_url(url)
    if safe is None:
        raise ValueError(f"refusing non-http link target: {url!r}")
    return safe


def md_path(target: str) -> str:
    """A site-relative link target written by tweetbrief (an image path), percent-encoded like a URL.

    The one piece of Liquid tweetbrief writes itself, a leading ``{{site.baseurl}}``, is kept.
    """
    prefix = "{{site.baseurl}}"
    if target.startswith(prefix):
        return prefix + md_path(target[len(prefix):])
    if _SCHEME.match(target):
        return md_url(target)  # an absolute URL: http(s) only
    return _encode(target)


__all__ = ["md_text", "md_block", "md_url", "md_path", "safe_url"]

"""Make untrusted text (tweets, model output) inert in a Jekyll Markdown post.

Three languages meet in a post: Liquid (Jekyll runs it first), Markdown (kramdown) and HTML.
``md_text`` neutralises all three for a run of inline text:

* HTML: ``& < >`` become entities, so ``<script>`` is shown, never run;
* Liquid: ``{`` and ``}`` become ``&#123;``/``&#125;``, so ``{{ site }}``/``{% include %}`` never
  form a tag (a ``{% raw %}`` wrapper could be closed by a tweet containing ``{% endraw %}``);
* Markdown: inline syntax (``\\ ` * _ [ ] | ~ $``) is backslash-escaped everywhere, block syntax
  (``# + - = :``, ``1.``) where the text would start a line, and newlines collapse to spaces so
  nothing else can start a block.
"""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")
_MD_INLINE = re.compile(r"([\\`*_\[\]|~$])")  # syntax anywhere in a line
_MD_LINE_START = re.compile(r"^(\d+(?=[.)])|)([#+\-=:.)])")  # block syntax at a line start: "# ", "- ", "1. "
# Characters invisible or directional that could disguise text
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def md_text(value: object) -> str:
    """Inline-safe Markdown for any untrusted string."""
    text = _INVISIBLE.sub("", str(value))
    text = _WS.sub(" ", text).strip()
    text = _MD_INLINE.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("{", "&#123;").replace("}", "&#125;")


def md_block(value: object) -> str:
    """``md_text`` for text that starts a line: also escapes block syntax (``# ``, ``- ``, ``1. ``)."""
    return _MD_LINE_START.sub(r"\1\\\2", md_text(value), count=1)


def md_url(url: str) -> str:
    """A link target: only http(s) URLs, with characters that could end the target encoded."""
    if not re.match(r"^https?://", url):
        raise ValueError(f"refusing non-http link target: {url!r}")
    return (
        url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")
        .replace(">", "%3E").replace("{", "%7B").replace("}", "%7D").replace('"', "%22")
    )


__all__ = ["md_text", "md_block", "md_url"]

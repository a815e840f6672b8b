"""A standalone HTML page of a post: check a report in a browser without building the Jekyll site.

Markdown -> HTML with ``markdown-it-py`` (CommonMark + GFM tables/strikethrough). It is already
installed with typer (typer -> rich -> markdown-it-py), is maintained by the executablebooks
project, is pure Python and fast, and — unlike ``markdown`` — follows CommonMark, so what the
preview shows is close to what kramdown builds. Raw HTML in the Markdown is *not* rendered
(``html=False``): the post has none of its own, and anything that looks like HTML stays text.

Images are inlined as ``data:`` URIs so the page is one file that can be mailed or archived. The
page carries a Content-Security-Policy that allows no scripts at all. The only Liquid tweetbrief
may write itself (``{{site.baseurl}}`` in image links, ``image_style = "baseurl"``) is resolved to
the site root; tweet text never contains live Liquid (``render/escape.py``).
"""

from __future__ import annotations

import base64
import html
import json
import mimetypes
import re
from urllib.parse import unquote
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from tweetbrief.errors import InputError, os_fix, os_reason
from tweetbrief.publish.jekyll import atomic_write

__all__ = ["Preview", "render_preview", "write_preview", "read_post", "split_front_matter", "PREVIEW_DIR"]

PREVIEW_DIR = "_preview"  # SITE/_preview/<post>.html for --html (Jekyll ignores _folders)
_BASEURL_LINK = re.compile(r"\]\(\{\{\s*site\.baseurl\s*\}\}/")  # "]({{site.baseurl}}/" as jekyll.py writes it
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#222}
header{border-bottom:1px solid #ddd;margin-bottom:1.5rem}header p{color:#666;margin:.2rem 0 1rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #ccc;padding:.35rem .6rem;
vertical-align:top}th{background:#f4f4f4}img{max-width:100%;height:auto;display:block;margin:1rem 0}
blockquote{border-left:4px solid #ddd;margin:1rem 0;padding:0 1rem;color:#555}
dl.stats{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem;font-size:.9rem;color:#555}
dl.stats dt{font-weight:bold}dl.stats dd{margin:0}
"""


@dataclass
class Preview:
    path: Path
    title: str
    images: list[str] = field(default_factory=list)  # image links found in the post
    missing: list[str] = field(default_factory=list)  # links whose file was not found (left as is)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """``(fields, body)``. Values tweetbrief writes are quoted strings or JSON; others stay raw strings."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    fields: dict[str, Any] = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if not sep or not key.strip() or key.startswith((" ", "\t")):
            continue
        value = value.strip()
        try:
            fields[key.strip()] = json.loads(value)
        except ValueError:
            fields[key.strip()] = value
    return fields, text[m.end():]


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"])


def _image_file(link: str, post: Path, site: Path | None) -> Path | None:
    if "://" in link or link.startswith("data:"):
        return None
    link = unquote(link)
    if link.startswith("/"):
        root = site if site is not None else (post.parent.parent if post.parent.name == "_posts" else post.parent)
        return root / link.lstrip("/")
    return post.parent / link


def _data_uri(path: Path) -> str | None:
    """The image inlined, or None when it cannot be read (then reported as missing)."""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _stats_html(stats: Any) -> str:
    if not isinstance(stats, dict):
        return ""
    rows = []
    for key, value in stats.items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
        rows.append(f"<dt>{html.escape(str(key))}</dt><dd>{html.escape(shown)}</dd>")
    return "<details><summary>运行数据</summary><dl class=\"stats\">" + "".join(rows) + "</dl></details>"


def render_preview(text: str, post: Path, site: Path | None = None) -> tuple[str, Preview]:
    """The HTML page for the post text ``text`` read from ``post``."""
    fields, body = split_front_matter(text)
    title = str(fields.get("title") or post.stem)
    md = _markdown()
    tokens = md.parse(_BASEURL_LINK.sub("](/", body))
    preview = Preview(path=Path(), title=title)
    for token in tokens:
        for child in token.children or []:
            if child.type != "image":
                continue
            link = str(child.attrGet("src") or "")
            preview.images.append(link)
            path = _image_file(link, post, site)
            uri = _data_uri(path) if path is not None and path.is_file() else None
            if uri is not None:
                child.attrSet("src", uri)
            else:
                preview.missing.append(link)
    content = md.renderer.render(tokens, md.options, {})
    date = html.escape(str(fields.get("date", "")))
    page = (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>\n<body>"
        f"<header><h1>{html.escape(title)}</h1><p>{date}</p></header>\n<main>\n{content}</main>\n"
        f"<footer>{_stats_html(fields.get('tweetbrief'))}</footer>\n</body></html>\n"
    )
    return page, preview


def default_out(post: Path, site: Path | None = None) -> Path:
    root = site if site is not None else (post.parent.parent if post.parent.name == "_posts" else post.parent)
    return root / PREVIEW_DIR / f"{post.stem}.html"


def write_preview(post: Path, out: Path | None = None, site: Path | None = None) -> Preview:
    """Write the standalone HTML page of ``post`` to ``out`` (default ``SITE/_preview/<post>.html``)."""
    post = Path(post)
    text = read_post(post)
    page, preview = render_preview(text, post, site)
    preview.path = Path(out) if out is not None else default_out(post, site)
    if preview.path.is_dir():
        raise InputError(f"--out {preview.path} is a folder; pass the .html file to write")
    try:
        atomic_write(preview.path, page)
    except OSError as err:
        raise InputError(f"{preview.path}: {os_reason(err)}; {os_fix(err)} (no preview written)") from None
    return preview


MAX_POST_BYTES = 20 * 1024 * 1024  # a post tweetbrief writes is ~100 KB; anything this big is not one


def read_post(post: Path) -> str:
    """The post's text, or one ``InputError`` line: missing, a folder, unreadable, binary, too large."""
    hint = "pass the .md file a report/run wrote"
    try:
        if post.is_dir():
            raise InputError(f"{post}: is a folder, not a post; {hint} (SITE/_posts/<date>-<slug>.md)")
        if post.stat().st_size > MAX_POST_BYTES:
            raise InputError(f"{post}: {post.stat().st_size // 1024 // 1024} MB is too large for a post; {hint}")
        text = post.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{post}: post not found; {hint}") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{post}: not a text post (not UTF-8 at byte {err.start}); {hint}") from None
    except OSError as err:
        raise InputError(f"{post}: {os_reason(err)}; {os_fix(err)}") from None
    if "\x00" in text:
        raise InputError(f"{post}: a binary file (NUL byte at character {text.index(chr(0))}), not a post; {hint}")
    return text

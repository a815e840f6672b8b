"""Render a ``Report`` as the Jekyll Markdown post: ``front_matter.md.j2`` + ``post.<language>.md.j2`` (zh, en).

The two halves render separately (``render_front_matter``, ``render_body``): publishing renders the
body once, measures it, and puts the figures in the front matter without rendering the body again.

Every value the template prints is escaped by default (``md_text``): tweets and model output can
never become live Markdown, HTML or Liquid. Only the renderer's own markup (citation links,
image links, front matter) is trusted, by wrapping it in ``Trusted`` -- and even there every field
that came from a tweet is escaped: a citation's label (the handle) with ``md_text``, its target
with ``safe_url`` (a source whose link is not http(s) is left out of the citations, not fatal).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import jinja2

from tweetbrief.render.escape import md_block, md_path, md_text, safe_url
from tweetbrief.writers.report import Report

MAX_LINKS_PER_ITEM = 3
FRONT_MATTER_TIME = "%Y-%m-%d %H:%M:%S %z"


class Trusted(str):
    """Markup produced by tweetbrief itself; printed as is."""


def _finalize(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Trusted):
        return value
    return md_text(value)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tweetbrief.render", "templates"),
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env


_ENV = _environment()


CITE_WRAP = {"zh": ("（来源：", "）", "原推文"), "en": (" (sources: ", ")", "tweet")}


def citation_links(report: Report, ids: Iterable[str], limit: int = MAX_LINKS_PER_ITEM) -> Trusted:
    """`` [@alice](https://x.com/alice/status/1) · [@bob](...)`` for the first ``limit`` ids with a
    known, http(s) link (others are skipped: a ``javascript:`` or empty link is never written)."""
    opening, closing, anonymous = CITE_WRAP.get(report.language, CITE_WRAP["zh"])
    links: list[str] = []
    targets: set[str] = set()
    for tweet_id in ids:
        ref = report.sources.get(tweet_id)
        target = safe_url(ref.url) if ref is not None else None
        if ref is None or target is None or target in targets:
            continue  # no citable link, or the same post again (a retweet linking its original)
        targets.add(target)
        label = md_text(f"@{ref.author}" if ref.author else anonymous)
        links.append(f"[{label}]({target})")
        if len(links) == limit:
            break
    return Trusted(opening + " · ".join(links) + closing) if links else Trusted("")


_YAML_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}  # line breaks to YAML 1.1


def _json_line(value: object) -> str:
    """One front-matter value as JSON (valid YAML) on one line: no raw line break of any kind."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    for char, escaped in _YAML_BREAKS.items():
        text = text.replace(char, escaped)
    return text


def front_matter_time(when: datetime) -> str:
    return when.strftime(FRONT_MATTER_TIME)


def render_front_matter(report: Report, extra: Mapping[str, object] | None = None, *,
                        when: datetime | None = None) -> str:
    """The ``---`` front matter block (and the blank line after it). ``date``/``posttime`` are
    ``when`` (default ``report.generated_at``); ``extra`` values are written as JSON-compatible YAML."""
    when = when or report.generated_at
    front = {
        "title": Trusted(_json_line(report.slug)[1:-1]),  # a JSON string is a YAML double-quoted one
        "date": Trusted(front_matter_time(when)),
        "posttime": Trusted(front_matter_time(when)),
        "extra": [Trusted(f"{key}: {_json_line(value)}") for key, value in (extra or {}).items()],
    }
    return _ENV.get_template("front_matter.md.j2").render(front=front)


def render_body(report: Report, images: Mapping[str, str] | None = None,
                extra_sections: Sequence[str] = ()) -> str:
    """The post below the front matter. ``images``: role (``wordcloud``, ...) -> link; default
    ``report.images``. ``extra_sections`` (tweetbrief's own markup) are appended as they are."""
    env = _ENV.overlay()
    env.filters["block"] = lambda text: Trusted(md_block(text))
    env.filters["cites"] = lambda ids: citation_links(report, ids)
    env.filters["link"] = lambda target: Trusted(md_path(target))
    template = env.get_template(f"post.{report.language}.md.j2")
    return template.render(
        r=report,
        images=dict(report.images if images is None else images),
        extra_sections=[Trusted(s) for s in extra_sections],
    )


def render_post(report: Report, extra_front_matter: Mapping[str, object] | None = None,
                extra_sections: Sequence[str] | None = None, *, images: Mapping[str, str] | None = None,
                when: datetime | None = None) -> str:
    """The whole post: :func:`render_front_matter` + :func:`render_body` (nothing on ``report`` changes)."""
    return (render_front_matter(report, extra_front_matter, when=when)
            + render_body(report, images, extra_sections or ()))


__all__ = ["render_post", "render_front_matter", "render_body", "citation_links", "Trusted",
           "front_matter_time"]

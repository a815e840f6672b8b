"""Render a ``Report`` as the Jekyll Markdown post (Jinja2 templates ``post.<language>.md.j2``: zh, en).

Every value the template prints is escaped by default (``md_text``): tweets and model output can
never become live Markdown, HTML or Liquid. Only the renderer's own markup (citation links,
image links, front matter) is trusted, by wrapping it in ``Trusted``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import jinja2

from tweetbrief.render.escape import md_block, md_text, md_url
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
    """`` [@alice](https://x.com/alice/status/1) · [@bob](...)`` for the first ``limit`` known ids."""
    opening, closing, anonymous = CITE_WRAP.get(report.language, CITE_WRAP["zh"])
    links = []
    for tweet_id in ids:
        ref = report.sources.get(tweet_id)
        if ref is None:
            continue
        label = md_text(f"@{ref.author}" if ref.author else anonymous)
        links.append(f"[{label}]({md_url(ref.url)})")
        if len(links) == limit:
            break
    return Trusted(opening + " · ".join(links) + closing) if links else Trusted("")


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter_time(when: datetime) -> str:
    return when.strftime(FRONT_MATTER_TIME)


def render_post(report: Report, extra_front_matter: dict[str, object] | None = None,
                extra_sections: list[str] | None = None) -> str:
    """The post text. ``extra_front_matter`` values are written as JSON-compatible YAML."""
    import json

    env = _ENV.overlay()
    env.filters["block"] = lambda text: Trusted(md_block(text))
    env.filters["cites"] = lambda ids: citation_links(report, ids)
    env.filters["link"] = lambda target: Trusted(md_url(target) if "://" in target else target.replace(" ", "%20"))
    extra = [
        f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}"
        for key, value in (extra_front_matter or {}).items()
    ]
    front = {
        "title": Trusted(report.slug),
        "date": Trusted(front_matter_time(report.generated_at)),
        "posttime": Trusted(front_matter_time(report.generated_at)),
        "extra": [Trusted(line) for line in extra],
    }
    template = env.get_template(f"post.{report.language}.md.j2")
    return template.render(
        r=report,
        front=front,
        images=report.images,
        extra_sections=[Trusted(s) for s in (extra_sections or [])],
    )


__all__ = ["render_post", "citation_links", "Trusted", "front_matter_time"]

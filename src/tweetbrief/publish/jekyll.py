"""Jekyll publishing: ``SITE/_posts/<end>-<slug>.md`` plus images in an assets folder.

Jekyll does not copy images that sit inside ``_posts/`` to ``_site/``, so images go to
``SITE/<assets_dir>/`` (default ``assets/tweetbrief``) and the post links them by site-absolute
path. ``image_style`` picks the link:

* ``assets`` (default): ``/assets/tweetbrief/x.jpg`` — right whatever the permalink style, for a
  site served at the domain root (user/organisation pages, own domain). No Liquid in the post.
* ``baseurl``: ``{{site.baseurl}}/assets/tweetbrief/x.jpg`` — for a site under a ``baseurl``
  (GitHub project pages). The only Liquid in the post, and written by tweetbrief, never from tweets.
* ``bare``: the image beside the post, linked by bare file name — the reference post's habit,
  for non-Jekyll use (Jekyll does not copy images inside ``_posts/``).

Publishing is all-or-nothing: the word cloud, the charts and the post are first rendered into a
hidden staging folder inside the site (``.tweetbrief-staging-*``, same filesystem, ignored by
Jekyll), then renamed into place, the post last. A failure while rendering leaves the previous
post and images untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tweetbrief.analysis.model import Analysis
from tweetbrief.publish.stats import run_stats
from tweetbrief.render.markdown import render_post
from tweetbrief.writers.report import Report

if TYPE_CHECKING:
    from tweetbrief.config import Topic

ASSETS_DIR = "assets/tweetbrief"
IMAGE_STYLES = ("assets", "baseurl", "bare")
CHARTS_HEADING = "## 数据图表"
STAGING_PREFIX = ".tweetbrief-staging-"

__all__ = ["publish_jekyll", "stage_post", "Staged", "Published", "PublishOptions", "atomic_write", "post_path",
           "image_link", "ASSETS_DIR", "IMAGE_STYLES", "CHARTS_HEADING"]


@dataclass
class PublishOptions:
    assets_dir: str = ASSETS_DIR
    image_style: str = "assets"
    charts: bool = True
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    author: str | None = None
    font: str | None = None

    @classmethod
    def from_topic(cls, topic: "Topic") -> "PublishOptions":
        return cls(assets_dir=topic.assets_dir, image_style=topic.image_style, charts=topic.charts,
                   categories=list(topic.categories), tags=list(topic.tags), author=topic.author, font=topic.font)

    def front_matter(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.categories:
            extra["categories"] = list(self.categories)
        if self.tags:
            extra["tags"] = list(self.tags)
        if self.author:
            extra["author"] = self.author
        return extra


@dataclass
class Published:
    post: Path
    images: list[Path] = field(default_factory=list)
    text: str = ""  # the post as written
    stats: dict[str, Any] = field(default_factory=dict)  # the front matter's ``tweetbrief:`` mapping


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write via a temp file in the same folder and rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def post_path(site: Path, report: Report) -> Path:
    return site / "_posts" / f"{report.end:%Y-%m-%d}-{report.slug}.md"


def image_link(name: str, options: PublishOptions) -> str:
    if options.image_style == "bare":
        return name
    if options.image_style == "assets":
        return f"/{options.assets_dir}/{name}"
    if options.image_style == "baseurl":
        return "{{site.baseurl}}" + f"/{options.assets_dir}/{name}"
    raise ValueError(f"image_style {options.image_style!r} must be one of {', '.join(IMAGE_STYLES)}")


def _image_dir(site: Path, options: PublishOptions) -> Path:
    return site / "_posts" if options.image_style == "bare" else site / options.assets_dir


def charts_section(links: Mapping[str, str]) -> str:
    """The ``## 数据图表`` section: tweetbrief's own markup, only fixed alt texts and our links."""
    from tweetbrief.render.charts import CHARTS

    lines = [CHARTS_HEADING]
    for spec in CHARTS:
        if spec.role in links:
            lines += ["", f"![{spec.alt}]({links[spec.role]})"]
    return "\n".join(lines)


@dataclass
class Staged:
    """Everything rendered into a staging folder, waiting to be renamed into place."""

    staging: Path
    moves: list[tuple[Path, Path]]  # (staged file, final path); the post is last
    text: str
    stats: dict[str, Any]

    def commit(self) -> Published:
        try:
            for src, dst in self.moves:
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
        finally:
            self.discard()
        post = self.moves[-1][1]
        return Published(post=post, images=[dst for _, dst in self.moves[:-1]], text=self.text, stats=self.stats)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def stage_post(report: Report, analysis: Analysis, site: Path, options: PublishOptions | None = None,
               run_info: Mapping[str, Any] | None = None) -> Staged:
    """Render the word cloud, the charts and the post into a staging folder inside ``site``.

    ``run_info`` (``collected``, ``sources``, ``seconds``) goes into the ``tweetbrief:`` front matter.
    """
    from tweetbrief.render.wordcloud import render_wordcloud

    options = options or PublishOptions()
    site = Path(site)
    site.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=site, prefix=STAGING_PREFIX))
    try:
        image_dir = _image_dir(site, options)
        moves: list[tuple[Path, Path]] = []
        name = f"wordcloud_{report.slug}.jpg"
        render_wordcloud(analysis.word_freqs, staging / name, font=options.font)
        moves.append((staging / name, image_dir / name))
        report.images["wordcloud"] = image_link(name, options)
        sections: list[str] = []
        if options.charts:
            from tweetbrief.render.charts import render_charts

            charts = render_charts(analysis, staging, report.slug, font=options.font)
            links = {}
            for role, path in charts.items():
                moves.append((path, image_dir / path.name))
                links[role] = report.images[role] = image_link(path.name, options)
            sections.append(charts_section(links))
        front = options.front_matter()
        body = render_post(report, extra_front_matter=front, extra_sections=sections)
        info = dict(run_info or {})
        stats = run_stats(analysis, body, report.stats, collected=info.get("collected"),
                          sources=info.get("sources") or (), seconds=info.get("seconds"))
        stats.update({k: info[k] for k in ("x_reads", "x_cost_usd") if k in info})  # collection cost, if any
        text = render_post(report, extra_front_matter={**front, "tweetbrief": stats}, extra_sections=sections)
        post = post_path(site, report)
        staged_post = staging / post.name
        staged_post.write_text(text, encoding="utf-8")
        moves.append((staged_post, post))
        return Staged(staging=staging, moves=moves, text=text, stats=stats)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def publish_jekyll(report: Report, analysis: Analysis, site: Path, *, font: str | None = None,
                   image_style: str | None = None, options: PublishOptions | None = None,
                   run_info: Mapping[str, Any] | None = None) -> Published:
    """Render the word cloud, charts and post, then move them into ``site``; return the written paths."""
    options = options or PublishOptions(font=font)
    if font is not None:
        options.font = font
    if image_style is not None:
        options.image_style = image_style
    return stage_post(report, analysis, site, options, run_info).commit()

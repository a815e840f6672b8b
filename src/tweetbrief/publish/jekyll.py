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
post and images untouched. The post body is rendered once; its measured figures go into the front
matter, which is rendered separately. The ``Report`` is never changed (links and date go to the renderer).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tweetbrief.analysis.model import Analysis
from tweetbrief.files import atomic_write
from tweetbrief.publish.stats import front_matter_stats, run_stats
from tweetbrief.render.markdown import FRONT_MATTER_TIME, render_body, render_front_matter
from tweetbrief.writers.report import Report

if TYPE_CHECKING:
    from tweetbrief.config import Topic

ASSETS_DIR = "assets/tweetbrief"
IMAGE_STYLES = ("assets", "baseurl", "bare")
CHARTS_HEADING = "## 数据图表"
STAGING_PREFIX = ".tweetbrief-staging-"
DEFAULT_LANGUAGE = "zh"  # its post keeps the plain file name

__all__ = ["publish_jekyll", "stage_post", "Staged", "Published", "PublishOptions", "atomic_write", "post_path",
           "image_link", "publication_time", "published_date", "ASSETS_DIR", "IMAGE_STYLES", "CHARTS_HEADING"]


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
    def from_topic(cls, topic: Topic, warn: Callable[[str], None] | None = None) -> PublishOptions:
        """The topic's settings. ``font`` is optional: a configured font file that does not exist
        is a warning line (``warn``, default stderr) and an installed CJK font is used instead."""
        font = topic.font
        if font and not Path(os.path.expanduser(font)).is_file():
            (warn or _warn)(f"font {font} (topic {topic.name!r}) not found; using an installed CJK font "
                            "(fix or remove font = \"...\" in the config)")
            font = None
        return cls(assets_dir=topic.assets_dir, image_style=topic.image_style, charts=topic.charts,
                   categories=list(topic.categories), tags=list(topic.tags), author=topic.author, font=font)

    def front_matter(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.categories:
            extra["categories"] = list(self.categories)
        if self.tags:
            extra["tags"] = list(self.tags)
        if self.author:
            extra["author"] = self.author
        return extra


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


@dataclass
class Published:
    post: Path
    images: list[Path] = field(default_factory=list)
    text: str = ""  # the post as written
    stats: dict[str, Any] = field(default_factory=dict)  # run stats (the front matter keeps the stable part)


def post_path(site: Path, report: Report) -> Path:
    """``SITE/_posts/<end>-<slug>.md`` for Chinese (the default, so existing sites keep their
    permalinks); ``<end>-<slug>-<lang>.md`` for any other language, which gets its own post."""
    suffix = "" if report.language == DEFAULT_LANGUAGE else f"-{report.language}"
    return site / "_posts" / f"{report.end:%Y-%m-%d}-{report.slug}{suffix}.md"


_FRONT_DATE = re.compile(r'^date:\s*"?([^"\n]+?)"?\s*$', re.M)


def published_date(post: Path) -> datetime | None:
    """The ``date`` of a post tweetbrief wrote before (``None``: no post, or no readable date)."""
    try:
        head = post.read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return None
    if not head.startswith("---\n"):
        return None
    match = _FRONT_DATE.search(head.split("\n---", 2)[0])
    if match is None:
        return None
    try:
        return datetime.strptime(match.group(1).strip(), FRONT_MATTER_TIME)
    except ValueError:
        return None


def publication_time(post: Path, report: Report) -> datetime:
    """Front-matter ``date``/``posttime``: the first publication's, when the post already exists
    (a re-run never moves the permalink or re-dates the post); else the report's last day at the
    time of day it was generated (the reference post's habit), in the topic timezone."""
    first = published_date(post)
    if first is not None:
        return first
    return datetime.combine(report.end, report.generated_at.timetz()).replace(microsecond=0)  # as written


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


def charts_section(links: Mapping[str, str], language: str = "zh") -> str:
    """The ``## 数据图表`` (en: ``## Charts``) section: tweetbrief's own markup, fixed alt texts and our links."""
    from tweetbrief.render.charts import CHARTS, words

    w = words(language)
    lines = [w["heading"]]
    for spec in CHARTS:
        if spec.role in links:
            lines += ["", f"![{w['alt'][spec.role]}]({links[spec.role]})"]
    return "\n".join(lines)


@dataclass
class Staged:
    """Everything rendered into a staging folder, waiting to be renamed into place."""

    staging: Path
    moves: list[tuple[Path, Path]]  # (staged file, final path); the post is last
    text: str
    stats: dict[str, Any]

    def commit(self) -> Published:
        from tweetbrief.publish.faults import site_error

        try:
            for src, dst in self.moves:  # the post last: until it moves, the previous post stands
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
        except OSError as err:
            raise site_error(err, self.staging.parent) from None
        finally:
            self.discard()
        post = self.moves[-1][1]
        return Published(post=post, images=[dst for _, dst in self.moves[:-1]], text=self.text, stats=self.stats)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _render_images(analysis: Analysis, report: Report, staging: Path, options: PublishOptions) -> dict[str, Path]:
    """The word cloud and (``options.charts``) the charts, rendered into ``staging``: role -> file."""
    from tweetbrief.render.wordcloud import render_wordcloud

    images = {"wordcloud": staging / f"wordcloud_{report.slug}.jpg"}
    render_wordcloud(analysis.word_freqs, images["wordcloud"], font=options.font)
    if options.charts:
        from tweetbrief.render.charts import render_charts

        images.update(render_charts(analysis, staging, report.slug, font=options.font, language=report.language,
                                    mood=report.mood.label))
    return images


def stage_post(report: Report, analysis: Analysis, site: Path, options: PublishOptions | None = None,
               run_info: Mapping[str, Any] | None = None) -> Staged:
    """Render the word cloud, the charts and the post (once) into a staging folder inside ``site``.

    ``report`` is not changed: the image links and the publication time go to the renderer.
    ``run_info`` (``collected``, ``sources``, ``seconds``, ``costs``: the collectors' figures such as
    ``x_reads``) goes into the returned stats; the ``tweetbrief:`` front matter keeps only what the
    data determines (no timings, collection counts or costs), and ``date``/``posttime`` come from
    :func:`publication_time`, so the same data publishes byte-identical files.
    """
    from tweetbrief.publish.faults import check_site, site_error

    options = options or PublishOptions()
    site = Path(site)
    check_site(site)  # a file, a read-only or missing-parent folder: one line, nothing written
    try:
        staging = Path(tempfile.mkdtemp(dir=site, prefix=STAGING_PREFIX))
    except OSError as err:
        raise site_error(err, site) from None
    try:
        post = post_path(site, report)
        image_dir = _image_dir(site, options)
        images = _render_images(analysis, report, staging, options)
        links = {role: image_link(path.name, options) for role, path in images.items()}
        charts = {role: link for role, link in links.items() if role != "wordcloud"}
        sections = [charts_section(charts, report.language)] if options.charts else []
        body = render_body(report, links, sections)
        info = dict(run_info or {})
        costs = dict(info.get("costs") or {})
        stats = run_stats(analysis, body, report.stats, collected=info.get("collected"),
                          sources=info.get("sources") or (), seconds=info.get("seconds"))
        stats.update(costs)  # collection cost (e.g. x_reads, x_cost_usd), if any: stderr and --json only
        front = {**options.front_matter(), "tweetbrief": front_matter_stats(stats, run_varying=costs)}
        text = render_front_matter(report, front, when=publication_time(post, report)) + body
        staged_post = staging / post.name
        atomic_write(staged_post, text)
        moves = [(path, image_dir / path.name) for path in images.values()] + [(staged_post, post)]
        return Staged(staging=staging, moves=moves, text=text, stats=stats)
    except OSError as err:  # disk full, read-only assets folder, ...: nothing was moved into place
        shutil.rmtree(staging, ignore_errors=True)
        raise site_error(err, site) from None
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

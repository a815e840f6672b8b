"""Jekyll publishing: ``SITE/_posts/<end>-<slug>.md`` plus images in an assets folder.

Jekyll does not copy images that sit inside ``_posts/`` to ``_site/``, so images go to
``SITE/assets/tweetbrief/`` by default and the post links them by an absolute path, which works
whatever the permalink style. ``image_style="bare"`` reproduces the reference post's habit (image
beside the post, linked by bare file name) for non-Jekyll use.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tweetbrief.analysis.model import Analysis
from tweetbrief.render.markdown import render_post
from tweetbrief.render.wordcloud import render_wordcloud
from tweetbrief.writers.report import Report

ASSETS_DIR = "assets/tweetbrief"


@dataclass
class Published:
    post: Path
    images: list[Path] = field(default_factory=list)


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


def publish_jekyll(report: Report, analysis: Analysis, site: Path, *, font: str | None = None,
                   image_style: str = "assets") -> Published:
    """Render the word cloud and the post into ``site``; return the written paths."""
    site = Path(site)
    image_name = f"wordcloud_{report.slug}.jpg"
    if image_style == "bare":
        image_path, link = site / "_posts" / image_name, image_name
    else:
        image_path, link = site / ASSETS_DIR / image_name, f"/{ASSETS_DIR}/{image_name}"
    image_path.parent.mkdir(parents=True, exist_ok=True)
    render_wordcloud(analysis.word_freqs, image_path, font=font)
    report.images["wordcloud"] = link
    post = post_path(site, report)
    atomic_write(post, render_post(report))
    return Published(post=post, images=[image_path])


__all__ = ["publish_jekyll", "Published", "atomic_write", "post_path", "ASSETS_DIR"]

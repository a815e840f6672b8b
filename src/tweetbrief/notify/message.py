"""The push message for a published report: title line, 当前情绪 line, top headlines with counts, link.

    msg = build_message(report, analysis, post, site_url="https://me.github.io/blog", categories=[])
    msg.title / msg.text / msg.markdown

Everything comes from the ``Report`` (the writer's text) and the ``Analysis`` (counts), in the
report's language. Tweet-derived text is plain text here; the Markdown body escapes it with the
renderer's ``md_text`` (no link, heading or HTML can come from a tweet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tweetbrief.render.escape import md_text, safe_url

__all__ = ["Message", "build_message", "post_link", "TOP_TRENDS"]

TOP_TRENDS = 5
_POST_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)\.(md|markdown|html)$")
# Jekyll's built-in permalink styles
_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_WORDS = {
    "zh": {"mood": "当前情绪", "trends": "热门话题", "count": "（{n} 条推文）", "link": "全文",
           "test": "tweetbrief 测试消息",
           "test_body": "tweetbrief 推送配置正常：这条消息来自 `tweetbrief notify-test`。"},
    "en": {"mood": "Current mood", "trends": "Top stories", "count": " ({n} tweets)", "link": "Full report",
           "test": "tweetbrief test message",
           "test_body": "tweetbrief can reach this channel: sent by `tweetbrief notify-test`."},
}


@dataclass(frozen=True)
class Message:
    title: str
    text: str  # plain text body
    markdown: str  # Markdown body (tweet-derived text escaped)
    link: str = ""


def words(language: str) -> dict[str, str]:
    return _WORDS.get(language, _WORDS["en"])


def _site_config_permalink(site: Path) -> str:
    """``permalink:`` from the site's ``_config.yml`` (one line, the common case), else Jekyll's default."""
    try:
        text = (site / "_config.yml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "date"
    m = re.search(r"^permalink:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", text, re.M)
    return m.group(1).strip() if m else "date"


def post_link(post: Path, site: Path, site_url: str | None, categories: list[str]) -> str:
    """``site_url`` + the post's Jekyll permalink; without ``site_url``, the post's path."""
    if not site_url:
        return str(post)
    m = _POST_NAME.match(post.name)
    if m is None:
        return str(post)
    year, month, day, title, _ = m.groups()
    pattern = _STYLES.get(_site_config_permalink(site), _site_config_permalink(site))
    cats = "/".join(re.sub(r"[^\w-]+", "-", c.strip().lower()).strip("-") for c in categories if c.strip())
    path = (pattern.replace(":categories", cats).replace(":year", year).replace(":month", month)
            .replace(":day", day).replace(":i_month", str(int(month))).replace(":i_day", str(int(day)))
            .replace(":title", title).replace(":slug", title).replace(":output_ext", ".html"))
    path = re.sub(r"/{2,}", "/", "/" + path)
    return site_url.rstrip("/") + path


def _trend_counts(report: Any, analysis: Any) -> list[int | None]:
    """Each report trend's tweet count: the analysis trend sharing most cited ids with it."""
    trends = list(getattr(analysis, "trends", None) or [])
    counts: list[int | None] = []
    for item in report.trends:
        cites = set(item.cites)
        best = max(trends, key=lambda t: len(cites & set(t.tweet_ids)), default=None)
        counts.append(best.size if best is not None and cites & set(best.tweet_ids) else None)
    return counts


def build_message(report: Any, analysis: Any, link: str) -> Message:
    """The notification for ``report`` (a ``writers.report.Report``) published at ``link``."""
    w = words(report.language)
    title = f"Twitter {report.topic_title} " + (f"报告 ({report.start} 至 {report.end})" if report.language == "zh"
                                                 else f"report ({report.start} to {report.end})")
    sep = "：" if report.language == "zh" else ": "
    stop = "。" if report.language == "zh" else ". "
    mood_text = f"{w['mood']}{sep}{report.mood.label}{stop}{report.mood.detail}".strip()
    mood_md = f"**{w['mood']}**{sep}**{md_text(report.mood.label)}**{stop}{md_text(report.mood.detail)}".strip()
    text_lines, md_lines = [title, "", mood_text], [f"**{md_text(title)}**", "", mood_md]
    items = list(zip(report.trends, _trend_counts(report, analysis)))[:TOP_TRENDS]
    if items:
        text_lines += ["", w["trends"] + sep.strip()]
        md_lines += ["", f"**{w['trends']}**"]
        for i, (item, n) in enumerate(items, 1):
            count = w["count"].format(n=n) if n is not None else ""
            text_lines.append(f"{i}. {item.headline}{count}")
            md_lines.append(f"{i}. {md_text(item.headline)}{count}")
    if link:
        url = safe_url(link)
        text_lines += ["", f"{w['link']}{sep}{link}"]
        shown = f"[{md_text(link)}]({url})" if url else "`" + link.replace("`", "") + "`"  # a path tweetbrief wrote
        md_lines += ["", f"{w['link']}{sep}{shown}"]
    return Message(title=title, text="\n".join(text_lines), markdown="\n".join(md_lines), link=link)


def test_message(language: str = "zh") -> Message:
    w = words(language)
    return Message(title=w["test"], text=w["test_body"].replace("`", ""), markdown=w["test_body"])

"""Push a published report to chat, mail and webhooks through Apprise URLs (extra: ``notify``).

    results = notify_published(urls, result.report, result.analysis, result.post, site=site,
                               site_url="https://me.github.io/blog", categories=topic.categories)

Runs after the post is published and never undoes or blocks it: each URL is tried, retried
(``send.RETRY_DELAYS``), then reported (``NotifyResult.line()``) -- the caller prints the lines and
sets the exit code (``run``/``report``: 6 when any channel failed). URLs are secrets: only their
labels (``#1 tgram://``) are ever shown (see ``send``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from tweetbrief.errors import EXIT_NOTIFY  # the post is published; a notification failed
from tweetbrief.notify.message import Message, build_message, post_link, test_message
from tweetbrief.notify.send import INSTALL_HINT, NotifyResult, require_apprise, send_all, url_label

__all__ = ["Message", "NotifyResult", "build_message", "post_link", "notify_published", "notify_test",
           "require_apprise", "summary", "notify_result", "url_label", "INSTALL_HINT", "EXIT_NOTIFY"]



def notify_published(urls: Sequence[str], report: Any, analysis: Any, post: Path, *, site: Path,
                     site_url: str | None = None, categories: Sequence[str] = (), err: TextIO | None = None,
                     delays: Sequence[float] | None = None) -> list[NotifyResult]:
    """Send the report's message to every URL; print one line per failed (or retried) channel to ``err``."""
    if not urls:
        return []
    link = post_link(post, site, site_url, list(categories))
    results = send_all(urls, build_message(report, analysis, link), delays=delays)
    if err is not None:
        for r in results:
            if not r.ok or r.attempts > 1:
                print(f"tweetbrief: {r.line()}", file=err)
    return results


def notify_test(url: str, language: str = "zh", delays: Sequence[float] | None = None) -> NotifyResult:
    return send_all([url], test_message(language), delays=delays, where="notify-test")[0]


def summary(results: Sequence[NotifyResult]) -> dict[str, Any]:
    """For run stats / ``--json``: counts and one entry per channel (labels only)."""
    return {"sent": sum(r.ok for r in results), "failed": sum(not r.ok for r in results),
            "channels": [r.as_json() for r in results]}


def notify_result(urls: Sequence[str], result: Any, site: Path, topic: Any) -> dict[str, Any] | None:
    """``report``: push a published ``ReportResult`` (never an empty post); failures on stderr; the summary."""
    if not urls or result.stats.get("empty"):
        return None
    return summary(notify_published(urls, result.report, result.analysis, result.post, site=site,
                                    site_url=topic.site_url, categories=topic.categories, err=sys.stderr))

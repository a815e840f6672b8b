"""Run statistics: what a run read, kept, cost and saved — as data for front matter and stderr.

Reading time uses 200 words per minute. Words are counted the same way for tweets and for the
report: each Latin/digit run (``GPT-4o``, ``2026``, ``don't``) is one word, and Chinese/Japanese/
Korean text counts **1.5 characters per word** (≈300 汉字 per minute, a usual Chinese reading
speed, i.e. the same 200 "words"). URLs, @handles' link targets and Markdown link targets are not
counted. ``reading_minutes_saved`` = minutes to read the period's relevant tweets minus minutes to
read the report, floored at 0. ``Analysis.tweets`` holds the relevant tweets *after* dedup, so
their words are scaled by ``relevant / after_dedup`` (duplicates cost reading time too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from tweetbrief.analysis.model import Analysis

__all__ = ["WPM", "CJK_CHARS_PER_WORD", "RUN_VARYING", "count_words", "reading_minutes", "llm_figures", "run_stats",
           "front_matter_stats", "stats_line"]

WPM = 200
CJK_CHARS_PER_WORD = 1.5

#: Figures of one run, not of the data: stage timings and what this run's collection fetched (an
#: incremental re-run fetches less). With the collectors' costs (``x_reads``, ...: passed as
#: ``run_varying``) they go to stderr and ``--json`` but stay out of the post, so re-running an
#: unchanged period writes a byte-identical post.
RUN_VARYING = ("collected", "seconds")

_URL = re.compile(r"https?://\S+")
_MD_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’.\-][A-Za-z0-9\u00c0-\u024f]+)*")


def count_words(text: str) -> float:
    """Latin words + CJK characters / 1.5 (URLs and Markdown link targets excluded)."""
    text = _MD_LINK_TARGET.sub("]", text)
    text = _URL.sub(" ", text)
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN_WORD.findall(_CJK.sub(" ", text)))
    return latin + cjk / CJK_CHARS_PER_WORD


def reading_minutes(words: float) -> float:
    return words / WPM


def _tweet_words(analysis: Analysis) -> float:
    words = sum(count_words(t.text) for t in analysis.tweets.values())
    kept = len(analysis.tweets)
    relevant = analysis.stats.relevant or kept
    return words * (relevant / kept) if kept else 0.0


def _post_words(post_text: str) -> float:
    return count_words(_FRONT_MATTER.sub("", post_text, count=1))


def llm_figures(report_stats: Mapping[str, Any]) -> tuple[int | None, float | None]:
    """``(tokens, cost_usd)`` from ``report.stats["llm"]`` (the LLM writer's ledger summary), if any.

    Tokens are input + output. Cost is reported only when priced in USD; otherwise None.
    """
    llm = report_stats.get("llm")
    if not isinstance(llm, Mapping):
        return None, None
    tokens: int | None
    if "tokens_in" in llm or "tokens_out" in llm:
        tokens = int(llm.get("tokens_in") or 0) + int(llm.get("tokens_out") or 0)
    elif "tokens" in llm:
        tokens = int(llm["tokens"] or 0)
    else:
        tokens = None
    cost = llm.get("cost_usd", llm.get("cost"))
    currency = str(llm.get("currency", "USD")).upper()
    if cost is None or currency != "USD" or llm.get("priced") is False:
        return tokens, None
    return tokens, round(float(cost), 6)


def run_stats(
    analysis: Analysis,
    post_text: str,
    report_stats: Mapping[str, Any],
    *,
    collected: int | None = None,
    sources: Iterable[str] = (),
    seconds: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """The ``tweetbrief:`` front-matter mapping (JSON-compatible)."""
    tokens, cost = llm_figures(report_stats)
    saved = reading_minutes(_tweet_words(analysis)) - reading_minutes(_post_words(post_text))
    # where the period's tweets came from (importer / collector names) plus the live specs collected
    source_list = sorted({t.source for t in analysis.tweets.values() if t.source} | set(sources))
    return {
        "collected": collected,
        "in_range": analysis.stats.in_range,
        "relevant": analysis.stats.relevant,
        "after_dedup": analysis.stats.after_dedup,
        "authors": analysis.stats.authors,
        "sources": source_list,
        "reading_minutes_saved": round(max(0.0, saved), 1),
        "llm_tokens": tokens,
        "llm_cost_usd": cost,
        "seconds": {k: round(v, 3) for k, v in (seconds or {}).items()},
        **_llm_fallback(report_stats),
    }


def _llm_fallback(report_stats: Mapping[str, Any]) -> dict[str, str]:
    """``llm_fallback`` when an LLM writer's endpoint stayed down and the offline report was published."""
    llm = report_stats.get("llm")
    if isinstance(llm, Mapping) and llm.get("endpoint_down"):
        return {"llm_fallback": f"offline report: the {llm.get('writer') or 'LLM'} endpoint stayed down"}
    return {}


def front_matter_stats(stats: Mapping[str, Any], run_varying: Iterable[str] = ()) -> dict[str, Any]:
    """The part of ``stats`` the post's ``tweetbrief:`` front matter keeps (``RUN_VARYING`` and the
    ``run_varying`` keys, e.g. the collection costs, dropped)."""
    drop = {*RUN_VARYING, *run_varying}
    return {k: v for k, v in stats.items() if k not in drop}


def stats_line(stats: Mapping[str, Any]) -> str:
    """One stderr line for the end of a run."""
    secs = stats.get("seconds") or {}
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in secs.items())
    parts = [
        f"collected {stats.get('collected') if stats.get('collected') is not None else '-'}",
        f"in range {stats.get('in_range')}",
        f"relevant {stats.get('relevant')}",
        f"after dedup {stats.get('after_dedup')}",
        f"authors {stats.get('authors')}",
        f"sources {','.join(stats.get('sources') or []) or '-'}",
        f"reading time saved {stats.get('reading_minutes_saved')} min",
    ]
    if stats.get("llm_tokens") is not None:
        cost = stats.get("llm_cost_usd")
        parts.append(f"llm tokens {stats['llm_tokens']}" + (f" (~${cost:.4f})" if cost is not None else ""))
    if stats.get("llm_fallback"):
        parts.append(f"llm fallback: {stats['llm_fallback']}")
    return "tweetbrief: " + ", ".join(parts) + (f"; seconds: {timing}" if timing else "")

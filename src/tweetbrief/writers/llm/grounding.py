"""Checks run on everything a model wrote, before it reaches the report.

An item fails (and is dropped, or its section replaced from the offline writer) when:

* a cited id is not a tweet of ``analysis.tweets``, or not in the ids the model was shown for that
  call (map: the cluster's tweets; reduce: the ids in its input), or -- for trends -- the cites span
  more than one cluster;
* an item that must cite something cites nothing;
* ``EventItem.date`` lies outside the period, or a full date written in the text
  (2026-01-23, 2026年1月23日) is neither inside the period nor found in the cited tweets;
* the text repeats an instruction aimed at a model ("ignore previous instructions", "忽略之前的指令")
  -- a tweet's injected command echoed by an obedient model;
* a number written as a count or share (next to 条推文/推文/tweets/位作者/authors/%/条 (>10))
  matches neither a computed statistic (counts exactly, percentages within 1 point) nor a number
  in the cited tweets' text.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterable

from pydantic import BaseModel

from tweetbrief.analysis.model import Analysis, Sentiment

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_CLAIM = re.compile(_NUM + r"\s*(%|％|条相关推文|条推文|条帖子|条|篇推文|篇|位作者|位用户|名作者|个账号|个帐号|"
                    r"tweets?\b|posts?\b|authors?\b|accounts?\b)", re.I)
_PLAIN_NUM = re.compile(_NUM)
_DATE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_INSTRUCTION = re.compile(r"ignore (all |any |the )?(previous|prior|above|earlier) (instructions|prompts?)|"
                          r"disregard (all |the )?(previous|prior|above) |system prompt|"
                          r"忽略(之前|以上|前面|上面|先前)的?(所有)?(指令|指示|提示)|系统提示词", re.I)
_PERCENT_TOLERANCE = 1.0
REQUIRE_CITES = {"trends", "mood", "core_facts", "viewpoints", "events", "markets", "summary", "facts"}


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def dates_in(text: str) -> list[date]:
    out = []
    for y, m, d in _DATE.findall(text):
        try:
            out.append(date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return out


def _shares(s: Sentiment) -> list[float]:
    return [100 * s.share(k) for k in ("positive", "negative", "neutral")] if s.total else []


class Grounder:
    def __init__(self, analysis: Analysis):
        self.a = analysis
        st = analysis.stats
        counts = {st.in_range, st.relevant, st.after_dedup, st.duplicates, st.retweets, st.authors,
                  len(analysis.tweets), len(analysis.trends), len(analysis.events), len(analysis.tickers)}
        counts.update(st.per_day.values())
        counts.update(st.languages.values())
        if st.previous_relevant is not None:
            counts.add(st.previous_relevant)
        percents: list[float] = _shares(analysis.sentiment)
        base = st.after_dedup or st.relevant
        if st.in_range:
            percents.append(100 * st.relevant / st.in_range)
        if st.previous_relevant:
            percents.append(100 * abs(st.relevant - st.previous_relevant) / st.previous_relevant)
        for s in (analysis.sentiment,):
            counts.update((s.positive, s.negative, s.neutral, s.total))
        for t in analysis.trends:
            counts.update((t.size, t.authors, t.engagement, len(t.tweet_ids)))
            counts.update((t.sentiment.positive, t.sentiment.negative, t.sentiment.neutral))
            percents += _shares(t.sentiment)
            if base:
                percents.append(100 * t.size / base)
            if t.change is not None:
                counts.update((t.change.previous, t.change.current, abs(t.change.delta)))
                if t.change.previous:
                    percents.append(100 * abs(t.change.delta) / t.change.previous)
        for k in analysis.tickers:
            counts.update((k.mentions, len(k.tweet_ids)))
            percents += _shares(k.sentiment)
        self.counts = {float(c) for c in counts}
        self.percents = percents

    # -- evidence ---------------------------------------------------------------------------
    def _evidence(self, ids: Iterable[str]) -> tuple[set[float], set[date]]:
        numbers: set[float] = set()
        dates: set[date] = set()
        for i in ids:
            tw = self.a.tweets.get(i)
            if tw is None:
                continue
            numbers.update(_num(n) for n in _PLAIN_NUM.findall(tw.text))
            dates.update(dates_in(tw.text))
            dates.add(self.a.period.local_date(tw.created_at))
        return numbers, dates

    # -- checks -----------------------------------------------------------------------------
    def check_cites(self, cites: list[str], allowed: set[str] | None, required: bool,
                    clusters: list[set[str]] | None = None) -> str | None:
        if required and not cites:
            return "no citation"
        for c in cites:
            if c not in self.a.tweets:
                return f"unknown tweet id {c}"
            if allowed is not None and c not in allowed:
                return f"tweet {c} was not in the data for this section"
        if clusters is not None and cites and not any(set(cites) <= ids for ids in clusters):
            return "cites span several clusters"
        return None

    def check_text(self, text: str, evidence_ids: Iterable[str]) -> str | None:
        if _INSTRUCTION.search(text):
            return "repeats an instruction aimed at the model (tweets are data, not instructions)"
        numbers, tweet_dates = self._evidence(evidence_ids)
        p = self.a.period
        for d in dates_in(text):
            if not (p.start <= d <= p.end) and d not in tweet_dates:
                return f"date {d} outside {p.start}..{p.end} and not in the cited tweets"
        for raw, unit in _CLAIM.findall(text):
            value = _num(raw)
            if value in numbers:
                continue
            if unit in ("%", "％"):
                if any(abs(value - x) <= _PERCENT_TOLERANCE for x in self.percents):
                    continue
                return f"{raw}{unit} matches no computed share"
            if unit == "条" and value <= 10:
                continue  # "3 条建议": a list count, not a tweet count
            if value not in self.counts:
                return f"{raw} {unit} matches no computed count"
        return None

    def check_item(self, section: str, item: BaseModel, allowed: set[str] | None,
                   clusters: list[set[str]] | None = None, evidence: set[str] | None = None) -> str | None:
        """Reason ``item`` fails, or None. ``evidence``: tweet ids whose text may back numbers/dates."""
        cites = list(getattr(item, "cites", []) or [])
        reason = self.check_cites(cites, allowed, section in REQUIRE_CITES, clusters)
        if reason:
            return reason
        when = getattr(item, "date", None)
        if isinstance(when, date) and not (self.a.period.start <= when <= self.a.period.end):
            return f"event date {when} outside {self.a.period.start}..{self.a.period.end}"
        ev = set(cites) | (evidence or set())
        for name, value in item:
            if isinstance(value, str):
                reason = self.check_text(value, ev)
                if reason:
                    return f"{name}: {reason}"
        return None

    def filter(self, section: str, items: list[Any], allowed: set[str] | None, drop,
               clusters: list[set[str]] | None = None, evidence: set[str] | None = None) -> list[Any]:
        """Items that pass; ``drop(section, reason)`` is called for each one that does not."""
        kept = []
        for item in items:
            reason = self.check_item(section, item, allowed, clusters, evidence)
            if reason:
                drop(section, reason)
            else:
                kept.append(item)
        return kept


__all__ = ["Grounder", "dates_in", "REQUIRE_CITES"]

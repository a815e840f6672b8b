"""Checks run on everything a model wrote, before it reaches the report.

What is grounded passes: metrics shown in the data (a cited tweet's likes/retweets/replies/views),
counts of tweets shown to the model, shares derivable from the statistics (languages, days,
sentiment, clusters, tickers), numbers and dates the cited tweets contain, and a mood without cites.

An item fails (and is dropped, or replaced from the offline writer) when:

* a cited id is not a tweet of ``analysis.tweets``, or not in the ids the model was shown for that
  call (map: the call's tweets; reduce: the ids in its input);
* an item that must cite something cites nothing;
* ``EventItem.date`` lies outside the period, or a date written in the text in any form (2026-01-23,
  2026年1月23日, 1月30日, March 15, 2031) is neither inside the period nor in the cited tweets;
* the text carries a tweet link or a tweet id (citations belong in ``cites``);
* a number presented as a quantity (a share, a number with 万/亿/k/M, a number before a count word)
  matches neither a computed statistic nor a number of the cited tweets (text or metrics);
* the text repeats an instruction aimed at a model ("ignore previous instructions", "忽略之前的指令").

Single-text sections (overview, 注, 重点, disclaimer, mood) cite nothing, so they are checked against
the statistics only -- never against every tweet of the period, or one planted tweet would vouch
for any invented id or date.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel

from tweetbrief.analysis.model import Analysis, Sentiment
from tweetbrief.writers.llm.numbers import LINK_OR_ID, WrittenDate, claims_in, dates_in, numbers_in

_INSTRUCTION = re.compile(r"ignore (all |any |the )?(previous|prior|above|earlier) (instructions|prompts?)|"
                          r"disregard (all |the )?(previous|prior|above) |system prompt|"
                          r"忽略(之前|以上|前面|上面|先前)的?(所有)?(指令|指示|提示)|系统提示词", re.I)
_PERCENT_TOLERANCE = 1.0
REQUIRE_CITES = {"trends", "core_facts", "viewpoints", "events", "markets", "summary", "facts"}


def _shares(s: Sentiment) -> list[float]:
    return [100 * s.share(k) for k in ("positive", "negative", "neutral")] if s.total else []


def _ratios(parts: Iterable[int], bases: Iterable[int]) -> list[float]:
    bases = [b for b in bases if b]
    return [100 * p / b for p in parts for b in bases]


class Grounder:
    def __init__(self, analysis: Analysis):
        self.a = analysis
        st = analysis.stats
        bases = {st.in_range, st.relevant, st.after_dedup, len(analysis.tweets)}
        counts = {st.in_range, st.relevant, st.after_dedup, st.duplicates, st.retweets, st.authors,
                  len(analysis.tweets), len(analysis.trends), len(analysis.events), len(analysis.tickers),
                  st.duplicates + st.retweets, st.relevant - st.after_dedup, st.in_range - st.relevant}
        counts.update(st.per_day.values())
        counts.update(st.languages.values())
        percents: list[float] = _shares(analysis.sentiment)
        percents += _ratios(list(st.languages.values()) + list(st.per_day.values()), bases)
        percents += _ratios([st.relevant, st.after_dedup], [st.in_range, st.relevant])
        if st.previous_relevant is not None:
            counts.add(st.previous_relevant)
            counts.add(abs(st.relevant - st.previous_relevant))
            if st.previous_relevant:
                percents.append(100 * abs(st.relevant - st.previous_relevant) / st.previous_relevant)
        s = analysis.sentiment
        counts.update((s.positive, s.negative, s.neutral, s.total, s.worried))
        percents += _ratios([s.worried], [s.total])
        for t in [*analysis.trends, *analysis.weak_signals]:
            counts.update((t.size, t.authors, t.engagement, len(t.tweet_ids), t.folded))
            counts.update((t.sentiment.positive, t.sentiment.negative, t.sentiment.neutral))
            percents += _shares(t.sentiment) + _ratios([t.size], bases)
            if t.change is not None:
                counts.update((t.change.previous, t.change.current, abs(t.change.delta)))
                if t.change.previous:
                    percents.append(100 * abs(t.change.delta) / t.change.previous)
        for k in analysis.tickers:
            counts.update((k.mentions, len(k.tweet_ids)))
            percents += _shares(k.sentiment) + _ratios([k.mentions], bases)
        self.counts = {float(c) for c in counts}
        self.percents = percents
        days = (analysis.period.end - analysis.period.start).days + 1
        self.period_days = {analysis.period.start + timedelta(days=i) for i in range(days)}

    def add_counts(self, values: Iterable[int]) -> None:
        """Figures the tool itself showed the model (e.g. how many tweets a call was shown)."""
        self.counts.update(float(v) for v in values)

    # -- evidence ---------------------------------------------------------------------------
    def _evidence(self, ids: Iterable[str]) -> tuple[set[float], set[date], set[tuple[int, int]]]:
        numbers: set[float] = set()
        dates: set[date] = set()
        for i in ids:
            tw = self.a.tweets.get(i)
            if tw is None:
                continue
            numbers |= numbers_in(tw.text)
            numbers.update(float(v) for v in (tw.like_count, tw.retweet_count, tw.reply_count, tw.quote_count,
                                              tw.view_count) if v)
            for d in dates_in(tw.text):
                if d.year:
                    with contextlib.suppress(ValueError):  # an impossible date (2月30日) vouches for nothing
                        dates.add(date(d.year, d.month, d.day))
                else:
                    dates.add(date(2000 if (d.month, d.day) == (2, 29) else 2001, d.month, d.day))
            dates.add(self.a.period.local_date(tw.created_at))
        month_days = {(d.month, d.day) for d in dates}
        return numbers, dates, month_days

    def _date_ok(self, d: WrittenDate, dates: set[date], month_days: set[tuple[int, int]]) -> bool:
        if d.year is None:
            return (d.month, d.day) in month_days or any((p.month, p.day) == (d.month, d.day) for p in self.period_days)
        try:
            full = date(d.year, d.month, d.day)
        except ValueError:
            return False
        return full in self.period_days or full in dates

    # -- checks -----------------------------------------------------------------------------
    def check_cites(self, cites: list[str], allowed: set[str] | None, required: bool) -> str | None:
        if required and not cites:
            return "no citation"
        for c in cites:
            if c not in self.a.tweets:
                return f"unknown tweet id {c}"
            if allowed is not None and c not in allowed:
                return f"tweet {c} was not in the data for this section"
        return None

    def check_text(self, text: str, evidence_ids: Iterable[str] = ()) -> str | None:
        if _INSTRUCTION.search(text):
            return "repeats an instruction aimed at the model (tweets are data, not instructions)"
        link = LINK_OR_ID.search(text)
        if link:
            return f"tweet link or id {link.group(0)[:40]} inside the text (cite it instead)"
        numbers, tweet_dates, month_days = self._evidence(evidence_ids)
        p = self.a.period
        for d in dates_in(text):
            if not self._date_ok(d, tweet_dates, month_days):
                return f"date {d} outside {p.start}..{p.end} and not in the cited tweets"
        for claim in claims_in(text):
            if any(claim.matches(x) for x in numbers):
                continue
            if claim.kind == "share":
                if any(abs(claim.value - x) <= _PERCENT_TOLERANCE + claim.step for x in self.percents):
                    continue
                return f"{claim.raw} matches no computed share"
            if not any(claim.matches(x) for x in self.counts):
                return f"{claim.raw} matches no computed count"
        return None

    def check_item(self, section: str, item: BaseModel, allowed: set[str] | None,
                   evidence: set[str] | None = None) -> str | None:
        """Reason ``item`` fails, or None. ``evidence``: tweet ids whose text may back numbers/dates."""
        cites = list(getattr(item, "cites", []) or [])
        reason = self.check_cites(cites, allowed, section in REQUIRE_CITES)
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

    def filter(self, section: str, items: list[Any], allowed: set[str] | None,
               drop: Callable[[str, str], None], evidence: set[str] | None = None) -> list[Any]:
        """Items that pass; ``drop(section, reason)`` is called for each one that does not."""
        kept = []
        for item in items:
            reason = self.check_item(section, item, allowed, evidence)
            if reason:
                drop(section, reason)
            else:
                kept.append(item)
        return kept


__all__ = ["Grounder", "REQUIRE_CITES", "dates_in"]

"""The offline writer: fills every section of the report from the analysed data, no model needed.

Everything it says is computed or quoted: trends, facts, viewpoints and events cite the tweets
they stand on; every date is a tweet timestamp inside the period; every number comes from the
``Analysis``. It writes fewer items when the data has fewer, never pads, and the template says so
when a section has nothing to report. Sentences live in ``phrases.py`` (zh, en).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from tweetbrief.analysis.model import Analysis, Sentiment, TickerStat, Trend
from tweetbrief.errors import ConfigError
from tweetbrief.models import Tweet
from tweetbrief.writers.base import Writer, register_writer
from tweetbrief.writers.phrases import PHRASES, label
from tweetbrief.writers.report import Bullet, EventItem, Fact, Mood, Report, SourceRef, TrendItem, Viewpoint

MAX_ITEMS = 10
_URL = re.compile(r"https?://\S+")
_RT = re.compile(r"^RT @\w+:\s*")
_LEADING_MENTIONS = re.compile(r"^(?:@\w+\s+)+")
_WS = re.compile(r"\s+")


def excerpt(text: str, limit: int = 90) -> str:
    """A tweet's words for quoting: no RT prefix, leading @mentions or links; one line; shortened."""
    text = _RT.sub("", text)
    text = _LEADING_MENTIONS.sub("", text)
    text = _URL.sub("", text)
    text = _WS.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _pct(part: float) -> str:
    return f"{part * 100:.0f}%"


class _Context:
    """One analysis in one language: phrases, quoting, time formatting, citation checks."""

    def __init__(self, analysis: Analysis, language: str):
        if language not in PHRASES:
            raise ConfigError(f"unknown report language {language!r}; choose one of: {', '.join(PHRASES)}")
        self.a = analysis
        self.language = language
        self.p = PHRASES[language]
        self.zone = analysis.period.zone

    def t(self, key: str, **values: Any) -> str:
        return self.p[key].format(**values)

    def label(self, text: str) -> str:
        return label(text, self.language)

    def tweet(self, tweet_id: str) -> Tweet:
        return self.a.tweets[tweet_id]

    def local(self, when: datetime) -> datetime:
        return when.astimezone(self.zone)

    def quote(self, tweet_id: str, limit: int = 90) -> str:
        t = self.tweet(tweet_id)
        who = f"@{t.author_handle}" if t.author_handle else self.p["someone"]
        return self.t("quote", who=who, text=excerpt(t.text, limit))

    def valid(self, ids: list[str]) -> list[str]:
        return [i for i in ids if i in self.a.tweets]

    def first(self, ids: list[str]) -> list[str]:
        return self.valid(ids)[:1]

    def split(self, s: Sentiment) -> str:
        if not s.total:
            return self.p["no_sentiment"]
        return self.t("sentiment_split", pos=_pct(s.share("positive")), neg=_pct(s.share("negative")),
                      neu=_pct(s.share("neutral")))

    def change(self, trend: Trend) -> str:
        c = trend.change
        if c is None:
            return ""
        if c.status == "new":
            return self.t("change_new", prev=c.previous)
        word = self.p.get(f"change.{c.status}", c.status)
        return self.t("change_other", word=word, prev=c.previous, cur=c.current)

    def join(self, items: list[str]) -> str:
        return self.p["sep"].join(items)


def _trend_items(ctx: _Context) -> list[TrendItem]:
    items = []
    for trend in ctx.a.trends[:MAX_ITEMS]:
        ids = ctx.valid(trend.tweet_ids)
        if not ids:
            continue
        detail = ctx.t("trend_detail", size=trend.size, authors=min(trend.authors, trend.size))
        if getattr(trend, "folded", 0):
            detail += ctx.t("trend_folded", n=trend.folded)
        if trend.engagement and ctx.a.has_metrics:  # no metrics in the data: engagement unknown, not 0
            detail += ctx.t("trend_engagement", n=trend.engagement)
        if trend.change:
            detail += ctx.t("trend_change", change=ctx.change(trend))
        detail += ctx.t("trend_quote", quote=ctx.quote(ids[0], 80))
        items.append(TrendItem(headline=trend.label[:120], detail=detail[:400], cites=ids[:3]))
    return items


def _mood(ctx: _Context) -> Mood:
    s = ctx.a.sentiment
    scored = [(v, i) for i, v in ctx.a.tweet_sentiment.items() if i in ctx.a.tweets]
    cites = []
    detail = ctx.t("mood_detail", split=ctx.split(s), score=s.score, method=s.method or ctx.p["mood_method"])
    if scored:
        hi, lo = max(scored), min(scored)
        if hi[0] > 0:
            detail += ctx.t("mood_best", quote=ctx.quote(hi[1], 50))
            cites.append(hi[1])
        if lo[0] < 0:
            detail += ctx.t("mood_worst", quote=ctx.quote(lo[1], 50))
            cites.append(lo[1])
    return Mood(label=ctx.label(s.label)[:40] or ctx.p["neutral"], detail=detail[:400], cites=cites)


def _core_facts(ctx: _Context) -> list[Fact]:
    """One sentence per standout tweet: the best of each trend first, then the best overall."""
    chosen: list[str] = []
    for trend in ctx.a.trends:
        ids = ctx.valid(trend.tweet_ids)
        if ids and ids[0] not in chosen:
            chosen.append(ids[0])
    for tweet_id in ctx.a.ranked:
        if len(chosen) >= MAX_ITEMS:
            break
        if tweet_id in ctx.a.tweets and tweet_id not in chosen:
            chosen.append(tweet_id)
    facts = []
    for tweet_id in chosen[:MAX_ITEMS]:
        when = ctx.local(ctx.tweet(tweet_id).created_at)
        text = ctx.t("fact", when=f"{when:%m-%d %H:%M}", quote=ctx.quote(tweet_id, 110))
        facts.append(Fact(text=text[:300], cites=[tweet_id]))
    return facts


def _viewpoints(ctx: _Context) -> list[Viewpoint]:
    items = []
    for trend in ctx.a.trends[:MAX_ITEMS]:
        ids = ctx.valid(trend.tweet_ids)
        if not ids:
            continue
        summary = ctx.quote(ids[0], 120)
        if len(ids) > 1:
            summary += ctx.t("also", quote=ctx.quote(ids[1], 60))
        items.append(Viewpoint(title=trend.label[:60], summary=summary[:300], impact=_impact(ctx, trend), cites=ids[:3]))
    return items


def _impact(ctx: _Context, trend: Trend, limit: int = 200) -> str:
    """Computed, never invented: share of the period's tweets, change against the previous
    period, sentiment split, the names and tickers its tweets mention most."""
    a = ctx.a
    total = a.stats.after_dedup or len(a.tweets)
    parts = []
    if total:
        parts.append(ctx.t("view_share", total=total, share=_pct(trend.size / total), size=trend.size,
                           authors=min(trend.authors, trend.size)))
    c = trend.change
    if c is not None:
        parts.append(ctx.p["view_new"] if c.status == "new" else ctx.t("view_delta", delta=c.delta, prev=c.previous, cur=c.current))
    if trend.sentiment.total:
        parts.append(ctx.t("view_mood", label=ctx.label(trend.sentiment.label), split=ctx.split(trend.sentiment)))
    ids = set(trend.tweet_ids)
    tickers = sorted(((len(ids & set(t.tweet_ids)), t.symbol) for t in a.tickers), key=lambda x: (-x[0], x[1]))
    tickers = [(n, s) for n, s in tickers if n][:3]
    if tickers:
        parts.append(ctx.t("view_tickers", items=ctx.join([ctx.t("view_ticker", symbol=s, n=n) for n, s in tickers])))
    in_label = trend.label.lower()
    names = [e for e in trend.entities if e.lower() not in in_label][:3]
    if names:
        parts.append(ctx.t("view_names", names=ctx.join(names)))
    if not parts:  # nothing computed (hand-built analyses): the old one-liner
        about = ctx.join(trend.entities[:4] or trend.keywords[:4])
        return ctx.t("view_impact", about=about, authors=trend.authors, label=ctx.label(trend.sentiment.label))[:limit]
    out = ""
    for p in parts:  # whole parts only, never a cut sentence
        joined = p if not out else out + ctx.p["view_sep"] + p
        if len(joined) > limit:
            break
        out = joined
    return out


def _events(ctx: _Context) -> list[EventItem]:
    items = []
    period = ctx.a.period
    for event in sorted(ctx.a.events, key=lambda e: e.when):
        ids = ctx.valid(event.tweet_ids)
        if not ids or not period.contains(event.when):
            continue  # a date outside the range is never written
        when = ctx.local(event.when)
        kind = ctx.p.get(f"kind.{event.kind}", event.kind)
        who = list(dict.fromkeys(f"@{ctx.tweet(i).author_handle}" for i in ids if ctx.tweet(i).author_handle))
        if len(who) > 1:
            shown = ctx.join(who[:3]) + ("…" if len(who) > 3 else "")
            impact = ctx.t("event_impact_who", kind=kind, n=len(ids), who=shown, time=f"{when:%H:%M}", tz=period.tz)
        else:
            impact = ctx.t("event_impact", kind=kind, n=len(ids), time=f"{when:%H:%M}", tz=period.tz)
        items.append(EventItem(date=when.date(), event=excerpt(event.summary, 140)[:300], impact=impact[:200],
                               cites=ids[:3]))
        if len(items) == MAX_ITEMS:
            break
    return items


def _ticker_bullet(ctx: _Context, t: TickerStat) -> Bullet | None:
    ids = ctx.valid(t.tweet_ids)
    if not ids:
        return None
    text = ctx.t("ticker_text", kind=ctx.p[f"kind.{'crypto' if t.kind == 'crypto' else 'stock'}"], n=t.mentions,
                 label=ctx.label(t.sentiment.label), split=ctx.split(t.sentiment), quote=ctx.quote(ids[0], 80))
    return Bullet(title=t.name[:60], text=text[:400], cites=ids[:3])


def _markets(ctx: _Context) -> list[Bullet]:
    bullets = [_ticker_bullet(ctx, t) for t in ctx.a.tickers[:8]]
    return [b for b in bullets if b is not None]


def _ai_analysis(ctx: _Context) -> list[Bullet]:
    a, out = ctx.a, []
    if a.trends:
        top = a.trends[:3]
        items = ctx.p["semi"].join(ctx.t("ai.focus_item", label=t.label, size=t.size) for t in top)
        out.append(Bullet(title=ctx.p["ai.focus"], text=ctx.t("ai.focus_text", items=items),
                          cites=[i for t in top for i in ctx.first(t.tweet_ids)]))
    launches = [e for e in a.events if e.kind in ("launch", "release", "open-source") and ctx.valid(e.tweet_ids)
                and a.period.contains(e.when)]
    if launches:
        items = ctx.p["semi"].join(excerpt(e.summary, 50) for e in launches[:3])
        out.append(Bullet(title=ctx.p["ai.launches"], text=ctx.t("ai.launches_text", n=len(launches), items=items)[:400],
                          cites=[i for e in launches[:3] for i in ctx.first(e.tweet_ids)]))
    rising = [t for t in a.trends if t.change and t.change.status in ("new", "rising")]
    if rising:
        out.append(Bullet(title=ctx.p["ai.rising"], text=ctx.t("ai.rising_text", items=ctx.join([t.label for t in rising[:4]])),
                          cites=[i for t in rising[:4] for i in ctx.first(t.tweet_ids)]))
    worried = sorted((t for t in a.trends if t.sentiment.total), key=lambda t: t.sentiment.score)
    if worried and worried[0].sentiment.score < 0:
        t = worried[0]
        out.append(Bullet(title=ctx.p["ai.worry"], text=ctx.t("ai.worry_text", label=t.label, split=ctx.split(t.sentiment)),
                          cites=ctx.valid(t.tweet_ids)[:2]))
    top_ids = [i for i in a.ranked if i in a.tweets]
    if top_ids:
        best = top_ids[0]
        if a.has_metrics:
            out.append(Bullet(title=ctx.p["ai.top"], text=ctx.t("ai.top_text", quote=ctx.quote(best, 100),
                                                               n=a.engagement.get(best, ctx.tweet(best).engagement)), cites=[best]))
        else:
            out.append(Bullet(title=ctx.p["ai.top_plain"], text=ctx.t("ai.top_plain_text", quote=ctx.quote(best, 100)),
                              cites=[best]))
    return out[:6]


def _finance_analysis(ctx: _Context) -> list[Bullet]:
    out = []
    for kind in ("stock", "crypto"):
        group = [t for t in ctx.a.tickers if t.kind == kind and ctx.valid(t.tweet_ids)]
        if not group:
            continue
        items = ctx.join([ctx.t("fin.item", symbol=t.symbol, n=t.mentions, label=ctx.label(t.sentiment.label))
                          for t in group[:5]])
        out.append(Bullet(title=ctx.p[f"fin.{kind}"], text=ctx.t("fin.text", total=sum(t.mentions for t in group), items=items),
                          cites=[i for t in group[:3] for i in ctx.first(t.tweet_ids)]))
    return out


def _conclusions(ctx: _Context) -> list[Bullet]:
    a, out = ctx.a, []
    if a.trends:
        t = a.trends[0]
        out.append(Bullet(title=ctx.p["con.focus"], text=ctx.t("con.focus_text", label=t.label, size=t.size, authors=t.authors),
                          cites=ctx.valid(t.tweet_ids)[:2]))
    rising = [t for t in a.trends if t.change and t.change.status in ("new", "rising")]
    if rising:
        out.append(Bullet(title=ctx.p["con.new"], text=ctx.t("con.new_text", items=ctx.join([t.label for t in rising[:3]])),
                          cites=[i for t in rising[:3] for i in ctx.first(t.tweet_ids)]))
    negative = [t for t in a.trends if t.sentiment.total and t.sentiment.score < 0]
    if negative:
        t = min(negative, key=lambda t: t.sentiment.score)
        out.append(Bullet(title=ctx.p["con.risk"], text=ctx.t("con.risk_text", label=t.label, score=t.sentiment.score),
                          cites=ctx.valid(t.tweet_ids)[:2]))
    tickers = [t for t in a.tickers if ctx.valid(t.tweet_ids)]
    if tickers:
        top = tickers[0]
        out.append(Bullet(title=ctx.p["con.market"], text=ctx.t("con.market_text", name=top.name, n=top.mentions),
                          cites=ctx.valid(top.tweet_ids)[:2]))
    if not out:
        out.append(Bullet(title=ctx.p["con.none"], text=ctx.p["con.none_text"]))
    return out


def _overview(ctx: _Context) -> str:
    a, s = ctx.a, ctx.a.stats
    if not s.after_dedup:
        return ctx.t("overview_empty", start=a.period.start, end=a.period.end, n=s.in_range)
    text = ctx.t("overview", start=a.period.start, end=a.period.end, n=s.in_range, relevant=s.relevant,
                 dedup=s.after_dedup, authors=s.authors)
    if a.trends:
        text += ctx.t("overview_trends", labels=ctx.join([t.label for t in a.trends[:4]]), k=len(a.trends[:MAX_ITEMS]))
    return text[:600]


def citation_sources(analysis: Analysis, ids: set[str]) -> dict[str, SourceRef]:
    """Links for the cited ids that are citable tweets of the analysis."""
    return {
        i: SourceRef(url=analysis.tweets[i].url, author=analysis.tweets[i].author_handle,
                     created_at=analysis.tweets[i].created_at)
        for i in sorted(ids) if i in analysis.tweets and analysis.tweets[i].url
    }


@register_writer
class OfflineWriter(Writer):
    name = "offline"
    description = "No model: every section computed and quoted from the analysed tweets."

    def write(self, analysis: Analysis, options: dict[str, Any]) -> Report:
        ctx = _Context(analysis, options.get("language") or "zh")
        now = options.get("now") or datetime.now(analysis.period.zone)
        period = analysis.period
        markets = _markets(ctx)
        report = Report(
            topic_name=analysis.topic_name,
            topic_title=analysis.topic_title,
            start=period.start,
            end=period.end,
            generated_at=now.astimezone(period.zone),
            language=ctx.language,
            writer=self.name,
            overview=_overview(ctx),
            trends=_trend_items(ctx),
            mood=_mood(ctx),
            core_facts=_core_facts(ctx),
            viewpoints=_viewpoints(ctx),
            events=_events(ctx),
            markets=markets,
            markets_note=ctx.p["markets_note"] if markets else "",
            ai_analysis=_ai_analysis(ctx),
            finance_analysis=_finance_analysis(ctx),
            finance_note=ctx.p["finance_note"] if markets else "",
            conclusions=_conclusions(ctx),
            disclaimer=ctx.t("disclaimer", start=period.start, end=period.end, n=analysis.stats.after_dedup),
        )
        report.sources = citation_sources(analysis, report.cited_ids())
        return report


__all__ = ["OfflineWriter", "excerpt", "citation_sources"]

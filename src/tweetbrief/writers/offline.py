"""The offline writer: fills every section of the report from the analysed data, no model needed.

Everything it says is computed or quoted: trends, facts, viewpoints and events cite the tweets
they stand on; every date is a tweet timestamp inside the period; every number comes from the
``Analysis``. It writes fewer items when the data has fewer, never pads, and says so when a
section has nothing to report.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from tweetbrief.analysis.model import Analysis, Sentiment, TickerStat, Trend
from tweetbrief.models import Tweet
from tweetbrief.writers.base import Writer, register_writer
from tweetbrief.writers.report import (
    Bullet, EventItem, Fact, Mood, Report, SourceRef, TrendItem, Viewpoint,
)

MAX_ITEMS = 10
_URL = re.compile(r"https?://\S+")
_RT = re.compile(r"^RT @\w+:\s*")
_LEADING_MENTIONS = re.compile(r"^(?:@\w+\s+)+")
_WS = re.compile(r"\s+")

EVENT_KINDS = {
    "launch": "产品发布", "release": "版本发布", "open-source": "开源发布", "funding": "融资",
    "policy": "政策监管", "acquisition": "并购", "partnership": "合作", "research": "研究成果",
}
CHANGE_WORDS = {"new": "本期新出现", "rising": "热度上升", "falling": "热度回落", "steady": "热度持平"}


def excerpt(text: str, limit: int = 90) -> str:
    """A tweet's words for quoting: no RT prefix, leading @mentions or links; one line; shortened."""
    text = _RT.sub("", text)
    text = _LEADING_MENTIONS.sub("", text)
    text = _URL.sub("", text)
    text = _WS.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pct(part: float) -> str:
    return f"{part * 100:.0f}%"


def sentiment_phrase(s: Sentiment) -> str:
    if not s.total:
        return "无可计算的情绪"
    return f"正面 {pct(s.share('positive'))}、负面 {pct(s.share('negative'))}、中性 {pct(s.share('neutral'))}"


def change_phrase(trend: Trend) -> str:
    c = trend.change
    if c is None:
        return ""
    if c.status == "new":
        return f"{CHANGE_WORDS['new']}（上期 {c.previous} 条）"
    word = CHANGE_WORDS.get(c.status, c.status)
    return f"{word}（上期 {c.previous} 条 → 本期 {c.current} 条）"


class _Context:
    """Helpers bound to one analysis: time formatting, quoting, citation bookkeeping."""

    def __init__(self, analysis: Analysis):
        self.a = analysis
        self.zone = analysis.period.zone

    def tweet(self, tweet_id: str) -> Tweet:
        return self.a.tweets[tweet_id]

    def local(self, when: datetime) -> datetime:
        return when.astimezone(self.zone)

    def quote(self, tweet_id: str, limit: int = 90) -> str:
        t = self.tweet(tweet_id)
        who = f"@{t.author_handle}" if t.author_handle else "一位用户"
        return f"{who}：“{excerpt(t.text, limit)}”"

    def valid(self, ids: list[str]) -> list[str]:
        return [i for i in ids if i in self.a.tweets]


def _trend_items(ctx: _Context) -> list[TrendItem]:
    items = []
    for trend in ctx.a.trends[:MAX_ITEMS]:
        ids = ctx.valid(trend.tweet_ids)
        if not ids:
            continue
        change = change_phrase(trend)
        detail = f"{trend.size} 条推文、{trend.authors} 位作者参与"
        if trend.engagement:
            detail += f"，互动 {trend.engagement:,} 次"
        if change:
            detail += f"，{change}"
        detail += f"。代表观点：{ctx.quote(ids[0], 80)}"
        items.append(TrendItem(headline=trend.label[:120], detail=detail[:400], cites=ids[:3]))
    return items


def _mood(ctx: _Context) -> Mood:
    s = ctx.a.sentiment
    scored = [(v, i) for i, v in ctx.a.tweet_sentiment.items() if i in ctx.a.tweets]
    cites = []
    detail = f"{sentiment_phrase(s)}，平均得分 {s.score:+.2f}（{s.method or '词典法'}）。"
    if scored:
        hi, lo = max(scored), min(scored)
        if hi[0] > 0:
            detail += f"最积极的声音来自 {ctx.quote(hi[1], 50)}；"
            cites.append(hi[1])
        if lo[0] < 0:
            detail += f"最担忧的声音来自 {ctx.quote(lo[1], 50)}。"
            cites.append(lo[1])
    return Mood(label=s.label[:40] or "中性", detail=detail[:400], cites=cites)


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
        facts.append(Fact(text=f"{when:%m-%d %H:%M} {ctx.quote(tweet_id, 110)}"[:300], cites=[tweet_id]))
    return facts


def _viewpoints(ctx: _Context) -> list[Viewpoint]:
    items = []
    for trend in ctx.a.trends[:MAX_ITEMS]:
        ids = ctx.valid(trend.tweet_ids)
        if not ids:
            continue
        summary = ctx.quote(ids[0], 120)
        if len(ids) > 1:
            summary += f" 另有 {ctx.quote(ids[1], 60)}"
        about = "、".join(trend.entities[:4]) or "、".join(trend.keywords[:4])
        impact = f"涉及 {about}；{trend.authors} 位作者讨论，情绪{trend.sentiment.label}"
        change = change_phrase(trend)
        if change:
            impact += f"，{change}"
        items.append(Viewpoint(title=trend.label[:60], summary=summary[:300], impact=impact[:200], cites=ids[:3]))
    return items


def _events(ctx: _Context) -> list[EventItem]:
    items = []
    period = ctx.a.period
    for event in sorted(ctx.a.events, key=lambda e: e.when)[:MAX_ITEMS]:
        ids = ctx.valid(event.tweet_ids)
        if not ids or not period.contains(event.when):
            continue
        when = ctx.local(event.when)
        kind = EVENT_KINDS.get(event.kind, event.kind)
        impact = f"{kind}；{len(ids)} 条推文提及，最早见于 {when:%H:%M}（{period.tz}）"
        items.append(EventItem(date=when.date(), event=excerpt(event.summary, 140)[:300],
                               impact=impact[:200], cites=ids[:3]))
    return items


def _ticker_bullet(ctx: _Context, t: TickerStat) -> Bullet | None:
    ids = ctx.valid(t.tweet_ids)
    if not ids:
        return None
    kind = "数字货币" if t.kind == "crypto" else "个股"
    text = (f"{kind}，本期被提及 {t.mentions} 次，情绪{t.sentiment.label}（{sentiment_phrase(t.sentiment)}）。"
            f"代表推文：{ctx.quote(ids[0], 80)}")
    return Bullet(title=t.name[:60], text=text[:400], cites=ids[:3])


def _markets(ctx: _Context) -> list[Bullet]:
    bullets = [_ticker_bullet(ctx, t) for t in ctx.a.tickers[:8]]
    return [b for b in bullets if b is not None]


def _ai_analysis(ctx: _Context) -> list[Bullet]:
    a, bullets = ctx.a, []
    if a.trends:
        top = a.trends[:3]
        text = "；".join(f"{t.label}（{t.size} 条）" for t in top)
        bullets.append(Bullet(title="讨论焦点", text=f"本期规模最大的主题：{text}。",
                              cites=[i for t in top for i in ctx.valid(t.tweet_ids)[:1]]))
    launches = [e for e in a.events if e.kind in ("launch", "release", "open-source") and ctx.valid(e.tweet_ids)]
    if launches:
        first = launches[:3]
        text = "；".join(excerpt(e.summary, 50) for e in first)
        bullets.append(Bullet(title="发布与开源", text=f"{len(launches)} 项发布类事件，包括：{text}",
                              cites=[ctx.valid(e.tweet_ids)[0] for e in first]))
    new = [t for t in a.trends if t.change and t.change.status in ("new", "rising")]
    if new:
        text = "、".join(t.label for t in new[:4])
        bullets.append(Bullet(title="升温话题", text=f"与上一周期相比新出现或升温的主题：{text}。",
                              cites=[ctx.valid(t.tweet_ids)[0] for t in new[:4] if ctx.valid(t.tweet_ids)]))
    worried = sorted((t for t in a.trends if t.sentiment.total), key=lambda t: t.sentiment.score)
    if worried and worried[0].sentiment.score < 0:
        t = worried[0]
        bullets.append(Bullet(title="担忧焦点", text=f"情绪最负面的主题是“{t.label}”（{sentiment_phrase(t.sentiment)}）。",
                              cites=ctx.valid(t.tweet_ids)[:2]))
    if a.ranked:
        best = a.ranked[0]
        t = ctx.tweet(best)
        bullets.append(Bullet(title="最受关注推文", text=f"{ctx.quote(best, 100)}（互动 {t.engagement:,} 次）",
                              cites=[best]))
    return bullets[:6]


def _finance_analysis(ctx: _Context) -> list[Bullet]:
    bullets = []
    for kind, title in (("stock", "个股关注"), ("crypto", "数字货币关注")):
        group = [t for t in ctx.a.tickers if t.kind == kind and ctx.valid(t.tweet_ids)]
        if not group:
            continue
        total = sum(t.mentions for t in group)
        names = "、".join(f"{t.symbol}（{t.mentions} 次，{t.sentiment.label}）" for t in group[:5])
        bullets.append(Bullet(title=title, text=f"共 {total} 次提及：{names}。",
                              cites=[ctx.valid(t.tweet_ids)[0] for t in group[:3]]))
    return bullets


def _conclusions(ctx: _Context) -> list[Bullet]:
    a, out = ctx.a, []
    if a.trends:
        t = a.trends[0]
        out.append(Bullet(title="重点跟踪", text=f"“{t.label}”是本期最大的主题（{t.size} 条推文、{t.authors} 位作者），值得持续关注。",
                          cites=ctx.valid(t.tweet_ids)[:2]))
    rising = [t for t in a.trends if t.change and t.change.status in ("new", "rising")]
    if rising:
        out.append(Bullet(title="新动向", text="较上一周期新出现或升温：" + "、".join(t.label for t in rising[:3]) + "。",
                          cites=[ctx.valid(t.tweet_ids)[0] for t in rising[:3] if ctx.valid(t.tweet_ids)]))
    negative = [t for t in a.trends if t.sentiment.total and t.sentiment.score < 0]
    if negative:
        t = min(negative, key=lambda t: t.sentiment.score)
        out.append(Bullet(title="风险提示", text=f"“{t.label}”相关讨论情绪偏负面（平均 {t.sentiment.score:+.2f}），部署与决策时需审慎。",
                          cites=ctx.valid(t.tweet_ids)[:2]))
    if a.tickers:
        top = a.tickers[0]
        out.append(Bullet(title="市场视角", text=f"{top.name} 是本期提及最多的标的（{top.mentions} 次）；社交媒体讨论不等于基本面，请结合正式数据判断。",
                          cites=ctx.valid(top.tweet_ids)[:2]))
    if not out:
        out.append(Bullet(title="数据不足", text="本期相关推文过少，无法形成可靠结论；建议扩大时间范围或检查主题关键词。"))
    return out


def _overview(a: Analysis) -> str:
    s = a.stats
    if not s.after_dedup:
        return (f"本期（{a.period.start} 至 {a.period.end}）共 {s.in_range} 条推文，其中没有与主题相关的内容，"
                "以下各部分因此为空。")
    text = (f"本期（{a.period.start} 至 {a.period.end}）共收录 {s.in_range} 条推文，主题筛选后 {s.relevant} 条相关，"
            f"合并重复与转推后 {s.after_dedup} 条，来自 {s.authors} 位作者。")
    if a.trends:
        labels = "、".join(t.label for t in a.trends[:4])
        text += f"讨论主要围绕 {labels} 展开，聚类得到以下 {len(a.trends[:MAX_ITEMS])} 条趋势："
    return text[:600]


def _sources(a: Analysis, ids: set[str]) -> dict[str, SourceRef]:
    return {
        i: SourceRef(url=a.tweets[i].url, author=a.tweets[i].author_handle, created_at=a.tweets[i].created_at)
        for i in sorted(ids) if i in a.tweets
    }


@register_writer
class OfflineWriter(Writer):
    name = "offline"
    description = "No model: every section computed and quoted from the analysed tweets."

    def write(self, analysis: Analysis, options: dict[str, Any]) -> Report:
        ctx = _Context(analysis)
        now = options.get("now") or datetime.now(analysis.period.zone)
        markets = _markets(ctx)
        report = Report(
            topic_name=analysis.topic_name,
            topic_title=analysis.topic_title,
            start=analysis.period.start,
            end=analysis.period.end,
            generated_at=now.astimezone(analysis.period.zone),
            writer=self.name,
            overview=_overview(analysis),
            trends=_trend_items(ctx),
            mood=_mood(ctx),
            core_facts=_core_facts(ctx),
            viewpoints=_viewpoints(ctx),
            events=_events(ctx),
            markets=markets,
            markets_note="以上统计基于社交媒体讨论，不含正式财务数据，仅供参考。" if markets else "",
            ai_analysis=_ai_analysis(ctx),
            finance_analysis=_finance_analysis(ctx),
            finance_note="以上市场动向均来自社交媒体舆论，投资决策前请结合正式数据核实。" if markets else "",
            conclusions=_conclusions(ctx),
            disclaimer=(f"本报告由 tweetbrief 离线写作器根据 {analysis.period.start} 至 {analysis.period.end} 的 "
                        f"{analysis.stats.after_dedup} 条公开推文自动生成，每条结论均附原推文链接；"
                        "内容未经人工核实，不构成投资建议。"),
        )
        report.sources = _sources(analysis, report.cited_ids())
        return report


__all__ = ["OfflineWriter", "excerpt"]

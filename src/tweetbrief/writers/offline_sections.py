"""The offline writer's detailed sections: viewpoints (行业影响), events, markets, 4.1 / 4.2 and
conclusions. Each function takes the writer's ``_Context`` and returns report items; every figure
and superlative in them is computed from the analysis, every claim cites its tweet."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from tweetbrief.analysis.markets import english_name
from tweetbrief.analysis.model import TickerStat, Trend
from tweetbrief.writers.report import Bullet, EventItem, Fact, Viewpoint
from tweetbrief.writers.sentences import (CJK_RE, as_written, clean, gist, informativeness, names_something,
                                         original_author)

if TYPE_CHECKING:
    from tweetbrief.writers.offline import _Context

MAX_ITEMS = 10
IMPACT_CHARS = 200
CONCERN_SHARE = 0.3  # negative-or-worried share from which the story's main point is its concern
RISK_MIN_SIZE, RISK_MIN_AUTHORS, RISK_SHARE = 5, 3, 0.4  # a 风险提示 needs a real story that leans negative
LAUNCH_KINDS = ("launch", "release", "open-source")


def _excerpt(text: str, limit: int) -> str:
    from tweetbrief.writers.offline import excerpt

    return excerpt(text, limit)


def _alert(trend: Trend) -> int:
    s = trend.sentiment
    return max(s.negative, s.worried)


# --- 其他值得关注 (一、简明概要) --------------------------------------------------------------

MAX_NOTABLE = 6
NOTABLE_X = 5.0  # a post this many times the period's median engagement is news on its own
NOTABLE_PER_AUTHOR = 2
NOTABLE_INFO = 0.5  # informativeness below this says nothing ("Enjoy!", "lol")


def notable(ctx: _Context) -> list[Fact]:
    """Posts outside the stories that an analyst would still report: a citable tweet whose
    engagement is at least ``NOTABLE_X`` x the period's median, that says something
    (``informativeness``), names what it is about (a product, company, person or figure
    anywhere in it: ``names_something``) and is not about a story already shown (it names no shown headline's
    subject); most engaged first, at most ``NOTABLE_PER_AUTHOR`` per account. Each line is
    "@author: the post's gist" with its citation; none without engagement figures."""
    a = ctx.a
    if not a.has_metrics or not a.tweets:
        return []
    eng = {i: a.engagement.get(i, t.engagement) for i, t in a.tweets.items()}
    values = sorted(eng.values())
    floor = max(NOTABLE_X * values[len(values) // 2], 1)
    # a story shows the tweets that name its subject (its quotes are drawn from those); a member
    # joined by wording alone, naming something else, may still be notable on its own
    shown = {i for t in [*a.trends, *a.weak_signals] for i in t.tweet_ids
             if not t.subject or i not in a.tweets or t.subject.lower() in a.tweets[i].text.lower()}
    subjects = [t.subject.lower() for t in a.trends if len(t.subject) >= 2]
    out: list[Fact] = []
    per: Counter[str] = Counter()
    seen: set[str] = set()
    for i in sorted((i for i in a.tweets if i not in shown and eng[i] >= floor), key=lambda i: (-eng[i], i)):
        tweet = ctx.tweet(i)
        who = original_author(tweet)
        text = gist(tweet.text)
        low = text.lower()
        if not text or low in seen or informativeness(tweet.text) < NOTABLE_INFO or per[who] >= NOTABLE_PER_AUTHOR:
            continue
        if not names_something(clean(tweet.text)):
            continue  # office life, a joke: news names what it is about
        if any(s in low for s in subjects):
            continue  # about a story already shown
        seen.add(low)
        per[who] += 1
        said = ctx.t("says", who=ctx.who(i), text=text)
        out.append(Fact(text=said[:300], cites=[i]))
        if len(out) == MAX_NOTABLE:
            break
    return out


# --- 重要观点与见解 ------------------------------------------------------------------------


def viewpoints(ctx: _Context) -> list[Viewpoint]:
    items = []
    for trend in ctx.a.trends[:MAX_ITEMS]:
        ids = ctx.valid(trend.tweet_ids)
        if not ids:
            continue
        summary = ctx.quote(ids[0], 120)
        if len(ids) > 1:
            summary += ctx.t("also", quote=ctx.quote(ids[1], 60))
        impact, claim = _impact(ctx, trend)
        cites = list(dict.fromkeys([*ids[:2], *([claim] if claim else [])]))
        items.append(Viewpoint(title=ctx.headline(trend)[:60], summary=summary[:300], impact=impact, cites=cites))
    return items


def _notable(ctx: _Context, trend: Trend, limit: int = 2) -> tuple[list[str], int]:
    """The story's loudest accounts: by summed engagement when the data has metrics, else by tweets."""
    weight: dict[str, float] = {}  # first seen wins ties (rank order), as Counter.most_common did
    for i in ctx.valid(trend.tweet_ids):
        handle = original_author(ctx.tweet(i))
        if handle:
            add = (ctx.a.engagement.get(i, ctx.tweet(i).engagement) if ctx.a.has_metrics else 1) + 1e-6
            weight[handle] = weight.get(handle, 0.0) + add
    names = [f"@{h}" for h, _ in sorted(weight.items(), key=lambda x: -x[1])[:limit]]
    return names, len(weight)


def _impact(ctx: _Context, trend: Trend) -> tuple[str, str | None]:
    """One sentence: direction (with the counts), who is talking (authors, loudest accounts), the
    tickers its tweets touch, and the main claim, or the main concern when the story leans worried.
    Returns the sentence and the tweet the claim comes from (cited by the viewpoint)."""
    c = trend.change
    if c is None:
        head = ctx.t("impact.none", cur=trend.size)
    else:
        head = ctx.t(f"impact.{c.status}" if f"impact.{c.status}" in ctx.p else "impact.steady",
                     prev=c.previous, cur=c.current)
    authors = min(trend.authors, trend.size)
    who = ctx.t("impact.who", authors=authors)
    names, heard = _notable(ctx, trend)
    more = ctx.p["more"] if heard > len(names) else ""
    notable = ctx.t("impact.notable", names=ctx.join(names), more=more) if names else ""
    ids = set(trend.tweet_ids)
    overlap = sorted(((len(ids & set(t.tweet_ids)), t.symbol) for t in ctx.a.tickers), key=lambda x: (-x[0], x[1]))
    tickers = [s for n, s in overlap if n][:2]
    touching = ctx.t("impact.tickers", items=ctx.join(tickers)) if tickers else ""
    s = trend.sentiment
    worried = s.total and _alert(trend) / s.total >= CONCERN_SHARE
    claim_id = _concern(ctx, trend) if worried else ctx.best_tweet(trend)
    claim = ""
    if claim_id:
        claim = ctx.t("impact.concern" if worried else "impact.claim", text=ctx.sentence(claim_id))
    for parts in ((head, who, notable, touching, claim), (head, who, touching, claim), (head, who, claim),
                  (head, who, notable, touching)):
        text = "".join(parts)
        if len(text) <= IMPACT_CHARS:
            return text, (claim_id if claim in parts and claim else None)
    return (head + who)[:IMPACT_CHARS], None


def _concern(ctx: _Context, trend: Trend) -> str | None:
    """The story's most negative tweet that says something."""
    scored = [(ctx.a.tweet_sentiment.get(i, 0.0), i) for i in ctx.valid(trend.tweet_ids) if ctx.sentence(i)]
    return min(scored)[1] if scored else None


# --- 关键事件与发展 ------------------------------------------------------------------------


def events(ctx: _Context) -> list[EventItem]:
    items = []
    period = ctx.a.period
    for event in sorted(ctx.a.events, key=lambda e: e.when):
        ids = ctx.valid(event.tweet_ids)
        if not ids or not period.contains(event.when):
            continue  # a date outside the range is never written
        when = ctx.local(event.when)
        kind = ctx.p.get(f"kind.{event.kind}", event.kind)
        who = list(dict.fromkeys(ctx.who(i) for i in ids if original_author(ctx.tweet(i))))
        if len(who) > 1:
            shown = ctx.join(who[:3]) + (ctx.p["more"] if len(who) > 3 else "")
            impact = ctx.t("event_impact_who", kind=kind, n=len(ids), who=shown, time=f"{when:%H:%M}", tz=period.tz)
        else:
            impact = ctx.t("event_impact", kind=kind, n=len(ids), time=f"{when:%H:%M}", tz=period.tz)
        text = as_written(ctx.tweet(ids[0]).text, _excerpt(event.summary, 140))  # the author's own punctuation
        items.append(EventItem(date=when.date(), event=text[:300], impact=impact[:200], cites=ids[:3]))
        if len(items) == MAX_ITEMS:
            break
    return items


# --- 个股与数字货币 ------------------------------------------------------------------------


def ticker_name(ctx: _Context, t: TickerStat) -> str:
    """The ticker's display name in the report language (the table's names are Chinese)."""
    if ctx.language == "zh" or not CJK_RE.search(t.name):
        return t.name
    return english_name(t.symbol)


def _kind(t: TickerStat) -> str:
    return t.kind if t.kind in ("stock", "crypto") else "unknown"


def _ticker_bullet(ctx: _Context, t: TickerStat) -> Bullet | None:
    ids = ctx.valid(t.tweet_ids)
    if not ids:
        return None
    text = ctx.t("ticker_text", kind=ctx.p[f"kind.{_kind(t)}"], n=t.mentions, label=ctx.label(t.sentiment.label),
                 split=ctx.split(t.sentiment), quote=ctx.quote(ids[0], 80))
    return Bullet(title=ticker_name(ctx, t)[:60], text=text[:400], cites=ids[:3])


def markets(ctx: _Context) -> list[Bullet]:
    bullets = [_ticker_bullet(ctx, t) for t in ctx.a.tickers[:8]]
    return [b for b in bullets if b is not None]


def finance_analysis(ctx: _Context) -> list[Bullet]:
    out = []
    for kind in ("stock", "crypto", "unknown"):
        group = [t for t in ctx.a.tickers if _kind(t) == kind and ctx.valid(t.tweet_ids)]
        if not group:
            continue
        items = ctx.join([ctx.t("fin.item", symbol=t.symbol, n=t.mentions, label=ctx.label(t.sentiment.label))
                          for t in group[:5]])
        text = ctx.t("fin.text", total=sum(t.mentions for t in group), items=items)
        out.append(Bullet(title=ctx.p[f"fin.{kind}"], text=text,
                          cites=[i for t in group[:3] for i in ctx.first(t.tweet_ids)]))
    return out


# --- 4.1 <topic> 相关内容 -----------------------------------------------------------------


def _by_size(trends: list[Trend]) -> list[Trend]:
    return sorted(trends, key=lambda t: -t.size)  # stable: rank order among equal sizes


def _weak_bullet(ctx: _Context) -> Bullet | None:
    signals = [t for t in ctx.a.weak_signals if ctx.valid(t.tweet_ids)][:3]
    if not signals:
        return None
    items = []
    for t in signals:
        c = t.change
        if c is None or c.status == "new" or not c.previous:
            change = ctx.p["ai.weak_new"]
        else:
            change = ctx.t("ai.weak_growth", prev=c.previous, cur=c.current)
        items.append(ctx.t("ai.weak_item", label=ctx.headline(t), change=change, size=t.size,
                           authors=min(t.authors, t.size)))
    text = ctx.t("ai.weak_text", items=ctx.p["semi"].join(items))
    return Bullet(title=ctx.p["ai.weak"], text=text[:400], cites=[i for t in signals for i in ctx.first(t.tweet_ids)])


def topic_analysis(ctx: _Context) -> list[Bullet]:
    a, out = ctx.a, []
    trends = [t for t in a.trends if ctx.valid(t.tweet_ids)]
    if trends:
        top = _by_size(trends)[:3]
        items = ctx.p["semi"].join(ctx.t("ai.focus_item", label=ctx.headline(t), size=t.size) for t in top)
        out.append(Bullet(title=ctx.p["ai.focus"], text=ctx.t("ai.focus_text", items=items)[:400],
                          cites=[i for t in top for i in ctx.first(t.tweet_ids)]))
    weak = _weak_bullet(ctx)
    if weak:
        out.append(weak)
    launches = [e for e in a.events if e.kind in LAUNCH_KINDS and ctx.valid(e.tweet_ids) and a.period.contains(e.when)]
    if launches:
        items = ctx.p["semi"].join(as_written(ctx.tweet(ctx.first(e.tweet_ids)[0]).text, _excerpt(e.summary, 50))
                                   for e in launches[:3])
        text = ctx.t("ai.launches_text", n=len(launches), items=items)[:400]
        out.append(Bullet(title=ctx.p["ai.launches"], text=text,
                          cites=[i for e in launches[:3] for i in ctx.first(e.tweet_ids)]))
    rising = [(t, t.change) for t in trends if t.change and t.change.status in ("new", "rising")]
    if rising:
        items = ctx.join([ctx.t("ai.rising_item", label=ctx.headline(t), prev=c.previous, cur=c.current)
                          for t, c in rising[:4]])
        out.append(Bullet(title=ctx.p["ai.rising"], text=ctx.t("ai.rising_text", items=items)[:400],
                          cites=[i for t, _ in rising[:4] for i in ctx.first(t.tweet_ids)]))
    worried = sorted((t for t in trends if t.sentiment.total), key=lambda t: t.sentiment.score)
    if worried and worried[0].sentiment.score < 0:
        t = worried[0]
        text = ctx.t("ai.worry_text", label=ctx.headline(t), score=t.sentiment.score, split=ctx.split(t.sentiment))
        out.append(Bullet(title=ctx.p["ai.worry"], text=text[:400],
                          cites=ctx.valid(t.tweet_ids)[:2]))
    top_ids = [i for i in a.ranked if i in a.tweets]
    if top_ids and len(out) < 6:
        if a.has_metrics:
            best = max(top_ids, key=lambda i: a.engagement.get(i, ctx.tweet(i).engagement))  # the actual maximum
            n = a.engagement.get(best, ctx.tweet(best).engagement)
            says = ctx.says(best) if ctx.sentence(best) else ctx.quote(best, 100)
            out.append(Bullet(title=ctx.p["ai.top"], text=ctx.t("ai.top_text", says=says, n=n)[:400], cites=[best]))
        else:
            best = top_ids[0]
            says = ctx.says(best) if ctx.sentence(best) else ctx.quote(best, 100)
            text = ctx.t("ai.top_plain_text", says=says)[:400]
            out.append(Bullet(title=ctx.p["ai.top_plain"], text=text, cites=[best]))
    return out[:6]


# --- 结论与建议 ----------------------------------------------------------------------------


def _leaders(items: list, key) -> list:
    """Every item sharing the largest ``key`` (ties reported as ties)."""
    if not items:
        return []
    best = max(key(x) for x in items)
    return [x for x in items if key(x) == best]


def conclusions(ctx: _Context) -> list[Bullet]:
    a, out = ctx.a, []
    trends = [t for t in a.trends if ctx.valid(t.tweet_ids)]
    leaders = _leaders(trends, lambda t: t.size)
    if leaders:
        t = leaders[0]
        if len(leaders) == 1:
            text = ctx.t("con.focus_text", label=ctx.headline(t), size=t.size, authors=min(t.authors, t.size))
        else:
            others = ctx.join([f"“{ctx.headline(x)}”" if ctx.language == "zh" else f"\u201c{ctx.headline(x)}\u201d"
                               for x in leaders[1:3]])
            text = ctx.t("con.focus_tie", label=ctx.headline(t), others=others, size=t.size)
        out.append(Bullet(title=ctx.p["con.focus"], text=text[:400],
                          cites=[i for x in leaders[:3] for i in ctx.first(x.tweet_ids)]))
    rising = [(t, t.change) for t in trends if t.change and t.change.status in ("new", "rising")]
    if rising:
        items = ctx.join([ctx.t("ai.rising_item", label=ctx.headline(t), prev=c.previous, cur=c.current)
                          for t, c in rising[:3]])
        out.append(Bullet(title=ctx.p["con.new"], text=ctx.t("con.new_text", items=items)[:400],
                          cites=[i for t, _ in rising[:3] for i in ctx.first(t.tweet_ids)]))
    risky = [t for t in trends if t.size >= RISK_MIN_SIZE and min(t.authors, t.size) >= RISK_MIN_AUTHORS
             and t.sentiment.total and t.sentiment.score < 0 and _alert(t) / t.sentiment.total >= RISK_SHARE]
    if risky:
        t = min(risky, key=lambda t: t.sentiment.score)
        text = ctx.t("con.risk_text", label=ctx.headline(t), size=t.size, authors=min(t.authors, t.size),
                     split=ctx.split(t.sentiment))
        out.append(Bullet(title=ctx.p["con.risk"], text=text[:400],
                          cites=ctx.valid(t.tweet_ids)[:2]))
    tickers = _leaders([t for t in a.tickers if ctx.valid(t.tweet_ids)], lambda t: t.mentions)
    if tickers:
        top = tickers[0]
        if len(tickers) == 1:
            text = ctx.t("con.market_text", name=ticker_name(ctx, top), n=top.mentions)
        else:
            others = ctx.join([ticker_name(ctx, t) for t in tickers[1:3]])
            text = ctx.t("con.market_tie", name=ticker_name(ctx, top), others=others,
                         n=top.mentions)
        out.append(Bullet(title=ctx.p["con.market"], text=text[:400],
                          cites=[i for t in tickers[:3] for i in ctx.first(t.tweet_ids)]))
    if not out:
        out.append(Bullet(title=ctx.p["con.none"], text=ctx.p["con.none_text"]))
    return out


__all__ = ["viewpoints", "events", "markets", "finance_analysis", "topic_analysis", "conclusions"]

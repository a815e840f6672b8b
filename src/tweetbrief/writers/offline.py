"""The offline writer: fills every section of the report from the analysed data, no model needed.

Everything it says is computed or quoted: stories, facts, viewpoints and events cite the tweets
they stand on; every date is a tweet timestamp inside the period; every number comes from the
``Analysis``; every superlative ("most", "largest") is computed from the figures printed beside
it. A retweet's words are credited to the account it retweets. It writes fewer items when the data
has fewer, never pads, and the template says so when a section has nothing to report. Sentences
live in ``phrases.py`` (zh, en); the detailed sections in ``offline_sections.py``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from tweetbrief.analysis.model import Analysis, Sentiment, Trend
from tweetbrief.errors import ConfigError
from tweetbrief.models import Tweet
from tweetbrief.writers.base import Writer, register_writer
from tweetbrief.writers.headlines import headline
from tweetbrief.writers.options import OfflineOptions
from tweetbrief.writers.phrases import PHRASES, fill, label
from tweetbrief.writers.report import Fact, Mood, Report, SourceRef, TrendItem
from tweetbrief.writers.sentences import CJK_RE, clean, compress, informativeness, is_cjk, original_author

MAX_ITEMS = 10
_URL = re.compile(r"https?://\S+")
_RT = re.compile(r"^RT @\w+:\s*")
_LEADING_MENTIONS = re.compile(r"^(?:@\w+\s+)+")
_WS = re.compile(r"\s+")
_DOUBLE_STOP = re.compile(r"([。！？!?])[。.]")  # a quoted sentence's own stop, then the template's


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
        self._headlines: dict[int, str] = {}

    def t(self, key: str, **values: Any) -> str:
        return _DOUBLE_STOP.sub(r"\1", fill(self.p[key], values))

    def label(self, text: str) -> str:
        return label(text, self.language)

    def tweet(self, tweet_id: str) -> Tweet:
        return self.a.tweets[tweet_id]

    def local(self, when: datetime) -> datetime:
        return when.astimezone(self.zone)

    def who(self, tweet_id: str) -> str:
        """The author of the tweet's words: a retweet's original author, not the retweeter."""
        handle = original_author(self.tweet(tweet_id))
        return f"@{handle}" if handle else self.p["someone"]

    def quote(self, tweet_id: str, limit: int = 90) -> str:
        return self.t("quote", who=self.who(tweet_id), text=excerpt(self.tweet(tweet_id).text, limit))

    def sentence(self, tweet_id: str) -> str:
        """The tweet compressed to one sentence (no URLs, handles, emoji, hashtags, no "…")."""
        return compress(self.tweet(tweet_id).text)

    def says(self, tweet_id: str) -> str:
        """``@who: sentence`` without the final full stop (the template punctuates)."""
        return self.t("says", who=self.who(tweet_id), text=self.sentence(tweet_id).rstrip("。."))

    def valid(self, ids: list[str]) -> list[str]:
        return [i for i in ids if i in self.a.tweets]

    def first(self, ids: list[str]) -> list[str]:
        return self.valid(ids)[:1]

    def split(self, s: Sentiment) -> str:
        """The class shares and the worried share: every figure a sentiment label is computed from."""
        if not s.total:
            return self.p["no_sentiment"]
        text = self.t("sentiment_split", pos=_pct(s.share("positive")), neg=_pct(s.share("negative")),
                      neu=_pct(s.share("neutral")))
        if s.worried:
            text += self.t("sentiment_worried", worried=_pct(s.worried / s.total))
        return text

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

    def headline(self, trend: Trend) -> str:
        """The story's headline (subject + what happened) in the report language; never "A / B / C"."""
        key = id(trend)
        if key not in self._headlines:  # headline() already drops " / " and caps the length
            self._headlines[key] = headline(trend, self.language) or trend.label.split(" / ")[0]
        return self._headlines[key]

    def best_tweet(self, trend: Trend, pool: int = 5, exclude: str = "", second: bool = False) -> str | None:
        """The story's most informative tweet among its best-ranked ``pool`` (names, figures, a
        statement rather than a question), rank order breaking ties; ``exclude``: not by this author;
        ``second``: another viewpoint, so a tweet repeating the headline's object ranks last."""
        subject, obj = trend.subject.lower(), trend.object.lower()
        ids = [i for i in self.valid(trend.tweet_ids) if not exclude or original_author(self.tweet(i)) != exclude]
        # a story's quoted points are tweets that name its subject, when it has one and any does
        # (a tweet joined by wording alone is not quoted as the story); a second view must name it
        naming = [i for i in ids[:3 * pool] if subject and subject in self.tweet(i).text.lower()]
        if naming:
            ids = naming
        elif second and subject:
            return None
        ids = ids[:pool]
        if not ids:
            return None

        def score(pair: tuple[int, str]) -> float:
            rank, i = pair
            text, said = self.tweet(i).text.lower(), self.sentence(i).lower()
            s = informativeness(text) + 0.4 * (1 - rank / pool)
            if subject and subject in said:
                s += 1.0  # the point should be about the headline's subject, in the words quoted
            elif subject and subject in text:
                s += 0.6
            if obj and obj in said:
                s += -1.0 if second else 0.3  # the second point says something the headline does not
            if is_cjk(clean(text)) == (self.language == "zh"):
                s += 0.6  # a story told in both languages is quoted in the report's
            return s if said else -10

        return max(enumerate(ids), key=score)[1]

    def method(self, s: Sentiment) -> str:
        m = s.method or self.p["mood_method"]
        if self.language != "zh" and CJK_RE.search(m):  # the analysis names its lexicons in Chinese
            return self.p["mood_method"]
        return m


def _involved(ctx: _Context, trend: Trend, headline: str, limit: int = 3) -> list[str]:
    """Who else the story involves: its named entities not in the headline that at least two of its
    tweets write, or its most engaged tweet does (one stray capitalised word is not a participant)."""
    ids = ctx.valid(trend.tweet_ids)
    texts = [ctx.tweet(i).text.lower() for i in ids]
    lead = max(ids, key=lambda i: ctx.a.engagement.get(i, ctx.tweet(i).engagement)) if ids else ""
    lead_text = ctx.tweet(lead).text.lower() if lead else ""
    out = []
    for e in trend.entities:
        if e.lower() in headline or (sum(e.lower() in t for t in texts) < 2 and e.lower() not in lead_text):
            continue
        out.append(e)
        if len(out) == limit:
            break
    return out


def _trend_items(ctx: _Context) -> list[TrendItem]:
    items = []
    for trend in ctx.a.trends[:MAX_ITEMS]:
        ids = ctx.valid(trend.tweet_ids)
        if not ids:
            continue
        detail = ctx.t("trend_detail", size=trend.size, authors=min(trend.authors, trend.size))
        if trend.folded:
            detail += ctx.t("trend_folded", n=trend.folded)
        if trend.engagement and ctx.a.has_metrics:  # no metrics in the data: engagement unknown, not 0
            detail += ctx.t("trend_engagement", n=trend.engagement)
        if trend.change:
            detail += ctx.t("trend_change", change=ctx.change(trend))
        head = ctx.headline(trend).lower()
        names = _involved(ctx, trend, head)
        if names:
            detail += ctx.t("trend_names", names=ctx.join(names))
        best = ctx.best_tweet(trend) or ids[0]
        point = ctx.t("trend_point", says=ctx.says(best))
        if len(detail + point) <= 400:
            detail += point
        cites = list(dict.fromkeys([best, *ids[:2]]))
        other = ctx.best_tweet(trend, exclude=original_author(ctx.tweet(best)), second=True)  # a second author's point
        if other and other != best and len(detail + point) <= 400:
            also = ctx.t("trend_also", says=ctx.says(other))
            if len(detail + also) <= 400:
                detail += also
                cites.append(other)
        items.append(TrendItem(headline=ctx.headline(trend), detail=detail[:400], cites=cites))
    return items


def _side(ctx: _Context, count) -> tuple[Trend, int] | None:
    scored = [(count(t.sentiment), t) for t in ctx.a.trends if ctx.valid(t.tweet_ids)]
    scored = [(n, t) for n, t in scored if n > 0]
    if not scored:
        return None
    n, t = max(scored, key=lambda x: x[0])  # first of the largest, trends in rank order
    return t, n


def _mood(ctx: _Context) -> Mood:
    """The label is the analysis's, computed from the shares printed beside it (positive, negative,
    neutral, worried); each side names the story with the most tweets on that side."""
    s = ctx.a.sentiment
    cites: list[str] = []
    detail = ctx.t("mood_detail", split=ctx.split(s), score=s.score, method=ctx.method(s))
    pos = _side(ctx, lambda x: x.positive)
    alert = _side(ctx, lambda x: max(x.negative, x.worried))
    if pos and s.positive:
        detail += ctx.t("mood_side_pos", story=ctx.headline(pos[0]), n=pos[1])
        cites += ctx.first(pos[0].tweet_ids)
    if alert and (s.negative or s.worried):
        detail += ctx.t("mood_side_alert", story=ctx.headline(alert[0]), n=alert[1])
        cites += ctx.first(alert[0].tweet_ids)
    scored = [(v, i) for i, v in ctx.a.tweet_sentiment.items() if i in ctx.a.tweets and ctx.sentence(i)]
    if scored:
        hi, lo = max(scored), min(scored)
        for value, tweet_id, key in ((hi[0], hi[1], "mood_best"), (-lo[0], lo[1], "mood_worst")):
            part = ctx.t(key, says=ctx.says(tweet_id))
            if value > 0 and len(detail + part) <= 400:
                detail += part
                cites.append(tweet_id)
    detail = detail.rstrip("；; ")
    if ctx.language != "zh":  # parts are written lower-case; a part opening a sentence is capitalised
        detail = re.sub(r"(^|[.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), detail)
    return Mood(label=ctx.label(s.label)[:40] or ctx.p["neutral"], detail=detail[:400], cites=cites[:8])


def _core_facts(ctx: _Context) -> list[Fact]:
    """One sentence per story (its most informative tweet, compressed), then weak signals, then
    the best-ranked tweets outside any story."""
    chosen: list[str] = []
    for trend in [*ctx.a.trends, *ctx.a.weak_signals]:
        best = ctx.best_tweet(trend)
        if best and best not in chosen:
            chosen.append(best)
    in_story = {i for t in ctx.a.trends for i in t.tweet_ids}
    for tweet_id in ctx.a.ranked:
        if len(chosen) >= MAX_ITEMS:
            break
        if tweet_id in ctx.a.tweets and tweet_id not in chosen and tweet_id not in in_story:
            chosen.append(tweet_id)
    facts, seen = [], set()
    for tweet_id in chosen:
        text = ctx.sentence(tweet_id)
        if not text or text in seen:
            continue
        seen.add(text)
        facts.append(Fact(text=text[:300], cites=[tweet_id]))
        if len(facts) == MAX_ITEMS:
            break
    return facts


def _overview(ctx: _Context) -> str:
    a, s = ctx.a, ctx.a.stats
    if not s.after_dedup:
        return ctx.t("overview_empty", start=a.period.start, end=a.period.end, n=s.in_range)
    text = ctx.t("overview", start=a.period.start, end=a.period.end, n=s.in_range, relevant=s.relevant,
                 dedup=s.after_dedup, authors=s.authors)
    if a.trends:
        # what the talk is about: the leading stories' subjects, each once (two stories of one
        # product name it once); a story without a subject contributes its headline
        names: list[str] = []
        for t in a.trends:
            name = (t.subject or "").strip() or ctx.headline(t)
            if name.lower() not in {n.lower() for n in names}:
                names.append(name)
            if len(names) == 4:
                break
        labels = ctx.join(names)
        text += ctx.t("overview_trends", labels=labels, k=len(a.trends[:MAX_ITEMS]))
    return text[:600]


def citation_sources(analysis: Analysis, ids: set[str]) -> dict[str, SourceRef]:
    """Links for the cited ids that are citable tweets of the analysis; a retweet's link is labelled
    with the original author whose words it carries."""
    return {
        i: SourceRef(url=_citable(analysis, analysis.tweets[i]).url, author=original_author(analysis.tweets[i]),
                     created_at=analysis.tweets[i].created_at)
        for i in sorted(ids) if i in analysis.tweets and analysis.tweets[i].url
    }


def _citable(analysis: Analysis, tweet: Tweet) -> Tweet:
    """The post a citation of ``tweet`` links: a retweet's original when the original is itself an
    analysed tweet of the period (label and target then name the same post, and the two collapse
    into one link), else the tweet."""
    original = analysis.tweets.get(tweet.retweeted_id) if tweet.retweeted_id else None
    return original if original is not None and original.url else tweet


@register_writer
class OfflineWriter(Writer):
    name = "offline"
    description = "No model: every section computed and quoted from the analysed tweets."
    Options = OfflineOptions  # [topics.X.writer_options] keys (validated when the topic is loaded)

    def write(self, analysis: Analysis, options: dict[str, Any]) -> Report:
        from tweetbrief.writers import offline_sections as sec

        ctx = _Context(analysis, options.get("language") or "zh")
        now = options.get("now") or datetime.now(analysis.period.zone)
        period = analysis.period
        markets = sec.markets(ctx)
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
            notable=sec.notable(ctx),
            mood=_mood(ctx),
            core_facts=_core_facts(ctx),
            viewpoints=sec.viewpoints(ctx),
            events=sec.events(ctx),
            markets=markets,
            markets_note=ctx.p["markets_note"] if markets else "",
            ai_analysis=sec.topic_analysis(ctx),
            finance_analysis=sec.finance_analysis(ctx),
            finance_note=ctx.p["finance_note"] if markets else "",
            conclusions=sec.conclusions(ctx),
            disclaimer="",
        )
        cited = report.cited_ids()
        report.sources = citation_sources(analysis, cited)
        linked = all(i in report.sources for i in cited)  # rows without ids/urls have no link
        report.disclaimer = ctx.t("disclaimer" if linked else "disclaimer_partial", start=period.start,
                                  end=period.end, n=analysis.stats.after_dedup)
        return report


__all__ = ["OfflineWriter", "excerpt", "citation_sources"]

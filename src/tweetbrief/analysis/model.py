"""What analysis hands to writers. Every result carries the tweet ids it stands on.

Writers read an ``Analysis``; they never query the store or re-analyse. ``Analysis.tweets``
holds every citable tweet (relevant, deduplicated, inside the period) by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, UTC
from zoneinfo import ZoneInfo

from tweetbrief.models import Tweet


@dataclass(frozen=True)
class Period:
    """Inclusive local dates ``start..end`` read in ``tz``."""

    start: date
    end: date
    tz: str = "Asia/Shanghai"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def start_utc(self) -> datetime:
        return datetime.combine(self.start, time(0), self.zone).astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        """Exclusive end: local midnight after ``end``."""
        return datetime.combine(self.end + timedelta(days=1), time(0), self.zone).astimezone(UTC)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{self.start:%Y%m%d}_{self.end:%Y%m%d}"

    def previous(self) -> Period:
        """The period of equal length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1), self.tz)

    def contains(self, when: datetime) -> bool:
        return self.start_utc <= when < self.end_utc

    def local_date(self, when: datetime) -> date:
        return when.astimezone(self.zone).date()


@dataclass
class Sentiment:
    """Counts per class, mean score in [-1, 1], and a short Chinese label such as 兴奋+警觉."""

    positive: int = 0
    negative: int = 0
    neutral: int = 0
    score: float = 0.0
    label: str = "中性"
    method: str = ""  # which model / lexicon produced it
    worried: int = 0  # tweets carrying worry words (担忧, 泡沫, risk...), any class; drives 警觉/谨慎

    @property
    def total(self) -> int:
        return self.positive + self.negative + self.neutral

    def share(self, which: str) -> float:
        return getattr(self, which) / self.total if self.total else 0.0


@dataclass
class Change:
    """A trend compared with the previous period of equal length."""

    status: str  # "new" | "rising" | "falling" | "steady"
    previous: int  # matching tweets in the previous period
    current: int

    @property
    def delta(self) -> int:
        return self.current - self.previous

    @property
    def continuing(self) -> bool:
        """The theme was already discussed in the previous period: continuing, not new."""
        return self.status != "new"


@dataclass
class Trend:
    label: str  # key phrases, names first, e.g. "Polaris-K2.5 / 多模态"
    keywords: list[str]
    tweet_ids: list[str]  # best first (rank order)
    size: int  # distinct tweets in the theme (after dedup)
    authors: int  # distinct authors of those tweets (<= size)
    engagement: int
    first_seen: datetime  # earliest tweet of the cluster inside the period (UTC)
    entities: list[str] = field(default_factory=list)  # products, models, companies, people
    sentiment: Sentiment = field(default_factory=Sentiment)
    change: Change | None = None
    folded: int = 0  # retweets and duplicates merged into its tweets (not counted in size)
    # The story: who did what. Names exactly as the tweets write them; writers phrase the headline
    # per language from these (tweetbrief.writers.headlines), never from ``label``'s key phrases.
    subject: str = ""  # the named company / product / person, e.g. "Kinetix Robotics"
    # event kind: launch | release | open_source | funding | hire | departure | outage | benchmark |
    # policy | price | ... ; "" = discussion
    development: str = ""
    object: str = ""  # what it happened to or with, e.g. "Polaris-K2.5", "$350M Series C"
    weak_signal: bool = False  # small but new or several times its previous size, from several authors


@dataclass
class TickerStat:
    symbol: str  # "NVDA", "BTC"
    kind: str  # "stock" | "crypto" | "unknown" (a cashtag in no data file: never shown as a stock)
    name: str  # display name, e.g. "英伟达 (NVDA)"
    mentions: int
    tweet_ids: list[str]
    sentiment: Sentiment = field(default_factory=Sentiment)


@dataclass
class Event:
    when: datetime  # earliest tweet timestamp reporting it, inside the period (UTC)
    kind: str  # "launch" | "release" | "funding" | "policy" | ...
    summary: str  # plain text, from the tweet
    tweet_ids: list[str]


@dataclass
class Stats:
    in_range: int = 0  # tweets stored for the period
    relevant: int = 0  # after the topic filter
    after_dedup: int = 0
    duplicates: int = 0  # exact + near duplicates folded
    retweets: int = 0  # retweets folded into their original
    authors: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    per_day: dict[str, int] = field(default_factory=dict)  # local date ISO -> relevant tweets
    previous_relevant: int | None = None  # same measure for the previous period


@dataclass
class Analysis:
    topic_name: str
    topic_title: str
    period: Period
    stats: Stats
    tweets: dict[str, Tweet]  # citable tweets by id
    ranked: list[str]  # ids, best first
    trends: list[Trend]
    sentiment: Sentiment
    tickers: list[TickerStat]
    events: list[Event]
    word_freqs: dict[str, float]  # for the word cloud
    scores: dict[str, float] = field(default_factory=dict)  # rank score per id
    tweet_sentiment: dict[str, float] = field(default_factory=dict)  # per id, in [-1, 1]
    # per id: tweets it stands for (itself + folded duplicates/retweets)
    copies: dict[str, int] = field(default_factory=dict)
    engagement: dict[str, int] = field(default_factory=dict)  # per id: engagement summed over its folded copies
    # per id: normalised text (entities unescaped, t.co expanded)
    clean_text: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per analysis stage
    weak_signals: list[Trend] = field(default_factory=list)  # rising small stories outside ``trends``
    # any tweet carried like/retweet/reply/quote/view counts (else engagement is unknown, not 0)
    has_metrics: bool = False

    def url(self, tweet_id: str) -> str:
        return self.tweets[tweet_id].url


__all__ = ["Analysis", "Period", "Sentiment", "Change", "Trend", "TickerStat", "Event", "Stats"]

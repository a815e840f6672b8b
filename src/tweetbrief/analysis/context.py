"""The working state of one ``analyse`` call: every channel stages read or write is a declared field.

``Context`` is a slotted dataclass, so writing a name that is not declared here fails at once
(``AttributeError``) instead of silently adding a side channel. Stages read what earlier stages
left and add theirs; a skipped stage leaves the neutral state ``analysis/noop.py`` documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tweetbrief.analysis.model import Event, Period, Sentiment, Stats, TickerStat, Trend
from tweetbrief.config import Topic
from tweetbrief.models import Tweet

if TYPE_CHECKING:
    from tweetbrief.analysis.expansion import Expansion

# What a trends stage writes (the pipeline's trend sample takes exactly these back).
TREND_OUTPUTS = ("tokens", "trends", "weak_signals", "word_freqs")


@dataclass(slots=True)
class Context:
    """Working state of one ``analyse`` call. Stages read what earlier stages left and add theirs."""

    topic: Topic
    period: Period
    tweets: list[Tweet]  # inside the period
    previous: list[Tweet]  # the previous period (for trend changes)
    # screen (pipeline): a chunk of the streamed input, not the whole period. Period-wide steps
    # (relevance's expansion) then leave their state in ``expansion_*`` and run after the last chunk.
    partial: bool = False
    expansion_current: Expansion | None = None
    expansion_previous: Expansion | None = None
    # normalise
    text: dict[str, str] = field(default_factory=dict)  # cleaned analysis text per id
    lang: dict[str, str] = field(default_factory=dict)
    # relevance
    relevant: list[Tweet] = field(default_factory=list)
    relevance: dict[str, float] = field(default_factory=dict)
    prev_relevant: list[Tweet] = field(default_factory=list)
    # dedup: representative id -> member ids (itself first); counts
    groups: dict[str, list[str]] = field(default_factory=dict)
    engagement: dict[str, int] = field(default_factory=dict)  # summed over the group
    duplicates: int = 0
    retweets: int = 0
    # rank
    scores: dict[str, float] = field(default_factory=dict)
    ranked: list[str] = field(default_factory=list)
    # trends (TREND_OUTPUTS)
    tokens: dict[str, list[str]] = field(default_factory=dict)
    trends: list[Trend] = field(default_factory=list)
    weak_signals: list[Trend] = field(default_factory=list)  # small rising stories outside ``trends``
    word_freqs: dict[str, float] = field(default_factory=dict)
    # sentiment
    tweet_sentiment: dict[str, float] = field(default_factory=dict)
    worried: set[str] = field(default_factory=set)
    sentiment: Sentiment = field(default_factory=Sentiment)
    sentiment_method: str = ""
    # markets, events
    tickers: list[TickerStat] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # bookkeeping
    stats: Stats = field(default_factory=Stats)
    timings: dict[str, float] = field(default_factory=dict)
    by_id_cache: dict[str, Tweet] | None = field(default=None, repr=False, compare=False)  # see ``get``

    @property
    def unique(self) -> list[Tweet]:
        """Deduplicated relevant tweets (group representatives), in rank order once ranked."""
        by_id = self._by_id()
        ids = self.ranked or list(self.groups)
        return [by_id[i] for i in ids if i in by_id]

    def _by_id(self) -> dict[str, Tweet]:
        cache = self.by_id_cache
        if cache is None or len(cache) != len(self.tweets):
            cache = self.by_id_cache = {t.id: t for t in self.tweets}
        return cache

    def get(self, tweet_id: str) -> Tweet:
        return self._by_id()[tweet_id]

    def text_of(self, tweet: Tweet) -> str:
        return self.text.get(tweet.id, tweet.text)

    def lang_of(self, tweet: Tweet) -> str:
        return self.lang.get(tweet.id) or tweet.lang or "und"

    def copies(self, tweet_id: str) -> int:
        return len(self.groups.get(tweet_id, (tweet_id,)))


__all__ = ["Context", "TREND_OUTPUTS"]

"""Analysis: tweets of a period (+ the previous period) -> ``Analysis``.

    analysis = analyse(tweets, topic, period, previous=prev_tweets)
"""

from tweetbrief.analysis.model import Analysis, Change, Event, Period, Sentiment, Stats, TickerStat, Trend
from tweetbrief.analysis.pipeline import analyse

__all__ = ["analyse", "Analysis", "Period", "Sentiment", "Change", "Trend", "TickerStat", "Event", "Stats"]

"""Stage 2, relevance: score tweets against the topic and drop off-topic noise.

Score = distinct keyword hits (one compiled alternation; a keyword inside an @handle or right after
``$`` does not count: ``@grok`` is a reply, ``$AI`` a ticker) + 2 for a topic account + 1 for a
hashtag that is itself a keyword, or a cashtag that is (keywords of three or more characters, or
written as ``$X``; two-letter tickers such as ``$AI`` rarely mean the word). Noise categories
(``data/noise.toml``: ads/giveaways, sports, politics) subtract their weight once each; a category
whose patterns match one of the topic's own keywords is off for that topic. ``exclude_keywords``
drop a tweet outright; a topic with ``languages`` keeps only those. Kept: score >= 1 and
score - penalty >= 0; a topic account's tweet is kept unless it is noise (its bonus never offsets
a noise category). The period-local second pass (``expansion.py``) adds learned names, an account
prior and engaged named tweets. The scoring itself is ``matcher.TopicMatcher``.
"""

from __future__ import annotations

from tweetbrief.analysis.base import Context, Stage, register_stage
from tweetbrief.analysis.expansion import Expansion
from tweetbrief.analysis.matcher import TopicMatcher, keyword_regex, noise_categories

__all__ = ["KeywordRelevance", "TopicMatcher", "keyword_regex", "noise_categories"]  # the matcher, re-exported


@register_stage("relevance", "keywords")
class KeywordRelevance(Stage):
    description = "scores tweets on the topic's keywords, accounts and hashtags; drops off-topic noise"
    def run(self, ctx: Context) -> None:
        m = TopicMatcher(ctx.topic)
        no_filter = m.keywords is None and not m.accounts
        cache: dict[tuple, tuple[bool, float]] = {}  # repeated texts (copies, retweets) score once
        for src, dst in ((ctx.tweets, ctx.relevant), (ctx.previous, ctx.prev_relevant)):
            dst.clear()
            exp = Expansion(m) if not no_filter else None
            for tweet in src:
                key = (ctx.text_of(tweet), ctx.lang_of(tweet), tweet.author_handle, *tweet.hashtags, "$",
                       *tweet.cashtags)
                hit = cache.get(key)
                if hit is not None:
                    ok, s = hit
                elif no_filter:  # a topic without keywords or accounts keeps everything but noise
                    text = ctx.text_of(tweet)
                    ok = m.penalty(text) == 0 and (
                        not m.languages or ctx.lang_of(tweet) in m.languages
                    )
                    s = 1.0 if ok else -1.0
                else:
                    ok, s = m.keep(tweet, ctx.text_of(tweet), ctx.lang_of(tweet))
                cache[key] = (ok, s)
                if exp is not None:
                    exp.observe(tweet, key[0], key[1], ok, s)
                if src is ctx.tweets:
                    ctx.relevance[tweet.id] = s
                if ok:
                    dst.append(tweet)
            if exp is None:
                continue
            if ctx.partial:  # a pipeline chunk: the period expands after its last chunk
                exp.prune()
                if src is ctx.tweets:
                    ctx.expansion_current = exp
                else:
                    ctx.expansion_previous = exp
                continue
            admitted = exp.admit()
            if admitted:
                ids = {t.id for t in dst} | {a[0].id for a in admitted}
                dst[:] = [t for t in src if t.id in ids]
                if src is ctx.tweets:
                    ctx.relevance.update((a[0].id, a[1]) for a in admitted)

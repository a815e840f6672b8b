"""Stage 1, normalise: clean text for analysis (the stored text stays for quoting) and language."""

from __future__ import annotations

from tweetbrief.analysis.base import Context, Stage, register_stage
from tweetbrief.analysis.text import RT_PREFIX_RE, clean_text, detect_lang, expand_links, norm_lang


def normalise_one(text: str, urls: list[str]) -> str:
    text = clean_text(text)
    text = RT_PREFIX_RE.sub("", text, count=1)
    return expand_links(text, urls)


@register_stage("normalise", "basic")
class BasicNormalise(Stage):
    """HTML entities, NFKC, zero-width characters, ``RT @x:`` prefixes, t.co links -> expanded
    urls; language from the tweet, else from its script (Han -> zh, kana -> ja, hangul -> ko)."""

    def run(self, ctx: Context) -> None:
        for tweet in (*ctx.tweets, *ctx.previous):
            text = normalise_one(tweet.text, tweet.urls)
            ctx.text[tweet.id] = text
            ctx.lang[tweet.id] = norm_lang(tweet.lang) or detect_lang(text)

"""x-kit per-account timelines (xiaoxiunique/x-kit ``data/user_tweets/<handle>.json``):
``{"handle", "twitter_rest_id", "tweets": [{id, text, created_at, favorite_count,
retweet_count, reply_count, quote_count, views, lang, is_retweet, is_quote, ...}]}``.

No entities or referenced ids: hashtags, mentions and cashtags come from the text; retweets and
quotes are flagged but their originals' ids are unknown. ``views`` is a string ("" = unknown).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from tweetbrief.models import Tweet
from tweetbrief.sources.base import Importer, ImportOptions, Skip, register_importer
from tweetbrief.sources.formats._common import (
    check_not_binary, entities_from_text, first_json_key, iter_json, parse_time, record_skip, sniff_text,
    checked, record_id, to_int, unescape_x, x_id,
)

__all__ = ["XkitImporter", "tweet_from_xkit"]


def tweet_from_xkit(tw: dict, *, handle: str = "", author_id: str = "", source: str = "xkit") -> Tweet:
    """One x-kit tweet of account ``handle`` as a ``Tweet``."""
    tid = x_id(tw.get("id"))
    if not tid:
        raise ValueError("tweet has no id")
    text = tw.get("text")
    if not isinstance(text, str):
        raise ValueError("tweet has no text")
    text = unescape_x(text)
    hashtags, mentions, cashtags = entities_from_text(text)
    return Tweet(
        id=tid,
        text=text,
        created_at=parse_time(tw.get("created_at")),
        author_id=author_id,
        author_handle=handle,
        lang=tw.get("lang") or None,
        like_count=to_int(tw.get("favorite_count")),
        retweet_count=to_int(tw.get("retweet_count")),
        reply_count=to_int(tw.get("reply_count")),
        quote_count=to_int(tw.get("quote_count")),
        view_count=to_int(tw.get("views")),
        is_retweet=bool(tw.get("is_retweet")) or text.startswith("RT @"),
        is_reply=bool(tw.get("is_reply") or tw.get("in_reply_to_status_id")),
        is_quote=bool(tw.get("is_quote")),
        hashtags=hashtags,
        mentions=mentions,
        cashtags=cashtags,
        source=source,
        raw=orjson.dumps(tw),
    )


@register_importer
class XkitImporter(Importer):
    name = "xkit"
    description = "x-kit per-account timeline JSON ({handle, tweets: [...]})"

    def sniff(self, head: bytes, path: Path) -> bool:
        text = sniff_text(head)
        if text.startswith(b"["):
            text = text[1:].lstrip()
        return first_json_key(text) == b"handle" and b'"tweets"' in text

    def parse(self, path: Path, options: ImportOptions) -> Iterator[Tweet | Skip]:
        check_not_binary(path, "x-kit JSON")
        for item in iter_json(path):
            if isinstance(item, Skip):
                yield item
                continue
            line, value = item
            for account in value if isinstance(value, list) else [value]:
                if not isinstance(account, dict) or not isinstance(account.get("tweets"), list):
                    yield Skip(str(path), line, "not an x-kit account ({handle, tweets: [...]}); remove it")
                    continue
                handle = str(account.get("handle") or "")
                author_id = str(account.get("twitter_rest_id") or "")
                for i, tw in enumerate(account["tweets"]):
                    try:
                        tweet = tweet_from_xkit(tw, handle=handle, author_id=author_id, source=self.name)
                    except Exception as err:  # noqa: BLE001 - converted to a counted skip
                        tid = record_id(tw)
                        yield record_skip(path, line, err, f"tweet {tid}" if tid else f"tweets[{i}]")
                        continue
                    yield checked(path, line, tweet)

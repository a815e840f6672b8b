"""Raw X web GraphQL responses, as twscrape (``--raw``) or a browser's network tab saves them:
``SearchTimeline``, ``UserTweets``, ``ListLatestTweetsTimeline``, ``TweetDetail``,
``TweetResultByRestId`` -- one response as a JSON document, or one response a line.

Every ``tweet_results.result`` (and ``tweetResult.result``) in a response is a record, wherever
the timeline puts it (``data.*.timeline.instructions[].entries[].content.itemContent``, a
conversation module's ``items[].item.itemContent``, or a single timeline entry). A record has
the v1.1-shaped ``legacy`` tweet and its author in ``core.user_results.result`` (``core`` for
the handle and name and ``relationship_counts`` for followers since 2025, ``legacy`` before); it is
mapped by the v1.1 mapping (``_status``). Long posts take their text from ``note_tweet``; retweets keep ``RT @user: ``
followed by the original's full text. Quoted and retweeted originals are context, not records
(as ``includes`` in X API v2 pages). A response without tweets (``UserByScreenName``) is one
counted skip that says what it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from tweetbrief.models import Tweet
from tweetbrief.sources.base import Importer, ImportOptions, Skip, register_importer
from tweetbrief.sources.formats._common import (
    check_not_binary, checked, iter_json, record_id, record_skip, sniff_text, to_int,
)
from tweetbrief.sources.formats._status import tweet_from_v1

__all__ = ["XGraphqlImporter", "tweet_from_graphql", "tweet_results"]

_RESULT_KEYS = ("tweet_results", "tweetResult", "tweet_result")
_MARKERS = (b'"instructions"', b'"itemContent"', b'"rest_id"')  # beside "__typename": GraphQL


def tweet_results(value: Any, _depth: int = 0) -> Iterator[dict]:
    """Every tweet result in a GraphQL response (not descending into a tweet: its quoted and
    retweeted originals are context)."""
    if _depth > 40:
        return
    if isinstance(value, dict):
        for key, v in value.items():
            if key in _RESULT_KEYS and isinstance(v, dict):
                if "result" in v:
                    yield v["result"]
                continue
            if isinstance(v, (dict, list)):
                yield from tweet_results(v, _depth + 1)
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, (dict, list)):
                yield from tweet_results(v, _depth + 1)


def _unwrap(result: Any) -> dict:
    if isinstance(result, dict) and result.get("__typename") == "TweetWithVisibilityResults":
        result = result.get("tweet")
    if not isinstance(result, dict):
        raise ValueError("tweet result is not an object")
    kind = result.get("__typename")
    if kind in ("TweetTombstone", "TweetUnavailable"):
        raise ValueError(f"{kind}: the tweet is deleted, withheld or protected")
    if not isinstance(result.get("legacy"), dict):
        raise ValueError("tweet result has no 'legacy' tweet")
    return result


def _note_text(result: dict) -> str | None:
    note = (((result.get("note_tweet") or {}).get("note_tweet_results") or {}).get("result") or {})
    text = note.get("text")
    return text if isinstance(text, str) and text else None


def _status(result: dict) -> dict:
    """The result's ``legacy`` tweet with its full text and a v1.1-style ``user``."""
    status = dict(result["legacy"])
    status.setdefault("id_str", result.get("rest_id"))
    note = _note_text(result)
    if note:
        status["full_text"] = note
    user_result = ((result.get("core") or {}).get("user_results") or {}).get("result") or {}
    ucore, ulegacy = user_result.get("core") or {}, user_result.get("legacy") or {}
    status["user"] = {
        "id_str": user_result.get("rest_id") or status.get("user_id_str"),
        "screen_name": ucore.get("screen_name") or ulegacy.get("screen_name") or "",
        "name": ucore.get("name") or ulegacy.get("name") or "",
        "followers_count": (user_result.get("relationship_counts") or {}).get("followers",
                                                                              ulegacy.get("followers_count")),
    }
    original = (status.pop("retweeted_status_result", None) or {}).get("result")
    if original:
        try:
            original = _unwrap(original)
        except ValueError:
            original = None
    if original:
        ostatus = dict(original["legacy"])
        ostatus.setdefault("id_str", original.get("rest_id"))
        if _note_text(original):
            ostatus["full_text"] = _note_text(original)
        status["retweeted_status"] = ostatus
    status.pop("quoted_status_result", None)
    return status


def tweet_from_graphql(result: dict, *, source: str = "x-graphql") -> Tweet:
    """One GraphQL tweet result as a ``Tweet`` (raises ``ValueError`` for an unusable one)."""
    result = _unwrap(result)
    tweet = tweet_from_v1(_status(result), source=source)
    views = result.get("views")
    if isinstance(views, dict):
        tweet.view_count = to_int(views.get("count"))
    tweet.raw = orjson.dumps(result)
    return tweet


def _what(value: Any) -> str:
    """What a GraphQL response without tweets holds, for its skip line."""
    data = value.get("data") if isinstance(value, dict) else None
    if isinstance(value, dict) and value.get("errors") and not data:
        first = value["errors"][0] if isinstance(value["errors"], list) and value["errors"] else {}
        msg = first.get("message") if isinstance(first, dict) else None
        return f"an X GraphQL error response ({str(msg or 'error')[:120]}), no tweets"
    if isinstance(data, dict) and isinstance(data.get("user"), dict):
        return "an X GraphQL user profile (UserByScreenName), no tweets; nothing to import"
    return "an X GraphQL response without tweets; nothing to import"


@register_importer
class XGraphqlImporter(Importer):
    name = "x-graphql"
    description = "raw X web GraphQL responses (twscrape raw: SearchTimeline, UserTweets, TweetDetail, ...)"

    def sniff(self, head: bytes, path: Path) -> bool:
        text = sniff_text(head)
        if not text.startswith((b"{", b"[")):
            return False
        if b'"tweet_results"' in text or b'"tweetResult"' in text:
            return True
        return b'"__typename"' in text and any(m in text for m in _MARKERS)

    def parse(self, path: Path, options: ImportOptions) -> Iterator[Tweet | Skip]:
        check_not_binary(path, "X GraphQL JSON")
        for item in iter_json(path):
            if isinstance(item, Skip):
                yield item
                continue
            line, value = item
            found = False
            for i, result in enumerate(tweet_results(value)):
                found = True
                try:
                    tweet = tweet_from_graphql(result, source=self.name)
                except Exception as err:  # noqa: BLE001 - converted to a counted skip
                    rid = record_id(result, "rest_id") if isinstance(result, dict) else None
                    yield record_skip(path, line, err, f"tweet {rid}" if rid else f"tweet result #{i + 1}")
                    continue
                yield checked(path, line, tweet)
            if not found:
                yield Skip(str(path), line, _what(value))

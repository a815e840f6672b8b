"""Fuzzed fields (issue 11): every field of a record in every X file format replaced by a list, an
object, a huge number, a float, a boolean, a negative number, a string or null. Whatever the value,
the import never raises, the two neighbouring records are stored, and what is stored has sane
types (counts are non-negative ints or unknown). All data here is synthetic."""

from __future__ import annotations

import json

import pytest

from test_import_graphql import result as graphql_result, timeline
from test_import_records import HUGE, archive, jsonl, scraped, sid, status, v2_page, v2_tweet
from tweetbrief.sources import import_files
from tweetbrief.store import Store

VALUES = [[], {}, ["a"], {"a": {"b": 1}}, HUGE, 1.5e300, True, -1, "x", None, "", "\n"]
COUNTS = ("like_count", "retweet_count", "reply_count", "quote_count", "view_count", "author_followers")


def xkit_file(key: str, value) -> bytes:
    tweets = [{"id": sid(i), "text": "t", "created_at": "2026-01-27T00:00:00Z", **({key: value} if i == 1 else {})}
              for i in range(3)]
    return json.dumps({"handle": "h", "tweets": tweets}).encode()


FORMATS = {
    "x-v2": ("p.jsonl", lambda k, v: jsonl(v2_page(v2_tweet(0), {**v2_tweet(1), k: v}, v2_tweet(2))),
             [*v2_tweet(1), "public_metrics", "entities", "referenced_tweets", "lang", "note_tweet"]),
    "x-v1": ("s.json", lambda k, v: json.dumps({"statuses": [status(0), {**status(1), k: v}, status(2)]}).encode(),
             [*status(1), "user", "entities", "retweeted_status", "extended_tweet", "lang", "quoted_status_id_str"]),
    "twscrape": ("t.jsonl", lambda k, v: jsonl(scraped(0), {**scraped(1), k: v}, scraped(2)),
                 [*scraped(1), "links", "hashtags", "cashtags", "mentionedUsers", "retweetedTweet", "viewCount"]),
    "x-archive": ("tweets.js", lambda k, v: archive([status(0), {**status(1), k: v}, status(2)]),
                  [*status(1), "entities", "lang"]),
    "xkit": ("x.json", xkit_file, ["id", "text", "created_at", "favorite_count", "views", "lang", "is_retweet"]),
    "x-graphql": ("g.json", lambda k, v: json.dumps(timeline(
        graphql_result(0), {**graphql_result(1), "legacy": {**status(1), k: v}}, graphql_result(2))).encode(),
        [*status(1), "entities", "lang", "retweeted_status_result", "user_id_str"]),
}
CASES = [(fmt, key) for fmt, (_, _, keys) in FORMATS.items() for key in keys]


@pytest.mark.parametrize("fmt, key", CASES, ids=[f"{f}-{k}" for f, k in CASES])
def test_a_fuzzed_field_never_loses_the_neighbours(tmp_path, fmt, key):
    name, make, _ = FORMATS[fmt]
    path = tmp_path / name
    for value in VALUES:
        path.write_bytes(make(key, value))
        with Store.open(":memory:") as store:
            summary = import_files([path], store, fmt=fmt)
            tweets = {t.id: t for t in store.iter_all()}
        assert not summary.errors and {sid(0), sid(2)} <= set(tweets), (value, [str(s) for s in summary.skips])
        assert summary.new + len(summary.skips) + summary.duplicates == 3, value
        for tweet in tweets.values():
            assert all(getattr(tweet, c) is None or (type(getattr(tweet, c)) is int and getattr(tweet, c) >= 0)
                       for c in COUNTS), (value, tweet)
            assert isinstance(tweet.author_handle, str) and "\n" not in tweet.author_name
            assert tweet.lang is None or isinstance(tweet.lang, str)


@pytest.mark.parametrize("users", [["x"], [{"id": ["7"]}], [None], [{"id": "7", "public_metrics": [1]}], "str"])
def test_damaged_includes_keep_the_page(tmp_path, users):
    path = tmp_path / "p.jsonl"
    path.write_bytes(jsonl({"data": [v2_tweet(i) for i in range(3)], "includes": {"users": users, "tweets": [None]}}))
    with Store.open(":memory:") as store:
        summary = import_files([path], store)
        assert summary.new == 3 and not summary.skips

"""Raw X web GraphQL responses (twscrape raw dumps) import as ``x-graphql``: the real recorded
responses in ``fixtures/twscrape_graphql`` (checked field by field against twscrape's own parse of
the same tweets in ``fixtures/twscrape_jsonl``), plus synthetic responses built to the documented
shapes (``TweetResultByRestId``, ``TweetWithVisibilityResults``, tombstones, ``note_tweet``, the
pre-2025 ``legacy`` user) for the cases the recordings lack."""

from __future__ import annotations

import json

import pytest

from test_import_records import jsonl, run, sid, status, stored
from tweetbrief.sources import import_files
from tweetbrief.store import Store

FIELDS = ("text", "created_at", "author_handle", "author_name", "author_id", "author_followers", "lang",
          "like_count", "retweet_count", "reply_count", "quote_count", "view_count", "is_retweet", "is_reply",
          "is_quote", "quoted_id", "urls", "hashtags", "mentions", "cashtags")


def test_recorded_search_timeline_matches_twscrapes_parse(fixtures):
    with Store.open(":memory:") as graphql, Store.open(":memory:") as parsed:
        summary = import_files([fixtures / "twscrape_graphql/raw_search_first6.json"], graphql)
        import_files([fixtures / "twscrape_jsonl/search_timeline.jsonl"], parsed)
        assert (summary.files[0].format, summary.new, len(summary.skips)) == ("x-graphql", 6, 0)
        for tweet in graphql.iter_all():
            expected = parsed.get(tweet.id)
            assert expected is not None, tweet.id
            assert {f: getattr(tweet, f) for f in FIELDS} == {f: getattr(expected, f) for f in FIELDS}
            assert tweet.source == "x-graphql" and tweet.url == f"https://x.com/{tweet.author_handle}/status/{tweet.id}"


def test_recorded_conversation_and_retweet(fixtures):
    with Store.open(":memory:") as store:
        import_files([fixtures / "twscrape_graphql/card_summary.json", fixtures / "twscrape_graphql/_issue_42.json"],
                     store)
        tweets = {t.id: t for t in store.iter_all()}
    assert len(tweets) == 6
    focal = tweets["1696922210588410217"]
    assert (focal.author_handle, focal.view_count) == ("FortniteGame", 1003602)
    replies = [t for t in tweets.values() if t.is_reply]
    assert len(replies) == 3 and all(t.text.startswith("@FortniteGame") for t in replies)
    rt = tweets["1665951747842641921"]
    assert rt.is_retweet and rt.retweeted_id and rt.text.startswith("RT @ChinaDaily: ")
    assert not rt.text.endswith("…")  # the full original text, not X's truncation


def test_a_user_profile_response_says_what_it_is(fixtures, tmp_path):
    result, summary = run(tmp_path, "user.json", (fixtures / "twscrape_graphql/raw_user_by_login.json").read_bytes())
    assert result.exit_code == 0 and (summary["new"], summary["skipped"]) == (0, 1)
    assert summary["skip_reasons"][0].endswith("an X GraphQL user profile (UserByScreenName), no tweets; "
                                               "nothing to import")


# -- synthetic responses in the documented shapes ----------------------------------------------
def user(i: int, *, modern: bool = True) -> dict:
    names = {"screen_name": f"user_{i}", "name": f"User {i}"}
    if modern:  # since 2025: names in core, followers in relationship_counts
        return {"__typename": "User", "rest_id": str(100 + i), "core": names,
                "relationship_counts": {"followers": 10 * i}, "legacy": {}}
    return {"__typename": "User", "rest_id": str(100 + i), "legacy": {**names, "followers_count": 10 * i}}


def result(i: int, *, modern: bool = True, **legacy) -> dict:
    return {"__typename": "Tweet", "rest_id": sid(i), "core": {"user_results": {"result": user(i, modern=modern)}},
            "views": {"count": str(1000 + i), "state": "EnabledWithCount"}, "legacy": {**status(i), **legacy}}


def timeline(*results: dict) -> dict:
    entries = [{"entryId": f"tweet-{n}", "sortIndex": str(n), "content": {
        "entryType": "TimelineTimelineItem", "__typename": "TimelineTimelineItem",
        "itemContent": {"itemType": "TimelineTweet", "__typename": "TimelineTweet", "tweet_results": {"result": r}}}}
        for n, r in enumerate(results)]
    entries.append({"entryId": "cursor-bottom-1", "content": {"__typename": "TimelineTimelineCursor", "value": "x"}})
    return {"data": {"search_by_raw_query": {"search_timeline": {"timeline": {"instructions": [
        {"type": "TimelineClearCache"}, {"type": "TimelineAddEntries", "entries": entries}]}}}}}


def test_search_timeline_shapes_and_bad_results_keep_their_neighbours(tmp_path):
    long_text = "A long post " * 40
    results = [
        result(0),
        result(1, modern=False),
        {"__typename": "TweetWithVisibilityResults", "tweet": result(2)},
        {"__typename": "TweetTombstone", "tombstone": {"text": {"text": "This Post is unavailable."}}},
        {"__typename": "Tweet", "rest_id": sid(4)},  # no legacy
        {**result(5), "note_tweet": {"note_tweet_results": {"result": {"text": long_text}}}},
        result(6, favorite_count=99999999999999999999),
    ]
    result_, summary = run(tmp_path, "SearchTimeline.json", json.dumps(timeline(*results)).encode())
    assert result_.exit_code == 0 and summary["files"][0]["format"] == "x-graphql"
    assert (summary["new"], summary["skipped"]) == (4, 3), summary
    reasons = summary["skip_reasons"]
    assert "TweetTombstone: the tweet is deleted, withheld or protected" in reasons[0]
    assert f"tweet {sid(4)}: tweet result has no 'legacy' tweet" in reasons[1]
    # JSON parsers read 1e20 as a float
    assert f"tweet {sid(6)}: like_count is 1e+20, larger than any real count" in reasons[2]
    tweets = stored(tmp_path)
    assert set(tweets) == {sid(0), sid(1), sid(2), sid(5)}
    assert [(tweets[sid(i)].author_handle, tweets[sid(i)].author_followers) for i in (0, 1, 2)] == [
        ("user_0", 0), ("user_1", 10), ("user_2", 20)]
    assert tweets[sid(0)].view_count == 1000 and tweets[sid(5)].text == long_text


def test_tweet_result_by_rest_id_and_json_lines_of_responses(tmp_path):
    single = {"data": {"tweetResult": {"result": result(0)}}}
    retweet = result(1, full_text="RT @user_2: cut short…",
                     retweeted_status_result={"result": result(2, full_text="the whole original text")})
    lines = jsonl(single, timeline(retweet), b'{"data": {"tweetResult": ', timeline(result(3)))
    result_, summary = run(tmp_path, "responses.jsonl", lines)
    assert result_.exit_code == 0 and (summary["new"], summary["skipped"]) == (3, 1)
    assert ":3: invalid JSON" in summary["skip_reasons"][0]
    tweets = stored(tmp_path)
    assert set(tweets) == {sid(0), sid(1), sid(3)}  # the retweeted original is context, not a record
    assert tweets[sid(1)].text == "RT @user_2: the whole original text" and tweets[sid(1)].retweeted_id == sid(2)


@pytest.mark.parametrize("fmt", ["x-v2", None])
def test_graphql_given_to_the_v2_importer_says_what_the_file_is(tmp_path, fixtures, fmt):
    data = (fixtures / "twscrape_graphql/raw_search_first6.json").read_bytes()
    args = ["--format", fmt] if fmt else []
    _, summary = run(tmp_path, "dump.json", data, *args)
    if fmt is None:
        assert summary["new"] == 6
    else:
        assert summary["new"] == 0 and summary["skip_reasons"][0].endswith(
            "a raw X web GraphQL response, not an X API v2 page; import it with --format x-graphql")


def test_v2_page_whose_data_is_no_tweets_reads_plainly(tmp_path):
    _, summary = run(tmp_path, "odd.jsonl", jsonl({"data": [{"something": 1}]}, {"data": [{"tweet_count": 3}]}))
    reasons = summary["skip_reasons"]
    assert reasons[0].endswith("an X API v2 page whose 'data' holds no tweets (no 'id' and 'text'); nothing to import")
    assert reasons[1].endswith("an X API v2 page of tweet counts, not tweets; nothing to import")
    assert not any("not tweets, not tweets" in r for r in reasons)

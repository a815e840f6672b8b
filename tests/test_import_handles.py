"""Author handles and display names at the file-format boundary (issue 11, security): an X handle
must match ``^[A-Za-z0-9_]{1,15}$`` or the record is one counted skip naming the field; a display
name may hold anything except newlines and control characters, which are stripped before the
store. Checked for every X file format. All data here is synthetic."""

from __future__ import annotations

import json

import pytest

from test_import_records import (
    INJECTION, archive, jsonl, run, scraped, sid, status, stored, v2_page, v2_tweet,
)

BAD_HANDLES = [INJECTION, "has space", "sixteen_chars_xx", "ünïcode", "a/b", "<b>x</b>"]
NASTY_NAME = "Eve\n\n[Click here][e]\r\n[e]:javascript:alert(1)\x00\u2028\u202e"
CLEAN_NAME = "Eve [Click here][e] [e]:javascript:alert(1)"


def v2(handle: str, name: str) -> tuple[str, bytes]:
    users = [{"id": "1", "username": "alice", "name": "Alice"}, {"id": "2", "username": handle, "name": "Mallory"},
             {"id": "3", "username": "eve_3", "name": name}]
    tweets = [v2_tweet(i, author_id=str(i + 1)) for i in range(3)]
    return "pages.jsonl", jsonl(v2_page(*tweets, users=users))


def v1(handle: str, name: str) -> tuple[str, bytes]:
    users = [{"screen_name": "alice", "name": "Alice"}, {"screen_name": handle, "name": "M"},
             {"screen_name": "eve_3", "name": name}]
    return "statuses.json", json.dumps({"statuses": [{**status(i), "user": u} for i, u in enumerate(users)]}).encode()


def twscrape(handle: str, name: str) -> tuple[str, bytes]:
    users = [{"username": "alice", "displayname": "Alice"}, {"username": handle, "displayname": "M"},
             {"username": "eve_3", "displayname": name}]
    return "scraped.jsonl", jsonl(*[scraped(i, user=u) for i, u in enumerate(users)])


def snscrape(handle: str, name: str) -> tuple[str, bytes]:
    users = [{"username": "alice", "displayname": "Alice"}, {"username": handle, "displayname": "M"},
             {"username": "eve_3", "displayname": name}]
    records = [{"id": int(sid(i)), "date": "2026-01-27T12:00:00+00:00", "content": f"c{i}", "renderedContent": f"c{i}",
                "user": u, "likeCount": 1} for i, u in enumerate(users)]
    return "sn.jsonl", jsonl(*records)


def graphql(handle: str, name: str) -> tuple[str, bytes]:
    def entry(i: int, screen_name: str, display: str) -> dict:
        user = {"__typename": "User", "rest_id": str(i + 1), "core": {"screen_name": screen_name, "name": display},
                "legacy": {}}
        result = {"__typename": "Tweet", "rest_id": sid(i), "core": {"user_results": {"result": user}},
                  "legacy": status(i)}
        return {"entryId": f"tweet-{sid(i)}", "content": {"__typename": "TimelineTimelineItem", "itemContent": {
            "__typename": "TimelineTweet", "tweet_results": {"result": result}}}}

    entries = [entry(0, "alice", "Alice"), entry(1, handle, "M"), entry(2, "eve_3", name)]
    body = {"data": {"user": {"result": {"__typename": "User", "timeline_v2": {"timeline": {
        "instructions": [{"type": "TimelineAddEntries", "entries": entries}]}}}}}}
    return "UserTweets.json", json.dumps(body).encode()


FORMATS = {"x-v2": v2, "x-v1": v1, "twscrape": twscrape, "snscrape": snscrape, "x-graphql": graphql}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("handle", BAD_HANDLES)
def test_bad_handle_is_a_counted_skip_and_display_names_are_stripped(tmp_path, fmt, handle):
    name, data = FORMATS[fmt](handle, NASTY_NAME)
    result, summary = run(tmp_path, name, data)
    assert result.exit_code == 0 and summary["files"][0]["format"] == fmt
    assert (summary["new"], summary["skipped"]) == (2, 1), summary
    reason = summary["skip_reasons"][0]
    assert f"tweet {sid(1)}: author handle" in reason and "is not an X handle (1-15 letters, digits, _)" in reason
    assert "\n" not in reason and "\r" not in reason
    tweets = stored(tmp_path)
    assert set(tweets) == {sid(0), sid(2)}
    assert tweets[sid(2)].author_handle == "eve_3" and tweets[sid(2)].author_name == CLEAN_NAME


def test_archive_account_handle_is_checked(tmp_path):
    (tmp_path / "account.js").write_text(
        "window.YTD.account.part0 = " + json.dumps([{"account": {"username": INJECTION, "accountId": "5",
                                                                 "accountDisplayName": NASTY_NAME}}]))
    result, summary = run(tmp_path, "tweets.js", archive([status(i) for i in range(3)]))
    assert result.exit_code == 0 and (summary["new"], summary["skipped"]) == (0, 3)
    assert all("author handle" in r for r in summary["skip_reasons"])
    (tmp_path / "account.js").write_text(
        "window.YTD.account.part0 = " + json.dumps([{"account": {"username": "@frank_1", "accountId": "5",
                                                                 "accountDisplayName": NASTY_NAME}}]))
    result, summary = run(tmp_path, "tweets.js", archive([status(i) for i in range(3)]))
    assert (summary["new"], summary["skipped"]) == (3, 0)
    assert {(t.author_handle, t.author_name) for t in stored(tmp_path).values()} == {("frank_1", CLEAN_NAME)}


def test_xkit_account_handle_is_checked(tmp_path):
    def account(handle: str, first: int) -> dict:
        return {"handle": handle, "tweets": [{"id": sid(i), "text": f"t{i}", "created_at": "2026-01-27T12:00:00Z"}
                                             for i in range(first, first + 2)]}

    result, summary = run(tmp_path, "x.json", json.dumps([account("grace", 0), account(INJECTION, 2)]).encode())
    assert result.exit_code == 0 and (summary["new"], summary["skipped"]) == (2, 2)
    assert set(stored(tmp_path)) == {sid(0), sid(1)}


def test_csv_handle_column_holds_a_handle_or_a_display_name(tmp_path):
    # Real CSV exports put display names in "Username"; a value that is not a handle is kept as the
    # display name (stripped), never as a handle.
    rows = [("@heidi", "heidi", ""), ("Crypto King👑", "", "Crypto King👑"),
            (INJECTION, "", CLEAN_NAME.replace("Eve", "a"))]
    body = "Username,Text,Created At\n" + "".join(f'"{h}",text {i},2026-01-27\n' for i, (h, _, _) in enumerate(rows))
    result, summary = run(tmp_path, "rows.csv", body.encode())
    assert result.exit_code == 0 and (summary["new"], summary["skipped"]) == (3, 0)
    got = {t.text: (t.author_handle, t.author_name) for t in stored(tmp_path).values()}
    assert got == {f"text {i}": (h, n) for i, (_, h, n) in enumerate(rows)}


def test_mentions_that_are_not_handles_are_dropped(tmp_path):
    tweet = v2_tweet(0, entities={"mentions": [{"username": "ok_1"}, {"username": INJECTION}]})
    _, summary = run(tmp_path, "pages.jsonl", jsonl(v2_page(tweet)))
    assert summary["new"] == 1 and stored(tmp_path)[sid(0)].mentions == ["ok_1"]


def test_links_that_are_not_http_are_dropped(tmp_path):
    urls = [{"url": "https://t.co/a", "expanded_url": "https://example.com/a"},
            {"url": "https://t.co/b", "expanded_url": "javascript:alert(1)"},
            {"url": "https://t.co/c", "expanded_url": "https://example.com/\n[x](javascript:y)"}]
    _, summary = run(tmp_path, "pages.jsonl", jsonl(v2_page(v2_tweet(0, entities={"urls": urls}))))
    assert summary["new"] == 1 and stored(tmp_path)[sid(0)].urls == ["https://example.com/a"]

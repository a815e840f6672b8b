"""The live-source boundary: handles by each network's rules, links only http(s), secrets masked by value.

Hostile values are the ones from issue 11: a handle carrying a Markdown reference definition to a
``javascript:`` URL, and an RSS item whose link is ``javascript:`` (or has a newline in it).
"""

from __future__ import annotations

import copy
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tweetbrief.sources.collectors import CollectConfig, Secrets, Window, collect, redact
from tweetbrief.sources.collectors.deadline import Deadline
from tweetbrief.sources.collectors.handles import bluesky_handle, mastodon_acct, safe_link, x_handle
from tweetbrief.sources.collectors.progress import Reporter
from tweetbrief.sources.collectors.xapi import XOptions, explain_x

HOSTILE = "a\n\n[Click here][e]\n\n[e]:javascript:alert(document.title='pwned')"
WINDOW = Window(datetime(2026, 1, 26, tzinfo=UTC), datetime(2026, 1, 28, tzinfo=UTC))
# Shaped like an X app bearer token (a run of A, url-encoded + and =) but made up: no real key in the repo.
TOKEN = "A" * 22 + "FAKE" + "0%2Btweetbrief" + "%2BTestOnly" * 3 + "%3DnotARealToken"


def run(store, answer, specs, window=WINDOW, env=None):
    err = io.StringIO()
    summary = collect(store, specs, window, config=CollectConfig(XOptions(api_base="https://api.x.test")),
                      client=httpx.Client(transport=httpx.MockTransport(answer)),
                      reporter=Reporter(err, progress=False), sleep=lambda s: None,
                      secrets=Secrets(env=env or {"X_BEARER_TOKEN": TOKEN}, path=Path("/nonexistent")))
    return summary, err.getvalue()


def feed(*items: str) -> bytes:
    return ('<?xml version="1.0"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel>'
            "<title>t</title>" + "".join(items) + "</channel></rss>").encode()


def item(link: str, author: str = "@examplelab", text: str = "a post", guid: str = "") -> str:
    from xml.sax.saxutils import escape

    return (f"<item><title>{escape(text)}</title><dc:creator>{escape(author)}</dc:creator>"
            f"<description>{escape(text)}</description><pubDate>Tue, 27 Jan 2026 08:30:00 GMT</pubDate>"
            f"<guid>{escape(guid or link or text)}</guid><link>{escape(link)}</link></item>")


# -- validators ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,ok", [("OpenAI", True), ("a_1", True), ("x" * 15, True), ("x" * 16, False),
                                      ("", False), ("a b", False), (HOSTILE, False), ("a\n", False), ("ab-c", False)])
def test_x_handle_rule(value, ok):
    assert x_handle(value) is ok


@pytest.mark.parametrize("value,ok", [("alice.bsky.social", True), ("bsky.app", True), ("a-b.example.com", True),
                                      ("x.y" * 1, True), ("nodot", False), ("-a.bsky.social", False),
                                      ("a-.bsky.social", False), ("a.1com", False), ("a..b", False),
                                      ("a.b/c", False), (HOSTILE, False), ("ä.example", False),
                                      ("a." * 126 + "com", False), ("a" * 64 + ".com", False)])
def test_bluesky_handle_rule(value, ok):
    assert bluesky_handle(value) is ok


@pytest.mark.parametrize("value,ok", [("carol", True), ("carol@remote.example", True), ("a.b-c@mastodon.social", True),
                                      ("user_1@x.example", True), ("a..b@x.example", False), ("@x.example", False),
                                      ("carol@", False), ("carol@bad host", False), ("car ol", False),
                                      (HOSTILE, False), ("a@b@c.example", False)])
def test_mastodon_acct_rule(value, ok):
    assert mastodon_acct(value) is ok


@pytest.mark.parametrize("value,kept", [("https://x.com/a/status/1", True), ("http://example.org/p?q=1#f", True),
                                        ("javascript:alert(1)", False), ("JavaScript:alert(1)", False),
                                        ("data:text/html,<script>", False),
                                        ("https://a.example/\n[x]:javascript:1", False),
                                        ("https://a.example/ b", False), ("//a.example/p", False), ("", False),
                                        ("https://", False), (None, False)])
def test_safe_link(value, kept):
    assert safe_link(value) == (value if kept else None)


# -- RSS -------------------------------------------------------------------------------------------

def test_rss_javascript_links_are_dropped_and_the_items_kept(store):
    body = feed(item("javascript:alert(document.cookie)", author="A. Writer", text="first"),
                item("https://blog.example/p\n\n[e]:javascript:alert(1)", author="B. Writer", text="second",
                     guid="g2"),
                item("https://blog.example/ok", author="C. Writer", text="third"))
    summary, _ = run(store, lambda r: httpx.Response(200, content=body), ["rss:https://blog.example/feed"])
    result = summary.sources["rss:https://blog.example/feed"]
    assert (result.new, result.skipped, result.error) == (3, 0, None)
    by_text = {t.text: t for t in store.iter_all()}
    assert by_text["first"].permalink is None and by_text["first"].url == ""
    assert by_text["second"].permalink is None
    assert by_text["third"].url == "https://blog.example/ok"
    dump = "\n".join(store.db.iterdump())
    assert "javascript:" not in dump


def test_rss_invalid_handles_skip_the_item_and_are_counted(store):
    body = feed(item("https://nitter.example/examplelab/status/1900000000000000003#m", text="kept"),
                item("https://nitter.example/x/status/1900000000000000004#m", author="@" + HOSTILE, text="bad author"),
                item("https://nitter.example/" + "n" * 16 + "/status/1900000000000000005#m", author="", text="long"),
                item("https://blog.example/p", author="Display\nName [x](javascript:1)", text="generic"))
    summary, _ = run(store, lambda r: httpx.Response(200, content=body), ["rss:https://nitter.example/feed"])
    result = summary.sources["rss:https://nitter.example/feed"]
    assert result.new == 2 and result.skipped == 2 and result.skip_reasons == {"invalid handle": 2}
    assert summary.as_json()["sources"]["rss:https://nitter.example/feed"]["skip_reasons"] == {"invalid handle": 2}
    generic = next(t for t in store.iter_all() if t.text == "generic")
    assert generic.author_handle == "" and "\n" not in generic.author_name
    assert store.get("1900000000000000003").author_handle == "examplelab"


# -- X API (recorded twarc page, one username made hostile) ----------------------------------------

def test_x_page_with_a_hostile_username_skips_only_that_author(store, fixtures):
    page = json.loads((fixtures / "x_api_v2_twarc/brexit_search_recent_first25.json").read_text())
    page["meta"].pop("next_token", None)
    victim = page["data"][0]["author_id"]
    hostile = copy.deepcopy(page)
    for user in hostile["includes"]["users"]:
        if user["id"] == victim:
            user["username"] = HOSTILE
            user["name"] = "Evil\n\n[x]: javascript:alert(1)"
    by_victim = sum(t["author_id"] == victim for t in page["data"])
    window = Window(datetime(2021, 1, 1, tzinfo=UTC), datetime(2023, 1, 1, tzinfo=UTC))
    summary, _ = run(store, lambda r: httpx.Response(200, json=hostile), ["x-search:brexit"], window=window)
    result = summary.sources["x-search:brexit"]
    assert result.skip_reasons.get("invalid handle") == by_victim >= 1
    assert result.new == len(page["data"]) - by_victim
    assert all(x_handle(t.author_handle) for t in store.iter_all())


@pytest.mark.parametrize("spec", ["x-user:" + "n" * 16, "x-user:bad handle", "bluesky-user:not a handle",
                                  "bluesky-user:javascript:alert(1)"])
def test_a_bad_handle_in_a_spec_fails_before_any_request(store, spec):
    requests: list[httpx.Request] = []
    summary, _ = run(store, lambda r: requests.append(r) or httpx.Response(500), [spec])
    assert requests == [] and "is not a" in summary.sources[spec].error


# -- Bluesky and Mastodon --------------------------------------------------------------------------

def _bsky_post(handle: str, rkey: str) -> dict:
    return {"uri": f"at://did:plc:abc{rkey}/app.bsky.feed.post/{rkey}", "indexedAt": "2026-01-27T10:00:00Z",
            "author": {"did": f"did:plc:abc{rkey}", "handle": handle, "displayName": "Name\nTwo lines"},
            "record": {"text": "hi", "createdAt": "2026-01-27T10:00:00Z",
                       "facets": [{"features": [{"$type": "app.bsky.richtext.facet#link",
                                                 "uri": "javascript:alert(1)"}]}]}}


def test_bluesky_invalid_handle_is_skipped_and_counted(store):
    body = {"posts": [_bsky_post("alice.bsky.social", "3kaaa"), _bsky_post(HOSTILE, "3kbbb"),
                      _bsky_post("x.com/evil", "3kccc")]}
    summary, _ = run(store, lambda r: httpx.Response(200, json=body), ["bluesky-search:AI"])
    result = summary.sources["bluesky-search:AI"]
    assert (result.new, result.skip_reasons) == (1, {"invalid handle": 2})
    (t,) = store.iter_all()
    assert t.url == "https://bsky.app/profile/alice.bsky.social/post/3kaaa"
    assert t.author_name == "Name Two lines" and t.urls == []


def test_mastodon_invalid_acct_is_skipped_and_links_checked(store):
    def status(i: int, acct: str, url: str) -> dict:
        return {"id": str(113900000000000000 + i), "created_at": "2026-01-27T10:00:00.000Z", "content": "<p>x</p>",
                "url": url, "account": {"id": str(i), "acct": acct, "display_name": "D"}}

    body = [status(3, "carol@remote.example", "https://remote.example/@carol/1"),
            status(2, "a.b-c", "javascript:alert(1)"), status(1, HOSTILE, "https://remote.example/@x/2")]
    summary, _ = run(store, lambda r: httpx.Response(200, json=body), ["mastodon-tag:mastodon.example/ai"])
    result = summary.sources["mastodon-tag:mastodon.example/ai"]
    assert (result.new, result.skip_reasons) == (2, {"invalid handle": 1})
    dotted = store.get("mastodon:mastodon.example:113900000000000002")
    assert dotted.author_handle == "a.b-c" and dotted.permalink is None


# -- the redactor ----------------------------------------------------------------------------------

OWN_MESSAGES = [
    explain_x(httpx.Response(401)),
    "x-search:AI: no X API bearer token; export X_BEARER_TOKEN=... (or put x_bearer_token in /home/u/secrets.toml)",
    "bearer tokens go in X_BEARER_TOKEN, never in tweetbrief.toml",
    str(Deadline(5).error("x-search:AI", "before the next request")),
    "rss:https://rsshub.example/twitter/user/x?key=${RSSHUB_KEY}: HTTP 503",
]


@pytest.mark.parametrize("message", OWN_MESSAGES)
def test_redactor_leaves_tweetbriefs_own_messages_intact(message):
    assert redact(message, {TOKEN}) == message


@pytest.mark.parametrize("message", [
    f"connection reset while sending Bearer {TOKEN}",
    f"headers: {{'Authorization': 'Bearer {TOKEN}'}}",
    "Authorization: Bearer short.tok",
    f"GET https://api.x.test/2/tweets?access_token={TOKEN}&q=1",
    f"GET https://api.x.test/?bearer%20{TOKEN}",
    "x_bearer_token = \"plain-but-secret-123\"",
    "cookie auth_token=0123abcd; ct0=deadbeef99",
])
def test_redactor_removes_secret_values(message):
    out = redact(message, {TOKEN})
    for secret in (TOKEN, "short.tok", "plain-but-secret-123", "0123abcd", "deadbeef99"):
        assert secret not in out
    assert "***" in out


def test_a_refused_token_gives_the_hint_intact_and_never_the_token(store):
    summary, err = run(store,
                       lambda r: httpx.Response(401, json={"title": "Unauthorized", "detail": f"Bearer {TOKEN}"}),
                       ["x-search:AI"])
    error = summary.sources["x-search:AI"].error
    assert "the bearer token was refused; check X_BEARER_TOKEN" in error
    assert TOKEN not in error + err + json.dumps(summary.as_json())

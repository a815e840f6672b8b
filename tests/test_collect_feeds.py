"""RSS/Atom (Nitter, RSSHub), Bluesky and Mastodon collectors on hand-written payloads (tests/data/collect)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tweetbrief.sources.collectors import CollectConfig, Secrets, Window, collect
from tweetbrief.sources.collectors.progress import Reporter
from tweetbrief.sources.collectors.rss import html_to_text

DATA = Path(__file__).parent / "data" / "collect"
WINDOW = Window(datetime(2026, 1, 26, tzinfo=UTC), datetime(2026, 1, 28, tzinfo=UTC))


class Server:
    def __init__(self, routes: dict):
        self.routes = routes  # (host, path, cursor-ish) -> (status, body bytes, headers) or list of them
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        p = request.url.params
        key = (request.url.host, request.url.path, p.get("cursor") or p.get("max_id"))
        answer = self.routes.get(key)
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        if answer is None:
            return httpx.Response(404, json={"error": "not found"})
        code, body, headers = answer
        return httpx.Response(code, content=body, headers=headers)


def ok(name: str, headers: dict | None = None):
    return (200, (DATA / name).read_bytes(), headers or {})


def run(store, server: Server, specs: list[str], window: Window = WINDOW):
    err = io.StringIO()
    sleeps: list[float] = []
    summary = collect(store, specs, window, config=CollectConfig(),
                      client=httpx.Client(transport=httpx.MockTransport(server)),
                      reporter=Reporter(err, progress=False), secrets=Secrets(env={}, path=Path("/nonexistent")),
                      sleep=sleeps.append, clock=lambda: 1_700_000_000.0)
    return summary, err.getvalue()


# -- RSS -------------------------------------------------------------------------------------------

NITTER = "https://nitter.example/examplelab/rss"


def test_nitter_items_become_x_tweets(store):
    server = Server({("nitter.example", "/examplelab/rss", None): ok("nitter.rss")})
    summary, err = run(store, server, [f"rss:{NITTER}"])
    result = summary.sources[f"rss:{NITTER}"]
    assert (result.new, result.skipped, result.complete) == (3, 1, True)
    t = store.get("1900000000000000003")
    assert t.author_handle == "examplelab" and t.source == "rss"
    assert t.url == "https://x.com/examplelab/status/1900000000000000003"
    assert t.text == "Our new open model is out & it runs on a laptop\nWeights: example.org/weights"
    assert "alert" not in t.text and "color" not in t.text
    rt = store.get("1900000000000000002")
    assert rt.author_handle == "otheruser" and rt.is_retweet and rt.text == "benchmarks are not the product <3"
    assert store.get("1900000000000000001").text == "大模型推理成本又降了 🚀"
    assert store.get("1800000000000000000") is None  # outside the window
    assert "stale" not in err
    assert store.get_cursor(f"rss:{NITTER}")["newest"] == "2026-01-27T08:30:00+00:00"
    summary2, _ = run(store, server, [f"rss:{NITTER}"])
    assert summary2.new == 0 and summary2.sources[f"rss:{NITTER}"].duplicates == 3 and store.count() == 3


def test_stale_rsshub_feed_warns(store):
    server = Server({("rsshub.example", "/twitter/user/examplelab", None): ok("rsshub_stale.rss")})
    spec = "rss:https://rsshub.example/twitter/user/examplelab"
    summary, err = run(store, server, [spec])
    assert summary.new == 0
    assert "stale feed: its newest item is from 2025-12-15 12:00 UTC" in err and "RSSHub" in err
    assert summary.sources[spec].warnings and "stale feed" in summary.sources[spec].warnings[0]


def test_generic_atom_entry_keeps_its_own_link(store):
    server = Server({("blog.example", "/feed.atom", None): ok("blog.atom")})
    summary, _ = run(store, server, ["rss:https://blog.example/feed.atom"])
    (t,) = store.iter_all()
    assert t.id.startswith("rss:") and t.url == "https://blog.example/agents"
    assert t.text == "Agents need tools." and t.author_name == "A. Writer"


def test_feed_http_error_is_one_line(store):
    server = Server({})
    summary, _ = run(store, server, [f"rss:{NITTER}"])
    assert summary.sources[f"rss:{NITTER}"].error.endswith(
        "check the feed URL and that the Nitter/RSSHub instance is up")


@pytest.mark.parametrize("html,text", [
    ("<p>a<br/>b</p><p>c</p>", "a\nb\n\nc"),
    ("x &lt;script&gt; y", "x <script> y"),
    ("<div>ok<script>evil()</script><style>.a{}</style></div>", "ok"),
    ("<p>unclosed <b>bold", "unclosed bold"),
])
def test_html_to_text(html, text):
    assert html_to_text(html) == text


# -- Bluesky ---------------------------------------------------------------------------------------

BSKY = "public.api.bsky.app"


def test_bluesky_search_pages_by_cursor(store):
    server = Server({(BSKY, "/xrpc/app.bsky.feed.searchPosts", None): ok("bsky_search_1.json"),
                     (BSKY, "/xrpc/app.bsky.feed.searchPosts", "2"): ok("bsky_search_2.json")})
    summary, _ = run(store, server, ["bluesky-search:LLM"])
    assert summary.new == 3 and summary.sources["bluesky-search:LLM"].pages == 2
    first = server.requests[0].url.params
    assert (first["q"], first["sort"], first["limit"]) == ("LLM", "latest", "100")
    assert first["since"] == "2026-01-26T00:00:00.000000Z" and first["until"] == "2026-01-28T00:00:00.000000Z"
    t = store.get("bsky:did:plc:abc123/3lgxyz2")
    assert t.source == "bluesky" and t.url == "https://bsky.app/profile/alice.example.com/post/3lgxyz2"
    assert t.hashtags == ["LLM"] and t.urls == ["https://example.org/notes"] and t.like_count == 5
    assert store.get("bsky:did:plc:def456/3lgxyz1").is_reply
    assert store.get("bsky:did:plc:abc123/3lgxyz0").quoted_id == "at://did:plc:zzz/app.bsky.feed.post/3kq"
    assert store.get_cursor("bluesky-search:LLM")["newest"] == "2026-01-27T09:00:00.000000Z"


def test_bluesky_resumes_from_saved_cursor_after_a_drop(store):
    def drop(request):
        raise httpx.ReadError("connection dropped", request=request)

    class Flaky(Server):
        def __call__(self, request):
            if request.url.params.get("cursor") == "2" and self.fail:
                self.requests.append(request)
                drop(request)
            return super().__call__(request)

    server = Flaky({(BSKY, "/xrpc/app.bsky.feed.searchPosts", None): ok("bsky_search_1.json"),
                    (BSKY, "/xrpc/app.bsky.feed.searchPosts", "2"): ok("bsky_search_2.json")})
    server.fail = True
    summary, err = run(store, server, ["bluesky-search:LLM"])
    assert summary.new == 2 and "network error (ReadError)" in summary.sources["bluesky-search:LLM"].error
    assert store.get_cursor("bluesky-search:LLM")["pending"]["token"] == "2"
    server.fail = False
    server.requests.clear()
    summary, _ = run(store, server, ["bluesky-search:LLM"])
    assert [r.url.params.get("cursor") for r in server.requests] == ["2"]
    assert summary.new == 1 and store.count() == 3


def test_bluesky_author_feed_skips_reposts_and_stops_at_the_window(store):
    server = Server({(BSKY, "/xrpc/app.bsky.feed.getAuthorFeed", None): ok("bsky_author_feed.json")})
    summary, _ = run(store, server, ["bluesky-user:alice.example.com"])
    result = summary.sources["bluesky-user:alice.example.com"]
    assert (result.new, result.skipped, result.pages) == (1, 1, 1)  # the repost is left out, the old post skipped
    assert server.requests[0].url.params["actor"] == "alice.example.com"


# -- Mastodon --------------------------------------------------------------------------------------

MASTO = "mastodon.example"
LINK = ('<https://mastodon.example/api/v1/timelines/tag/ai?max_id=113900000000000002>; rel="next", '
        '<https://mastodon.example/api/v1/timelines/tag/ai?min_id=113900000000000003>; rel="prev"')


def test_mastodon_tag_follows_link_header_and_prefixes_ids(store):
    server = Server({(MASTO, "/api/v1/timelines/tag/ai", None): ok("mastodon_tag_1.json", {"link": LINK}),
                     (MASTO, "/api/v1/timelines/tag/ai", "113900000000000002"): ok("mastodon_tag_2.json")})
    summary, _ = run(store, server, ["mastodon-tag:mastodon.example/ai"])
    result = summary.sources["mastodon-tag:mastodon.example/ai"]
    assert (result.new, result.pages, result.skipped) == (2, 2, 1)
    t = store.get("mastodon:mastodon.example:113900000000000003")
    assert t.source == "mastodon" and t.url == "https://remote.example/@carol/555"
    assert t.text == "Local-first #ai tools & models" and t.author_handle == "carol@remote.example"
    assert t.hashtags == ["ai"] and t.author_followers == 120 and t.retweet_count == 3
    reply = store.get("mastodon:mastodon.example:113900000000000002")
    assert reply.is_reply and reply.mentions == ["carol@remote.example"]
    assert server.requests[0].url.params["limit"] == "40"
    assert store.get_cursor("mastodon-tag:mastodon.example/ai")["newest"] == "113900000000000003"
    # next run asks only for newer statuses
    server.requests.clear()
    server.routes[(MASTO, "/api/v1/timelines/tag/ai", None)] = (200, b"[]", {})
    summary, _ = run(store, server, ["mastodon-tag:mastodon.example/ai"])
    assert server.requests[0].url.params["since_id"] == "113900000000000003" and summary.new == 0


def test_mastodon_rate_limit_uses_its_own_headers(store):
    reset = "2023-11-14T22:15:20.000Z"  # clock is 22:13:20 UTC -> 120 s
    server = Server({(MASTO, "/api/v1/timelines/tag/ai", None): [
        (429, b'{"error": "Too many requests"}', {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset}),
        ok("mastodon_tag_2.json")]})
    summary, err = run(store, server, ["mastodon-tag:mastodon.example/ai"],
                       window=Window(datetime(2026, 1, 25, tzinfo=UTC), datetime(2026, 1, 26, tzinfo=UTC)))
    assert "waiting 121 s" in err and summary.new == 1


def test_mastodon_login_required_is_explained(store):
    server = Server({(MASTO, "/api/v1/timelines/tag/ai", None): (422, json.dumps({"error": "x"}).encode(), {})})
    summary, _ = run(store, server, ["mastodon-tag:mastodon.example/ai"])
    assert "without login" in summary.sources["mastodon-tag:mastodon.example/ai"].error


def test_rss_url_placeholder_keeps_the_access_key_out_of_spec_cursor_and_messages(store):
    key = "rsshub-access-key-do-not-leak"
    spec = "rss:https://rsshub.example/twitter/user/examplelab?key=${RSSHUB_KEY}"
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params["key"])
        if len(seen) == 1:
            return httpx.Response(503, json={"error": f"upstream failed for key={key}"})
        return httpx.Response(200, content=(DATA / "nitter.rss").read_bytes())

    err = io.StringIO()
    summary = collect(store, [spec], WINDOW, client=httpx.Client(transport=httpx.MockTransport(handler)),
                      reporter=Reporter(err, progress=False),
                      secrets=Secrets(env={"RSSHUB_KEY": key}, path=Path("/nonexistent")), sleep=lambda s: None)
    assert seen == [key, key] and summary.new == 3
    text = err.getvalue() + json.dumps(summary.as_json()) + "\n".join(store.db.iterdump())
    assert key not in text and "${RSSHUB_KEY}" in json.dumps(summary.as_json())
    missing = collect(store, [spec], WINDOW, client=httpx.Client(transport=httpx.MockTransport(handler)),
                      reporter=Reporter(io.StringIO(), progress=False),
                      secrets=Secrets(env={}, path=Path("/nonexistent")))
    assert missing.sources[spec].error.endswith("${RSSHUB_KEY} is not set; export RSSHUB_KEY=...")

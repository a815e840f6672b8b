"""Every collector loop ends: misbehaving servers on a real loopback socket, through `tweetbrief collect`.

* a server trickling one byte a second (in the headers, or in the body) -> ends at --timeout
* 429 with a reset time of "now", forever -> waits capped, then the source stops with a message
* empty pages repeating the same next_token -> stops at the repeat, two requests in all
* an HTML "502 Bad Gateway" page served as the feed -> an error, not "the feed has no items"
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tweetbrief.cli import app
from tweetbrief.sources.collectors import CollectConfig, Secrets, Window, collect
from tweetbrief.sources.collectors.http import MAX_RATE_WAITS
from tweetbrief.sources.collectors.progress import Reporter
from tweetbrief.sources.collectors.xapi import XOptions

TOKEN = "fault-test-bearer-9f8e7d6c5b4a-not-real"
FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title>'
        b'<link>https://nitter.example/examplelab/status/1900000000000000003#m</link>'
        b'<pubDate>Tue, 27 Jan 2026 08:30:00 GMT</pubDate><description>hello</description></item></channel></rss>')
BAD_GATEWAY = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>"
               b"</center>\r\n</body>\r\n</html>\r\n")


class Loopback:
    """A real HTTP server on 127.0.0.1; ``handle(handler)`` answers each request."""

    def __init__(self, handle: Callable[[BaseHTTPRequestHandler], None]):
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                outer.requests.append(self.path)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up: the point
                    handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loopback():
    servers: list[Loopback] = []

    def start(handle: Callable[[BaseHTTPRequestHandler], None]) -> Loopback:
        servers.append(Loopback(handle))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


@pytest.fixture
def cli(tmp_path, monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("X_BEARER_TOKEN", TOKEN)
    monkeypatch.setenv("TWEETBRIEF_SECRETS", str(tmp_path / "none.toml"))
    monkeypatch.chdir(tmp_path)

    def invoke(source: str, *extra: str):
        t = time.monotonic()
        result = CliRunner().invoke(app, ["collect", "--source", source, "--since", "2026-01-26", "--until",
                                          "2026-01-27", "--db", str(tmp_path / "t.sqlite"), "--json", *extra])
        return result, time.monotonic() - t

    return invoke


def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    h.send_response(status)
    for k, v in {"Content-Length": str(len(body)), **(headers or {})}.items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


def _trickle(h: BaseHTTPRequestHandler, data: bytes) -> None:
    for i in range(len(data)):
        h.wfile.write(data[i:i + 1])
        h.wfile.flush()
        time.sleep(1.0)


def trickle_headers(h: BaseHTTPRequestHandler) -> None:
    _trickle(h, b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Padding: " + b"a" * 200 + b"\r\n\r\n")


def trickle_body(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", str(len(FEED)))
    h.end_headers()
    h.wfile.flush()
    _trickle(h, FEED)


@pytest.mark.parametrize("handle", [trickle_headers, trickle_body])
def test_a_server_trickling_bytes_is_cut_off_at_the_timeout(loopback, cli, handle):
    server = loopback(handle)
    result, seconds = cli(f"rss:{server.url}/feed", "--timeout", "2")
    assert seconds < 4.5, f"collector held {seconds:.1f} s with --timeout 2"
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    error = out["sources"][f"rss:{server.url}/feed"]["error"]
    assert "--timeout 2 s reached" in error and "rerun to resume" in error
    assert "Traceback" not in result.output


def test_the_deadline_holds_for_each_source_not_the_run(loopback, cli):
    """The second source gets its own --timeout after the first one used all of its own."""
    slow = loopback(trickle_body)
    fast = loopback(lambda h: _send(h, 200, FEED, {"Content-Type": "application/rss+xml"}))
    t = time.monotonic()
    result = CliRunner().invoke(app, ["collect", "--source", f"rss:{slow.url}/feed", "--source", f"rss:{fast.url}/feed",
                                      "--since", "2026-01-26", "--until", "2026-01-27", "--db", "t.sqlite", "--json",
                                      "--timeout", "1.5"])
    assert time.monotonic() - t < 4
    sources = json.loads(result.stdout)["sources"]
    assert "--timeout 1.5 s reached" in sources[f"rss:{slow.url}/feed"]["error"]
    assert sources[f"rss:{fast.url}/feed"] == {**sources[f"rss:{fast.url}/feed"], "new": 1, "error": None,
                                               "complete": True}


def test_429_forever_stops_at_the_deadline(loopback, cli, monkeypatch):
    server = loopback(lambda h: _send(h, 429, b'{"title": "Too Many Requests"}', {
        "Content-Type": "application/json", "x-rate-limit-remaining": "0",
        "x-rate-limit-reset": str(int(time.time()))}))
    monkeypatch.setenv("TWEETBRIEF_X_API_BASE", server.url)
    result, seconds = cli("x-search:AI", "--timeout", "2.5")
    assert seconds < 5 and result.exit_code == 2
    error = json.loads(result.stdout)["sources"]["x-search:AI"]["error"]
    assert "--timeout 2.5 s reached" in error and "HTTP 429" in error
    assert "rate limited (HTTP 429); waiting 1 s" in result.stderr
    assert TOKEN not in result.output


def test_429_forever_stops_after_capped_waits_even_with_time_left():
    """With a fake clock (each wait advances it), the number of 429 waits in a row is capped."""
    now = [1_700_000_000.0]
    sleeps: list[float] = []

    def sleep(s: float) -> None:
        sleeps.append(s)
        now[0] += s

    requests: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(429, headers={"x-rate-limit-reset": str(int(now[0]))},
                              json={"title": "Too Many Requests"})

    from tweetbrief.store import Store

    with Store.open(":memory:") as store:
        err = io.StringIO()
        summary = collect(store, ["x-search:AI"], Window(datetime(2026, 1, 26, tzinfo=UTC),
                                                         datetime(2026, 1, 27, tzinfo=UTC)),
                          config=CollectConfig(XOptions(api_base="https://api.x.test")),
                          client=httpx.Client(transport=httpx.MockTransport(answer)),
                          reporter=Reporter(err, progress=False), sleep=sleep, clock=lambda: now[0], timeout=3600,
                          secrets=Secrets(env={"X_BEARER_TOKEN": TOKEN}, path=Path("/nonexistent")))
    error = summary.sources["x-search:AI"].error
    assert f"still rate limited (HTTP 429) after {MAX_RATE_WAITS} waits" in error
    assert len(requests) == MAX_RATE_WAITS + 1 and sleeps == [1.0] * MAX_RATE_WAITS


def test_repeated_next_token_on_empty_pages_stops(loopback, cli, monkeypatch):
    server = loopback(lambda h: _send(h, 200, b'{"meta": {"result_count": 0, "next_token": "SAME-TOKEN"}}',
                                      {"Content-Type": "application/json"}))
    monkeypatch.setenv("TWEETBRIEF_X_API_BASE", server.url)
    result, seconds = cli("x-search:AI", "--timeout", "20")
    assert seconds < 5 and result.exit_code == 2
    assert len(server.requests) == 2 and "next_token=SAME-TOKEN" in server.requests[1]
    source = json.loads(result.stdout)["sources"]["x-search:AI"]
    assert "same next-page cursor again (SAME-TOKEN)" in source["error"] and source["complete"] is False
    # the next run resumes at the saved token and stops after one request
    server.requests.clear()
    cli("x-search:AI", "--timeout", "20")
    assert len(server.requests) == 1


def test_bluesky_repeating_its_cursor_with_posts_stops():
    post = {"uri": "at://did:plc:abc123/app.bsky.feed.post/3kabc", "indexedAt": "2026-01-26T10:00:00Z",
            "author": {"did": "did:plc:abc123", "handle": "alice.bsky.social"},
            "record": {"text": "hi", "createdAt": "2026-01-26T10:00:00Z"}}
    calls: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json={"posts": [post], "cursor": "again"})

    from tweetbrief.store import Store

    with Store.open(":memory:") as store:
        summary = collect(store, ["bluesky-search:AI"], Window(datetime(2026, 1, 26, tzinfo=UTC),
                                                               datetime(2026, 1, 27, tzinfo=UTC)),
                          client=httpx.Client(transport=httpx.MockTransport(answer)),
                          reporter=Reporter(io.StringIO(), progress=False),
                          secrets=Secrets(env={}, path=Path("/nonexistent")), sleep=lambda s: None)
        assert store.count() == 1
    result = summary.sources["bluesky-search:AI"]
    assert len(calls) == 2 and "same next-page cursor" in result.error and result.new == 1


def test_an_html_502_page_is_an_error_not_an_empty_feed(loopback, cli):
    server = loopback(lambda h: _send(h, 200, BAD_GATEWAY, {"Content-Type": "text/html"}))
    result, _ = cli(f"rss:{server.url}/feed")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["sources"][f"rss:{server.url}/feed"]["error"]
    assert "an HTML page ('502 Bad Gateway'), not an RSS/Atom feed" in error
    assert "no items" not in result.output


def test_an_empty_but_valid_feed_still_only_warns(loopback, cli):
    server = loopback(lambda h: _send(h, 200, b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                                              b'</channel></rss>', {"Content-Type": "application/rss+xml"}))
    result, _ = cli(f"rss:{server.url}/feed")
    assert result.exit_code == 0 and "the feed has no items" in result.stderr


def test_timeout_must_be_positive(cli):
    result, _ = cli("rss:http://127.0.0.1:9/feed", "--timeout", "0")
    assert result.exit_code == 2 and "--timeout 0" in result.output and "Traceback" not in result.output



def test_empty_pages_with_ever_new_tokens_stop_after_a_run_of_them():
    from tweetbrief.sources.collectors.xapi import MAX_EMPTY_PAGES
    from tweetbrief.store import Store

    calls: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json={"meta": {"result_count": 0, "next_token": f"t{len(calls)}"}})

    with Store.open(":memory:") as store:
        summary = collect(store, ["x-search:AI"], Window(datetime(2026, 1, 26, tzinfo=UTC),
                                                         datetime(2026, 1, 27, tzinfo=UTC)),
                          config=CollectConfig(XOptions(api_base="https://api.x.test")),
                          client=httpx.Client(transport=httpx.MockTransport(answer)),
                          reporter=Reporter(io.StringIO(), progress=False), sleep=lambda s: None,
                          secrets=Secrets(env={"X_BEARER_TOKEN": TOKEN}, path=Path("/nonexistent")))
        cursor = store.get_cursor("x-search:AI")
    assert len(calls) == MAX_EMPTY_PAGES
    assert f"{MAX_EMPTY_PAGES} empty pages in a row" in summary.sources["x-search:AI"].error
    assert cursor["pending"]["token"] == f"t{MAX_EMPTY_PAGES}"  # resumable


def test_an_oversized_or_gzip_bomb_response_stops_the_source(monkeypatch):
    import gzip

    from tweetbrief.sources.collectors import http as http_module
    from tweetbrief.store import Store

    monkeypatch.setattr(http_module, "MAX_BODY", 64 * 1024)
    bomb = gzip.compress(b"<rss>" + b" " * (1024 * 1024))  # ~1 KB on the wire, 1 MB decoded
    answer = lambda r: httpx.Response(200, content=bomb, headers={"content-encoding": "gzip"})  # noqa: E731
    with Store.open(":memory:") as store:
        summary = collect(store, ["rss:https://feeds.example/bomb"], Window(datetime(2026, 1, 26, tzinfo=UTC),
                                                                           datetime(2026, 1, 27, tzinfo=UTC)),
                          client=httpx.Client(transport=httpx.MockTransport(answer)),
                          reporter=Reporter(io.StringIO(), progress=False), sleep=lambda s: None,
                          secrets=Secrets(env={}, path=Path("/nonexistent")))
    assert "the response is larger than 0.0625 MB" in summary.sources["rss:https://feeds.example/bomb"].error


def test_a_corrupt_gzip_body_is_retried_then_one_line():
    from tweetbrief.store import Store

    answer = lambda r: httpx.Response(200, content=b"\x1f\x8bnot gzip at all", headers={"content-encoding": "gzip"})  # noqa: E731
    sleeps: list[float] = []
    with Store.open(":memory:") as store:
        summary = collect(store, ["rss:https://feeds.example/bad"], Window(datetime(2026, 1, 26, tzinfo=UTC),
                                                                          datetime(2026, 1, 27, tzinfo=UTC)),
                          client=httpx.Client(transport=httpx.MockTransport(answer)),
                          reporter=Reporter(io.StringIO(), progress=False), sleep=sleeps.append,
                          secrets=Secrets(env={}, path=Path("/nonexistent")))
    error = summary.sources["rss:https://feeds.example/bad"].error
    assert "unreadable response (DecodingError); gave up after 5 attempts" in error and sleeps == [1.0, 2.0, 4.0, 8.0]


def test_the_deadline_also_holds_through_a_proxy_from_the_environment(loopback, cli, monkeypatch):
    proxy = loopback(trickle_body)  # an HTTP proxy that trickles what it relays
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    result, seconds = cli("rss:http://feeds.invalid/feed", "--timeout", "2")
    assert proxy.requests == ["http://feeds.invalid/feed"]  # the proxy setting is honoured
    assert seconds < 4.5 and "--timeout 2 s reached" in result.stdout

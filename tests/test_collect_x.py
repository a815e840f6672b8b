"""X API v2 collectors against recorded pages from ../shared served through httpx.MockTransport.

Pages: tweepy's search/recent (10 tweets, next_token A) -> twarc's #brexit search/recent page
(25 tweets, next_token B) -> twarc's two_tweets page (1 tweet, no next_token) = 36 tweets.
Faults are injected per request: 429 with reset, 503, malformed JSON, a dropped connection, 402.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tweetbrief.sources.collectors import CollectConfig, Secrets, Window, collect
from tweetbrief.sources.collectors.progress import Reporter
from tweetbrief.sources.collectors.xapi import XOptions

TOKEN = "test-bearer-0123456789-not-a-real-token"
BASE = "https://api.x.test"
WINDOW = Window(datetime(2021, 1, 1, tzinfo=UTC), datetime(2023, 1, 1, tzinfo=UTC))
NOW = 1_700_000_000.0
HEADERS = {"content-type": "application/json; charset=utf-8", "x-rate-limit-limit": "450",
           "x-rate-limit-remaining": "449", "x-rate-limit-reset": str(int(NOW) + 900)}
TOKEN_A = "b26v89c19zqg8o3fpzbn1e0ffhxjiofzw6po136rvbnul"  # meta.next_token of the tweepy page
TOKEN_B = "b26v89c19zqg8o3fpds60ssjif02fq74br3502of8hmrh"  # meta.next_token of the brexit page
NEWEST = "1578516068309794817"


def _load(fixtures: Path, rel: str) -> dict:
    path = fixtures / rel
    if path.suffix == ".jsonl":
        return json.loads(path.read_text().splitlines()[0])
    return json.loads(path.read_text())


class XServer:
    """Answers like the X API: pages chosen by endpoint + pagination token; faults queued per key."""

    def __init__(self, fixtures: Path):
        self.pages: dict[tuple[str, str | None], dict] = {
            ("/2/tweets/search/recent", None):
                _load(fixtures, "x_api_v2_tweepy/test_client_search_recent_tweets__00.json"),
            ("/2/tweets/search/recent", TOKEN_A): _load(fixtures, "x_api_v2_twarc/brexit_search_recent_first25.json"),
            ("/2/tweets/search/recent", TOKEN_B): _load(fixtures, "x_api_v2_twarc/two_tweets.jsonl"),
            ("/2/users/by/username/Twitter", None):
                {"data": {"id": "783214", "name": "Twitter", "username": "Twitter"}},
            ("/2/users/783214/tweets", None): _load(fixtures, "x_api_v2_tweepy/test_client_get_users_tweets__00.json"),
            ("/2/lists/84839422/tweets", None): _load(fixtures, "x_api_v2_tweepy/test_client_get_list_tweets__00.json"),
        }
        users_token = self.pages[("/2/users/783214/tweets", None)]["meta"]["next_token"]
        list_token = self.pages[("/2/lists/84839422/tweets", None)]["meta"]["next_token"]
        self.pages[("/2/users/783214/tweets", users_token)] = {"meta": {"result_count": 0}}
        self.pages[("/2/lists/84839422/tweets", list_token)] = {"meta": {"result_count": 0}}
        self.pages[("/2/tweets/search/all", None)] = self.pages[("/2/tweets/search/recent", TOKEN_B)]
        self.faults: dict[tuple[str, str | None], list[Callable[[httpx.Request], httpx.Response]]] = {}
        self.requests: list[httpx.Request] = []
        self.served = 0  # billable resources (posts + users) answered, as X would bill them

    def fault(self, path: str, token: str | None, *makers: Callable[[httpx.Request], httpx.Response]) -> None:
        self.faults.setdefault((path, token), []).extend(makers)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        assert request.headers["authorization"] == f"Bearer {TOKEN}"
        params = request.url.params
        token = params.get("next_token") or params.get("pagination_token")
        key = (request.url.path, token)
        if self.faults.get(key):
            return self.faults[key].pop(0)(request)
        if "since_id" in params and key == ("/2/tweets/search/recent", None):
            return httpx.Response(200, headers=HEADERS, json={"meta": {"result_count": 0}})
        if key not in self.pages:
            return httpx.Response(404, headers=HEADERS, json={"title": "Not Found Error"})
        page = self.pages[key]
        if isinstance(page.get("data"), list) and "max_results" in params:
            # as X does: at most max_results posts, and with expansions=author_id only their authors as users
            data = page["data"][:int(params["max_results"])]
            authors = {t.get("author_id") for t in data}
            includes = page.get("includes") or {}
            page = {**page, "data": data,
                    "includes": {**includes, "users": [u for u in includes.get("users") or [] if u["id"] in authors]}}
        self.served += len(page.get("data") or []) + len((page.get("includes") or {}).get("users") or [])
        return httpx.Response(200, headers=HEADERS, json=page)


def status(code: int, body: dict | None = None, headers: dict | None = None):
    return lambda request: httpx.Response(code, headers={**HEADERS, **(headers or {})}, json=body or {})


def malformed(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers=HEADERS, content=b'{"data": [{"id": "1", "text": "cut off')


def drop(request: httpx.Request) -> httpx.Response:
    # a hostile message: the exception text carries the Authorization header
    raise httpx.ConnectError(f"connection reset while sending {request.headers['authorization']}", request=request)


class Clock:
    def __init__(self) -> None:
        self.now = NOW
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def server(fixtures: Path) -> XServer:
    return XServer(fixtures)


def run(store, server: XServer, specs: list[str], *, clock: Clock | None = None, max_reads: int | None = None,
        config: CollectConfig | None = None, env: dict | None = None):
    clock = clock or Clock()
    err = io.StringIO()
    config = config or CollectConfig(XOptions(api_base=BASE))
    summary = collect(store, specs, WINDOW, config=config, client=httpx.Client(transport=httpx.MockTransport(server)),
                      max_reads=max_reads, reporter=Reporter(err, progress=False),
                      secrets=Secrets(env={"X_BEARER_TOKEN": TOKEN} if env is None else env, path=Path("/nonexistent")),
                      sleep=clock.sleep, clock=clock)
    return summary, err.getvalue(), clock


def test_search_follows_next_token_and_stores_every_page(store, server):
    summary, err, clock = run(store, server, ["x-search:Tweepy"])
    result = summary.sources["x-search:Tweepy"]
    assert (summary.new, result.fetched, result.pages, result.duplicates) == (36, 36, 3, 0)
    assert store.count() == 36 and result.complete and result.error is None
    first = server.requests[0].url.params
    assert first["query"] == "Tweepy" and first["max_results"] == "100" and first["expansions"] == "author_id"
    assert set(first["tweet.fields"].split(",")) >= {"created_at", "lang", "public_metrics", "entities",
                                                     "referenced_tweets", "conversation_id"}
    assert first["user.fields"] == "public_metrics,name,username"
    assert first["start_time"] == "2021-01-01T00:00:00Z" and first["end_time"] == "2023-01-01T00:00:00Z"
    assert [r.url.params.get("next_token") for r in server.requests] == [None, TOKEN_A, TOKEN_B]
    cursor = store.get_cursor("x-search:Tweepy")
    assert cursor == {"covered": WINDOW.iso(), "newest": NEWEST, "pending": None}
    assert store.get(NEWEST).source == "x-api"
    # 36 tweets + 26 expanded authors (24 distinct on the brexit page, 2 on the last)
    assert summary.costs["x_reads"] == 62 == server.served and "62 reads" in err and clock.sleeps == []


def test_second_run_is_incremental_by_since_id(store, server):
    run(store, server, ["x-search:Tweepy"])
    server.requests.clear()
    summary, _, _ = run(store, server, ["x-search:Tweepy"])
    params = server.requests[0].url.params
    assert params["since_id"] == NEWEST and "start_time" not in params
    assert summary.new == 0 and store.count() == 36


def test_429_waits_until_reset_then_continues(store, server):
    server.fault("/2/tweets/search/recent", TOKEN_A,
                 status(429, {"title": "Too Many Requests"}, {"x-rate-limit-remaining": "0",
                                                              "x-rate-limit-reset": str(int(NOW) + 120)}))
    summary, err, clock = run(store, server, ["x-search:Tweepy"])
    assert clock.sleeps == [121.0]
    assert "rate limited (HTTP 429); waiting 121 s" in err
    assert summary.new == 36 and store.count() == 36


def test_remaining_zero_waits_before_the_next_request(store, server):
    server.fault("/2/tweets/search/recent", None,
                 lambda r: httpx.Response(200, headers={**HEADERS, "x-rate-limit-remaining": "0",
                                                        "x-rate-limit-reset": str(int(NOW) + 60)},
                                          json=server.pages[("/2/tweets/search/recent", None)]))
    summary, err, clock = run(store, server, ["x-search:Tweepy"])
    assert clock.sleeps == [61.0] and "x-rate-limit-remaining: 0" in err and summary.new == 36


def test_503_and_malformed_json_are_retried(store, server):
    server.fault("/2/tweets/search/recent", TOKEN_A, status(503, {"title": "Service Unavailable"}), malformed)
    summary, err, clock = run(store, server, ["x-search:Tweepy"])
    assert clock.sleeps == [1.0, 2.0]
    assert "HTTP 503" in err and "not valid JSON" in err
    assert summary.new == 36 and summary.sources["x-search:Tweepy"].error is None


def test_connection_drop_keeps_fetched_pages_and_next_run_resumes(store, server, caplog):
    server.fault("/2/tweets/search/recent", TOKEN_A, *[drop] * 5)
    summary, err, clock = run(store, server, ["x-search:Tweepy"])
    result = summary.sources["x-search:Tweepy"]
    assert result.new == 10 and store.count() == 10 and not result.complete
    assert "network error (ConnectError)" in result.error and "gave up after 5 attempts" in result.error
    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0]
    cursor = store.get_cursor("x-search:Tweepy")
    assert cursor["pending"] == {"window": WINDOW.iso(), "token": TOKEN_A, "top": NEWEST}
    assert cursor["newest"] is None
    # the token appears nowhere: stderr, error, json summary, rows, cursor, logs
    assert TOKEN not in err and TOKEN not in result.error and TOKEN not in json.dumps(summary.as_json())
    assert TOKEN not in caplog.text
    server.requests.clear()
    summary2, err2, _ = run(store, server, ["x-search:Tweepy"])
    assert [r.url.params.get("next_token") for r in server.requests] == [TOKEN_A, TOKEN_B]
    assert server.requests[0].url.params["start_time"] == "2021-01-01T00:00:00Z"  # same params as the first run
    assert summary2.new == 26 and summary2.sources["x-search:Tweepy"].duplicates == 0 and store.count() == 36
    assert store.get_cursor("x-search:Tweepy") == {"covered": WINDOW.iso(), "newest": NEWEST, "pending": None}
    dump = "\n".join(store.db.iterdump())
    assert TOKEN not in dump and TOKEN not in err2


def test_402_is_explained_and_other_sources_still_run(store, server):
    server.fault("/2/tweets/search/recent", TOKEN_A, status(402, {"title": "Payment Required"}))
    summary, err, _ = run(store, server, ["x-search:Tweepy", "x-user:Twitter"])
    search = summary.sources["x-search:Tweepy"]
    assert search.error.startswith("x-search:Tweepy: HTTP 402: out of pay-per-use credits")
    assert "\n" not in search.error and search.new == 10
    assert summary.sources["x-user:Twitter"].new == 2
    assert TOKEN not in err


def test_403_explains_the_access_tier(store, server):
    server.fault("/2/tweets/search/all", None, status(403, {"title": "Forbidden"}))
    config = CollectConfig(XOptions(api_base=BASE, search_all=True))
    summary, _, _ = run(store, server, ["x-search:Tweepy"], config=config)
    error = summary.sources["x-search:Tweepy"].error
    assert "HTTP 403" in error and "search_all = false in [collect.x]" in error
    assert server.requests[0].url.path == "/2/tweets/search/all"


def test_user_timeline_resolves_the_handle(store, server):
    summary, _, _ = run(store, server, ["x-user:@Twitter"])
    result = summary.sources["x-user:@Twitter"]
    assert (result.new, result.pages, result.reads) == (2, 2, 3)  # 1 user lookup + 2 tweets
    assert [r.url.path for r in server.requests] == ["/2/users/by/username/Twitter", "/2/users/783214/tweets",
                                                     "/2/users/783214/tweets"]
    assert server.requests[2].url.params["pagination_token"] == "7140dibdnow9c7btw4232poeq0wapgnwgwqwvuwn3peex"
    assert store.get_cursor("x-user:@Twitter")["newest"] == "1577730467436138524"


def test_list_timeline_has_no_time_parameters(store, server):
    summary, _, _ = run(store, server, ["x-list:84839422"])
    assert summary.new == 97 and store.count() == 97
    first, second = (r.url.params for r in server.requests)
    assert "start_time" not in first and "since_id" not in first
    assert second["pagination_token"] == "7140dibdnow9c7btw423i3sn9uw15y6f8lzfkzug1atrq"


def test_read_budget_caps_the_run_and_prints_cost(store, server):
    summary, err, _ = run(store, server, ["x-search:Tweepy"], max_reads=40)
    result = summary.sources["x-search:Tweepy"]
    # a page is asked for only if its worst case (max_results posts + one author each) fits what is left:
    # 40 -> max_results 20 (10 posts, no users served); 30 left -> 15 (15 posts + their authors); then
    # the smallest search page (10 posts + 10 authors) no longer fits
    assert [r.url.params["max_results"] for r in server.requests] == ["20", "15"]
    assert summary.costs["x_reads"] == server.served <= 40 and not result.complete
    assert result.new == 25 and result.reads == summary.costs["x_reads"]
    assert "up to 40 reads, estimated ≤ $0.20 at $0.005/read" in err
    assert f"X API: {summary.costs['x_reads']} reads" in err
    assert "--max-reads 40 reached" in err and "could cost up to 20" in err
    assert store.get_cursor("x-search:Tweepy")["pending"]["token"] == TOKEN_B


@pytest.mark.parametrize("spec,max_reads", [("x-search:Tweepy", 15), ("x-search:Tweepy", 19), ("x-user:Twitter", 10),
                                            ("x-user:Twitter", 1), ("x-list:84839422", 15), ("x-search:Tweepy", 63)])
def test_max_reads_is_a_hard_cap(store, server, spec, max_reads):
    """User lookups and X's page minimums count: the reads billed never pass --max-reads."""
    summary, err, _ = run(store, server, [spec], max_reads=max_reads)
    lookups = sum(r.url.path.startswith("/2/users/by/") for r in server.requests)
    assert summary.costs["x_reads"] == server.served + lookups <= max_reads
    assert summary.sources[spec].error is None
    if not summary.sources[spec].complete:
        assert f"--max-reads {max_reads} reached" in err


def test_missing_token_says_how_to_set_it(store, server):
    summary, _, _ = run(store, server, ["x-search:Tweepy"], env={})
    assert "X_BEARER_TOKEN" in summary.sources["x-search:Tweepy"].error and server.requests == []

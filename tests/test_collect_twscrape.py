"""twscrape collectors against a fake ``twscrape`` module (sys.modules) replaying ../shared JSONL.

The fake API serves the recorded ``Tweet.dict()`` lines newest first, honours the search operators
the collector sends (``since:``/``until:``/``since_id:``/``max_id:``), and can ban the account in
use after N tweets: the error surfaces, the next attempt gets the next account, and when none is
left it raises ``NoAccountError``.
"""

from __future__ import annotations

import io
import json
import re
import sys
import types
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tweetbrief.sources.collectors import CollectConfig, Secrets, Window, collect
from tweetbrief.sources.collectors.progress import Reporter
from tweetbrief.sources.collectors.twscrape_pool import TwscrapeOptions

WINDOW = Window(datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 8, 1, tzinfo=UTC))
SPEC = "twscrape-search:Tesla"


class FakeTweet:
    def __init__(self, row: dict):
        self.row = row
        self.id = int(row["id_str"])

    def dict(self) -> dict:
        return self.row

    def json(self) -> str:
        return json.dumps(self.row)


def _web(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%d_%H:%M:%S_UTC").replace(tzinfo=UTC)


def _time(row: dict) -> datetime:
    return datetime.fromisoformat(row["date"])


class Fake:
    def __init__(self, rows: list[dict], accounts: list[str], ban_after: int | None = None):
        self.rows = sorted(rows, key=lambda r: int(r["id_str"]), reverse=True)
        self.accounts = list(accounts)
        self.ban_after = ban_after
        self.queries: list[str] = []
        self.db: str | None = None
        self.module = self._module()

    def _module(self) -> types.ModuleType:
        fake = self
        mod = types.ModuleType("twscrape")

        class NoAccountError(Exception):
            pass

        class Pool:
            async def accounts_info(self):
                return [{"username": u, "active": True} for u in fake.accounts]

        class API:
            def __init__(self, pool=None, raise_when_no_account=False, **kwargs):
                assert raise_when_no_account, "must not block forever when every account is locked"
                fake.db = pool
                self.pool = Pool()

            async def search(self, q, limit=-1, kv=None):
                fake.queries.append(q)
                ops = dict(re.findall(r"(since_id|max_id|since|until):(\S+)", q))
                for row in fake.rows:
                    tid, when = int(row["id_str"]), _time(row)
                    if "since_id" in ops and tid <= int(ops["since_id"]):
                        continue
                    if "max_id" in ops and tid > int(ops["max_id"]):
                        continue
                    if "since" in ops and when < _web(ops["since"]):
                        continue
                    if "until" in ops and when >= _web(ops["until"]):
                        continue
                    yield fake._serve(row, NoAccountError)

            async def user_by_login(self, login):
                users = {r["user"]["username"]: r["user"] for r in fake.rows}
                return types.SimpleNamespace(id=int(users[login]["id_str"])) if login in users else None

            async def user_tweets(self, uid, limit=-1, kv=None):
                for row in fake.rows:
                    if int(row["user"]["id_str"]) == uid:
                        yield fake._serve(row, NoAccountError)

        mod.API = API
        mod.NoAccountError = NoAccountError
        return mod

    served = 0

    def _serve(self, row: dict, no_account: type[Exception]) -> FakeTweet:
        if self.ban_after is not None and self.served >= self.ban_after:
            self.ban_after = None if len(self.accounts) > 1 else self.ban_after
            banned = self.accounts.pop(0)
            if not self.accounts:
                raise no_account("No account available for queue SearchTimeline")
            raise RuntimeError(f"account {banned} is banned (HTTP 403 from the GraphQL endpoint)")
        self.served += 1
        return FakeTweet(row)


@pytest.fixture
def rows(fixtures: Path) -> dict[str, list[dict]]:
    base = fixtures / "twscrape_jsonl"
    return {name: [json.loads(line) for line in (base / f"{name}.jsonl").read_text().splitlines() if line.strip()]
            for name in ("search_timeline", "list_timeline")}


def run(store, fake: Fake | None, specs: list[str], monkeypatch, window: Window = WINDOW):
    monkeypatch.setitem(sys.modules, "twscrape", fake.module if fake else None)
    err = io.StringIO()
    config = CollectConfig(TwscrapeOptions(db="/tmp/pool-for-tests.db"), max_retries=3)
    summary = collect(store, specs, window, config=config, reporter=Reporter(err, progress=False),
                      secrets=Secrets(env={}, path=Path("/nonexistent")), sleep=lambda s: None)
    return summary, err.getvalue()


def test_search_stores_pages_of_20(store, rows, monkeypatch):
    fake = Fake(rows["search_timeline"], ["acc1", "acc2"])
    summary, err = run(store, fake, [SPEC], monkeypatch)
    result = summary.sources[SPEC]
    assert (result.new, result.pages, result.duplicates, result.complete) == (25, 2, 0, True)
    assert fake.db == "/tmp/pool-for-tests.db"
    assert fake.queries == ["Tesla since:2026-06-01_00:00:00_UTC until:2026-08-01_00:00:00_UTC"]
    newest = max(rows["search_timeline"], key=lambda r: int(r["id_str"]))["id_str"]
    assert store.get_cursor(SPEC) == {"covered": WINDOW.iso(), "newest": newest, "pending": None}
    t = store.get(newest)
    assert t.source == "twscrape" and t.author_handle == "piloly"
    assert "2 active account(s)" in err
    # the next run only asks for newer tweets
    summary, _ = run(store, fake, [SPEC], monkeypatch)
    assert fake.queries[-1].endswith(f"since_id:{newest}") and summary.new == 0 and store.count() == 25


def test_ban_mid_run_rotates_and_loses_nothing(store, rows, monkeypatch):
    fake = Fake(rows["search_timeline"], ["acc1", "acc2"], ban_after=22)
    summary, err = run(store, fake, [SPEC], monkeypatch)
    result = summary.sources[SPEC]
    assert result.error is None and (result.new, result.duplicates) == (25, 0) and store.count() == 25
    assert "account acc1 is banned" in err and "rotating to the next account (1/3)" in err
    lowest_of_first_page = sorted(int(r["id_str"]) for r in rows["search_timeline"])[-20]
    assert fake.queries[1].endswith(f"max_id:{lowest_of_first_page - 1}")


def test_no_account_left_stops_the_source_not_the_run(store, rows, monkeypatch):
    fake = Fake(rows["search_timeline"], ["acc1"], ban_after=22)
    summary, err = run(store, fake, [SPEC, "twscrape-user:lrozen"], monkeypatch)
    result = summary.sources[SPEC]
    assert "no usable account left in the twscrape pool" in result.error and result.new == 20
    assert store.get_cursor(SPEC)["pending"] is not None
    # next run with a fresh pool resumes below the saved page: no duplicates
    fake2 = Fake(rows["search_timeline"], ["acc2"])
    summary2, _ = run(store, fake2, [SPEC], monkeypatch)
    assert summary2.new == 5 and summary2.sources[SPEC].duplicates == 0 and store.count() == 25
    assert "max_id:" in fake2.queries[0]


def test_user_timeline(store, rows, monkeypatch):
    fake = Fake(rows["list_timeline"], ["acc1"])
    august = Window(datetime(2026, 8, 1, tzinfo=UTC), datetime(2026, 9, 1, tzinfo=UTC))
    summary, _ = run(store, fake, ["twscrape-user:@lrozen"], monkeypatch, window=august)
    expected = sum(1 for r in rows["list_timeline"] if r["user"]["username"] == "lrozen")
    assert summary.new == expected == 29
    assert {t.author_handle for t in store.iter_all()} == {"lrozen"}


def test_unknown_user_is_an_error(store, rows, monkeypatch):
    fake = Fake(rows["list_timeline"], ["acc1"])
    summary, _ = run(store, fake, ["twscrape-user:nobody_here"], monkeypatch)
    assert "no X user @nobody_here" in summary.sources["twscrape-user:nobody_here"].error


def test_not_installed_names_the_extra(store, monkeypatch):
    summary, _ = run(store, None, [SPEC], monkeypatch)
    assert summary.sources[SPEC].error == "twscrape is not installed; pip install 'tweetbrief[twscrape]'"


def test_a_stalled_twscrape_call_ends_at_the_timeout_keeping_what_it_fetched(store, rows, monkeypatch):
    import asyncio
    import time

    fake = Fake(rows["search_timeline"], ["acc1"])
    served = [r for r in fake.rows if _time(r) in WINDOW][:3]

    async def stalling_search(self, q, limit=-1, kv=None):
        for row in served:
            yield FakeTweet(row)
        await asyncio.sleep(3600)  # a locked pool or a hung request
        yield None

    fake.module.API.search = stalling_search
    monkeypatch.setitem(sys.modules, "twscrape", fake.module)
    t = time.monotonic()
    summary = collect(store, [SPEC], WINDOW, config=CollectConfig(TwscrapeOptions(db="/tmp/pool-for-tests.db")),
                      reporter=Reporter(io.StringIO(), progress=False), secrets=Secrets(env={}, path=Path("/x")),
                      timeout=1.0)
    assert time.monotonic() - t < 3
    result = summary.sources[SPEC]
    assert "--timeout 1 s reached while twscrape was fetching" in result.error
    assert result.new == 3 and store.count() == 3 and not result.complete
    below = min(int(r["id_str"]) for r in served) - 1
    assert store.get_cursor(SPEC)["pending"]["token"] == str(below)


def test_twscrape_user_with_an_invalid_handle_fails_before_any_request(store, rows, monkeypatch):
    fake = Fake(rows["search_timeline"], ["acc1"])
    summary, _ = run(store, fake, ["twscrape-user:" + "x" * 16], monkeypatch)
    assert "is not an X handle" in summary.sources["twscrape-user:" + "x" * 16].error and fake.queries == []

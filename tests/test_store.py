"""The store: named migrations recorded once, idempotent inserts, range queries, raw payload kept."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from tweetbrief.models import Tweet
from tweetbrief.store import Store, default_db_path
from tweetbrief.store.migrations import MIGRATIONS


def _tweet(i: int, hour: int) -> Tweet:
    return Tweet(id=str(i), text=f"t{i}", created_at=datetime(2026, 1, 27, hour, tzinfo=UTC),
                 author_handle="a", cashtags=["NVDA"], raw={"id": str(i), "secret_field": None})


def test_migrations_are_named_recorded_and_run_once(tmp_path):
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    Store.open(path).close()
    db = sqlite3.connect(path)
    names = [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == sorted(name for name, _ in MIGRATIONS)
    assert len(names) == len(set(names))


def test_add_is_idempotent_and_between_is_half_open(store):
    assert store.add([_tweet(1, 1), _tweet(2, 5)]) == (2, 0)
    assert store.add([_tweet(1, 1), _tweet(3, 9)]) == (1, 1)
    got = store.between(datetime(2026, 1, 27, 1, tzinfo=UTC), datetime(2026, 1, 27, 9, tzinfo=UTC))
    assert [t.id for t in got] == ["1", "2"]
    assert got[0].cashtags == ["NVDA"] and got[0].created_at.tzinfo is not None
    assert store.raw("1") == {"id": "1", "secret_field": None}


def test_default_db_path_honours_env(monkeypatch, tmp_path):
    monkeypatch.setenv("TWEETBRIEF_DB", str(tmp_path / "x.sqlite"))
    assert default_db_path() == tmp_path / "x.sqlite"
    monkeypatch.delenv("TWEETBRIEF_DB")
    assert default_db_path().name == "tweetbrief.sqlite"

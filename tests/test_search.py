"""Search over the bundled demo store: zh and en queries, rank order, filters, the index in sync."""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import DEMO_DATA, import_demo, tweet
from typer.testing import CliRunner

from tweetbrief.cli import app
from tweetbrief.search import engagement_factor, search
from tweetbrief.store import Store
from tweetbrief.store.migrations import MIGRATIONS, migrate


@pytest.fixture
def demo_db(tmp_path) -> Path:
    return import_demo(tmp_path / "demo.sqlite")


def _texts(db: Path, needle: str) -> set[str]:
    """Ids of original tweets whose text contains ``needle`` (any case) -- the ground truth."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, text FROM tweets WHERE is_retweet = 0").fetchall()
    con.close()
    return {i for i, text in rows if needle.lower() in text.lower()}


@pytest.mark.parametrize("query,words", [
    ("大模型 开源", ["大模型", "开源"]),       # zh, indexed (3 chars) + short (2 chars)
    ("推理", ["推理"]),                        # zh, short only: LIKE path
    ("prompt injection", ["prompt", "injection"]),
    ("Polaris", ["polaris"]),
])
def test_finds_exactly_the_tweets_containing_every_word(demo_db, query, words):
    with Store.open(demo_db) as store:
        hits = search(store.db, query, limit=200)
    expected = set.intersection(*(_texts(demo_db, w) for w in words))
    assert expected, "the demo data should contain the query words"
    assert {h.id for h in hits} == expected


def test_rank_order_is_relevance_times_engagement(demo_db):
    with Store.open(demo_db) as store:
        hits = search(store.db, "开源", limit=10)
        top = store.get(hits[0].id)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    # the lab's own launch post (most engaged tweet mentioning 开源) leads
    assert top is not None and top.author_handle == "polaris_ai_lab" and "开源" in top.text
    assert hits[0].engagement == max(h.engagement for h in hits)
    # short-word path: score is the engagement factor alone
    with Store.open(demo_db) as store:
        short = search(store.db, "推理", limit=5)
    assert [h.engagement for h in short] == sorted((h.engagement for h in short), reverse=True)
    assert math.isclose(short[0].score, engagement_factor(short[0].engagement), rel_tol=1e-9)


def test_en_query_ranks_the_more_relevant_tweet_first(demo_db):
    with Store.open(demo_db) as store:
        hits = search(store.db, "prompt injection", limit=5)
    assert [h.author_handle for h in hits] == ["redteam_rui", "redteam_rui"]
    assert hits[0].engagement > hits[1].engagement and "demo" in hits[0].text


def test_filters_author_dates_topic(demo_db):
    with Store.open(demo_db) as store:
        all_hits = search(store.db, "agent", limit=200)
        by_author = search(store.db, "agent", author="@ML_WEEKLY_CN", limit=200)
        assert by_author and {h.author_handle for h in by_author} == {"ml_weekly_cn"}
        assert {h.id for h in by_author} < {h.id for h in all_hits}
        cut = datetime(2026, 1, 27, 4, tzinfo=UTC)
        late = search(store.db, "agent", start=cut, limit=200)
        assert late and all(h.created_at >= cut for h in late)
        assert {h.id for h in late} == {h.id for h in all_hits if h.created_at >= cut}


def test_index_stays_in_sync_after_reimport_and_new_rows(demo_db):
    with Store.open(demo_db) as store:
        before = [h.id for h in search(store.db, "Polaris", limit=200)]
        from tweetbrief.sources import import_files

        summary = import_files([DEMO_DATA], store)
        assert summary.new == 0
        assert store.db.execute("SELECT COUNT(*) FROM tweets_fts").fetchone()[0] == store.count()
        assert [h.id for h in search(store.db, "Polaris", limit=200)] == before
        new, _ = store.add([tweet(99, "Polaris-K3 泄露：下一代多模态大模型", handle="leaker")])
        assert new == 1
        hits = search(store.db, "polaris-k3", limit=5)
        assert [h.id for h in hits] == [tweet(99, "").id]
        # the FTS integrity check compares the index with the tweets table
        store.db.execute("INSERT INTO tweets_fts(tweets_fts, rank) VALUES ('integrity-check', 1)")


def test_migration_indexes_an_existing_store(tmp_path):
    db_path = tmp_path / "old.sqlite"
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, fn in MIGRATIONS[:2]:  # a store from before the index
        fn(con)
        con.execute("INSERT INTO _migrations VALUES (?, 'x')", (name,))
    con.commit()
    con.execute("INSERT INTO tweets (id, created_ts, text) VALUES ('1', 1769480000, '旧库里的多模态大模型')")
    con.commit()
    assert migrate(con) == ["m003_create_tweets_fts", "m004_index_new_tweets_per_batch", "m005_defer_search_index"]
    assert [h.id for h in search(con, "多模态", limit=5)] == ["1"]
    con.close()


def test_cli_search_prints_time_author_engagement_link_and_json(demo_db):
    runner = CliRunner()
    res = runner.invoke(app, ["search", "大模型", "--db", str(demo_db), "--limit", "2"])
    assert res.exit_code == 0, res.output
    first = res.stdout.splitlines()[0]
    assert "UTC" in first and "@" in first and "likes" in first and "https://x.com/" in first
    res = runner.invoke(app, ["search", "大模型", "--db", str(demo_db), "--limit", "3", "--json",
                              "--from", "2026-01-27", "--to", "2026-01-27", "--topic", "ai"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["count"] == len(out["results"]) <= 3
    assert {"id", "created_at", "author", "text", "engagement", "link", "score"} <= set(out["results"][0])
    bad = runner.invoke(app, ["search", "x", "--db", str(demo_db), "--from", "27-01-2026"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.output


def test_quotes_and_operators_in_a_query_are_plain_text(demo_db):
    with Store.open(demo_db) as store:
        for q in ['"', 'NEAR(a b)', "a* OR b", "col:agent", "'; DROP TABLE tweets; --"]:
            search(store.db, q, limit=5)  # never an FTS syntax error
        assert store.count() > 0


def test_terminal_output_strips_control_characters(store):
    from tweetbrief.search import format_hit

    store.add([tweet(1, "evil \x1b[2J\x1b]0;pwned\x07 大模型 \u202egnp.exe")])
    (hit,) = search(store.db, "大模型", limit=5)
    line = format_hit(hit)
    assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line and "大模型" in line


def test_short_latin_word_is_a_whole_word(store):
    store.add([tweet(1, "He said the plan was paid for"), tweet(2, "AI 芯片又涨价了"), tweet(3, "new AI model")])
    assert sorted(h.id for h in search(store.db, "AI", limit=10)) == [tweet(2, "").id, tweet(3, "").id]
    assert [h.id for h in search(store.db, "芯片", limit=10)] == [tweet(2, "").id]


def test_candidate_reranking_falls_back_to_every_match(demo_db, monkeypatch):
    import tweetbrief.search as search_mod

    with Store.open(demo_db) as store:
        full = [h.id for h in search(store.db, "polaris 开源", start=datetime(2000, 1, 1, tzinfo=UTC), limit=5)]
        monkeypatch.setattr(search_mod, "CANDIDATES", 1)  # 5 x limit candidates: too few survive 开源
        fast = [h.id for h in search(store.db, "polaris 开源", limit=5)]
    assert len(full) == 5 and fast == full


# -- the deferred index (migration m005): import does not index, the first search catches up ---------

def _integrity(db: sqlite3.Connection) -> None:
    """FTS5's own check: the index holds exactly the rows and text of ``tweets`` it claims (raises if not)."""
    db.execute("INSERT INTO tweets_fts(tweets_fts, rank) VALUES ('integrity-check', 1)")


def _upto(db: sqlite3.Connection) -> int:
    return db.execute("SELECT upto FROM search_index").fetchone()[0]


def test_import_does_not_index_and_search_catches_up(tmp_path):
    from tweetbrief.search import ensure_index, unindexed

    with Store.open(tmp_path / "s.sqlite") as store:
        store.add([tweet(i, f"Polaris 第{i}版 多模态大模型") for i in range(5)])
        assert store.db.execute("SELECT COUNT(*) FROM tweets_fts_docsize").fetchone()[0] == 0  # nothing indexed
        assert unindexed(store.db) == 5 and _upto(store.db) == 0
        assert {h.id for h in search(store.db, "polaris", limit=50)} == {tweet(i, "").id for i in range(5)}
        assert unindexed(store.db) == 0 and _upto(store.db) == 5
        assert ensure_index(store.db) == 0  # nothing left: no write
        store.add([tweet(9, "Polaris-K3 泄露")])
        assert [h.id for h in search(store.db, "polaris-k3", limit=5)] == [tweet(9, "").id]
        _integrity(store.db)


def test_delete_and_update_of_indexed_and_unindexed_rows_keep_the_index_sound(tmp_path):
    with Store.open(tmp_path / "s.sqlite") as store:
        db = store.db
        store.add([tweet(i, f"indexed alpha{i} Polaris") for i in range(4)])
        search(db, "polaris", limit=5)  # rows 1-4 indexed
        store.add([tweet(10 + i, f"pending beta{i} Polaris") for i in range(4)])  # rows 5-8 not yet
        with db:
            db.execute("DELETE FROM tweets WHERE id IN (?, ?)", (tweet(0, "").id, tweet(10, "").id))
            db.execute("UPDATE tweets SET text = 'indexed gamma Nimbus' WHERE id = ?", (tweet(1, "").id,))
            db.execute("UPDATE tweets SET text = 'pending delta Nimbus' WHERE id = ?", (tweet(11, "").id,))
        # before the catch-up the index is consistent in itself (not yet complete against the table)
        db.execute("INSERT INTO tweets_fts(tweets_fts, rank) VALUES ('integrity-check', 0)")
        assert {h.id for h in search(db, "nimbus", limit=50)} == {tweet(1, "").id, tweet(11, "").id}
        assert {h.id for h in search(db, "polaris", limit=50)} == {tweet(i, "").id for i in (2, 3, 12, 13)}
        assert search(db, "alpha1", limit=5) == [] and search(db, "beta1", limit=5) == []
        _integrity(db)


def test_deleting_the_newest_rows_lowers_the_mark_so_reused_rowids_get_indexed(tmp_path):
    # SQLite gives a new row max(rowid) + 1: after deleting indexed top rows that rowid is <= the old mark
    with Store.open(tmp_path / "s.sqlite") as store:
        db = store.db
        store.add([tweet(i, f"first batch Polaris {i}") for i in range(3)])
        search(db, "polaris", limit=5)
        assert _upto(db) == 3
        with db:
            db.execute("DELETE FROM tweets WHERE rowid >= 2")
        assert _upto(db) == 1
        store.add([tweet(7, "reused rowid Nimbus")])
        assert db.execute("SELECT rowid FROM tweets WHERE id = ?", (tweet(7, "").id,)).fetchone()[0] == 2
        assert [h.id for h in search(db, "nimbus", limit=5)] == [tweet(7, "").id]
        _integrity(db)


def test_an_m004_store_migrates_as_fully_indexed(tmp_path):
    db_path = tmp_path / "m004.sqlite"
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, fn in MIGRATIONS[:4]:  # the store as tweetbrief left it before m005: indexed at every import
        fn(con)
        con.execute("INSERT INTO _migrations VALUES (?, 'x')", (name,))
    for i in range(3):
        con.execute("INSERT INTO tweets (id, created_ts, text) VALUES (?, 1769480000, ?)",
                    (str(i), f"旧库 多模态大模型 {i}"))
    con.execute("INSERT INTO tweets_fts(rowid, text) SELECT rowid, text FROM tweets")  # what m004's Store.add did
    con.commit()
    assert migrate(con) == ["m005_defer_search_index"]
    assert _upto(con) == 3
    con.execute("DELETE FROM tweets WHERE id = '0'")  # an indexed row: the trigger removes it from the index
    con.commit()
    _integrity(con)
    assert {h.id for h in search(con, "多模态", limit=5)} == {"1", "2"}
    con.close()


def test_mcp_search_on_a_store_it_cannot_write_reports_the_unindexed_tweets(tmp_path, monkeypatch):
    pytest.importorskip("pydantic")
    from tweetbrief.mcp_server import DATA_NOTICE, Archive

    db_path = tmp_path / "s.sqlite"
    with Store.open(db_path) as store:
        store.add([tweet(i, f"Polaris launch {i}") for i in range(3)])
        search(store.db, "polaris", limit=5)  # three indexed
        store.add([tweet(10 + i, f"Polaris later {i}") for i in range(2)])  # two imported since
    db_path.chmod(0o444)
    # root ignores file modes: a writer holding the lock makes the server's catch-up fail the same way
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(Archive, "WRITE_TIMEOUT", 0.1)
    try:
        out = Archive(db_path, []).search_tweets("polaris", limit=10)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        db_path.chmod(0o644)
    assert out["count"] == 3 and out["unindexed"] == 2
    assert out["notice"].startswith(DATA_NOTICE) and "2 stored tweets are not searchable yet" in out["notice"]
    out = Archive(db_path, []).search_tweets("polaris", limit=10)  # writable again: the server catches up
    assert out["count"] == 5 and "unindexed" not in out and out["notice"] == DATA_NOTICE

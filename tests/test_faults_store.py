"""Store faults through the CLI: each is one ``error:`` line naming the path and the fix, exit 2, no
traceback, nothing half-written -- and two imports creating a new store at once both land.

Methods, honestly: concurrency is real (forked processes released by a barrier, several rounds);
corrupt/truncated stores are real files; a read-only store is a real 0444 file (as root, whose
permission checks are bypassed, the CLI runs in a subprocess without CAP_DAC_OVERRIDE via
``setpriv``); a full disk is SQLite's own SQLITE_FULL, forced with ``PRAGMA max_page_count``, and,
when this process may mount, a real 1 MB tmpfs.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tweetbrief.store as store_module
from tweetbrief.cli import app
from tweetbrief.store import Store
from tweetbrief.store.migrations import MIGRATIONS, migrate, statements

DEMO = Path(__file__).resolve().parents[1] / "src" / "tweetbrief" / "data" / "demo" / "ai_demo.v2pages.jsonl"
DAY = ["--from", "2026-01-27", "--to", "2026-01-27"]


def one_line(code: int, out: str, err: str, *needles: str) -> str:
    """The fault contract: exit 2, exactly one ``error:`` line on stderr, naming what it must."""
    assert code == 2, (code, out, err)
    assert "Traceback" not in out + err, err
    lines = [line for line in err.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1, err
    for needle in needles:
        assert needle in errors[0], (needle, errors[0])
    return errors[0]


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def restricted_cli(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """The CLI under real permission checks: in-process for a normal user; as root, in a subprocess
    whose capabilities exclude the permission overrides (root ignores file modes otherwise)."""
    if os.geteuid() != 0:
        return cli(*args)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file permissions cannot be enforced")
    proc = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", sys.executable, "-m",
                           "tweetbrief", *args], capture_output=True, text=True, timeout=300, cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr


def demo_halves(tmp_path: Path) -> tuple[Path, Path]:
    lines = DEMO.read_text(encoding="utf-8").splitlines(keepends=True)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    b.write_text("".join(lines[len(lines) // 2:]), encoding="utf-8")
    return a, b


# --------------------------------------------------------------------------- concurrency


def _import_child(barrier, db: str, path: str, results) -> None:
    barrier.wait()
    result = CliRunner().invoke(app, ["import", path, "--db", db])
    results.put((result.exit_code, result.output))


def test_two_imports_creating_a_new_store_at_once_both_land(tmp_path):
    a, b = demo_halves(tmp_path)
    with Store.open(tmp_path / "reference.sqlite") as ref:
        expected = 0
        for path in (a, b):
            from tweetbrief.sources import import_files

            expected += import_files([path], ref).new
    assert expected > 0
    ctx = multiprocessing.get_context("fork")
    for round_ in range(8):
        db = tmp_path / f"race{round_}.sqlite"
        barrier, results = ctx.Barrier(2), ctx.Queue()
        procs = [ctx.Process(target=_import_child, args=(barrier, str(db), str(p), results)) for p in (a, b)]
        for p in procs:
            p.start()
        outcomes = [results.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        assert [code for code, _ in outcomes] == [0, 0], outcomes
        with Store.open(db) as s:
            assert s.count() == expected
            names = [r[0] for r in s.db.execute("SELECT name FROM _migrations")]
            assert sorted(names) == sorted(name for name, _ in MIGRATIONS)  # each recorded once


def test_migrations_take_turns_across_connections(tmp_path):
    """Threads with their own connections migrating one fresh file at the same moment."""
    import threading

    def worker(barrier: threading.Barrier, path: Path, errors: list[str]) -> None:
        barrier.wait()
        try:
            Store.open(path).close()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))

    for round_ in range(5):
        path = tmp_path / f"t{round_}.sqlite"
        barrier, errors = threading.Barrier(4), []
        threads = [threading.Thread(target=worker, args=(barrier, path, errors)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []


def test_a_failing_migration_leaves_nothing_half_applied(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    Store.open(path).close()

    def m999_broken(db) -> None:
        db.executescript("CREATE TABLE half (x INTEGER); INSERT INTO half VALUES (1);")
        raise RuntimeError("boom")

    monkeypatch.setattr("tweetbrief.store.migrations.MIGRATIONS", [*MIGRATIONS, ("m999_broken", m999_broken)])
    db = sqlite3.connect(path)
    with pytest.raises(RuntimeError):
        migrate(db)
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None
    assert db.execute("SELECT COUNT(*) FROM _migrations WHERE name = 'm999_broken'").fetchone()[0] == 0
    db.close()


def test_statements_split_like_sqlite():
    script = "CREATE TABLE a (x TEXT DEFAULT ';');\nCREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;\n-- done\n"
    parts = statements(script)
    assert [p.strip().split()[1] for p in parts[:2]] == ["TABLE", "TRIGGER"] and len(parts) == 3


# --------------------------------------------------------------------------- bad store files


def test_a_file_that_is_not_a_store(tmp_path):
    db = tmp_path / "junk.sqlite"
    junk = os.urandom(8192)
    db.write_bytes(junk)
    one_line(*cli("import", str(DEMO), "--db", str(db)), str(db), "not a tweetbrief store", "--db")
    one_line(*cli("report", *DAY, "--db", str(db), "--site", str(tmp_path / "site")), str(db), "not a tweetbrief store")
    assert db.read_bytes() == junk and not (tmp_path / "site" / "_posts").exists()


def test_a_truncated_store(tmp_path):
    good = tmp_path / "good.sqlite"
    assert cli("import", str(DEMO), "--db", str(good))[0] == 0
    data = good.read_bytes()
    db = tmp_path / "truncated.sqlite"
    db.write_bytes(data[: len(data) // 2])
    one_line(*cli("import", str(DEMO), "--db", str(db)), str(db), "damaged", ".recover")
    one_line(*cli("report", *DAY, "--db", str(db), "--site", str(tmp_path / "site")), str(db), "damaged")
    assert not (tmp_path / "site" / "_posts").exists()


def test_a_store_path_that_is_a_folder_or_under_a_file(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    one_line(*cli("import", str(DEMO), "--db", str(folder)), str(folder), "is a folder", "tweetbrief.sqlite")
    parent = tmp_path / "afile"
    parent.write_text("x")
    one_line(*cli("import", str(DEMO), "--db", str(parent / "s.sqlite")), str(parent), "is a file, not a folder")
    one_line(*cli("report", *DAY, "--db", str(parent / "s.sqlite"), "--site", str(tmp_path / "site")), "is a file")


def test_a_read_only_store(tmp_path):
    root = Path(os.environ.get("TMPDIR", "/tmp")) / f"tb-ro-{os.getpid()}"  # pytest's tmp is 0700 to others
    root.mkdir(mode=0o755, exist_ok=True)
    try:
        db = root / "ro.sqlite"
        a, b = demo_halves(tmp_path)
        assert cli("import", str(a), "--db", str(db))[0] == 0
        shutil.copy(b, root / "b.jsonl")
        before = db.read_bytes()
        db.chmod(0o444)
        root.chmod(0o555)
        line = one_line(*restricted_cli("import", str(root / "b.jsonl"), "--db", str(db)), str(db), "read-only",
                        "chmod")
        assert "--db" in line
        assert db.read_bytes() == before
        # reading a read-only store is fine, or at worst the same kind of one line
        code, out, err = restricted_cli("report", *DAY, "--db", str(db), "--site", str(tmp_path / "site"))
        assert "Traceback" not in err and (code == 0 or err.count("error:") == 1), err
    finally:
        root.chmod(0o755)
        shutil.rmtree(root, ignore_errors=True)


# --------------------------------------------------------------------------- full disk


def test_disk_full_during_import_keeps_whole_batches(tmp_path, monkeypatch):
    """SQLite's own SQLITE_FULL (``max_page_count``): the failing batch rolls back, earlier ones stay."""
    real_connect = store_module._connect

    def small_disk(target: str, timeout: float):
        db = real_connect(target, timeout)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + 40}")
        return db

    monkeypatch.setattr(store_module, "_connect", small_disk)
    db = tmp_path / "full.sqlite"
    one_line(*cli("import", str(DEMO), "--db", str(db)), str(db), "disk is full", "free some space")
    monkeypatch.undo()
    check = sqlite3.connect(db)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = check.execute("SELECT COUNT(*) FROM tweets").fetchone()[0]
    check.close()
    code, out, _ = cli("import", str(DEMO), "--db", str(db), "--json")  # room again: the rest lands
    assert code == 0
    with Store.open(db) as s:
        total = s.count()
    with Store.open(tmp_path / "ref.sqlite") as ref:
        from tweetbrief.sources import import_files

        assert total == import_files([DEMO], ref).new > partial


def test_real_full_disk_during_import(tmp_path, tiny_tmpfs):
    big = tmp_path / "big.jsonl"
    big.write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    db = tiny_tmpfs / "s.sqlite"
    code, out, err = cli("import", str(big), "--db", str(db))
    if code == 0:  # the demo fitted: fill the disk first so the next write cannot
        filler = tiny_tmpfs / "filler"
        with open(filler, "wb") as fh:
            try:
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            except OSError:
                pass
        lines = DEMO.read_text(encoding="utf-8")
        big.write_text(lines.replace('"id": "20', '"id": "19'), encoding="utf-8")  # new ids: must be written
        code, out, err = cli("import", str(big), "--db", str(db))
    one_line(code, out, err, str(db), "free some space")


def test_a_migration_may_use_with_db_and_commit(tmp_path, monkeypatch):
    """Migrations written the usual sqlite3 way still run inside migrate's one transaction."""
    def m998_usual(db) -> None:
        with db:
            db.execute("CREATE TABLE usual (x INTEGER)")
        db.executescript("INSERT INTO usual VALUES (1); INSERT INTO usual VALUES (2);")
        db.commit()

    monkeypatch.setattr("tweetbrief.store.migrations.MIGRATIONS", [*MIGRATIONS, ("m998_usual", m998_usual)])
    with Store.open(tmp_path / "s.sqlite") as s:
        assert s.db.execute("SELECT COUNT(*) FROM usual").fetchone()[0] == 2
        assert s.db.execute("SELECT COUNT(*) FROM _migrations WHERE name = 'm998_usual'").fetchone()[0] == 1

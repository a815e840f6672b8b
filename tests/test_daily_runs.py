"""Daily runs as a new user does them (issue 11): file modes, empty periods, post dates, one post
per language, byte-identical re-runs (and so no git churn), the demo's own store, ``--html --json``,
the README's config, progress on a terminal. Every test drives the CLI (or the runner under it)."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

import tweetbrief.pipeline
from helpers import hostile_analysis, tweet
from tweetbrief.cli import app
from tweetbrief.config import load_topic
from tweetbrief.runner import RunOptions, run
from tweetbrief.store import Store

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "src" / "tweetbrief" / "data" / "demo" / "ai_demo.v2pages.jsonl"
SLUG = "twitter_ai_20260127_20260127"
POST = f"_posts/2026-01-27-{SLUG}.md"
DAY = ["--date", "2026-01-27"]
SHANGHAI = ZoneInfo("Asia/Shanghai")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def fake_analysis(monkeypatch):
    """Stand in for the analysis (fast): three relevant tweets, two trends."""
    monkeypatch.setattr(tweetbrief.pipeline, "analyse", lambda tweets, topic, period, previous=None: hostile_analysis())


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """The bundled demo dataset imported once into a store of its own."""
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    result = CliRunner().invoke(app, ["import", str(DEMO), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def front(post: Path) -> dict[str, str]:
    head = post.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines()[1:])


def snapshot(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and ".git" not in p.parts}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


# --------------------------------------------------------------------------- file modes


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_every_published_file_follows_the_umask(tmp_path, fake_analysis, umask, mode):
    site = tmp_path / "site"
    old = os.umask(umask)
    try:
        result = cli("run", *DAY, "--db", str(tmp_path / "tb.sqlite"), "--site", str(site), "--html")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    files = [p for p in site.rglob("*") if p.is_file()]
    assert len(files) == 6  # post, word cloud, 3 charts, HTML preview
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {p.name: oct(mode) for p in files}


# --------------------------------------------------------------------------- empty periods


def test_empty_period_publishes_nothing_and_exits_5(tmp_path):
    site = tmp_path / "site"
    result = cli("report", "--from", "2026-01-27", "--to", "2026-01-27", "--db", str(tmp_path / "empty.sqlite"),
                 "--site", str(site))
    assert result.exit_code == 5, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no relevant tweets for topic 'ai' on 2026-01-27")
    assert "--allow-empty" in lines[0] and result.stdout == ""
    assert not (site / "_posts").exists() and not (site / "assets").exists()


def test_run_today_before_collecting_exits_5(tmp_path):
    result = cli("run", "--date", "today", "--db", str(tmp_path / "empty.sqlite"), "--site", str(tmp_path / "site"))
    assert result.exit_code == 5, result.output
    assert result.stderr.strip().splitlines()[-1].startswith("error: no relevant tweets")
    assert "Traceback" not in result.output and not (tmp_path / "site" / "_posts").exists()
    assert "5 no relevant tweets" in cli("run", "--help").stdout


def test_allow_empty_publishes_on_report_and_run(tmp_path):
    site, db = tmp_path / "site", str(tmp_path / "empty.sqlite")
    result = cli("report", "--from", "2026-01-27", "--to", "2026-01-27", "--db", db, "--site", str(site),
                 "--allow-empty", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stats"]["empty"] is True
    assert "共 0 条" in (site / POST).read_text(encoding="utf-8")
    result = cli("run", *DAY, "--db", db, "--site", str(tmp_path / "site2"), "--allow-empty")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site2" / POST).is_file()


@needs_git
def test_git_push_never_pushes_an_empty_post(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    site, bare = tmp_path / "site", tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(site)], check=True)
    git(site, "remote", "add", "origin", str(bare))
    db = str(tmp_path / "empty.sqlite")
    refused = cli("run", *DAY, "--db", db, "--site", str(site), "--git-push")
    assert refused.exit_code == 5 and not (site / "_posts").exists()
    allowed = cli("run", *DAY, "--db", db, "--site", str(site), "--git-push", "--allow-empty", "--json")
    assert allowed.exit_code == 0, allowed.output
    out = json.loads(allowed.stdout)
    assert out["commit"] is None and out["pushed"] is False and (site / POST).is_file()
    assert "not committed or pushed" in allowed.stderr
    assert git(bare, "for-each-ref") == "" and subprocess.run(["git", "-C", str(site), "rev-parse", "HEAD"],
                                                               capture_output=True).returncode != 0


# --------------------------------------------------------------------------- front-matter date


def _run(tmp_path: Path, now: datetime, lang: str | None = None, **kw):
    opts = RunOptions(topic=load_topic("ai"), start=datetime(2026, 1, 27).date(), end=datetime(2026, 1, 27).date(),
                      db=tmp_path / "tb.sqlite", site=tmp_path / "site", now=now,
                      writer_options={"language": lang} if lang else {}, **kw)
    return run(opts, collect=False)


def test_post_date_is_the_report_day_at_generation_time_and_a_rerun_keeps_it(tmp_path, fake_analysis):
    first = _run(tmp_path, datetime(2026, 2, 3, 14, 31, 54, tzinfo=SHANGHAI))
    fm = front(first.post)
    assert fm["date"] == fm["posttime"] == '"2026-01-27 14:31:54 +0800"'  # the reference post's shape
    before = first.post.read_bytes()
    again = _run(tmp_path, datetime(2026, 2, 9, 8, 5, 0, tzinfo=SHANGHAI))  # a week later, another hour
    assert again.post == first.post and front(again.post)["date"] == '"2026-01-27 14:31:54 +0800"'
    assert again.post.read_bytes() == before


# --------------------------------------------------------------------------- languages


def test_lang_en_gets_its_own_post_and_leaves_the_chinese_one(tmp_path, fake_analysis):
    zh = _run(tmp_path, datetime(2026, 1, 27, 20, 0, tzinfo=SHANGHAI))
    zh_bytes = zh.post.read_bytes()
    en = _run(tmp_path, datetime(2026, 1, 27, 21, 0, tzinfo=SHANGHAI), lang="en")
    assert zh.post == tmp_path / "site" / POST  # the default keeps today's name: existing sites don't move
    assert en.post == tmp_path / "site" / f"_posts/2026-01-27-{SLUG}-en.md"
    assert zh.post.read_bytes() == zh_bytes and "Twitter Ai Report" in en.post.read_text(encoding="utf-8")
    assert front(en.post)["date"] == '"2026-01-27 21:00:00 +0800"'
    # the word cloud is the data's words: shared; the charts draw words of the post's language: their own files
    names = lambda pub: {p.name for p in pub.images}  # noqa: E731
    assert {n for n in names(zh) & names(en)} == {n for n in names(zh) if n.startswith("wordcloud_")}
    assert {n for n in names(en) - names(zh)} and all(n.endswith("-en.png") for n in names(en) - names(zh))
    assert all((tmp_path / "site" / "assets" / "tweetbrief" / n).exists() for n in names(zh))  # zh's still there


# --------------------------------------------------------------------------- byte-identical re-runs


def _report_subprocess(db: Path, site: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    proc = subprocess.run([sys.executable, "-m", "tweetbrief", "report", "--from", "2026-01-27", "--to", "2026-01-27",
                           "--db", str(db), "--site", str(site), "--html"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr


def test_two_reports_of_the_same_store_are_byte_identical(tmp_path, demo_db):
    """Real analysis of the demo data, in two processes with different hash seeds (set order)."""
    site = tmp_path / "site"
    _report_subprocess(demo_db, site, "1")
    first = snapshot(site)
    assert len(first) == 6 and POST in first
    _report_subprocess(demo_db, site, "2")
    second = snapshot(site)
    assert sorted(second) == sorted(first)
    assert [name for name in first if first[name] != second[name]] == []


@needs_git
def test_git_commit_makes_no_second_commit_for_the_same_data(tmp_path, fake_analysis, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    site = tmp_path / "site"
    subprocess.run(["git", "init", "-q", "-b", "main", str(site)], check=True)
    first = _run(tmp_path, datetime(2026, 1, 28, 7, 0, tzinfo=SHANGHAI), git_commit=True)
    assert first.commit is not None
    second = _run(tmp_path, datetime(2026, 1, 28, 9, 30, tzinfo=SHANGHAI), git_commit=True)
    assert second.commit is None
    assert git(site, "rev-list", "--count", "HEAD").strip() == "1" and git(site, "status", "--porcelain") == ""


# --------------------------------------------------------------------------- demo, --html --json


def test_demo_uses_its_own_store(tmp_path, monkeypatch):
    default = tmp_path / "default.sqlite"  # what TWEETBRIEF_DB points at (conftest)
    monkeypatch.setenv("TWEETBRIEF_DB", str(default))
    result = cli("demo", "--site", str(tmp_path / "site"), "--json")
    assert result.exit_code == 0, result.output
    assert Path(json.loads(result.stdout)["post"]) == tmp_path / "site" / POST
    assert not default.exists()
    assert "demo data: read 364, new 364" in result.stderr  # a fresh store: nothing was there before
    assert not list(tmp_path.glob("site/**/*.sqlite"))  # and none left in the site


def test_report_html_json_includes_the_html_path(tmp_path, fake_analysis):
    site = tmp_path / "site"
    result = cli("report", "--from", "2026-01-27", "--to", "2026-01-27", "--db", str(tmp_path / "tb.sqlite"),
                 "--site", str(site), "--html", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["post"] == str(site / POST) and len(out["images"]) == 4
    assert out["html"] == str(site / "_preview" / f"2026-01-27-{SLUG}.html") and Path(out["html"]).is_file()


# --------------------------------------------------------------------------- README config


def _readme_toml_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```toml\n(.*?)```", text, re.S)


@pytest.fixture
def crypto_db(tmp_path) -> Path:
    db = tmp_path / "crypto.sqlite"
    texts = ["Bitcoin 突破新高，比特币 ETF 资金继续流入", "Ethereum upgrade ships; eth fees fall",
             "比特币 矿工 收入 创新高", "bitcoin ETF inflows hit a record", "ETH staking yields and bitcoin dominance"]
    with Store.open(db) as store:
        store.add([tweet(i, text, f"user{i}", hour=2 + i) for i, text in enumerate(texts)])
    return db


@pytest.mark.parametrize("font", ["as written", "missing"])
def test_readme_toml_works_when_pasted(tmp_path, crypto_db, font):
    blocks = _readme_toml_blocks()
    assert blocks, "the README shows a tweetbrief.toml"
    config = blocks[0]
    if font == "missing":  # the user's machine has no such font: a warning, not a failure
        config = re.sub(r'font = "[^"]*"', 'font = "/nonexistent/NotoSansCJK-Regular.ttc"', config)
    path = tmp_path / "tweetbrief.toml"
    path.write_text(config, encoding="utf-8")
    topic = re.search(r"\[topics\.(\w+)\]", config).group(1)
    result = cli("report", "--topic", topic, "--config", str(path), "--from", "2026-01-27", "--to", "2026-01-27",
                 "--db", str(crypto_db), "--site", str(tmp_path / "site"), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stats"]["relevant"] >= 4
    configured = re.search(r'font = "([^"]*)"', config)
    if configured and not Path(configured.group(1)).is_file():
        warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: font ")]
        assert len(warnings) == 1 and configured.group(1) in warnings[0]


# --------------------------------------------------------------------------- progress on a terminal


def _on_a_tty(*args: str) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal; return (exit code, what the terminal saw)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "tweetbrief", *args], stdout=subprocess.DEVNULL, stderr=slave,
                            stdin=subprocess.DEVNULL)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return proc.wait(timeout=120), seen.decode("utf-8", "replace")


@pytest.mark.parametrize("command", ["import", "report"])
def test_progress_on_a_tty_only_and_not_with_quiet(tmp_path, command):
    shown = "importing tweets" if command == "import" else "reading and analysing tweets"
    if command == "import":
        args = ["import", str(DEMO), "--db", str(tmp_path / "tb.sqlite")]
    else:
        db = tmp_path / "small.sqlite"
        texts = ["OpenAI 发布新的大模型，AI agent 能力提升", "大模型 推理成本 下降，LLM 应用增多",
                 "AI 芯片 需求 旺盛，GPU 价格上涨", "New LLM agents ship from Anthropic and OpenAI"]
        with Store.open(db) as store:
            store.add([tweet(i, text, f"user{i}", hour=2 + i) for i, text in enumerate(texts)])
        args = ["report", "--from", "2026-01-27", "--to", "2026-01-27", "--db", str(db), "--site", str(tmp_path / "s")]
    code, terminal = _on_a_tty(*args)
    assert code == 0, terminal
    assert shown in terminal and "\r" in terminal
    code, terminal = _on_a_tty(*args, "--quiet")
    assert code == 0 and shown not in terminal
    piped = cli(*args)  # CliRunner's stderr is not a terminal
    assert piped.exit_code == 0 and shown not in piped.stderr and "\r" not in piped.stderr

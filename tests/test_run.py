"""`tweetbrief run`: stages in order, the lock, exit codes, failed stages keep the previous post,
collection through the collectors' entry point, run stats, --html, --git-commit/--git-push."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tweetbrief.pipeline
from helpers import hostile_analysis
from tweetbrief.cli import app
from tweetbrief.config import Topic
from tweetbrief.runner import RunOptions, StageError, lock_path, resolve_range, run, store_lock

POST = "_posts/2026-01-27-twitter_ai_20260127_20260127.md"
STAGES = ["open", "collect", "load", "analyse", "write", "render", "publish"]


@pytest.fixture(autouse=True)
def fake_analysis(monkeypatch):
    """The analysis pipeline is another issue: stand in with the hostile hand-built Analysis."""
    calls = []

    def analyse(tweets, topic, period, previous=None):
        calls.append(period)
        return hostile_analysis()

    monkeypatch.setattr(tweetbrief.pipeline, "analyse", analyse)
    return calls


@pytest.fixture
def paths(tmp_path) -> tuple[Path, Path]:
    return tmp_path / "db" / "tb.sqlite", tmp_path / "site"


def invoke(*args: str):
    return CliRunner().invoke(app, ["run", *args])


def base_args(db: Path, site: Path) -> list[str]:
    return ["--topic", "ai", "--date", "2026-01-27", "--db", str(db), "--site", str(site)]


def test_run_publishes_and_reports_stats(paths, fake_analysis):
    db, site = paths
    result = invoke(*base_args(db, site), "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["post"] == str(site / POST) and len(out["images"]) == 4
    assert list(out["stats"]["seconds"])[:7] == STAGES and "total" in out["stats"]["seconds"]
    assert "lists no live sources; skipping collection" in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("tweetbrief: collected -, in range 5, relevant 3, after dedup 3, authors 3")
    front = (site / POST).read_text(encoding="utf-8").split("\n---\n")[0]
    stats = json.loads(next(line for line in front.splitlines() if line.startswith("tweetbrief: "))[12:])
    assert stats["relevant"] == 3 and out["stats"]["collected"] is None
    assert not {"collected", "seconds"} & set(stats)  # run-varying figures stay out of the post (stderr/--json only)
    assert fake_analysis[0].start == fake_analysis[0].end == date(2026, 1, 27)
    assert lock_path(db).exists()


def test_exit_codes_are_in_help():
    text = " ".join(invoke("--help").stdout.split())  # --help wraps lines
    assert "Exit codes: 0 ok; 2 user error" in text and "3 another run holds the lock" in text
    assert "4 a stage failed" in text and "5 no relevant tweets" in text and "6 the post is published" in text


def test_lock_busy_exits_3_and_touches_nothing(paths):
    db, site = paths
    with store_lock(db):
        result = invoke(*base_args(db, site))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: another tweetbrief run holds the lock on {db}")
    assert len(result.stderr.strip().splitlines()) == 1 and not site.exists()
    assert invoke(*base_args(db, site)).exit_code == 0  # released


def test_lock_held_by_another_process(paths):
    db, site = paths
    db.parent.mkdir(parents=True)
    holder = subprocess.Popen(
        ["python3", "-c", "import sys, time; from pathlib import Path; from tweetbrief.runner import store_lock\n"
                          f"with store_lock(Path({str(db)!r})):\n print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = invoke(*base_args(db, site))
        assert result.exit_code == 3 and f"(pid {holder.pid})" in result.stderr
    finally:
        holder.kill()
        holder.wait()
    assert invoke(*base_args(db, site)).exit_code == 0  # the kernel released the dead holder's lock


@pytest.mark.parametrize("args, message", [
    (["--date", "27/01/2026"], "is not yesterday, today or YYYY-MM-DD"),
    (["--days", "0"], "must be 1 or more"),
    (["--topic", "nope"], "unknown topic 'nope'"),
    (["--writer", "nope"], "unknown writer 'nope'"),
    (["--git-commit"], "is not inside a git repository"),
])
def test_user_errors_exit_2_before_taking_the_lock(paths, args, message):
    db, site = paths
    result = invoke(*base_args(db, site), *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and not lock_path(db).exists() and not (site / "_posts").exists()


@pytest.mark.parametrize("target, stage", [
    ("tweetbrief.pipeline.analyse", "analyse"),
    ("tweetbrief.render.charts.render_charts", "render"),
    ("tweetbrief.render.wordcloud.render_wordcloud", "render"),
    ("tweetbrief.publish.jekyll.render_body", "render"),  # imported by name in jekyll.py: patched there
    ("tweetbrief.publish.jekyll.render_front_matter", "render"),
])
def test_failed_stage_exits_4_and_keeps_the_previous_post(paths, monkeypatch, target, stage):
    db, site = paths
    assert invoke(*base_args(db, site)).exit_code == 0
    files = sorted(p for p in site.rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in files}

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(target, boom)
    result = invoke(*base_args(db, site))
    assert result.exit_code == 4
    assert f"error: stage {stage} failed: RuntimeError: boom" in result.stderr
    assert "Traceback" in result.stderr  # an unexpected bug keeps its traceback in the cron log
    assert sorted(p for p in site.rglob("*") if p.is_file()) == files
    assert {p: p.read_bytes() for p in files} == before


def test_user_fixable_error_inside_a_stage_is_one_line(paths, monkeypatch):
    from tweetbrief.errors import RenderError

    def no_font(*args, **kwargs):
        raise RenderError("no font that can draw Chinese was found")

    monkeypatch.setattr("tweetbrief.render.wordcloud.render_wordcloud", no_font)
    db, site = paths
    result = invoke(*base_args(db, site))
    assert result.exit_code == 4
    last = result.stderr.strip().splitlines()[-1]
    assert last == "error: stage render failed: no font that can draw Chinese was found"
    assert "Traceback" not in result.stderr


def test_resolve_range():
    assert resolve_range("yesterday", 1, "Asia/Shanghai", today=date(2026, 1, 28)) == (date(2026, 1, 27),) * 2
    assert resolve_range("2026-01-27", 7, "UTC") == (date(2026, 1, 21), date(2026, 1, 27))
    assert resolve_range("today", 1, "UTC", today=date(2026, 3, 1)) == (date(2026, 3, 1),) * 2


# --------------------------------------------------------------------------- collection


def _summary(*results):
    from tweetbrief.sources.collectors import CollectSummary

    s = CollectSummary()
    for r in results:
        s.sources[r.spec] = r
    return s


def _options(paths, **kw) -> RunOptions:
    db, site = paths
    topic = Topic(name="ai", title="Ai", sources=["x-search:AI lang:zh", "rss:https://example.org/feed"])
    return RunOptions(topic=topic, start=date(2026, 1, 27), end=date(2026, 1, 27), db=db, site=site, **kw)


def test_collect_stage_calls_the_collectors_entry_point(paths, capsys):
    from tweetbrief.sources.collectors import SourceResult

    calls = []

    def collect(store, specs, window, *, config, max_reads):
        calls.append((specs, window, max_reads))
        return _summary(SourceResult(specs[0], fetched=30, new=25),
                        SourceResult(specs[1], fetched=0, error="rss: 503 Service Unavailable"))

    result = run(_options(paths, max_reads=50), collect=collect)
    specs, window, max_reads = calls[0]
    assert specs == ["x-search:AI lang:zh", "rss:https://example.org/feed"] and max_reads == 50
    assert window.start.isoformat() == "2026-01-26T16:00:00+00:00"
    assert window.end.isoformat() == "2026-01-27T16:00:00+00:00"
    assert result.stats["collected"] == 30
    assert set(result.stats["sources"]) == set(specs)
    assert "collect rss:https://example.org/feed: rss: 503 Service Unavailable" in capsys.readouterr().err


def test_collection_costs_reach_the_run_stats_but_not_the_post(paths):
    from tweetbrief.sources.collectors import SourceResult

    def collect(store, specs, window, *, config, max_reads):
        summary = _summary(SourceResult(specs[0], fetched=30, new=25), SourceResult(specs[1], fetched=2, new=2))
        summary.costs.update(x_reads=30, x_cost_usd=0.15)
        return summary

    result = run(_options(paths), collect=collect)
    assert result.stats["x_reads"] == 30 and result.stats["x_cost_usd"] == 0.15  # run --json: the same keys
    front = result.post.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert "x_reads" not in front and "x_cost_usd" not in front and '"relevant": 3' in front

    def free(store, specs, window, *, config, max_reads):  # nothing paid: no cost keys at all
        summary = _summary(SourceResult(specs[0], fetched=0), SourceResult(specs[1], fetched=1, new=1))
        summary.costs.update(x_reads=0, x_cost_usd=0.0)
        return summary

    again = run(_options(paths), collect=free)
    assert not {"x_reads", "x_cost_usd"} & set(again.stats)
    assert again.post.read_text(encoding="utf-8").split("\n---\n", 1)[0] == front  # byte-identical front matter


def test_every_source_failing_is_a_failed_stage(paths):
    from tweetbrief.sources.collectors import SourceResult

    def collect(store, specs, window, **kw):
        return _summary(*(SourceResult(spec, error="down") for spec in specs))

    with pytest.raises(StageError, match="stage collect failed: every source failed") as err:
        run(_options(paths), collect=collect)
    assert err.value.exit_code == 4 and not (paths[1] / "_posts").exists()


def test_run_command_uses_the_collectors_module(paths, tmp_path, monkeypatch):
    import tweetbrief.sources.collectors as collectors
    from tweetbrief.sources.collectors import SourceResult

    seen = []
    monkeypatch.setattr(collectors, "collect", lambda store, specs, window, **kw: seen.append(specs) or
                        _summary(SourceResult(specs[0], fetched=7)))
    config = tmp_path / "tweetbrief.toml"
    config.write_text('[topics.ai]\nsources = ["bluesky-search:AI"]\ncategories = ["ai"]\n', encoding="utf-8")
    db, site = paths
    result = invoke(*base_args(db, site), "--config", str(config), "--json")
    assert result.exit_code == 0, result.stderr
    assert seen == [["bluesky-search:AI"]] and json.loads(result.stdout)["stats"]["collected"] == 7
    assert 'categories: ["ai"]' in (site / POST).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- --html, git


def test_html_preview_beside_the_site(paths):
    db, site = paths
    result = invoke(*base_args(db, site), "--html", "--json")
    assert result.exit_code == 0, result.stderr
    html = Path(json.loads(result.stdout)["html"])
    assert html == site / "_preview" / "2026-01-27-twitter_ai_20260127_20260127.html" and html.is_file()


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_git_commit_and_push(paths, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    db, site = paths
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(site)], check=True)
    subprocess.run(["git", "-C", str(site), "remote", "add", "origin", str(bare)], check=True)
    result = invoke(*base_args(db, site), "--git-push", "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["pushed"] and len(out["commit"]) == 40
    files = subprocess.run(["git", "-C", str(bare), "show", "--name-only", "--format=%s", "main"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert POST in files and sum(f.startswith("assets/tweetbrief/") for f in files) == 4
    assert "git" in out["stats"]["seconds"]
    again = invoke(*base_args(db, site), "--git-commit", "--json")  # same day, same data: same bytes, no commit
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["commit"] is None


def test_a_writer_without_what_it_needs_stops_the_run_before_collecting(paths, fake_analysis, monkeypatch):
    """``run --writer openai`` without a key: the same one line as ``report`` (exit 2), nothing collected,
    analysed, locked or written; the topic's writer_options count (its api_key_env names the variable)."""
    from tweetbrief.errors import ConfigError

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    db, site = paths
    result = invoke(*base_args(db, site), "--writer", "openai")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == "error: writer 'openai' needs $OPENAI_API_KEY (set it in the environment); " \
                                    "see `tweetbrief plugins`"
    assert not lock_path(db).exists() and not site.exists() and fake_analysis == []

    collected = []
    opts = _options(paths, writer="openai")
    opts.topic.writer_options = {"api_key_env": "TB_TEST_KEY"}
    monkeypatch.delenv("TB_TEST_KEY", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-made-up")  # set, but not the variable the topic names
    with pytest.raises(ConfigError, match=r"^writer 'openai' needs \$TB_TEST_KEY \(set it in the environment\)"):
        run(opts, collect=lambda *a, **kw: collected.append(a))
    assert collected == [] and fake_analysis == [] and not lock_path(db).exists()

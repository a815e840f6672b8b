"""The LLM writer through the CLI: ``report --json`` carries ``stats.llm`` with fixed keys; an
endpoint that stays down publishes the offline report and says so (stderr, front matter), and
``--strict-llm`` exits 4 with nothing published."""

from __future__ import annotations

import json

import pytest
from fakellm import Reply, make_analysis
from typer.testing import CliRunner

import tweetbrief.pipeline
from tweetbrief.cli import app
from tweetbrief.writers.base import LLM_JSON_KEYS


@pytest.fixture
def small_analysis(monkeypatch):
    monkeypatch.setattr(tweetbrief.pipeline, "analyse",
                        lambda tweets, topic, period, previous=None: make_analysis(clusters=2))


def report(tmp_path, fake, *extra):
    config = tmp_path / "tweetbrief.toml"
    config.write_text('[topics.ai.writer_options]\nbackoff_base = 0.01\nquiet = true\n', encoding="utf-8")
    return CliRunner().invoke(app, ["report", "--from", "2026-01-27", "--to", "2026-01-27",
                                    "--db", str(tmp_path / "tb.sqlite"),
                                    "--config", str(config),
                                    "--site", str(tmp_path / "site"), "--writer", "openai", "--base-url", fake.url,
                                    "--model", "fake-model", "--json", *extra])


def posts(tmp_path):
    return sorted((tmp_path / "site" / "_posts").glob("*.md")) if (tmp_path / "site" / "_posts").exists() else []


def test_report_json_carries_stats_llm(tmp_path, fake_llm, small_analysis):
    result = report(tmp_path, fake_llm)
    assert result.exit_code == 0, result.output
    llm = json.loads(result.stdout)["stats"]["llm"]
    assert tuple(llm) == LLM_JSON_KEYS
    assert all(isinstance(v, (int, float)) for v in llm.values())
    assert llm["calls"] == 3 and llm["input_tokens"] > 0 and llm["output_tokens"] > 0
    assert llm["repairs"] == llm["fallbacks"] == llm["dropped"] == 0 and llm["cost_usd"] == 0


def test_offline_writer_has_zeros_in_stats_llm(tmp_path, small_analysis):
    result = CliRunner().invoke(app, ["report", "--from", "2026-01-27", "--to", "2026-01-27", "--json",
                                      "--db", str(tmp_path / "tb.sqlite"), "--site", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stats"]["llm"] == dict.fromkeys(LLM_JSON_KEYS, 0) | {"cost_usd": 0.0}


def test_endpoint_down_publishes_the_offline_report(tmp_path, fake_llm, small_analysis):
    fake_llm.queue += [Reply(status=503)] * 4
    result = report(tmp_path, fake_llm)
    assert result.exit_code == 0, result.output
    assert "endpoint stayed down; published the offline report instead" in result.stderr
    assert json.loads(result.stdout)["stats"]["llm"]["fallbacks"] == 1
    [post] = posts(tmp_path)
    assert "llm_fallback" in post.read_text(encoding="utf-8")


def test_strict_llm_exits_4_and_publishes_nothing(tmp_path, fake_llm, small_analysis):
    fake_llm.queue += [Reply(status=503)] * 4
    result = report(tmp_path, fake_llm, "--strict-llm")
    assert result.exit_code == 4, result.output
    assert "server error 503" in result.stderr and "nothing published" in result.stderr
    assert posts(tmp_path) == []


def test_run_summary_line_names_the_offline_fallback():
    from tweetbrief.publish.stats import _llm_fallback, stats_line

    extra = _llm_fallback({"llm": {"writer": "openai", "endpoint_down": "server error 503 …"}})
    assert extra == {"llm_fallback": "offline report: the openai endpoint stayed down"}
    assert _llm_fallback({"llm": {"writer": "openai", "endpoint_down": ""}}) == {}
    assert "llm fallback: offline report: the openai endpoint stayed down" in stats_line({**extra, "seconds": {}})


def test_run_strict_llm_exits_4(tmp_path, fake_llm, small_analysis):
    fake_llm.queue += [Reply(status=503)] * 4
    config = tmp_path / "tweetbrief.toml"
    config.write_text(f'[topics.ai]\nwriter = "openai"\n\n[topics.ai.writer_options]\nbase_url = "{fake_llm.url}"\n'
                      'model = "fake-model"\nbackoff_base = 0.01\nquiet = true\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--date", "2026-01-27", "--db", str(tmp_path / "tb.sqlite"), "--site",
                                      str(tmp_path / "site"), "--config", str(config), "--strict-llm", "--allow-empty"])
    assert result.exit_code == 4, result.output
    assert "stage write failed" in result.stderr and "nothing published" in result.stderr
    assert posts(tmp_path) == []

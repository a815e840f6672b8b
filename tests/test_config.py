"""Topics from tweetbrief.toml: built-in ai topic, overrides, custom topics, one-line errors."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tweetbrief.cli import app
from tweetbrief.config import load_topic
from tweetbrief.errors import ConfigError


def test_builtin_ai_topic_needs_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    topic = load_topic("ai")
    assert topic.name == "ai" and topic.title == "Ai" and topic.timezone == "Asia/Shanghai"
    assert "大模型" in topic.keywords and "LLM" in topic.keywords


def test_file_overrides_builtin_field_by_field_and_defines_new_topics(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tweetbrief.toml").write_text(
        '[topics.ai]\ntimezone = "UTC"\n\n'
        '[topics.crypto]\ntitle = "Crypto"\nkeywords = ["bitcoin", "比特币", "(?i)\\\\beth\\\\b"]\n'
        'accounts = ["VitalikButerin"]\nlanguages = ["zh", "en"]\n',
        encoding="utf-8",
    )
    ai = load_topic("ai")
    assert ai.timezone == "UTC" and "大模型" in ai.keywords  # other fields keep the built-in values
    crypto = load_topic("crypto")
    assert crypto.display_title == "Crypto" and crypto.accounts == ["VitalikButerin"]
    assert crypto.keywords[2] == "(?i)\\beth\\b"


@pytest.mark.parametrize("toml, message", [
    ('[topics.ai]\ntimezone = "Mars/Base"\n', "unknown timezone 'Mars/Base'"),
    ('[topics.ai]\nkeyword = ["x"]\n', "keyword"),
    ('[topics.ai\n', "invalid TOML"),
])
def test_bad_config_is_one_line(tmp_path, monkeypatch, toml, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tweetbrief.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as err:
        load_topic("ai")
    assert "\n" not in str(err.value)


def test_unknown_topic_and_missing_config_through_the_cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["report", "--topic", "sports", "--from", "2026-01-27", "--to", "2026-01-27"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: unknown topic 'sports'")
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["report", "--config", "nope.toml", "--from", "2026-01-27", "--to", "2026-01-27"])
    assert result.exit_code == 2 and "config file not found" in result.stderr

"""The CLI package (``tweetbrief.cli``): the console script still resolves, every command is registered in
the order ``--help`` lists them, each module stays small, and help names the settings as they are now."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

from typer.testing import CliRunner

import tweetbrief.cli
from tweetbrief.cli import app

COMMANDS = ["import", "report", "demo", "collect", "run", "notify-test", "preview", "search", "mcp", "plugins"]
CLI_DIR = Path(tweetbrief.cli.__file__).parent


def test_console_script_and_python_m_reach_the_same_main():
    (script,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "tweetbrief"]
    assert script.value == "tweetbrief.cli:main" and script.load() is tweetbrief.cli.main


def test_every_command_is_registered_once_in_help_order():
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert names == COMMANDS
    listed = [line.split()[0] for line in CliRunner().invoke(app, ["--help"]).stdout.split("Commands:")[1]
              .splitlines() if line.startswith("  ")]
    assert listed == COMMANDS


def test_cli_modules_stay_thin():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in CLI_DIR.glob("*.py")}
    assert {"__init__.py", "common.py"} <= set(sizes) and len(sizes) >= 4
    assert max(sizes.values()) < 400, sizes


def test_max_reads_help_names_the_collect_x_setting():
    text = " ".join(CliRunner().invoke(app, ["collect", "--help"], terminal_width=200).stdout.split())
    assert "cost = reads x [collect.x] read_price" in text and "x_read_price" not in text

"""The README's promises: two set-up commands first, the test command is what CI runs, every
command has help text."""

from pathlib import Path

from typer.testing import CliRunner

from tweetbrief.cli import app

REPO = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = text.split("```bash\n")[1:3]
    return [b.split("```")[0].strip() for b in blocks]


def test_readme_starts_with_two_setup_commands():
    install, tests = _readme_commands()
    assert "tweetbrief demo" in install and "pip install" in install
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command():
    _, tests = _readme_commands()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci
    assert "TWEETBRIEF_REQUIRE_SHARED=1" in ci


def test_every_command_has_help():
    runner = CliRunner()
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    commands = [c for c in app.registered_commands]
    assert commands
    for command in commands:
        name = command.name or command.callback.__name__
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert (command.callback.__doc__ or command.help), f"{name} has no help text"

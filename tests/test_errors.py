"""Every error class lives in ``tweetbrief.errors`` with its exit code; the old import paths still
work (the same class, not a copy); the CLI exits with ``exc.exit_code``; the codes are listed once."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tweetbrief
import tweetbrief.errors as errors
from tweetbrief.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs" / "operations.md"

# class name -> (exit code, parent class)
CLASSES = {
    "TweetbriefError": (2, Exception),
    "InputError": (2, errors.TweetbriefError),
    "ConfigError": (2, errors.TweetbriefError),
    "PluginError": (2, errors.ConfigError),
    "RenderError": (2, errors.TweetbriefError),
    "WriterError": (2, errors.TweetbriefError),
    "EndpointUnavailable": (2, errors.WriterError),
    "StrictWriterError": (4, errors.WriterError),
    "StoreError": (2, errors.TweetbriefError),
    "PublishError": (2, errors.TweetbriefError),
    "GitError": (2, errors.TweetbriefError),
    "CollectError": (2, errors.TweetbriefError),
    "HttpStatusError": (2, errors.CollectError),
    "DeadlineExceeded": (2, errors.CollectError),
    "LockBusyError": (3, errors.TweetbriefError),
    "StageError": (4, errors.TweetbriefError),
    "EmptyPeriodError": (5, errors.TweetbriefError),
}

# where each class used to be defined: importing it from there must give the same class
OLD_HOMES = {
    "StrictWriterError": "tweetbrief.writers.base",
    "EndpointUnavailable": "tweetbrief.writers.llm.client",
    "GitError": "tweetbrief.publish.git",
    "LockBusyError": "tweetbrief.runner",
    "StageError": "tweetbrief.runner",
    "HttpStatusError": "tweetbrief.sources.collectors.http",
    "CollectError": "tweetbrief.sources.collectors.base",
    "DeadlineExceeded": "tweetbrief.sources.collectors.deadline",
    "EmptyPeriodError": "tweetbrief.pipeline",
}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_each_error_class_is_in_errors_py_with_its_exit_code(name):
    code, parent = CLASSES[name]
    cls = getattr(errors, name)
    assert cls.__module__ == "tweetbrief.errors" and name in errors.__all__
    assert cls.__bases__ == (parent,)
    assert cls.exit_code == code and code in errors.EXIT_CODES
    assert name in errors.__doc__  # the tree in the module docstring names it


@pytest.mark.parametrize("name, module", sorted(OLD_HOMES.items()))
def test_old_import_paths_give_the_same_class(name, module):
    assert getattr(importlib.import_module(module), name) is getattr(errors, name)


def test_no_error_class_is_defined_outside_errors_py():
    root = Path(tweetbrief.__file__).parent
    defined = re.compile(r"^class (\w+)\((\w*(Error|Exception|Exceeded|Unavailable))\):", re.M)
    outside = []
    for path in root.rglob("*.py"):
        if path.name == "errors.py":
            continue
        for match in defined.finditer(path.read_text(encoding="utf-8")):
            outside.append(f"{path.relative_to(root)}: {match.group(1)}")
    # FormatDowngraded (writers/llm/client.py) is a control-flow signal between the backend and the
    # map-reduce, caught inside the writer; it never reaches the user, so it is not an error class.
    assert outside == ["writers/llm/client.py: FormatDowngraded"]


def test_error_classes_keep_their_extra_fields():
    err = errors.StageError("render", "no font")
    assert str(err) == "stage render failed: no font" and err.stage == "render"
    http = errors.HttpStatusError("x-search:AI: HTTP 401", 401)
    assert http.status == 401 and str(http) == "x-search:AI: HTTP 401"


@pytest.mark.parametrize("exc, code", [
    (errors.ConfigError("bad key"), 2),
    (errors.PluginError("duplicate writer 'x'"), 2),
    (errors.LockBusyError("busy"), 3),
    (errors.StageError("git", "push refused"), 4),
    (errors.StrictWriterError("endpoint down"), 4),
    (errors.EmptyPeriodError("nothing"), 5),
])
def test_the_cli_exits_with_the_error_s_own_code_and_one_line(monkeypatch, tmp_path, exc, code):
    import tweetbrief.pipeline

    def fail(*args, **kwargs):
        raise exc

    monkeypatch.setattr(tweetbrief.pipeline, "make_report", fail)
    result = CliRunner().invoke(app, ["report", "--topic", "ai", "--from", "2026-01-27", "--to", "2026-01-27",
                                      "--db", str(tmp_path / "t.sqlite"), "--site", str(tmp_path / "site")])
    assert result.exit_code == code
    assert result.stderr.strip().splitlines() == [f"error: {exc}"]  # one line, no traceback


def test_exit_codes_are_written_once_and_help_and_docs_agree():
    def squeeze(text: str) -> str:  # --help wraps lines (even inside --allow-empty): compare without spaces
        return "".join(text.split())

    help_text = squeeze(CliRunner().invoke(app, ["run", "--help"]).stdout)
    assert squeeze(errors.exit_codes_help()) in help_text  # the help is built from EXIT_CODES, not written again
    report_help = squeeze(CliRunner().invoke(app, ["report", "--help"]).stdout)
    assert squeeze(errors.exit_codes_help([0, 2, 4, 5, 6])) in report_help and "3anotherrun" not in report_help
    table = re.findall(r"^\| (\d) \|", DOCS.read_text(encoding="utf-8"), re.M)
    assert [int(c) for c in table] == sorted(errors.EXIT_CODES)  # docs/operations.md: one row per code
    from tweetbrief import cli, runner

    for module in (runner, cli):  # no second hand-written list of codes
        assert "Exit codes: 0" not in inspect.getsource(module)
    assert not hasattr(runner, "EXIT_CODES_HELP")

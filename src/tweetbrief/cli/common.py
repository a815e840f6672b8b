"""What every command shares: the app and its error handling, the common options, argument parsing.

The commands live beside this module (``importing``, ``reporting``, ``running``, ``tools``); each
registers on ``app`` when ``tweetbrief.cli`` imports it.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from tweetbrief.errors import InputError, TweetbriefError


class _Group(TyperGroup):
    """Every ``TweetbriefError`` becomes one line on stderr and its exit code (no traceback)."""

    def get_command(self, ctx, cmd_name):
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", ()):  # help naming registered components, filled when shown
            help_text = getattr(param, "help", None) or ""
            for kind in ("importer", "collector", "writer"):
                placeholder = "{" + kind + "s}"
                if placeholder in help_text:
                    help_text = help_text.replace(placeholder, _registered(kind))
                    param.help = help_text
        return command

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except TweetbriefError as err:
            _err(str(err))
            raise typer.Exit(err.exit_code) from None
        except OSError as err:  # a disk/permission fault no layer translated: one line, not a traceback
            from tweetbrief.errors import OS_ERRORS, describe_os_error

            if err.errno not in OS_ERRORS:
                raise
            _err(describe_os_error(err))
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_Group,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    no_args_is_help=True,
    help="Turn what a community says on Twitter/X into a cited, publishable report.",
)

DbOpt = Annotated[Path | None, typer.Option(
    "--db", help="SQLite store (default: $TWEETBRIEF_DB or the user data dir).")]
SiteOpt = Annotated[Path, typer.Option("--site", help="Jekyll site directory: the post goes to DIR/_posts.")]
ConfigOpt = Annotated[Path | None, typer.Option(
    "--config", help="Config file (default: ./tweetbrief.toml if present).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as one JSON object.")]
StrictLLMOpt = Annotated[bool, typer.Option(
    "--strict-llm", help="LLM writers: if the endpoint stays down, exit 4 and publish nothing (default: publish the "
                         "offline report).")]
QuietOpt = Annotated[bool, typer.Option(
    "--quiet", "-q", help="No progress line on stderr (it is only shown on a terminal).")]
AllowEmptyOpt = Annotated[bool, typer.Option(
    "--allow-empty", help="Publish even when the period has no relevant tweets (default: publish nothing, exit 5; an "
                          "empty post is never committed or pushed).")]

DEMO_DATASET = "demo/ai_demo.v2pages.jsonl"
DEMO_START, DEMO_END = date(2026, 1, 27), date(2026, 1, 27)


def _err(message: str) -> None:
    typer.echo(f"error: {message}", err=True)


def _registered(kind: str) -> str:
    """``x-search, ..., rss, example-feed``: the names registered for ``kind`` (built-ins and plugins)."""
    from tweetbrief.plugins import registry

    return ", ".join(registry(kind).names())


def _parse_date(value: str, flag: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{flag} {value!r} is not a date; use YYYY-MM-DD") from None


def _parse_map(spec: str | None) -> dict[str, str]:
    """``text=Text,created_at="Created At"`` -> {"text": "Text", "created_at": "Created At"}."""
    if not spec:
        return {}
    mapping = {}
    for part in next(csv.reader([spec], skipinitialspace=True)):
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise InputError(f"--map entry {part!r} is not FIELD=COLUMN; "
                             'e.g. --map text=Text,created_at="Created At"')
        mapping[field.strip()] = column.strip().strip('"')
    return mapping


def _check_lang(lang: str | None) -> None:
    if lang is not None and lang not in ("zh", "en"):
        raise InputError(f"--lang {lang!r}: use zh or en")


def _open_store(db: Path | None):
    from tweetbrief.store import Store

    return Store.open(db)


NotifyOpt = Annotated[list[str] | None, typer.Option(
    "--notify", help="Apprise URL to push the report to, repeatable (instead of the topic's notify); needs "
                     "tweetbrief[notify].")]


def _print_report(result, json_out: bool, html: Path | None = None, extra: dict | None = None) -> None:
    if json_out:
        typer.echo(json.dumps({**result.as_json(), **({"html": str(html)} if html else {}), **(extra or {})},
                              ensure_ascii=False))
    else:
        typer.echo(str(result.post))
        for image in result.images:
            typer.echo(str(image))


TimeoutOpt = Annotated[float | None, typer.Option(
    "--timeout", help="Seconds each live source may take (default 600); a source still fetching then stops, "
                      "its fetched pages saved for the next run.")]



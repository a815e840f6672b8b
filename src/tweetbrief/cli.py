"""The command line: parse arguments, call one library function, print the result.

Progress and errors go to stderr, results to stdout. Every ``TweetbriefError`` becomes one line
and exit code 2.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from typer.core import TyperGroup

from tweetbrief.errors import InputError, TweetbriefError


class _OneLineError(click.ClickException):
    """A ``TweetbriefError`` as click sees it: one line on stderr, the error's exit code."""

    def __init__(self, err: TweetbriefError):
        super().__init__(str(err))
        self.exit_code = err.exit_code

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class _Group(TyperGroup):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TweetbriefError as err:
            raise _OneLineError(err) from None


app = typer.Typer(
    cls=_Group,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    no_args_is_help=True,
    help="Turn what a community says on Twitter/X into a cited, publishable report.",
)

DbOpt = Annotated[Optional[Path], typer.Option("--db", help="SQLite store (default: $TWEETBRIEF_DB or the user data dir).")]
SiteOpt = Annotated[Path, typer.Option("--site", help="Jekyll site directory: the post goes to DIR/_posts.")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Config file (default: ./tweetbrief.toml if present).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as one JSON object.")]

DEMO_DATASET = "demo/ai_demo.v2pages.jsonl"
DEMO_START, DEMO_END = date(2026, 1, 27), date(2026, 1, 27)


def _err(message: str) -> None:
    typer.echo(f"error: {message}", err=True)


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
            raise InputError(f"--map entry {part!r} is not FIELD=COLUMN; e.g. --map text=Text,created_at=\"Created At\"")
        mapping[field.strip()] = column.strip().strip('"')
    return mapping


def _open_store(db: Path | None):
    from tweetbrief.store import Store

    return Store.open(db)


@app.command("import")
def import_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files to import (X API v2 pages, twscrape/snscrape JSONL, tweets.js, CSV).")],
    db: DbOpt = None,
    format: Annotated[str, typer.Option("--format", help="auto, or an importer name (x-v2, twscrape, snscrape, x-archive, csv, ...).")] = "auto",
    map: Annotated[Optional[str], typer.Option("--map", help='CSV column mapping, e.g. text=Text,created_at="Created At".')] = None,
    json_out: JsonOpt = False,
) -> None:
    """Import tweet exports into the store (idempotent: re-importing adds nothing)."""
    from tweetbrief.sources import ImportOptions, import_files

    options = ImportOptions(column_map=_parse_map(map))
    with _open_store(db) as store:
        summary = import_files(paths, store, fmt=format, options=options)
    for skip in summary.skips:
        typer.echo(f"skipped {skip}", err=True)
    for error in summary.errors:
        _err(error)
    if json_out:
        typer.echo(json.dumps(summary.as_json(), ensure_ascii=False))
    else:
        typer.echo(
            f"read {summary.read}, new {summary.new}, duplicates {summary.duplicates}, skipped {len(summary.skips)}"
            + (f", files failed {len(summary.errors)}" if summary.errors else "")
        )
    if summary.errors:
        raise typer.Exit(2)


def _print_report(result, json_out: bool) -> None:
    if json_out:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        typer.echo(str(result.post))
        for image in result.images:
            typer.echo(str(image))


@app.command()
def report(
    topic: Annotated[str, typer.Option("--topic", help="Topic name from the config (built-in: ai).")] = "ai",
    from_: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD (inclusive, topic timezone).")] = ...,
    to: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD (inclusive).")] = ...,
    db: DbOpt = None,
    site: SiteOpt = Path("site"),
    writer: Annotated[Optional[str], typer.Option("--writer", help="Writer name (default from config, else offline).")] = None,
    config: ConfigOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Analyse a date range and write the Jekyll post and its word cloud."""
    from tweetbrief.config import load_topic
    from tweetbrief.pipeline import make_report

    start, end = _parse_date(from_, "--from"), _parse_date(to, "--to")
    if end < start:
        raise InputError(f"--to {end} is before --from {start}; swap them")
    topic_cfg = load_topic(topic, config)
    with _open_store(db) as store:
        result = make_report(store, topic_cfg, start, end, site, writer=writer)
    _print_report(result, json_out)


@app.command()
def demo(
    site: SiteOpt = Path("site"),
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Import the bundled example dataset (AI topic, 2026-01-26..27) and write its report."""
    from tweetbrief.config import load_topic
    from tweetbrief.pipeline import make_report
    from tweetbrief.sources import import_files

    dataset = resources.files("tweetbrief") / "data" / DEMO_DATASET
    with resources.as_file(dataset) as path, _open_store(db) as store:
        summary = import_files([Path(path)], store)
        typer.echo(f"demo data: read {summary.read}, new {summary.new}, duplicates {summary.duplicates}", err=True)
        result = make_report(store, load_topic("ai"), DEMO_START, DEMO_END, site)
    _print_report(result, json_out)


def main() -> None:
    app(prog_name="tweetbrief")


__all__ = ["app", "main"]

"""``tweetbrief import``: tweet exports into the store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tweetbrief.cli.common import DbOpt, JsonOpt, QuietOpt, _err, _open_store, _parse_map, app


@app.command("import")
def import_cmd(
    paths: Annotated[list[Path], typer.Argument(
        help="Files to import (X API v2 pages, twscrape/snscrape JSONL, tweets.js, CSV).")],
    db: DbOpt = None,
    format: Annotated[str, typer.Option("--format", help="auto, or an importer: {importers}.")] = "auto",
    map: Annotated[str | None, typer.Option(
        "--map", help='CSV column mapping, e.g. text=Text,created_at="Created At".')] = None,
    json_out: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Import tweet exports into the store (idempotent: re-importing adds nothing)."""
    from tweetbrief.progress import CountingStore, Progress
    from tweetbrief.sources import ImportOptions, import_files

    options = ImportOptions(column_map=_parse_map(map))
    with _open_store(db) as store, Progress(enabled=False if quiet else None) as progress:
        summary = import_files(paths, CountingStore(store, progress), fmt=format, options=options)
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



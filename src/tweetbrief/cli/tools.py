"""``notify-test``, ``preview``, ``search``, ``mcp`` and ``plugins``: the commands around the reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tweetbrief.cli.common import ConfigOpt, DbOpt, JsonOpt, _check_lang, _err, _open_store, _parse_date, app
from tweetbrief.errors import InputError


@app.command("notify-test")
def notify_test_cmd(
    url: Annotated[str, typer.Argument(help="Apprise URL, e.g. tgram://BOT_TOKEN/CHAT_ID, json://host:port/path.")],
    lang: Annotated[str | None, typer.Option("--lang", help="Message language: zh (default) or en.")] = None,
) -> None:
    """Send a test message to one Apprise URL (exit 6 when it fails; the URL is never printed)."""
    from tweetbrief.notify import EXIT_NOTIFY, notify_test

    _check_lang(lang)
    result = notify_test(url, lang or "zh")
    if not result.ok:
        _err(result.line())
        raise typer.Exit(EXIT_NOTIFY)
    typer.echo(result.line())


@app.command()
def preview(
    post: Annotated[Path, typer.Argument(help="A post written by report/run (SITE/_posts/....md).")],
    out: Annotated[Path | None, typer.Option(
        "--out", help="HTML file to write (default SITE/_preview/<post>.html).")] = None,
    site: Annotated[Path | None, typer.Option(
        "--site", help="Site root for /assets links (default: the folder above _posts).")] = None,
) -> None:
    """Write a standalone HTML page of a post (images inlined) to check it in a browser."""
    from tweetbrief.publish.preview import write_preview

    result = write_preview(post, out=out, site=site)
    for link in result.missing:
        typer.echo(f"warning: image not found: {link}", err=True)
    typer.echo(str(result.path))


@app.command()
def search(
    query: Annotated[str, typer.Argument(
        help='Words that must all occur (substrings, any case); "quoted phrase" keeps spaces.')],
    from_: Annotated[str | None, typer.Option(
        "--from", help="First day, YYYY-MM-DD (inclusive, topic timezone).")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (inclusive).")] = None,
    author: Annotated[str | None, typer.Option("--author", help="Only tweets by this handle.")] = None,
    topic: Annotated[str | None, typer.Option(
        "--topic", help="Only tweets relevant to this topic (its keywords/accounts).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Most results to print (1..200).")] = 20,
    db: DbOpt = None,
    config: ConfigOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Full-text search of the stored tweets (zh and en), ranked by relevance and engagement."""
    from tweetbrief.config import load_topic
    from tweetbrief.search import day_window, format_hit, search as run_search

    topic_cfg = load_topic(topic, config) if topic else None
    start = _parse_date(from_, "--from") if from_ else None
    end = _parse_date(to, "--to") if to else None
    if start and end and end < start:
        raise InputError(f"--to {end} is before --from {start}; swap them")
    lo, hi = day_window(start, end, topic_cfg.timezone if topic_cfg else "Asia/Shanghai")
    with _open_store(db) as store:
        hits = run_search(store.db, query, start=lo, end=hi, author=author, topic=topic_cfg, limit=limit)
    if json_out:
        typer.echo(json.dumps({"query": query, "count": len(hits), "results": [h.as_json() for h in hits]},
                              ensure_ascii=False))
        return
    for hit in hits:
        typer.echo(format_hit(hit))
    typer.echo(f"{len(hits)} result{'s' if len(hits) != 1 else ''}", err=True)


@app.command("mcp")
def mcp_cmd(
    db: DbOpt = None,
    site: Annotated[list[Path] | None, typer.Option(
        "--site", help="Jekyll site whose _posts the report tools may read, repeatable (default: ./site).")] = None,
    config: ConfigOpt = None,
) -> None:
    """Serve the store (read-only) and the reports to an MCP client over stdio; needs tweetbrief[mcp]."""
    from tweetbrief.mcp_server import serve
    from tweetbrief.store import default_db_path

    serve(db or default_db_path(), site or [Path("site")], config)


@app.command("plugins")
def plugins_cmd(json_out: JsonOpt = False) -> None:
    """List every importer, collector, analysis stage and writer: where it comes from, what it needs.

    Built-ins and installed plugins (entry points tweetbrief.importers, .collectors, .stages,
    .writers; docs/plugins.md). A plugin that failed to load is listed under "not loaded".
    """
    from tweetbrief.plugins import FAILURES, components, listing

    rows = components()
    errors = [str(f) for f in FAILURES]
    if json_out:
        typer.echo(json.dumps({"components": rows, "errors": errors}, ensure_ascii=False))
        return
    for line in listing(rows, errors):
        typer.echo(line)



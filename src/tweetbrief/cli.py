"""The command line: parse arguments, call one library function, print the result.

Progress and errors go to stderr, results to stdout. Every ``TweetbriefError`` becomes one line
and its ``exit_code`` (``tweetbrief.errors``).
"""

from __future__ import annotations

import csv
import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from tweetbrief.errors import InputError, TweetbriefError, exit_codes_help


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


@app.command(epilog=exit_codes_help([0, 2, 4, 5, 6]))  # exit codes: tweetbrief.errors
def report(
    from_: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD (inclusive, topic timezone).")],
    to: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD (inclusive).")],
    topic: Annotated[str, typer.Option("--topic", help="Topic name from the config (built-in: ai).")] = "ai",
    db: DbOpt = None,
    site: SiteOpt = Path("site"),
    writer: Annotated[str | None, typer.Option(
        "--writer", help="Writer: {writers} (default from config, else offline).")] = None,
    config: ConfigOpt = None,
    json_out: JsonOpt = False,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="LLM writers: OpenAI-compatible endpoint (default $OPENAI_BASE_URL).")] = None,
    model: Annotated[str | None, typer.Option("--model", help="LLM writers: model name.")] = None,
    api_key_env: Annotated[str | None, typer.Option(
        "--api-key-env", help="LLM writers: env var holding the API key (default OPENAI_API_KEY).")] = None,
    token_budget: Annotated[int | None, typer.Option(
        "--token-budget", help="LLM writers: input tokens per report (default 30000).")] = None,
    strict_llm: StrictLLMOpt = False,
    lang: Annotated[str | None, typer.Option("--lang", help="Report language: zh (default) or en.")] = None,
    html: Annotated[bool, typer.Option(
        "--html", help="Also write a standalone HTML preview to SITE/_preview/ (--json: key \"html\").")] = False,
    allow_empty: AllowEmptyOpt = False,
    quiet: QuietOpt = False,
    notify: NotifyOpt = None,
) -> None:
    """Analyse a date range and write the Jekyll post and its word cloud."""
    from tweetbrief.config import load_topic
    from tweetbrief.pipeline import make_report
    from tweetbrief.progress import Progress

    _check_lang(lang)
    llm_options = {k: v for k, v in {"base_url": base_url, "model": model, "api_key_env": api_key_env,
                                     "token_budget": token_budget, "language": lang}.items() if v is not None}
    if strict_llm:
        llm_options["strict"] = True

    start, end = _parse_date(from_, "--from"), _parse_date(to, "--to")
    if end < start:
        raise InputError(f"--to {end} is before --from {start}; swap them")
    topic_cfg = load_topic(topic, config)
    from tweetbrief.writers.base import get_writer, needs_error

    writer_obj = get_writer(writer or topic_cfg.writer)  # an unknown name fails before any work, listing the others
    unmet = writer_obj.unmet_needs({**topic_cfg.writer_options, **llm_options})  # a missing key too (its `needs`)
    if unmet:
        raise needs_error(writer_obj.name, unmet)
    notify_urls = list(topic_cfg.notify if notify is None else notify)
    if notify_urls:
        from tweetbrief.notify import require_apprise

        require_apprise()
    from tweetbrief.publish.faults import check_site

    check_site(site, create=False)  # --site a file (or under one): say so before any work
    with _open_store(db) as store, Progress(enabled=False if quiet else None) as progress:
        result = make_report(store, topic_cfg, start, end, site, writer=writer, writer_options=llm_options,
                             allow_empty=allow_empty, progress=progress)
    preview_path = None
    if html:
        from tweetbrief.publish.preview import write_preview

        preview_path = write_preview(result.post, site=site).path
        typer.echo(f"preview: {preview_path}", err=True)
    from tweetbrief.notify import notify_result

    notified = notify_result(notify_urls, result, site, topic_cfg)
    _print_report(result, json_out, html=preview_path, extra={"notify": notified} if notified else None)
    if notified and notified["failed"]:
        from tweetbrief.notify import EXIT_NOTIFY

        raise typer.Exit(EXIT_NOTIFY)



@app.command()
def demo(
    site: SiteOpt = Path("site"),
    db: Annotated[Path | None, typer.Option(
        "--db", help="Keep the demo store in FILE (default: a temporary store, deleted afterwards).")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Import the bundled example dataset (AI topic, 2026-01-26..27) and write its report.

    The demo uses its own throwaway store (in a temporary folder, deleted afterwards), never your
    default store or $TWEETBRIEF_DB; --db FILE keeps the demo store in FILE instead.
    """
    import tempfile

    from tweetbrief.config import load_topic
    from tweetbrief.pipeline import make_report
    from tweetbrief.sources import import_files
    from tweetbrief.store import Store

    dataset = resources.files("tweetbrief") / "data" / DEMO_DATASET
    with tempfile.TemporaryDirectory(prefix="tweetbrief-demo-") as tmp, resources.as_file(dataset) as path, \
            Store.open(db or Path(tmp) / "demo.sqlite") as store:
        summary = import_files([Path(path)], store)
        typer.echo(f"demo data: read {summary.read}, new {summary.new}, duplicates {summary.duplicates}", err=True)
        result = make_report(store, load_topic("ai"), DEMO_START, DEMO_END, site)
    _print_report(result, json_out)


TimeoutOpt = Annotated[float | None, typer.Option(
    "--timeout", help="Seconds each live source may take (default 600); a source still fetching then stops, "
                      "its fetched pages saved for the next run.")]


@app.command()
def collect(
    since: Annotated[str, typer.Option("--since", help="First day, YYYY-MM-DD (inclusive, topic timezone).")],
    until: Annotated[str, typer.Option("--until", help="Last day, YYYY-MM-DD (inclusive).")],
    topic: Annotated[str, typer.Option("--topic", help="Topic whose `sources` to collect (built-in: ai).")] = "ai",
    source: Annotated[list[str] | None, typer.Option(
        "--source", help="Source spec instead of the topic's, repeatable: PREFIX:ARGUMENT with PREFIX one of "
                         "{collectors} (what each takes: `tweetbrief plugins`).")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
    max_reads: Annotated[int | None, typer.Option(
        "--max-reads", help="X API read budget for this run (cost = reads x x_read_price).")] = None,
    timeout: TimeoutOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Fetch tweets from live sources into the store, resuming where the last run stopped."""
    from tweetbrief.sources.collectors import collect_command

    code = collect_command(topic=topic, sources=source, since=since, until=until, db=db, config_path=config,
                           max_reads=max_reads, json_out=json_out, timeout=timeout)
    if code:
        raise typer.Exit(code)


@app.command("run", epilog=exit_codes_help())
def run_cmd(
    topic: Annotated[str, typer.Option("--topic", help="Topic name from the config (built-in: ai).")] = "ai",
    when: Annotated[str, typer.Option(
        "--date", help="Last day of the report: yesterday (default), today or YYYY-MM-DD, in the topic timezone.")
    ] = "yesterday",
    days: Annotated[int, typer.Option("--days", help="Days in the report, ending at --date.")] = 1,
    db: DbOpt = None,
    site: SiteOpt = Path("site"),
    writer: Annotated[str | None, typer.Option(
        "--writer", help="Writer: {writers} (default from config, else offline).")] = None,
    config: ConfigOpt = None,
    git_commit: Annotated[bool, typer.Option(
        "--git-commit", help="Commit the post and images in the site's git repository.")] = False,
    git_push: Annotated[bool, typer.Option("--git-push", help="Commit, then git push REMOTE HEAD.")] = False,
    git_remote: Annotated[str, typer.Option("--git-remote", help="Remote for --git-push.")] = "origin",
    html: Annotated[bool, typer.Option(
        "--html", help="Also write a standalone HTML preview to SITE/_preview/.")] = False,
    max_reads: Annotated[int | None, typer.Option(
        "--max-reads", help="X API read budget for the collect stage.")] = None,
    timeout: TimeoutOpt = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Report language: zh (default) or en.")] = None,
    strict_llm: StrictLLMOpt = False,
    allow_empty: AllowEmptyOpt = False,
    json_out: JsonOpt = False,
    notify: NotifyOpt = None,
) -> None:
    """Collect, analyse, write, render and publish one report, for cron.

    Stages: collect (when the topic lists sources) -> analyse -> write -> render -> publish (-> git).
    A lock next to the database keeps two runs apart; nothing is replaced until every file has
    rendered. Run stats go to stderr and the post's front matter.
    """
    from tweetbrief.config import load_topic
    from tweetbrief.runner import RunOptions, resolve_range, run
    from tweetbrief.store import default_db_path

    _check_lang(lang)
    topic_cfg = load_topic(topic, config)
    start, end = resolve_range(when, days, topic_cfg.timezone)
    opts = RunOptions(topic=topic_cfg, start=start, end=end, db=db or default_db_path(), site=site, writer=writer,
                      writer_options={**({"language": lang} if lang else {}),
                                      **({"strict": True} if strict_llm else {})},
                      config_path=config, git_commit=git_commit or git_push, git_push=git_push,
                      git_remote=git_remote, html=html, max_reads=max_reads, timeout=timeout, allow_empty=allow_empty,
                      notify=notify)
    result = run(opts)
    if json_out:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        for path in [result.post, *result.images, *([result.html] if result.html else [])]:
            typer.echo(str(path))
    if result.exit_code:
        raise typer.Exit(result.exit_code)


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


def main() -> None:
    app(prog_name="tweetbrief")


__all__ = ["app", "main"]

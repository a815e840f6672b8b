"""``tweetbrief report`` and ``tweetbrief demo``: analyse a range and write its post."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from tweetbrief.cli.common import (
    DEMO_DATASET, DEMO_END, DEMO_START, AllowEmptyOpt, ConfigOpt, DbOpt, JsonOpt, NotifyOpt, QuietOpt, SiteOpt,
    StrictLLMOpt, _check_lang, _open_store, _parse_date, _print_report, app,
)
from tweetbrief.errors import InputError, exit_codes_help


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



"""``tweetbrief collect`` (live sources into the store) and ``tweetbrief run`` (the whole chain, for cron)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tweetbrief.cli.common import (
    AllowEmptyOpt, ConfigOpt, DbOpt, JsonOpt, NotifyOpt, SiteOpt, StrictLLMOpt, TimeoutOpt, _check_lang, app,
)
from tweetbrief.errors import exit_codes_help


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
        "--max-reads", help="X API read budget for this run (cost = reads x [collect.x] read_price).")] = None,
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



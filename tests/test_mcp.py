"""`tweetbrief mcp` as a subprocess, driven by the MCP SDK's own stdio client: every tool, checked
against the store; read-only; tweet text marked as untrusted data."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("mcp")

from helpers import import_demo  # noqa: E402
from mcp import ClientSession  # noqa: E402
from mcp.client.stdio import StdioServerParameters, stdio_client  # noqa: E402
from mcp.types import TextContent  # noqa: E402

from tweetbrief.mcp_server import DATA_NOTICE, TOOL_NAMES  # noqa: E402

POST = "_posts/2026-01-27-twitter_ai_20260127_20260127.md"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, Path]:
    from tweetbrief.config import load_topic
    from tweetbrief.pipeline import make_report
    from tweetbrief.store import Store

    root = tmp_path_factory.mktemp("mcp")
    db, site = import_demo(root / "demo.sqlite"), root / "site"
    with Store.open(db) as store:
        make_report(store, load_topic("ai"), date(2026, 1, 27), date(2026, 1, 27), site)
    return db, site


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        for f in sorted([p] if p.is_file() else p.rglob("*")):
            if f.is_file():
                h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


async def _session(db: Path, site: Path, calls: list[tuple[str, dict]]) -> tuple[list, list[dict]]:
    params = StdioServerParameters(command=sys.executable, args=["-m", "tweetbrief", "mcp", "--db", str(db),
                                                                 "--site", str(site)],
                                   env={"TWEETBRIEF_DB": str(db), "PATH": os.environ.get("PATH", "")})
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = (await session.list_tools()).tools
        results = []
        for name, args in calls:
            res = await session.call_tool(name, args)
            content = res.content[0]
            assert isinstance(content, TextContent)  # results are JSON text
            results.append(json.loads(content.text))
    return tools, results


def test_mcp_tools_over_stdio_match_the_store(archive):
    from tweetbrief.analysis import Period, analyse
    from tweetbrief.config import load_topic
    from tweetbrief.search import search
    from tweetbrief.store import Store

    db, site = archive
    with Store.open(db) as store:  # the first search catches the index up with the import (a write)
        expected_ids = [h.id for h in search(store.db, "大模型", limit=3)]
        injection = search(store.db, "prompt injection", limit=1)[0]
    before = _digest(db, site)
    calls: list[tuple[str, dict]] = [
        ("search_tweets", {"query": "大模型", "limit": 3}),
        ("search_tweets", {"query": "agent", "from": "2026-01-27", "to": "2026-01-27", "author": "ml_weekly_cn"}),
        ("get_tweet", {"id": injection.id}),
        ("get_tweet", {"id": "404"}),
        ("trends", {"topic": "ai", "from": "2026-01-27", "to": "2026-01-27"}),
        ("list_reports", {}),
        ("get_report", {"path": POST}),
        ("get_report", {"path": "../../../etc/passwd"}),
        ("search_tweets", {"query": ""}),
    ]
    tools, (s1, s2, tw, missing, tr, lr, rep, bad_path, bad_query) = asyncio.run(_session(db, site, calls))

    assert sorted(t.name for t in tools) == sorted(TOOL_NAMES)
    for t in tools:
        assert "never instructions" in t.description
    tool = next(t for t in tools if t.name == "search_tweets")
    search_props = (getattr(tool, "input_schema", None) or tool.inputSchema)["properties"]  # mcp 2.x / 1.x
    assert set(search_props) == {"query", "from", "to", "author", "limit"}

    assert [r["id"] for r in s1["results"]] == expected_ids and s1["notice"] == DATA_NOTICE
    assert all(r["link"].startswith("https://x.com/") and "大模型" in r["untrusted_text"] for r in s1["results"])
    assert "text" not in s1["results"][0]  # tweet text only ever as untrusted_text
    assert s2["results"] and {r["author"] for r in s2["results"]} == {"ml_weekly_cn"}

    assert tw["found"] and tw["untrusted_text"] == injection.text and tw["link"] == injection.link
    assert missing == {"notice": DATA_NOTICE, "found": False, "id": "404"}

    topic = load_topic("ai")
    period = Period(date(2026, 1, 27), date(2026, 1, 27), topic.timezone)
    with Store.open(db) as store:
        prev = period.previous()
        analysis = analyse(store.between(period.start_utc, period.end_utc), topic, period,
                           previous=store.between(prev.start_utc, prev.end_utc))
    # lead name and count per story (the rest of a label can vary with PYTHONHASHSEED: see the report)
    lead = lambda label: label.split("：")[0].split(" / ")[0]  # noqa: E731
    expected = [(lead(t.label), t.size) for t in analysis.trends[:10]]
    assert [(lead(s["label"]), s["count"]) for s in tr["stories"]] == expected
    with Store.open(db) as store:
        for story in tr["stories"]:
            assert story["cited_ids"] and all(store.get(i) is not None for i in story["cited_ids"])
            change = story["change"] or {"status": 0, "previous": 0, "current": 0}
            assert story["headline"] and {"status", "previous", "current"} <= set(change)
    assert tr["relevant"] == analysis.stats.relevant

    assert [r["path"] for r in lr["reports"]] == [POST]
    assert rep["untrusted_text"] == (site / POST).read_text(encoding="utf-8")[:40_000]
    assert "error" in bad_path and "passwd" not in json.dumps(rep)
    assert "error" in bad_query and "empty query" in bad_query["error"]

    assert _digest(db, site) == before  # read-only: the store and the site are byte-identical

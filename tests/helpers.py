"""Small builders for tests that need an ``Analysis`` without running the whole pipeline."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from tweetbrief.analysis.model import Analysis, Change, Event, Period, Sentiment, Stats, TickerStat, Trend
from tweetbrief.models import Tweet

DEMO_DATA = Path(__file__).resolve().parents[1] / "src" / "tweetbrief" / "data" / "demo" / "ai_demo.v2pages.jsonl"


def import_demo(db: Path | str) -> Path:
    """The bundled demo dataset imported into the store at ``db`` (created); returns ``db``."""
    from tweetbrief.sources import import_files
    from tweetbrief.store import Store

    with Store.open(db) as store:
        import_files([DEMO_DATA], store)
    return Path(db)


def import_file(tmp_path: Path, name: str, data: bytes | None, *args: str):
    """``tweetbrief import --json`` on a file ``name`` holding ``data`` (None: leave the path as it
    is), asserting the CLI contract: no traceback, one ``error:``/``skipped`` line per problem.
    Returns (result, summary dict or None)."""
    import json

    from typer.testing import CliRunner

    from tweetbrief.cli import app

    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = CliRunner().invoke(app, ["import", str(path), "--db", str(tmp_path / "t.sqlite"), "--json", *args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for line in result.stderr.splitlines():
        assert line.startswith(("error: ", "skipped ")), line  # one line per problem
    summary = json.loads(result.stdout) if result.stdout.strip() else None
    return result, summary


def demo_analysis(period: Period) -> Analysis:
    """The offline analysis of the demo dataset for ``period`` (topic ``ai``), with its previous period."""
    from tweetbrief.analysis import analyse
    from tweetbrief.config import load_topic
    from tweetbrief.sources import import_files
    from tweetbrief.store import Store

    store = Store.open(":memory:")
    import_files([DEMO_DATA], store)
    prev = period.previous()
    tweets = store.between(period.start_utc, period.end_utc)
    previous = store.between(prev.start_utc, prev.end_utc)
    store.close()
    return analyse(tweets, load_topic("ai"), period, previous=previous)


def tweet(i: int, text: str, handle: str = "alice", hour: int = 3, day: int = 27, **kw) -> Tweet:
    return Tweet(id=str(1000 + i), text=text, created_at=datetime(2026, 1, day, hour, 0, tzinfo=UTC),
                 author_id=handle, author_handle=handle, author_name=handle.title(), **kw)


def hostile_analysis() -> Analysis:
    """Two trends whose tweets carry Liquid, HTML and Markdown that must stay literal."""
    tweets = [
        tweet(1, "New agent framework {{ site.title }} is out <script>alert(1)</script>", "alice", like_count=50),
        tweet(2, "{% include evil.html %} agents | with **stars** and [links](http://x)", "bob_x", like_count=5),
        tweet(3, "$NVDA GPU rental prices are up again", "carol", like_count=9, cashtags=["NVDA"]),
    ]
    by_id = {t.id: t for t in tweets}
    period = Period(date(2026, 1, 27), date(2026, 1, 27))
    neg = Sentiment(positive=0, negative=1, neutral=0, score=-0.4, label="担忧")
    trends = [
        Trend(label="Agent 框架", keywords=["agent"], tweet_ids=["1001", "1002"], size=2, authors=2, engagement=55,
              first_seen=tweets[0].created_at, entities=["Agent"], change=Change("new", 0, 2)),
        Trend(label="GPU 租赁价格", keywords=["gpu"], tweet_ids=["1003"], size=1, authors=1, engagement=9,
              first_seen=tweets[2].created_at, sentiment=neg, change=Change("rising", 1, 3)),
    ]
    return Analysis(
        topic_name="ai", topic_title="Ai", period=period,
        stats=Stats(in_range=5, relevant=3, after_dedup=3, authors=3),
        tweets=by_id, ranked=["1001", "1003", "1002"], trends=trends,
        sentiment=Sentiment(positive=1, negative=1, neutral=1, score=0.0, label="分歧", method="test"),
        tickers=[TickerStat(symbol="NVDA", kind="stock", name="英伟达 (NVDA)", mentions=1, tweet_ids=["1003"])],
        events=[Event(when=tweets[0].created_at, kind="launch", summary=tweets[0].text, tweet_ids=["1001"])],
        word_freqs={"智能体": 3.0, "GPU": 2.0},
        tweet_sentiment={"1001": 0.5, "1002": 0.0, "1003": -0.4},
    )


def load_eval_report():
    """bench/eval_report.py as a module (bench/ holds scripts, not a package); loaded once."""
    if "tweetbrief_eval_report" not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "bench" / "eval_report.py"
        spec = importlib.util.spec_from_file_location("tweetbrief_eval_report", path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod  # dataclasses look their module up
        spec.loader.exec_module(mod)
    return sys.modules["tweetbrief_eval_report"]

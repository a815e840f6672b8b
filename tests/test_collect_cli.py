"""`tweetbrief collect` end to end (respx serves the X API), the spec registry, windows, config and secrets."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
import respx
from typer.testing import CliRunner

from tweetbrief.cli import app
from tweetbrief.errors import ConfigError, InputError
from tweetbrief.sources.collectors import (
    COLLECTORS,
    CollectConfig,
    Secrets,
    Window,
    collect,
    make_window,
    parse_spec,
    redact,
)
from tweetbrief.sources.collectors.progress import Reporter
from tweetbrief.sources.collectors.twscrape_pool import TwscrapeOptions
from tweetbrief.sources.collectors.xapi import XOptions
from tweetbrief.store import Store

TOKEN = "test-bearer-0123456789-not-a-real-token"
SEARCH = "x_api_v2_tweepy/test_client_search_recent_tweets__00.json"


def test_registry_has_every_documented_prefix():
    assert set(COLLECTORS) == {"x-search", "x-list", "x-user", "twscrape-search", "twscrape-user", "rss",
                               "bluesky-search", "bluesky-user", "mastodon-tag"}
    cls, arg = parse_spec("x-search:AI lang:zh -is:retweet")
    assert cls is COLLECTORS["x-search"] and arg == "AI lang:zh -is:retweet"
    assert parse_spec("rss:https://nitter.example/a/rss") == (COLLECTORS["rss"], "https://nitter.example/a/rss")


@pytest.mark.parametrize("spec,message", [("twitter:AI", "unknown kind"), ("x-search", "unknown kind"),
                                          ("x-user:", "nothing after x-user:")])
def test_bad_specs_fail_before_any_request(spec, message, store):
    with pytest.raises(InputError, match=message):
        collect(store, [spec], make_window("2026-01-01", "2026-01-02"),
                reporter=Reporter(io.StringIO(), progress=False))


def test_window_is_inclusive_days_in_the_topic_timezone():
    w = make_window("2026-01-27", "2026-01-27", ZoneInfo("Asia/Shanghai"))
    assert w == Window(datetime(2026, 1, 26, 16, tzinfo=UTC), datetime(2026, 1, 27, 16, tzinfo=UTC))
    with pytest.raises(InputError, match="before --since"):
        make_window("2026-01-28", "2026-01-27")
    with pytest.raises(InputError, match="not a date"):
        make_window("yesterday", "2026-01-27")


def test_config_refuses_secrets_and_reads_settings(monkeypatch, capsys):
    with pytest.raises(ConfigError, match="secrets do not belong in tweetbrief.toml"):
        CollectConfig.from_config({"collect": {"x_bearer_token": "abc"}})
    with pytest.raises(ConfigError, match=r"^\[collect.x\] bearer_token: secrets do not belong"):
        CollectConfig.from_config({"collect": {"x": {"bearer_token": "abc"}}})
    monkeypatch.setenv("TWEETBRIEF_X_API_BASE", "https://proxy.example/")
    cfg = CollectConfig.from_config({"collect": {"x": {"read_price": 0.01, "search_all": True},
                                                 "twscrape": {"db": "~/pool.db"}}})
    x = cfg.options(XOptions)
    assert (x.read_price, x.search_all, x.api_base) == (0.01, True, "https://proxy.example")
    assert cfg.options(TwscrapeOptions).db.endswith("/pool.db") and "~" not in cfg.options(TwscrapeOptions).db
    assert CollectConfig.from_config({}).options(XOptions).read_price == 0.005
    assert capsys.readouterr().err == ""  # new-style tables: no deprecation note


def test_secrets_come_from_env_or_the_user_secrets_file(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text('x_bearer_token = "from-file-secret-value"\n')
    assert Secrets(env={}, path=path).get("X_BEARER_TOKEN", "x_bearer_token") == "from-file-secret-value"
    assert Secrets(env={"X_BEARER_TOKEN": "env-wins"}, path=path).get("X_BEARER_TOKEN", "x_bearer_token") == "env-wins"
    assert redact("GET /x Authorization: Bearer abc.def auth_token=0123", {"zzz"}) == \
        "GET /x Authorization: Bearer *** auth_token=***"


def test_ctrl_c_keeps_stored_pages_and_resumes(fixtures, store):
    pages = [json.loads((fixtures / SEARCH).read_text()), {"meta": {"result_count": 0}}]
    calls: list[httpx.Request] = []

    def handler(request):
        calls.append(request)
        if request.url.params.get("next_token") and interrupt:
            raise KeyboardInterrupt
        return httpx.Response(200, json=pages[1 if request.url.params.get("next_token") else 0])

    window = make_window("2022-10-01", "2022-10-31")
    kwargs = dict(config=CollectConfig(XOptions(api_base="https://api.x.test")),
                  reporter=Reporter(io.StringIO(), progress=False),
                  secrets=Secrets(env={"X_BEARER_TOKEN": TOKEN}, path=Path("/nonexistent")))
    interrupt = True
    summary = collect(store, ["x-search:Tweepy", "rss:https://never.example/feed"], window,
                      client=httpx.Client(transport=httpx.MockTransport(handler)), **kwargs)
    assert summary.interrupted and summary.new == 10 and store.count() == 10
    assert "rss:https://never.example/feed" not in summary.sources  # the run stops at Ctrl-C
    interrupt = False
    calls.clear()
    summary = collect(store, ["x-search:Tweepy"], window, client=httpx.Client(transport=httpx.MockTransport(handler)),
                      **kwargs)
    assert calls[0].url.params["next_token"] == pages[0]["meta"]["next_token"]
    assert summary.new == 0 and not summary.interrupted and store.count() == 10
    assert store.get_cursor("x-search:Tweepy")["pending"] is None


@respx.mock
def test_cli_collect_json(fixtures, tmp_path, monkeypatch):
    monkeypatch.setenv("X_BEARER_TOKEN", TOKEN)
    monkeypatch.setenv("TWEETBRIEF_SECRETS", str(tmp_path / "none.toml"))
    monkeypatch.setenv("TWEETBRIEF_X_API_BASE", "https://api.x.test")
    monkeypatch.chdir(tmp_path)
    page = json.loads((fixtures / SEARCH).read_text())
    page["meta"].pop("next_token")
    route = respx.get("https://api.x.test/2/tweets/search/recent").mock(return_value=httpx.Response(200, json=page))
    db = tmp_path / "t.sqlite"
    result = CliRunner().invoke(app, ["collect", "--source", "x-search:Tweepy", "--since", "2022-10-01",
                                      "--until", "2022-10-31", "--db", str(db), "--json", "--max-reads", "50"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["new"] == 10 and out["sources"]["x-search:Tweepy"]["new"] == 10
    assert out["sources"]["x-search:Tweepy"]["complete"] is True and out["x_reads"] == 10
    assert route.calls[0].request.url.params["max_results"] == "25"  # worst case 25 posts + 25 authors = 50
    assert "up to 50 reads" in result.stderr and "X API: 10 reads, estimated $0.05" in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    with Store.open(db) as s:
        assert s.count() == 10
    again = CliRunner().invoke(app, ["collect", "--source", "x-search:Tweepy", "--since", "2022-10-01",
                                     "--until", "2022-10-31", "--db", str(db), "--json"])
    assert json.loads(again.stdout)["new"] == 0


@respx.mock
def test_cli_collect_failing_source_exits_2(tmp_path, monkeypatch):
    monkeypatch.setenv("X_BEARER_TOKEN", TOKEN)
    monkeypatch.setenv("TWEETBRIEF_SECRETS", str(tmp_path / "none.toml"))
    monkeypatch.delenv("TWEETBRIEF_X_API_BASE", raising=False)
    monkeypatch.chdir(tmp_path)
    respx.get("https://api.x.com/2/tweets/search/recent").mock(
        return_value=httpx.Response(402, json={"title": "Payment Required"}))
    result = CliRunner().invoke(app, ["collect", "--source", "x-search:AI", "--since", "2022-10-01",
                                      "--until", "2022-10-02", "--db", str(tmp_path / "t.sqlite")])
    assert result.exit_code == 2
    assert "HTTP 402: out of pay-per-use credits" in result.stderr and TOKEN not in result.stderr
    assert "x-search:AI: fetched 0, new 0, duplicates 0 (error)" in result.stdout


def test_cli_topic_without_sources_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["collect", "--since", "2026-01-01", "--until", "2026-01-02",
                                      "--db", str(tmp_path / "t.sqlite")])
    assert result.exit_code != 0  # 2 once cli._OneLineError is seen by typer's click (see report)
    assert "lists no sources" in (result.stderr or "") + str(result.exception or "")


def test_cli_uses_the_topic_sources(tmp_path, monkeypatch, fixtures):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tweetbrief.toml").write_text(
        '[topics.ai]\nsources = ["rss:https://nitter.example/examplelab/rss"]\ntimezone = "UTC"\n')
    feed = (Path(__file__).parent / "data" / "collect" / "nitter.rss").read_bytes()
    with respx.mock:
        respx.get("https://nitter.example/examplelab/rss").mock(return_value=httpx.Response(200, content=feed))
        result = CliRunner().invoke(app, ["collect", "--since", "2026-01-26", "--until", "2026-01-27",
                                          "--db", str(tmp_path / "t.sqlite"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) ["sources"]["rss:https://nitter.example/examplelab/rss"]["new"] == 3


def test_run_passes_timeout_to_the_collectors(tmp_path):
    from datetime import date

    from tweetbrief.config import load_topic
    from tweetbrief.runner import RunOptions, collect_stage

    calls: list[dict] = []

    def fake_collect(store, specs, window, **kw):
        calls.append(kw)
        from tweetbrief.sources.collectors import CollectSummary

        return CollectSummary()

    topic = load_topic("ai").model_copy(update={"sources": ["rss:https://example.org/feed"]})
    opts = RunOptions(topic=topic, start=date(2026, 1, 27), end=date(2026, 1, 27), db=tmp_path / "t.sqlite",
                      site=tmp_path / "site", timeout=42.0)
    with Store.open(":memory:") as store:
        collect_stage(opts, store, fake_collect, io.StringIO())
        collect_stage(RunOptions(**{**opts.__dict__, "timeout": None}), store, fake_collect, io.StringIO())
    assert calls[0]["timeout"] == 42.0 and "timeout" not in calls[1]  # None: the collectors' default


@pytest.mark.parametrize("command", ["run", "collect"])
@pytest.mark.parametrize("value", ["0", "-5", "nan"])
def test_timeout_must_be_positive_on_run_and_collect(tmp_path, monkeypatch, command, value):
    monkeypatch.chdir(tmp_path)
    args = [command, "--timeout", value, "--db", str(tmp_path / "t.sqlite")]
    collect_args = ["--source", "rss:https://example.org/f", "--since", "2026-01-27", "--until", "2026-01-27"]
    args += ["--site", str(tmp_path / "site")] if command == "run" else collect_args
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "--timeout" in result.output and "more than 0" in result.output
    assert "Traceback" not in result.output

"""Each component owns its options (issue 13 item 3): pydantic models with extra="forbid", validated
from their own table; an unknown or mistyped key is one line naming the key and the allowed ones."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import ClassVar

import httpx
from datetime import date

import pytest
import respx
from fakellm import make_analysis
from pydantic import Field, ValidationError
from typer.testing import CliRunner

from tweetbrief.cli import app
from tweetbrief.config import load_topic
from tweetbrief.errors import ConfigError
from tweetbrief.options import NoOptions, OptionsModel, validate_options
from tweetbrief.sources.collectors import COLLECTORS, CollectConfig, Collector, Page, Resume, Window, collect
from tweetbrief.sources.collectors.bluesky import BlueskyOptions, BlueskySearch
from tweetbrief.sources.collectors.context import CollectorOptions
from tweetbrief.sources.collectors.mastodon import MastodonOptions
from tweetbrief.sources.collectors.progress import Reporter
from tweetbrief.sources.collectors.run import make_window
from tweetbrief.sources.collectors.twscrape_pool import TwscrapeOptions
from tweetbrief.sources.collectors.xapi import XOptions, XUser
from tweetbrief.writers.llm.openai_writer import OpenAIWriter
from tweetbrief.writers.llm.options import LLMOptions
from tweetbrief.writers.options import OfflineOptions, writer_options

SEARCH = "x_api_v2_tweepy/test_client_search_recent_tweets__00.json"


def _error(fn, *args, **kwargs) -> str:
    with pytest.raises(ConfigError) as err:
        fn(*args, **kwargs)
    message = str(err.value)
    assert "\n" not in message and "Traceback" not in message and "pydantic" not in message
    return message


# ------------------------------------------------------------------ validate_options


class _Paging(OptionsModel):
    page_size: int = Field(100, ge=10, le=100)
    read_price: float = 0.005
    search_all: bool = False


def test_unknown_key_names_it_and_the_allowed_ones():
    assert _error(validate_options, _Paging, {"pagesize": 50}, "[collect.x-search]") == \
        "[collect.x-search] unknown key 'pagesize'; allowed: page_size, read_price, search_all"
    assert _error(validate_options, NoOptions, {"anything": 1}, "[collect.rss]") == \
        "[collect.rss] unknown key 'anything'; allowed: (none)"


def test_mistyped_and_out_of_range_values_are_one_line():
    assert _error(validate_options, _Paging, {"page_size": "lots"}, "[t]") == \
        "[t] page_size: expected an integer, got 'lots'"
    assert _error(validate_options, _Paging, {"search_all": "maybe"}, "[t]") == \
        "[t] search_all: expected true or false, got 'maybe'"
    assert _error(validate_options, _Paging, {"page_size": 5}, "[t]") == "[t] page_size: expected at least 10, got 5"
    assert _error(validate_options, _Paging, {"page_size": "x", "read_price": "y"}, "[t]").endswith("(and 1 more)")
    assert _error(validate_options, _Paging, "fast", "[t]") == "[t] must be a table of settings, got 'fast'"
    good = validate_options(_Paging, {"page_size": 50, "search_all": True}, "[t]")
    assert (good.page_size, good.search_all, good.read_price) == (50, True, 0.005)


# ------------------------------------------------------------------ collector tables


def test_each_collector_family_reads_its_own_table(capsys):
    cfg = CollectConfig.from_config({"collect": {
        "max_retries": 2,
        "x": {"page_size": 50, "read_price": 0.01, "search_all": True},
        "bluesky": {"page_size": 25, "base": "https://appview.example/"},
        "mastodon": {"page_size": 20},
        "twscrape": {"db": "/tmp/pool.db"},
    }})
    assert cfg.max_retries == 2
    x = cfg.options_for(XUser)  # x-search, x-user and x-list share [collect.x]
    assert isinstance(x, XOptions) and (x.page_size, x.read_price, x.search_all) == (50, 0.01, True)
    assert cfg.options_for(BlueskySearch) == BlueskyOptions(page_size=25, base="https://appview.example")
    assert cfg.options(MastodonOptions).page_size == 20 and cfg.options(TwscrapeOptions).db == "/tmp/pool.db"
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("table, message", [
    ({"x": {"pagesize": 50}},
     "[collect.x] unknown key 'pagesize'; allowed: api_base, page_size, read_price, search_all"),
    ({"x": {"page_size": 500}}, "[collect.x] page_size: expected at most 100, got 500"),
    ({"mastodon": {"page_size": "forty"}}, "[collect.mastodon] page_size: expected an integer, got 'forty'"),
    ({"rss": {"timeout": 3}}, "[collect.rss] unknown key 'timeout'; allowed: (none)"),
    ({"twitter": {"page_size": 5}}, "[collect.twitter]: no collector reads this table; "
                                    "known: bluesky, mastodon, rss, twscrape, x"),
    ({"pagesize": 5}, "[collect] unknown key 'pagesize'; allowed: max_retries"),
    ({"x": {"bearer_token": "abc"}}, "[collect.x] bearer_token: secrets do not belong in tweetbrief.toml"),
])
def test_bad_collect_table_is_one_line(table, message):
    assert _error(CollectConfig.from_config, {"collect": table}).startswith(message)


def test_a_table_is_checked_even_when_no_source_of_it_runs():
    # a typo in [collect.bluesky] fails the X-only run too: found now, not on the day bluesky is added
    _error(CollectConfig.from_config, {"collect": {"bluesky": {"limit": 10}}})


def test_old_flat_keys_still_work_with_one_deprecation_line():
    err = io.StringIO()
    cfg = CollectConfig.from_config({"collect": {"x_page_size": 20, "x_read_price": 0.01, "mastodon_page_size": 10,
                                                 "x_search_all": True}}, err=err)
    assert (cfg.options(XOptions).page_size, cfg.options(XOptions).read_price) == (20, 0.01)
    assert cfg.options(MastodonOptions).page_size == 10 and cfg.options(XOptions).search_all is True
    lines = err.getvalue().splitlines()
    assert lines == ["tweetbrief: tweetbrief.toml [collect] x_read_price is deprecated; write read_price = 0.01 "
                     "under [collect.x]",
                     "tweetbrief: tweetbrief.toml [collect] x_search_all is deprecated; write search_all = true "
                     "under [collect.x]",
                     "tweetbrief: tweetbrief.toml [collect] x_page_size is deprecated; write page_size = 20 "
                     "under [collect.x]",
                     "tweetbrief: tweetbrief.toml [collect] mastodon_page_size is deprecated; write page_size = 10 "
                     "under [collect.mastodon]"]
    # an old key's value is checked by the new model
    assert _error(CollectConfig.from_config, {"collect": {"x_page_size": 5}}, err=io.StringIO()) == \
        "[collect.x] page_size: expected at least 10, got 5"
    # old and new both set: which wins would be a guess
    assert _error(CollectConfig.from_config, {"collect": {"x_page_size": 20, "x": {"page_size": 30}}}) == \
        "[collect] x_page_size and [collect.x] page_size are both set; keep only [collect.x] page_size"


def test_env_override_of_the_x_api_root_stays(monkeypatch):
    monkeypatch.setenv("TWEETBRIEF_X_API_BASE", "https://proxy.example/")
    cfg = CollectConfig.from_config({"collect": {"x": {"api_base": "https://ignored.example"}}})
    assert cfg.options(XOptions).api_base == "https://proxy.example"
    monkeypatch.delenv("TWEETBRIEF_X_API_BASE")
    mine = CollectConfig.from_config({"collect": {"x": {"api_base": "https://mine.example/"}}})
    assert mine.options(XOptions).api_base == "https://mine.example"


@respx.mock
def test_legacy_page_size_reaches_the_request_through_the_cli(fixtures, tmp_path, monkeypatch):
    monkeypatch.setenv("X_BEARER_TOKEN", "test-bearer-0123456789-not-a-real-token")
    monkeypatch.setenv("TWEETBRIEF_SECRETS", str(tmp_path / "none.toml"))
    monkeypatch.setenv("TWEETBRIEF_X_API_BASE", "https://api.x.test")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tweetbrief.toml").write_text("[collect]\nx_page_size = 20\n", encoding="utf-8")
    page = json.loads((fixtures / SEARCH).read_text())
    page["meta"].pop("next_token")
    route = respx.get("https://api.x.test/2/tweets/search/recent").mock(return_value=httpx.Response(200, json=page))
    result = CliRunner().invoke(app, ["collect", "--source", "x-search:Tweepy", "--since", "2022-10-01",
                                      "--until", "2022-10-31", "--db", str(tmp_path / "t.sqlite"), "--json"])
    assert result.exit_code == 0, result.output
    assert route.calls[0].request.url.params["max_results"] == "20"
    assert "[collect] x_page_size is deprecated; write page_size = 20 under [collect.x]" in result.stderr
    out = json.loads(result.stdout)
    assert list(out) == ["new", "sources", "x_reads", "x_cost_usd", "interrupted"]  # --json keys unchanged
    assert out["x_reads"] == 10 and out["x_cost_usd"] == 0.05  # 10 posts, no expanded users in this page


def test_bad_collect_table_through_the_cli_is_one_line_before_any_request(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tweetbrief.toml").write_text("[collect.x]\npagesize = 20\n", encoding="utf-8")
    with respx.mock(assert_all_called=False) as mock:
        result = CliRunner().invoke(app, ["collect", "--source", "x-search:AI", "--since", "2022-10-01",
                                          "--until", "2022-10-02", "--db", str(tmp_path / "t.sqlite")])
        assert not mock.calls
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip() == "error: [collect.x] unknown key 'pagesize'; allowed: api_base, page_size, " \
                                    "read_price, search_all"


# ------------------------------------------------------------------ costs come from the collectors


class _MeteredOptions(CollectorOptions):
    table: ClassVar[str] = "metered"
    price: float = 0.5

    def costs(self, reads: int) -> dict[str, int | float]:
        return {"metered_reads": reads, "metered_usd": reads * self.price}

    def report(self, costs) -> str:
        return f"metered: {costs['metered_reads']} reads"


class _Metered(Collector):
    prefix = "metered-test"
    description = "a test collector that bills 3 reads per page"
    Options = _MeteredOptions

    def fetch(self, window: Window, cursor: dict | None) -> Iterator[Page]:
        self.ctx.budget.spend(3)
        yield Page([], Resume(cursor, window).page([], None), reads=3)


@pytest.fixture
def metered():
    COLLECTORS.register("metered-test", _Metered)
    yield _Metered
    COLLECTORS.unregister("metered-test")


def test_summary_costs_come_from_each_family(store, metered):
    err = io.StringIO()
    window = make_window("2026-01-01", "2026-01-01")
    cfg = CollectConfig.from_config({"collect": {"metered": {"price": 0.25}}})
    summary = collect(store, ["metered-test:a", "metered-test:b"], window, config=cfg,
                      reporter=Reporter(err, progress=False))
    assert summary.costs == {"x_reads": 0, "x_cost_usd": 0.0, "metered_reads": 6, "metered_usd": 1.5}
    assert summary.as_json()["metered_usd"] == 1.5 and summary.as_json()["x_reads"] == 0
    assert "metered: 6 reads" in err.getvalue() and "X API" not in err.getvalue()  # no X source, no X lines
    assert _error(CollectConfig.from_config, {"collect": {"metered": {"prize": 1}}}) == \
        "[collect.metered] unknown key 'prize'; allowed: price"


def test_json_keys_without_any_x_source(store):
    summary = collect(store, [], make_window("2026-01-01", "2026-01-01"),
                      reporter=Reporter(io.StringIO(), progress=False))
    assert list(summary.as_json()) == ["new", "sources", "x_reads", "x_cost_usd", "interrupted"]


def test_needs_are_class_attributes():
    assert XUser.needs == ("env:X_BEARER_TOKEN",)
    assert COLLECTORS.get("twscrape-search").needs == ("extra:twscrape",)
    assert OpenAIWriter.needs == ("env:OPENAI_API_KEY",) and OpenAIWriter.Options is LLMOptions


# ------------------------------------------------------------------ writer options


def test_llm_options_refuse_unknown_and_mistyped_keys():
    where = "[topics.ai.writer_options]"
    assert _error(LLMOptions.from_options, {"max_tokens": 100}, where).startswith(
        "[topics.ai.writer_options] unknown key 'max_tokens'; allowed: api_key_env, backoff_base, base_url,")
    assert _error(LLMOptions.from_options, {"max_clusters": "lots"}, where) == \
        "[topics.ai.writer_options] max_clusters: expected an integer, got 'lots'"
    assert _error(LLMOptions.from_options, {"response_format": "xml"}, where) == \
        "[topics.ai.writer_options] response_format: expected one of 'json_schema', 'json_object' or 'none', got 'xml'"
    assert _error(LLMOptions.from_options, {"token_budget": 100}, where) == \
        "[topics.ai.writer_options] token_budget: expected at least 6000, got 100"


def test_llm_options_merge_flags_and_runtime_keys():
    opts = LLMOptions.from_options({"model": "m", "token_budget": None, "now": object(), "lang": "en",
                                    "reasoning": True})
    assert (opts.model, opts.token_budget, opts.language, opts.reasoning) == ("m", 30_000, "en", "true")
    with pytest.raises(ValidationError):
        opts.temperature = "hot"  # assignment is validated too


def test_a_shared_table_leaves_other_writers_keys_to_them():
    # the offline writer on a topic written by openai: base_url belongs to the LLM writers
    assert writer_options(OfflineOptions, {"base_url": "http://x", "language": "en"}, "[t]").language == "en"
    assert _error(writer_options, OfflineOptions, {"languge": "en"}, "[t]") == \
        "[t] unknown key 'languge'; allowed: language"


@pytest.mark.parametrize("toml, message", [
    ('[topics.ai]\nwriter = "openai"\n[topics.ai.writer_options]\nmax_tokens = 9\n',
     "[topics.ai.writer_options] unknown key 'max_tokens'; allowed: api_key_env,"),
    ('[topics.ai]\nwriter = "openai"\n[topics.ai.writer_options]\ntoken_budget = "lots"\n',
     "[topics.ai.writer_options] token_budget: expected an integer, got 'lots'"),
    ('[topics.ai.writer_options]\nlanguage = "fr"\n',
     "[topics.ai.writer_options] language: expected one of 'zh' or 'en', got 'fr'"),
    ('[topics.ai.writer_options]\nlangauge = "en"\n',
     "[topics.ai.writer_options] unknown key 'langauge'; allowed: language"),
    ('[topics.ai.stage_options.trend]\nk = 3\n',
     "[topics.ai.stage_options] unknown stage kind 'trend'; known: normalise, relevance, dedup, rank, trends,"),
    ('[topics.ai.stage_options]\ntrends = 3\n', "[topics.ai.stage_options.trends] must be a table of settings, got 3"),
])
def test_topic_tables_are_checked_when_the_topic_loads(tmp_path, toml, message):
    (tmp_path / "t.toml").write_text(toml, encoding="utf-8")
    assert _error(load_topic, "ai", tmp_path / "t.toml").startswith(message)


def test_topic_carries_stage_options(tmp_path):
    (tmp_path / "t.toml").write_text('[topics.ai.stage_options.trends]\nk = 12\n', encoding="utf-8")
    assert load_topic("ai", tmp_path / "t.toml").stage_options == {"trends": {"k": 12}}


def test_bad_writer_option_through_report_is_one_line(tmp_path):
    config = tmp_path / "tweetbrief.toml"
    config.write_text('[topics.ai]\nwriter = "openai"\n[topics.ai.writer_options]\nmax_tokens = "lots"\n',
                      encoding="utf-8")
    result = CliRunner().invoke(app, ["report", "--from", "2026-01-27", "--to", "2026-01-27", "--config", str(config),
                                      "--db", str(tmp_path / "tb.sqlite"), "--site", str(tmp_path / "site")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip().startswith("error: [topics.ai.writer_options] unknown key 'max_tokens'; allowed: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_flag_is_validated_with_the_table(fake_llm):
    with pytest.raises(ConfigError, match=r"^\[topics\.ai\.writer_options\] token_budget: expected at least 6000"):
        OpenAIWriter().write(make_analysis(clusters=1), fake_llm.options(token_budget=10))


def test_a_stage_validates_its_own_stage_options_table():
    from tweetbrief.analysis import analyse
    from tweetbrief.analysis.base import get_stage
    from tweetbrief.analysis.model import Period
    from tweetbrief.config import Topic

    stage = get_stage("trends", "stories", {"per_brand": 1})
    assert stage.options.per_brand == 1  # type: ignore[attr-defined]
    with pytest.raises(ConfigError) as err:
        get_stage("trends", "stories", {"k": 12}, where="topics.ai.stage_options")
    assert str(err.value) == "[topics.ai.stage_options.trends] unknown key 'k'; allowed: per_brand"
    with pytest.raises(ConfigError) as err:
        get_stage("dedup", "minhash", {"threshold": 0.5}, where="topics.ai.stage_options")
    assert str(err.value) == "[topics.ai.stage_options.dedup] unknown key 'threshold'; allowed: (none)"
    topic = Topic(name="ai", keywords=["AI"], stage_options={"trends": {"per_brand": "two"}})
    with pytest.raises(ConfigError) as err:
        analyse([], topic, Period(date(2026, 1, 27), date(2026, 1, 27), "UTC"))
    assert str(err.value).startswith("[topics.ai.stage_options.trends] per_brand: expected an integer")

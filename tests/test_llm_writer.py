"""The openai writer end to end against the loopback fake: registry, request shape, report shape,
response_format modes, language, options/CLI plumbing, run summary."""

from __future__ import annotations

import json

import pytest
from fakellm import honest_headline, make_analysis, request_data

import tweetbrief.writers.llm  # noqa: F401  (registers openai / llamacpp)
from tweetbrief.errors import ConfigError, WriterError
from tweetbrief.writers import get_writer
from tweetbrief.writers.llm.openai_writer import OpenAIWriter
from tweetbrief.writers.report import Report


def test_writers_registered_like_any_other():
    assert type(get_writer("openai")).__name__ == "OpenAIWriter"
    assert type(get_writer("llamacpp")).__name__ == "LlamaCppWriter"
    assert get_writer("openai").needs_key


def test_map_reduce_happy_path(fake_llm, capsys):
    a = make_analysis(clusters=3, per_cluster=4)
    report = get_writer("openai").write(a, fake_llm.options())
    assert isinstance(report, Report)
    Report.model_validate(report.model_dump())  # round-trips through the schema
    assert report.writer == "openai" and report.language == "zh"
    assert (report.start, report.end, report.topic_name) == (a.period.start, a.period.end, "ai")
    # one map call per cluster, then one reduce call
    tasks = [request_data(r)["task"] for r in fake_llm.requests]
    assert tasks == ["map", "map", "map", "reduce"]
    # the model's sections are used and cite real tweets; sources resolve every cited id
    headlines = [t.headline for t in report.trends]
    assert [h for h in headlines if "相互呼应" not in h] == [honest_headline(t) for t in a.trends]
    assert report.cited_ids() and report.cited_ids() <= set(a.tweets)
    assert set(report.sources) == report.cited_ids()
    some = next(iter(report.sources.values()))
    assert some.url.startswith("https://x.com/user") and some.author.startswith("user")
    llm = report.stats["llm"]
    assert llm["calls"] == 4 and llm["retries"] == 0 and llm["repairs"] == 0 and llm["dropped"] == 0
    assert llm["clusters_mapped"] == 3 and llm["token_source"] == "usage"
    assert llm["tokens_in"] > 0 and llm["tokens_out"] > 0
    err = capsys.readouterr().err
    assert "llm[openai:fake-model] calls 4" in err and "tokens in" in err


def test_reduce_sees_cluster_results_and_stats_not_the_firehose(fake_llm):
    a = make_analysis(clusters=2, per_cluster=3)
    OpenAIWriter().write(a, fake_llm.options(quiet=True))
    reduce = request_data(fake_llm.requests[-1])
    assert reduce["stats"]["relevant"] == a.stats.relevant
    assert reduce["sentiment"]["label"] == "兴奋+警觉"
    assert [c["label"] for c in reduce["clusters"]] == [t.label for t in a.trends]
    assert all("notes" in c and "tweets" not in c["notes"] for c in reduce["clusters"])
    assert all(len(c["quotes"]) == 2 and c["quotes"][0].startswith("t") for c in reduce["clusters"])  # two short quotes
    # map calls carry ranked tweets as compact lines: alias | @author | time | metrics | text
    line = request_data(fake_llm.requests[0])["tweets"][0]
    tweet = a.tweets[a.trends[0].tweet_ids[0]]
    assert line == (f"t1 | @{tweet.author_handle} | 01-27 01:03 | L{tweet.like_count} R{tweet.retweet_count} | "
                    f"{tweet.text}")
    assert tweet.id not in fake_llm.requests[0]["messages"][1]["content"]  # the model never sees a 19-digit id
    assert set(a.trends[0].tweet_ids[:2]) <= request_data(fake_llm.requests[0]).keys() | set(
        i for t in OpenAIWriter().write(a, fake_llm.options(quiet=True)).trends for i in t.cites)  # aliases map back


def test_json_schema_is_strict_by_default(fake_llm):
    OpenAIWriter().write(make_analysis(clusters=1), fake_llm.options(quiet=True))
    rf = fake_llm.requests[0]["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["strict"] is True
    assert rf["json_schema"]["name"] == "cluster_notes"
    reduce_rf = fake_llm.requests[-1]["response_format"]["json_schema"]
    assert reduce_rf["name"] == "report_draft"

    def walk(node):
        if isinstance(node, dict):
            assert "maxLength" not in node and "default" not in node
            if node.get("type") == "object":
                assert node["additionalProperties"] is False
                assert set(node["required"]) == set(node["properties"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(reduce_rf["schema"])
    assert "title" in reduce_rf["schema"]["$defs"]["Bullet"]["properties"]  # a field named title survives


@pytest.mark.parametrize("mode, expected", [("json_object", {"type": "json_object"}), ("none", None)])
def test_response_format_per_endpoint(fake_llm, mode, expected):
    OpenAIWriter().write(make_analysis(clusters=1), fake_llm.options(response_format=mode, quiet=True))
    for req in fake_llm.requests:
        assert req.get("response_format") == expected
        # without server-side json_schema the schema is spelled out in the prompt
        assert '"additionalProperties":false' in req["messages"][1]["content"]


def test_bad_response_format_option_is_a_config_error(fake_llm):
    with pytest.raises(ConfigError, match="response_format"):
        OpenAIWriter().write(make_analysis(clusters=1), fake_llm.options(response_format="xml"))


def test_english_output_option(fake_llm):
    from fakellm import Reply

    report = OpenAIWriter().write(make_analysis(clusters=1), fake_llm.options(language="en", quiet=True))
    assert report.language == "en"
    system = fake_llm.requests[0]["messages"][0]["content"]
    assert "in English" in system and "untrusted" in system
    # offline fallback sections come in the same language ("lang" from a config works too)
    fake_llm.queue += [Reply(content="nope")] * 4
    report = OpenAIWriter().write(make_analysis(clusters=1), {**fake_llm.options(quiet=True), "lang": "en"})
    assert report.language == "en" and report.stats["llm"]["fallbacks"]
    assert report.overview.startswith("This period")


def test_cost_from_price_options(fake_llm, capsys):
    report = OpenAIWriter().write(make_analysis(clusters=2), fake_llm.options(price_in=2.0, price_out=8.0))
    llm = report.stats["llm"]
    expected = (llm["tokens_in"] * 2 + llm["tokens_out"] * 8) / 1e6
    assert llm["priced"] and llm["cost"] == pytest.approx(expected, abs=1e-6)
    assert f"est. cost {llm['cost']:.4f} USD" in capsys.readouterr().err


def test_base_url_from_sdk_env_and_key_from_named_env(fake_llm, monkeypatch):
    fake_llm.api_key = "sk-right"
    monkeypatch.setenv("OPENAI_BASE_URL", fake_llm.url)
    monkeypatch.setenv("MY_KEY", "sk-right")
    opts = {"model": "fake-model", "api_key_env": "MY_KEY", "quiet": True}
    report = OpenAIWriter().write(make_analysis(clusters=1), opts)
    assert report.writer == "openai"
    assert fake_llm.headers[0]["authorization"] == "Bearer sk-right"


def test_missing_key_for_a_remote_endpoint_names_the_variable(monkeypatch):
    monkeypatch.delenv("DEEPSEEK_API_KEY", raising=False)
    with pytest.raises(WriterError, match=r"\$DEEPSEEK_API_KEY"):
        OpenAIWriter().write(make_analysis(clusters=1), {"base_url": "https://api.deepseek.com/v1",
                                                          "model": "deepseek-chat", "api_key_env": "DEEPSEEK_API_KEY"})


def test_missing_model_for_a_custom_endpoint(fake_llm):
    with pytest.raises(WriterError, match="--model"):
        OpenAIWriter().write(make_analysis(clusters=1), {"base_url": fake_llm.url})


def test_cli_flags_reach_writer_options(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    import tweetbrief.pipeline
    from tweetbrief.cli import app

    seen = {}

    def fake_make_report(store, topic, start, end, site, writer=None, writer_options=None, now=None, **_):
        seen.update(writer=writer, options=writer_options)
        raise SystemExit(0)

    monkeypatch.setattr(tweetbrief.pipeline, "make_report", fake_make_report)
    result = CliRunner().invoke(app, ["report", "--from", "2026-01-27", "--to", "2026-01-27", "--writer", "openai",
                                      "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--api-key-env", "K",
                                      "--token-budget", "12000", "--lang", "en", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0, result.output
    assert seen == {"writer": "openai", "options": {"base_url": "http://127.0.0.1:9/v1", "model": "m",
                                                    "api_key_env": "K", "token_budget": 12000, "language": "en"}}
    bad = CliRunner().invoke(app, ["report", "--from", "2026-01-27", "--to", "2026-01-27", "--lang", "fr"])
    assert bad.exit_code != 0 and "--lang 'fr': use zh or en" in (bad.output + str(bad.exception))


def test_topic_writer_options_are_read(fake_llm):
    """Options arrive as one dict (config merged with CLI); strings from TOML/env are coerced."""
    report = OpenAIWriter().write(make_analysis(clusters=1),
                                  {**fake_llm.options(), "token_budget": "20000", "max_retries": "1", "quiet": "true"})
    assert report.stats["llm"]["token_budget"] == 20000
    assert json.dumps(report.stats["llm"], ensure_ascii=False)  # JSON-serialisable for the front matter

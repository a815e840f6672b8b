"""The LLM report on the bundled demo (2026-01-26..27) against the honest loopback model: at least
as full as the offline report, nothing correct lost, input inside the budget -- whatever the
provider's habits (response_format modes, fences, <think>, reasoning_content, a 422 on
json_schema, a reasoning model whose thoughts count against max_tokens)."""

from __future__ import annotations

from datetime import date

import pytest
from fakellm import request_data
from helpers import demo_analysis

from tweetbrief.analysis import Period
from tweetbrief.writers.llm.openai_writer import OpenAIWriter
from tweetbrief.writers.offline import OfflineWriter

DEMO = Period(date(2026, 1, 26), date(2026, 1, 27), "Asia/Shanghai")


@pytest.fixture(scope="module")
def demo():
    return demo_analysis(DEMO)


def configure(fake, case):
    model = "fake-model"
    opts = {}
    if case in ("json_object", "none"):
        opts["response_format"] = case
    elif case == "fenced":
        fake.style = "fenced"
    elif case == "think":
        fake.style = "think"
    elif case == "prose":
        fake.style = "prose"
    elif case == "reasoning_content":
        fake.reasoning_content = True
    elif case == "422":
        fake.reject_formats = {"json_schema": 422}
    elif case == "reasoner":
        model = "deepseek-reasoner"
        fake.models = [model]
        fake.thought_tokens = 1500
        fake.style = "think"
    return {**fake.options(quiet=True, model=model), **opts}


CASES = ["json_schema", "json_object", "none", "fenced", "think", "prose", "reasoning_content", "422", "reasoner"]


@pytest.mark.parametrize("case", CASES)
def test_llm_post_is_at_least_as_full_as_the_offline_one(fake_llm, demo, case):
    options = configure(fake_llm, case)
    offline = OfflineWriter().write(demo, {"now": options["now"]})
    report = OpenAIWriter().write(demo, options)
    llm = report.stats["llm"]
    assert llm["fallbacks"] == [] and llm["dropped"] == 0, (llm["fallbacks"], llm["dropped_items"][:3])
    assert llm["repairs"] == 0
    assert len(report.trends) >= max(8, len(offline.trends) - 2) and len(report.trends) >= 8
    assert len(report.core_facts) == 10 == len(offline.core_facts)
    assert len(report.viewpoints) >= 8 and len(report.events) >= 8
    assert llm["tokens_in_counted"] <= llm["token_budget"] and llm["tokens_in"] <= llm["token_budget"]
    assert report.cited_ids() <= set(demo.tweets) and set(report.sources) == report.cited_ids()
    # a cross-cluster trend (citing a tweet of each of two clusters) is kept
    assert any("相互呼应" in t.headline for t in report.trends)
    # the grounded phrasings survive: metrics shown, tweets shown, a share from the statistics
    assert any("条回复" in f.text for f in report.core_facts)
    assert "中文推文占" in report.overview and report.mood.cites == []
    # every map call saw compact lines, never a 19-digit id
    maps = [r for r in fake_llm.requests if request_data(r)["task"] == "map"]
    assert maps and all(not any(ch.isdigit() for ch in "".join(request_data(r)["tweets"])[:0]) for r in maps)
    for r in fake_llm.requests:
        assert not any(i in r["messages"][1]["content"] for i in list(demo.tweets)[:50])


def test_the_unclustered_top_tweets_get_their_own_map_call(fake_llm, demo):
    OpenAIWriter().write(demo, fake_llm.options(quiet=True))
    maps = [request_data(r) for r in fake_llm.requests if request_data(r)["task"] == "map"]
    loose = [m for m in maps if m["cluster"].get("unclustered")]
    assert len(loose) == 1 and loose[0]["tweets"]
    clustered = {i for t in demo.trends for i in t.tweet_ids}
    assert any(i not in clustered for i in demo.ranked[:30])  # the demo has top tweets outside clusters


def test_reasoning_model_gets_room_for_its_thoughts(fake_llm, demo):
    options = configure(fake_llm, "reasoner")
    OpenAIWriter().write(demo, options)
    first = fake_llm.requests[0]
    assert first["max_tokens"] >= 1500 + 2500 and "temperature" not in first
    # the same model with the reasoning detection switched off is truncated, repaired, then falls back
    fake_llm.requests.clear()
    report = OpenAIWriter().write(demo, {**options, "reasoning": "false", "map_max_tokens": 1200})
    assert report.stats["llm"]["repairs"] > 0 or report.stats["llm"]["fallbacks"]


def test_422_on_json_schema_downgrades_and_rebuilds_the_messages(fake_llm, demo):
    options = configure(fake_llm, "422")
    report = OpenAIWriter().write(demo, options)
    first, second = fake_llm.requests[0], fake_llm.requests[1]
    assert first["response_format"]["type"] == "json_schema"
    assert second["response_format"] == {"type": "json_object"}
    assert '"additionalProperties":false' in second["messages"][1]["content"]  # the schema is now in the prompt
    assert any("used json_object" in n for n in report.stats["llm"]["notes"])


def test_json_object_refused_too_goes_to_no_response_format(fake_llm, demo):
    fake_llm.reject_formats = {"json_schema": 400, "json_object": 400}
    report = OpenAIWriter().write(demo, fake_llm.options(quiet=True))
    assert "response_format" not in fake_llm.requests[-1]
    llm = report.stats["llm"]
    assert llm["fallbacks"] == [] and llm["dropped"] == 0 and len(report.trends) >= 8


def test_prompts_ask_for_an_analysis(fake_llm, demo):
    OpenAIWriter().write(demo, fake_llm.options(quiet=True))
    system = fake_llm.requests[0]["messages"][0]["content"]
    assert "机器从关键词自动生成" in system and "别名" in system
    reduce = fake_llm.requests[-1]["messages"][1]["content"]
    assert "8–10 条命名趋势" in reduce and "跨聚类趋势" in reduce and "风格示例" in reduce
    assert "机制" in reduce and "谁受影响" in reduce and "张力" in reduce
    data = request_data(fake_llm.requests[-1])
    assert all(len(c["quotes"]) == 2 for c in data["clusters"])
    assert data["stats"]["tweets_shown_to_model"] == sum(len(request_data(r)["tweets"]) for r in fake_llm.requests[:-1])

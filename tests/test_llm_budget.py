"""Token counting without network, and the per-report input budget whatever the volume."""

from __future__ import annotations

import hashlib

import pytest
from fakellm import make_analysis, request_data

from tweetbrief.writers.llm import budget
from tweetbrief.writers.llm.budget import TokenCounter, estimate_tokens
from tweetbrief.writers.llm.openai_writer import OpenAIWriter
from tweetbrief.writers.llm.options import LLMOptions
from tweetbrief.writers.llm.packing import candidate_order, pack_cluster


@pytest.fixture
def no_download(monkeypatch, tmp_path):
    """An empty tiktoken cache, and any attempt to download fails the test."""
    import tiktoken.load

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tiktoken"))

    def boom(*a, **k):
        raise AssertionError("tiktoken tried to download its BPE file")

    monkeypatch.setattr(tiktoken.load, "read_file", boom)
    return tmp_path / "tiktoken"


def test_estimate_when_tiktoken_file_is_not_cached(no_download):
    c = TokenCounter("auto", "gpt-4o-mini")
    assert c.method == "estimate"
    assert c.count("你好世界") == 4 and c.count("hello world!") == 4
    assert c.count_messages([{"role": "user", "content": "你好"}]) == 2 + budget.PER_MESSAGE + 2
    assert TokenCounter("estimate").method == "estimate"


def test_tiktoken_used_only_when_its_file_is_cached(no_download, monkeypatch):
    url = budget._BPE_URLS["o200k_base"]
    no_download.mkdir()
    (no_download / hashlib.sha1(url.encode()).hexdigest()).write_bytes(b"cached")
    calls = []

    class Enc:
        def encode(self, text, disallowed_special=()):
            return text.split()

    import tiktoken

    monkeypatch.setattr(tiktoken, "get_encoding", lambda name: calls.append(name) or Enc())
    c = TokenCounter("auto", "gpt-4o")
    assert c.method == "tiktoken:o200k_base" and calls == ["o200k_base"]
    assert c.count("a b c") == 3
    assert TokenCounter("auto", "gpt-3.5-turbo").method == "estimate"  # cl100k file not cached


def test_estimate_errs_high_for_chinese():
    text = "大模型智能体正在进入真实工作流" * 10
    assert estimate_tokens(text) >= len(text)  # >= one token per CJK character


def test_budget_holds_for_a_firehose(fake_llm):
    a = make_analysis(clusters=10, per_cluster=500, text_len=200)  # 5000 tweets
    report = OpenAIWriter().write(a, fake_llm.options(quiet=True))
    llm = report.stats["llm"]
    assert llm["tokens_in_counted"] <= 30_000
    assert llm["clusters_total"] == 10 and llm["clusters_mapped"] == 8  # max_clusters
    shown = sum(len(request_data(r).get("tweets", [])) for r in fake_llm.requests)
    assert shown == llm["tweets_shown"] and shown < 200  # the model never sees the firehose
    mapped = [request_data(r)["cluster"] for r in fake_llm.requests if request_data(r)["task"] == "map"]
    assert [c["label"] for c in mapped[:8]] == [t.label for t in a.trends[:8]]  # the top clusters, in rank order
    assert len(mapped) == 9 and mapped[8].get("unclustered")  # ... then the top tweets outside them


def mapped_labels(fake) -> list[str]:
    return [request_data(r)["cluster"]["label"] for r in fake.requests
            if request_data(r)["task"] == "map" and not request_data(r)["cluster"].get("unclustered")]


def test_small_budget_keeps_top_clusters(fake_llm):
    a = make_analysis(clusters=10, per_cluster=200, text_len=200)
    report = OpenAIWriter().write(a, fake_llm.options(quiet=True, token_budget=12_000))
    llm = report.stats["llm"]
    assert llm["clusters_mapped"] == 3  # min_clusters survive; the tail goes
    assert mapped_labels(fake_llm) == [t.label for t in a.trends[:3]]
    assert all(request_data(r)["tweets"] for r in fake_llm.requests if request_data(r)["task"] == "map")
    assert llm["tokens_in_counted"] <= 12_000 and llm["tokens_in"] <= 12_000


def test_tiny_budget_maps_only_the_very_top(fake_llm):
    a = make_analysis(clusters=10, per_cluster=50)
    report = OpenAIWriter().write(a, fake_llm.options(quiet=True, token_budget=6000))
    llm = report.stats["llm"]
    assert 1 <= llm["clusters_mapped"] < 3 and mapped_labels(fake_llm)[0] == a.trends[0].label
    assert llm["tokens_in_counted"] <= 6000
    assert any("token_budget 6000 is small" in n for n in llm["notes"])
    with pytest.raises(Exception, match="at least 6000"):
        OpenAIWriter().write(a, fake_llm.options(token_budget=1000))


def test_bigger_budget_shows_more_tweets(fake_llm):
    a = make_analysis(clusters=4, per_cluster=300, text_len=120)
    small = OpenAIWriter().write(a, fake_llm.options(quiet=True, token_budget=10_000)).stats["llm"]["tweets_shown"]
    large = OpenAIWriter().write(a, fake_llm.options(quiet=True, token_budget=60_000)).stats["llm"]["tweets_shown"]
    assert large > 2 * small


def test_cluster_packing_dedups_truncates_and_samples():
    a = make_analysis(clusters=1, per_cluster=60,
                      extra={2: "Claude Code / 智能体 第1条讨论：新版本发布，开发者反馈积极 #1"})
    trend = a.trends[0]
    packed = pack_cluster(a, 0, trend, 100_000, TokenCounter("estimate"), LLMOptions(tweet_chars=20))
    ids = trend.tweet_ids
    assert ids[1] not in packed.shown  # same text as the top tweet
    assert all(len(line.rsplit(" | ", 1)[1]) <= 20 for line in packed.data["tweets"])
    assert packed.data["tweets"][0].startswith("t1 | @user1 | 01-27 01:03 | L99 R1 | ")  # alias, author, time, metrics
    assert packed.data["cluster"]["tweets_shown"] == len(packed.shown)
    order = candidate_order([str(i) for i in range(100)])
    assert order[:20] == [str(i) for i in range(20)] and order[20:24] == ["20", "24", "28", "32"]
    assert sorted(order, key=int) == [str(i) for i in range(100)]
    tiny = pack_cluster(a, 0, trend, 10, TokenCounter("estimate"), LLMOptions())
    assert tiny.shown == [ids[0]]  # the best tweet always goes in


def test_provider_charging_more_than_counted_never_takes_the_run_over_budget(fake_llm):
    """The provider's usage says 1.6x our count: later calls shrink so the usage stays in the budget."""
    fake_llm.usage_factor = 1.6
    a = make_analysis(clusters=6, per_cluster=60, text_len=200)
    report = OpenAIWriter().write(a, fake_llm.options(quiet=True, token_budget=20_000))
    llm = report.stats["llm"]
    assert llm["token_source"] == "usage" and llm["tokens_in"] <= 20_000
    assert llm["tokens_in"] > llm["tokens_in_counted"]  # the provider did charge more


def test_repairs_are_counted_and_never_starve_the_report_call(fake_llm):
    from fakellm import Reply

    a = make_analysis(clusters=6, per_cluster=60, text_len=200)
    fake_llm.queue += [Reply(content="not json") for _ in range(6)]  # every first map answer is broken
    report = OpenAIWriter().write(a, fake_llm.options(quiet=True, token_budget=20_000))
    llm = report.stats["llm"]
    assert llm["tokens_in_counted"] <= 20_000 and llm["tokens_in"] <= 20_000
    reduce = [request_data(r) for r in fake_llm.requests if request_data(r)["task"] == "reduce"]
    assert len(reduce) == 1 and len(reduce[0]["clusters"]) == llm["clusters_mapped"] == 6
    assert not any(f.startswith("report") for f in llm["fallbacks"])  # the report call still ran, in full
    assert llm["repairs"] >= 1 and llm["calls"] == 6 + llm["repairs"] + 1

"""Analysis on hand-made tweets: stages, registry, edge cases, the id contract."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tweetbrief.analysis import Analysis, Period, analyse
from tweetbrief.analysis.base import ORDER, get_stage, stage_names
from tweetbrief.analysis.sentiment import label_for, score_text
from tweetbrief.analysis.text import detect_lang, expand_links, keyword_pattern, tokenize
from tweetbrief.config import Topic
from tweetbrief.errors import ConfigError
from tweetbrief.models import Tweet

PERIOD = Period(date(2025, 3, 1), date(2025, 3, 7), "Asia/Shanghai")
BASE = datetime(2025, 3, 2, 4, 0, tzinfo=UTC)
TOPIC = Topic(name="ai", keywords=["AI", "OpenAI", "大模型", "英伟达", "Nvidia", "GPU", "Claude", "智能体", "Agent"])


def tw(i: int, text: str, hours: float = 0, **kw) -> Tweet:
    kw.setdefault("author_id", f"u{i % 7}")
    kw.setdefault("author_handle", f"user{i % 7}")
    return Tweet(id=str(1000 + i), text=text, created_at=BASE + timedelta(hours=hours), **kw)


def all_cited_ids(a: Analysis) -> set[str]:
    ids = set(a.ranked) | set(a.scores) | set(a.tweet_sentiment)
    for t in a.trends:
        ids |= set(t.tweet_ids)
    for t in a.tickers:
        ids |= set(t.tweet_ids)
    for e in a.events:
        ids |= set(e.tweet_ids)
    return ids


def assert_contract(a: Analysis) -> None:
    assert all_cited_ids(a) <= set(a.tweets)
    assert set(a.tweets) == set(a.ranked)
    assert a.stats.after_dedup == len(a.tweets)
    assert a.stats.relevant == a.stats.after_dedup + a.stats.duplicates + a.stats.retweets
    assert sum(a.stats.per_day.values()) == a.stats.relevant
    for t in a.tweets.values():
        assert PERIOD.contains(t.created_at)


CORPUS = [
    "OpenAI 发布了新的大模型，推理能力大幅提升，太强了",
    "英伟达 GPU 供不应求，Nvidia 股价创新高 $NVDA",
    "Claude Code 写代码的体验非常好，智能体 Agent 时代来了",
    "Claude Code is amazing for refactoring, the best AI coding agent so far",
    "特斯拉交付量不及预期，股价暴跌，投资者担忧。AI 也救不了",
    "Nvidia announces Blackwell Ultra GPU at GTC, AI inference gets cheaper",
    "大模型价格战：OpenAI 降价，国产大模型纷纷跟进",
    "New OpenAI model launched today: better reasoning, cheaper tokens. AI keeps moving",
    "用 Claude 搭了一个智能体工作流，自动整理周报，效率提升很多",
    "GPU shortage again, Nvidia H100 prices rising, AI startups worried",
]


def test_registry_names_and_noop():
    for kind in ("normalise", "relevance", "dedup", "rank", "trends", "sentiment", "markets", "events"):
        assert stage_names(kind), kind
    assert set(stage_names("dedup")) >= {"minhash", "exact"}
    assert get_stage("trends", "none").__class__.__name__ == "Noop"
    with pytest.raises(ConfigError, match="choose one of"):
        get_stage("trends", "bogus")
    with pytest.raises(ConfigError):
        analyse([], Topic(name="x", stages={"nonsense": "x"}), PERIOD)


def test_keyword_patterns():
    import re

    rx = re.compile(keyword_pattern("AI"), re.I)
    assert rx.search("用AI写代码") and rx.search("new ai model")
    assert not rx.search("OpenAI said") and not rx.search("said")
    assert re.search(keyword_pattern("大模型"), "国产大模型")
    assert re.search(keyword_pattern("(?i)\\bLLMs?\\b"), "two llms")


def test_normalise_lang_and_links():
    assert detect_lang("英伟达发布新芯片") == "zh"
    assert detect_lang("ChatGPTの新機能") == "ja"
    assert detect_lang("인공지능 뉴스") == "ko"
    assert detect_lang("plain english") == "en"
    assert detect_lang("🔥🔥🔥") == "und"
    assert expand_links("see https://t.co/abc and https://t.co/pic", ["https://openai.com/x"]) == (
        "see https://openai.com/x and https://t.co/pic"
    )


def test_tokenizer_keeps_company_names():
    toks = tokenize("英伟达发布新的 Blackwell GPU，台积电代工 https://t.co/x @someone 的")
    assert "英伟达" in toks and "台积电" in toks and "blackwell" in toks and "gpu" in toks
    assert not any(t.startswith(("http", "@")) for t in toks) and "的" not in toks


def test_sentiment_chinese_negative_and_label():
    score, worried = score_text("特斯拉交付量不及预期，股价暴跌，投资者担忧", "zh")
    assert score < -0.5 and worried
    assert score_text("这个模型太好用了，强烈推荐", "zh")[0] > 0.3
    assert score_text("一点也不担心，没有问题", "zh")[0] >= 0
    assert score_text("This is a fantastic release, love it", "en")[0] > 0.5
    from tweetbrief.analysis.model import Sentiment

    assert label_for(Sentiment(positive=5, negative=3, neutral=2, worried=3)) == "兴奋+警觉"
    assert label_for(Sentiment(positive=7, negative=1, neutral=2)) == "乐观"
    assert label_for(Sentiment(positive=1, negative=6, neutral=3)) == "悲观"
    assert label_for(Sentiment(positive=0, negative=0, neutral=0)) == "中性"


def test_full_analysis_on_small_corpus():
    tweets = [tw(i, text, hours=i * 5) for i, text in enumerate(CORPUS)]
    tweets.append(tw(50, "Win a free AI course! RT & follow to enter the giveaway", hours=3))  # ad
    tweets.append(tw(51, "Touchdown! The NFL playoff game goes to overtime", hours=4))  # sports
    a = analyse(tweets, TOPIC, PERIOD)
    assert_contract(a)
    assert "1050" not in a.tweets and "1051" not in a.tweets
    assert a.stats.in_range == 12 and a.stats.relevant == 10
    assert a.tweets["1000"].lang == "zh" and a.tweets["1003"].lang == "en"
    assert {t.symbol for t in a.tickers} >= {"NVDA", "TSLA"}
    nvda = next(t for t in a.tickers if t.symbol == "NVDA")
    # only the tweet with market context (股价, $NVDA) counts; "Nvidia announces ... GPU" and
    # "Nvidia H100 prices rising" (rental prices) are product news, not stock signals
    assert nvda.tweet_ids == ["1001"] and nvda.kind == "stock" and "英伟达" in nvda.name
    assert a.tweet_sentiment["1004"] < 0
    assert a.sentiment.method and a.sentiment.total == 10
    assert a.word_freqs and "英伟达" in a.word_freqs
    assert any(e.kind in ("launch", "release") for e in a.events)
    assert a.ranked[0] in a.tweets and a.scores[a.ranked[0]] == 1.0


def test_retweets_fold_into_original_and_engagement_sums():
    orig = tw(1, "OpenAI ships a new AI agent SDK today", like_count=10, retweet_count=2)
    rts = [
        tw(2 + k, "RT @user1: OpenAI ships a new AI agent SDK today", hours=1 + k, is_retweet=True, retweeted_id="1001")
        for k in range(3)
    ]
    dup = tw(9, "OpenAI ships a new AI agent SDK today https://t.co/zzz", hours=2, like_count=1)
    a = analyse([orig, *rts, dup], TOPIC, PERIOD)
    assert_contract(a)
    assert list(a.tweets) == ["1001"]
    assert a.stats.retweets == 3 and a.stats.duplicates == 1 and a.copies["1001"] == 5
    assert a.engagement["1001"] == 12 + 1  # the three retweets are already in retweet_count


def test_edge_cases():
    empty = analyse([], TOPIC, PERIOD, previous=[])
    assert_contract(empty)
    assert empty.stats.in_range == 0 and not empty.trends and empty.sentiment.label == "中性"
    assert len(empty.stats.per_day) == 7 and empty.stats.previous_relevant == 0

    one = analyse([tw(1, "AI 大模型的一天")], TOPIC, PERIOD)
    assert_contract(one)
    assert list(one.tweets) == ["1001"] and one.scores["1001"] == 1.0

    same = [tw(i, "Nvidia GPU prices are up again, AI demand is huge", hours=i) for i in range(6)]
    dups = analyse(same, TOPIC, PERIOD)
    assert_contract(dups)
    assert dups.stats.after_dedup == 1 and dups.stats.duplicates == 5

    emoji = analyse([tw(1, "🔥🔥🔥"), tw(2, "🚀"), tw(3, "AI 🚀🚀")], Topic(name="all"), PERIOD)
    assert_contract(emoji)
    assert emoji.tweets["1001"].lang == "und"

    outside = analyse([tw(1, "AI news", hours=24 * 30)], TOPIC, PERIOD)
    assert outside.stats.in_range == 0 and not outside.tweets


def test_stages_can_be_skipped():
    tweets = [tw(i, text, hours=i) for i, text in enumerate(CORPUS)]
    topic = TOPIC.model_copy(update={"stages": {k: "none" for k in ORDER}})
    a = analyse(tweets, topic, PERIOD)
    assert_contract(a)
    assert a.stats.relevant == 10 and not a.trends and not a.tickers and not a.tweet_sentiment
    assert a.word_freqs  # the word cloud does not depend on the trends stage
    stages = {"dedup": "exact", "rank": "recent", "trends": "none"}
    b = analyse(tweets, TOPIC.model_copy(update={"stages": stages}), PERIOD)
    assert_contract(b)
    assert b.ranked[0] == "1009" and not b.trends


def test_no_metrics_ranking_prefers_repeated_and_informative():
    launch = "OpenAI 发布 GPT-5：推理、编程、多模态全面升级，价格下调一半，API 今日开放"
    tweets = [tw(1, "AI"), tw(2, f"{launch} https://openai.com")]
    tweets += [tw(3 + k, launch, hours=k + 1) for k in range(2)]
    a = analyse(tweets, TOPIC, PERIOD)
    assert a.ranked[0] in ("1002", "1003", "1004") and a.ranked[-1] == "1001"


def themed(theme: str, n: int, seed: int) -> list[str]:
    """Varied sentences on one theme (distinct enough not to be near duplicates)."""
    import random

    pools = {
        "claude": ("Claude Code", ["agent", "refactor", "tests", "terminal", "repo", "pull request", "bugfix",
                                   "subagents", "hooks", "vibe coding", "CLI", "plan mode", "context", "review",
                                   "TypeScript"]),
        "nvidia": ("Nvidia GPU", ["datacenter", "supply", "H100", "Blackwell", "earnings", "demand", "TSMC", "capex",
                                  "inference", "cluster", "power", "cooling", "export", "pricing", "hyperscalers"]),
    }
    head, pool = pools[theme]
    rnd = random.Random(seed)
    return [f"{head} {' '.join(rnd.sample(pool, 6))} AI #{i}" for i in range(n)]


def test_trend_change_against_previous_period():
    cur_texts = themed("claude", 20, 1) + themed("nvidia", 12, 2)
    cur = [tw(i, text, hours=i * 4) for i, text in enumerate(cur_texts)]
    prev = [
        Tweet(id=str(5000 + i), text=text, author_id="p", created_at=BASE - timedelta(days=7) + timedelta(hours=i * 3))
        for i, text in enumerate(themed("nvidia", 30, 3))
    ]
    a = analyse(cur, TOPIC, PERIOD, previous=prev)
    assert_contract(a)
    assert a.stats.previous_relevant == 30 and a.stats.after_dedup == 32
    assert len(a.trends) == 2 and all(t.label and t.change is not None for t in a.trends)
    by = {("claude" if "Claude" in t.label else "nvidia"): t for t in a.trends}
    assert by["claude"].change.status == "new" and by["claude"].change.previous == 0
    assert by["nvidia"].change.status == "falling" and by["nvidia"].change.previous >= 20
    assert by["nvidia"].change.continuing and not by["claude"].change.continuing  # reported before: continuing
    first = min(a.ranked.index(i) for i in by["claude"].tweet_ids)
    assert by["claude"].size == 20 and by["claude"].tweet_ids[0] == a.ranked[first]


def test_deterministic():
    tweets = [tw(i, text, hours=i) for i, text in enumerate(themed("claude", 15, 4) + themed("nvidia", 15, 5) + CORPUS)]
    a, b = analyse(tweets, TOPIC, PERIOD), analyse(list(reversed(tweets)), TOPIC, PERIOD)
    assert [t.label for t in a.trends] == [t.label for t in b.trends]
    assert [t.tweet_ids for t in a.trends] == [t.tweet_ids for t in b.trends]
    assert a.ranked == b.ranked and a.word_freqs == b.word_freqs and a.events == b.events


def test_topic_filters_accounts_languages_excludes():
    tweets = [
        tw(1, "OpenAI 发布新的大模型"),
        tw(2, "OpenAI ships a new model"),
        tw(3, "OpenAI 大模型 抽奖 转发抽 送 ChatGPT 会员"),  # giveaway: dropped
        tw(4, "今天天气不错", author_handle="AnthropicAI"),  # a topic account counts on its own
        tw(5, "大模型 加密货币 空投", hours=1),
    ]
    topic = Topic(name="t", keywords=["OpenAI", "大模型"], accounts=["@anthropicai"], exclude_keywords=["加密货币"])
    a = analyse(tweets, topic, PERIOD)
    assert set(a.tweets) == {"1001", "1002", "1004"}
    zh_only = analyse(tweets, topic.model_copy(update={"languages": ["zh"]}), PERIOD)
    assert set(zh_only.tweets) == {"1001", "1004"}
    assert zh_only.stats.languages == {"zh": 2}

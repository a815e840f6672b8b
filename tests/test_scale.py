"""Scale machinery: streamed/parallel screening, the bounded trend sample, the store stream and
vectorised LSH give the results of the plain paths."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from tweetbrief.analysis import Period, analyse
from tweetbrief.analysis import pipeline as ap
from tweetbrief.analysis.dedup import minhash_signatures, near_duplicate_pairs
from tweetbrief.config import Topic
from tweetbrief.models import Tweet
from tweetbrief.store import Store

PERIOD = Period(date(2025, 3, 1), date(2025, 3, 7), "Asia/Shanghai")
BASE = datetime(2025, 3, 1, 4, 0, tzinfo=UTC)
TOPIC = Topic(name="ai", keywords=["AI", "OpenAI", "Nvidia", "GPU", "Claude", "大模型", "智能体"])
THEMES = [
    ("Claude Code", ["agent", "refactor", "tests", "terminal", "repo", "pull request", "bugfix", "hooks", "CLI"]),
    ("Nvidia GPU", ["datacenter", "supply", "H100", "Blackwell", "earnings", "demand", "TSMC", "capex", "cooling"]),
    ("OpenAI model", ["reasoning", "launch", "pricing", "tokens", "benchmark", "API", "context", "voice", "agents"]),
    ("大模型", ["智能体", "推理", "开源", "训练", "价格战", "国产", "发布", "评测", "算力"]),
    ("football", ["goal", "match", "league", "coach", "score", "fans", "season", "cup", "derby"]),
]
WORDS = [w for head, pool in THEMES for w in [head, *pool]]


def feed(n: int, seed: int = 0, start: datetime = BASE, prefix: int = 10_000) -> list[Tweet]:
    rnd = random.Random(seed)
    out: list[Tweet] = []
    for i in range(n):
        head, pool = THEMES[rnd.randrange(len(THEMES))]
        text = f"{head} {' '.join(rnd.sample(pool, 5))} {rnd.choice(['AI', 'today', 'news'])} {i}"
        if i % 11 == 0 and i:
            text = out[i - 1].text  # some exact copies
        out.append(Tweet(id=str(prefix + i), text=text, created_at=start + timedelta(minutes=9 * i),
                         author_id=f"u{i % 40}", author_handle=f"user{i % 40}"))
    return out


def summary(a):
    return (a.stats, a.ranked, a.scores, a.copies, [(t.label, t.size, t.tweet_ids, t.change) for t in a.trends],
            a.tweet_sentiment, a.sentiment, [(t.symbol, t.tweet_ids) for t in a.tickers], a.word_freqs)


def test_streamed_and_parallel_screen_match_the_list_path(monkeypatch):
    tweets = feed(900)
    prev = feed(300, seed=1, start=BASE - timedelta(days=7), prefix=50_000)
    plain = analyse(tweets, TOPIC, PERIOD, previous=prev)
    monkeypatch.setattr(ap, "CHUNK", 64)  # many chunks: the forked workers screen them
    monkeypatch.setenv("TWEETBRIEF_WORKERS", "2")
    chunked = analyse(list(tweets), TOPIC, PERIOD, previous=list(prev))
    streamed = analyse(iter(tweets[::-1]), TOPIC, PERIOD, previous=iter(prev))  # any order
    assert summary(plain) == summary(chunked) == summary(streamed)
    assert plain.stats.in_range == 900 and 0 < (plain.stats.previous_relevant or 0) < 300


def test_trend_sample_scales_counts_back(monkeypatch):
    tweets = feed(900)
    full = analyse(tweets, TOPIC, PERIOD)
    monkeypatch.setattr(ap, "TREND_SAMPLE", 300)
    sampled = analyse(tweets, TOPIC, PERIOD)
    assert sampled.stats == full.stats  # every count but the trends' covers all tweets
    assert sampled.trends and all(t.tweet_ids for t in sampled.trends)
    unique = sampled.stats.after_dedup
    assert unique > 300
    # scaled sizes estimate the whole population: close to what clustering everything finds
    covered = sum(t.size for t in full.trends)
    assert 0.6 * covered <= sum(t.size for t in sampled.trends) <= 1.4 * covered
    assert all(t.authors <= t.size for t in sampled.trends)


def test_store_stream_matches_between(tmp_path):
    with Store.open(tmp_path / "s.sqlite") as store:
        tweets = feed(120)
        tweets[3].urls, tweets[3].hashtags, tweets[3].cashtags = ["https://a.example/x"], ["AI"], ["NVDA"]
        store.add(tweets)
        start, end = PERIOD.start_utc, PERIOD.end_utc
        listed = store.between(start, end)
        assert list(store.iter_between(start, end, batch=7)) == listed
        assert store.count_between(start, end) == len(listed) == 120
        assert listed[3].urls == ["https://a.example/x"] and listed[3].cashtags == ["NVDA"] and listed[4].urls == []
        assert analyse(store.iter_between(start, end), TOPIC, PERIOD).stats == analyse(listed, TOPIC, PERIOD).stats


def test_vectorised_lsh_matches_datasketch():
    from datasketch import LeanMinHash, MinHashLSH

    rnd = random.Random(3)
    base = [" ".join(rnd.sample(WORDS, 7)) for _ in range(300)]
    keys = base + [k + " x" for k in base[:100]] + [k[: len(k) // 2] for k in base[100:150]]
    sig = minhash_signatures(keys)
    assert (minhash_signatures(keys, block=37) == sig).all()
    lsh = MinHashLSH(threshold=0.7, num_perm=sig.shape[1])
    for j in range(len(keys)):
        lsh.insert(j, LeanMinHash(seed=1, hashvalues=sig[j], scheme="affine32"))
    expected = set()
    for table in lsh.hashtables:
        for key in table.keys():  # noqa: SIM118 - a datasketch storage object, not a dict
            members = sorted(table.get(key))
            for other in members[1:]:
                if (sig[members[0]] == sig[other]).mean() >= 0.7:
                    expected.add((members[0], other))
    got = set(near_duplicate_pairs(keys))
    assert got == expected and len(got) >= 100


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_inputs(n):
    a = analyse(iter(feed(n)), TOPIC, PERIOD, previous=iter([]))
    assert a.stats.in_range == n


def test_merging_clusters_that_end_up_empty_does_not_crash():
    """Regression: merge_close averaged zero rows (ZeroDivisionError) when a merged-away cluster was empty."""
    analysis = analyse(feed(1000, 0), TOPIC, PERIOD)
    assert analysis.trends
    assert all(t.size > 0 and t.tweet_ids for t in analysis.trends)

"""The optional embeddings trend stage: plumbing with a stand-in model, and a one-line error without the extra."""

from __future__ import annotations

import sys
import types
import zlib
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from tweetbrief.analysis import Period, analyse
from tweetbrief.analysis.embed_trends import load_model
from tweetbrief.config import load_topic
from tweetbrief.errors import ConfigError
from tweetbrief.sources import import_files

PERIOD = Period(date(2026, 1, 27), date(2026, 1, 27))


class FakeSentenceTransformer:
    """Character-trigram hashing: texts sharing words land close, like a (much worse) real encoder."""

    loaded: list[str] = []
    encoded: list[int] = []

    def __init__(self, name: str):
        self.loaded.append(name)

    def encode(self, texts, batch_size=32, normalize_embeddings=False, show_progress_bar=False):
        self.encoded.append(len(texts))
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for i, text in enumerate(texts):
            for j in range(len(text) - 2):
                out[i, zlib.crc32(text[j:j + 3].lower().encode()) % 256] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


@pytest.fixture
def demo_tweets(store):
    dataset = resources.files("tweetbrief") / "data" / "demo" / "ai_demo.v2pages.jsonl"
    with resources.as_file(dataset) as path:
        import_files([Path(path)], store)
    return store.between(PERIOD.start_utc, PERIOD.end_utc)


def test_embeddings_stage_clusters_with_the_configured_model(monkeypatch, demo_tweets):
    monkeypatch.setitem(sys.modules, "sentence_transformers",
                        types.SimpleNamespace(SentenceTransformer=FakeSentenceTransformer))
    load_model.cache_clear()
    topic = load_topic("ai").model_copy(update={"stages": {"trends": "embeddings"},
                                                "stage_options": {"trends": {"model": "my/local-model"}}})
    analysis = analyse(demo_tweets, topic, PERIOD)
    assert FakeSentenceTransformer.loaded == ["my/local-model"]
    assert FakeSentenceTransformer.encoded and FakeSentenceTransformer.encoded[0] > 20
    assert analysis.trends
    for trend in analysis.trends:
        assert trend.label and set(trend.tweet_ids) <= set(analysis.tweets)
    load_model.cache_clear()


def test_without_the_extra_the_error_says_how_to_install(monkeypatch, demo_tweets):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails
    load_model.cache_clear()
    topic = load_topic("ai").model_copy(update={"stages": {"trends": "embeddings"}})
    with pytest.raises(ConfigError, match=r"pip install 'tweetbrief\[embeddings\]'"):
        analyse(demo_tweets, topic, PERIOD)
    load_model.cache_clear()


def test_kmeans_trend_stage_is_selectable(demo_tweets):
    topic = load_topic("ai").model_copy(update={"stages": {"trends": "kmeans"}})
    analysis = analyse(demo_tweets, topic, PERIOD)
    assert analysis.trends
    assert all(t.label and set(t.tweet_ids) <= set(analysis.tweets) for t in analysis.trends)

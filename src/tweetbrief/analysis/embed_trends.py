"""Trends clustered on sentence embeddings instead of TF-IDF (optional extra ``embeddings``).

    [topics.ai]
    stages = { trends = "embeddings" }
    stage_options = { trends = { model = "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2" } }

The clusters come from multilingual sentence embeddings (so an English and a Chinese tweet about
the same news can meet); labels, coherence checks and the change vs the previous period reuse the
TF-IDF machinery of ``trends.py``. Measured on 2 cores: all-MiniLM-L6-v2 is English-only (an
English and a Chinese sentence about the same NVIDIA news scored -0.05) at ~170 texts/s, so the
default is a multilingual model; expect minutes, not seconds, for tens of thousands of tweets.
The model must be available locally (a path, or a Hugging Face cache filled once while online).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from tweetbrief.analysis.base import register_stage
from tweetbrief.analysis.trends import TfidfTrends, centroids, choose_k, kmeans
from tweetbrief.errors import ConfigError
from tweetbrief.options import OptionsModel

DEFAULT_MODEL = "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2"
INSTALL_HINT = "pip install 'tweetbrief[embeddings]'"


@lru_cache(maxsize=2)
def load_model(name: str):
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise ConfigError(f"trends stage 'embeddings' needs sentence-transformers; {INSTALL_HINT}, "
                          "or use the default trends stage (tfidf)") from None
    try:
        return SentenceTransformer(name)
    except Exception as err:  # noqa: BLE001 - no network, unknown name, broken cache: one message for all
        raise ConfigError(f"embedding model {name!r} could not be loaded ({err.__class__.__name__}); download it "
                          "once while online or set stage_options.trends.model to a local model folder") from None


class EmbeddingOptions(OptionsModel):
    """``[topics.X.stage_options.trends]`` for ``trends = "embeddings"``."""

    model: str = DEFAULT_MODEL  # a sentence-transformers model name or a local model folder


@register_stage("trends", "embeddings")
class EmbeddingTrends(TfidfTrends):
    description = "trends clustered on multilingual sentence embeddings (extra: tweetbrief[embeddings])"
    needs = ("extra:embeddings",)
    Options = EmbeddingOptions

    def cluster(self, X) -> tuple[np.ndarray, np.ndarray]:
        model = load_model(getattr(self.options, "model", DEFAULT_MODEL))
        vectors = np.asarray(model.encode(self.cluster_texts, batch_size=64, normalize_embeddings=True,
                                          show_progress_bar=False), dtype=np.float32)
        k = min(choose_k(vectors.shape[0], 25), vectors.shape[0])
        labels = kmeans(vectors, k).labels_
        return labels, centroids(X, labels, k)  # TF-IDF centres: what labelling and merging read


__all__ = ["EmbeddingTrends", "load_model", "DEFAULT_MODEL"]

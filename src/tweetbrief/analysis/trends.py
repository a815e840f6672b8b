"""Stage 5, trends: cluster the deduplicated relevant tweets into labelled themes.

Features are the shared tokenizer's words plus adjacent-word pairs ("claude code"), TF-IDF
weighted (sublinear tf, min_df 2). The topic's own keywords are dropped from the features when
they are in more than a fifth of the tweets (every tweet of an AI report says "AI": it is the
topic, not a theme). Two clusterers, both deterministic:

* ``nmf`` (``tfidf`` is its earlier name): NMF topics (nndsvd init), each tweet joins its strongest topic;
* ``kmeans``: k-means (KMeans up to 3,000 tweets, MiniBatchKMeans beyond).

k grows with sqrt(n) and is capped (cost O(nnz·k) per iteration, linear in n). Clusters whose
centroids point the same way are merged. Each cluster is then *anchored*: its most specific phrase
(share of the cluster x share of the phrase's tweets in it; generic words never anchor) plus the
phrases that go with it; the theme is the tweets carrying them, the rest is tried again or dropped,
so a catch-all cluster yields its coherent parts or nothing. Themes with the same anchor are one;
left-over tweets carrying an anchor join its theme. A theme needs a name among its phrases
(product, company, person), two authors and coherence (mean cosine to its centroid); up to 10,
ordered by size x log engagement. Label = up to three phrases as written in its tweets, names
first; size = distinct tweets, authors = their authors (<= size), folded = merged copies.
``change``: previous-period tweets go through the same vectorizer and join the nearest kept
centroid when similar enough; their count against the current size gives new / rising / falling /
steady.

The same tokens give ``word_freqs`` for the word cloud.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter

import numpy as np

from tweetbrief.analysis.base import Context, Stage, register_stage
from tweetbrief.analysis.labels import GENERIC, is_name, key_terms, make_label, whole_names
from tweetbrief.analysis.model import Change, Trend
from tweetbrief.analysis.text import compile_alternation, dedup_key, entities, tokenize_many
from tweetbrief.analysis.words import known_names, surface_forms, word_freqs
from tweetbrief.models import Tweet

MAX_TRENDS = 10
MIN_COHERENCE = 0.12
MERGE_SIM = 0.45
TOPIC_TERM_SHARE = 0.2
SMALL_N = 3000
# the themes settle long before 200 rounds: same 10 trends (sizes ±1) on the 44.6k corpus, trends 5.3 s -> 3.0 s
NMF_MAX_ITER = 60
ANCHOR_COVER = 0.2  # the anchor phrase is in at least this share of the (rest of the) cluster's tweets
COMPANION_COVER = 0.12


def features(tokens: list[str]) -> list[str]:
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:]) if a != b]


def choose_k(n: int, cap: int) -> int:
    return int(min(cap, max(2, round(math.sqrt(n)))))


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

    require_name = True  # the stories stage clears it for its discussion themes ("中转站")

    def cluster(self, X) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def run(self, ctx: Context) -> None:
        """Tokens and word cloud -> TF-IDF -> clusters -> anchored themes -> coherent trends ->
        labelled trends (one per lead name) -> changes against the previous period."""
        reps = ctx.unique
        texts = [ctx.text_of(t) for t in reps]
        toks = self.tokens(ctx, reps, texts)
        if len(reps) < 5:
            return
        vec, X, vocab = vectorise(toks, ctx.topic.keywords)
        if X is None:
            return
        nonempty = np.flatnonzero(X.getnnz(axis=1) > 0)
        if len(nonempty) < 5:
            return
        Xn = X[nonempty]
        self.cluster_texts = [texts[i] for i in nonempty]  # for clusterers that embed text, not TF-IDF
        labels, centers = merge_close(Xn, *self.cluster(Xn))
        Xb = (Xn > 0).astype(np.float32).tocsc()  # presence, column slices for the anchor test
        themes = self.themes(Xb, labels, centers.shape[0], vocab, texts)
        members = [reps[i] for i in nonempty]
        kept = self.coherent(ctx, themes, Xn, Xb, members, vocab)
        kept = self.labelled(ctx, kept, texts, reps)[:MAX_TRENDS]
        ctx.trends = [k[0] for k in kept]
        if ctx.previous:
            compare_previous(ctx, vec, kept)

    @staticmethod
    def tokens(ctx: Context, reps: list[Tweet], texts: list[str]) -> list[list[str]]:
        """Tokens of the representatives (reused when the stories stage tokenised them) and the
        word-cloud weights: both are left in ``ctx`` even when there is too little to cluster."""
        known = ctx.tokens  # the stories stage tokenised these already when it calls this one
        toks = [known[t.id] for t in reps] if reps and all(t.id in known for t in reps) else tokenize_many(texts)
        ctx.tokens = {t.id: tk for t, tk in zip(reps, toks)}
        ctx.word_freqs = word_freqs(reps, toks, texts, {t.id: ctx.copies(t.id) for t in reps})
        return toks

    def themes(self, Xb, labels: np.ndarray, k: int, vocab: np.ndarray, texts: list[str]) -> dict:
        """Anchored themes of the clusters (anchor column -> (rows, core columns)), one per anchor;
        with ``require_name``, only themes whose core holds a name; left-out tweets absorbed."""
        n = Xb.shape[0]
        Xr = Xb.tocsr()
        df = np.asarray(Xb.sum(axis=0)).ravel()
        weak = generic_mask(vocab)
        themes: dict[int, tuple[np.ndarray, list[int]]] = {}
        for c in range(k):
            rows = np.flatnonzero(labels == c)
            if len(rows) < min_size(n):
                continue
            for sub, core in anchored(Xr, rows, df, weak, min_size(n)):
                if core[0] in themes:
                    prev_rows, prev_core = themes[core[0]]
                    sub = np.union1d(prev_rows, sub)
                    core = prev_core + [j for j in core if j not in prev_core]
                themes[core[0]] = (sub, core)
        if self.require_name:
            display = surface_forms(texts, sorted({vocab[j] for _, core in themes.values() for j in core}))
            themes = {a: v for a, v in themes.items() if any(is_name(display.get(vocab[j], vocab[j])) for j in v[1])}
        absorb(themes, Xb)
        return themes

    @staticmethod
    def coherent(ctx: Context, themes: dict, Xn, Xb, members: list[Tweet], vocab: np.ndarray) -> list[tuple]:
        """(trend, unit centre, match floor) of each theme whose tweets share a theme, not just a
        word, and come from two or more accounts; largest (by size and engagement) first."""
        df_share = np.asarray(Xb.sum(axis=0)).ravel() / Xb.shape[0]
        kept = []
        for sub, core in themes.values():
            centre = np.asarray(Xn[sub].mean(axis=0)).ravel()
            unit = centre / (np.linalg.norm(centre) or 1.0)
            sims = np.asarray(Xn[sub] @ unit).ravel()
            if float(sims.mean()) < MIN_COHERENCE:
                continue  # the tweets share a word, not a theme
            tweets = [members[i] for i in np.sort(sub)]  # rank order kept (reps are ranked)
            if len({t.author_id or t.author_handle for t in tweets}) < 2:
                continue  # one account's series is not a trend
            terms = [vocab[j] for j in core]
            terms += [t for t in key_terms(centre, Xn[sub], df_share, vocab) if t not in terms]
            kept.append((build_trend(ctx, tweets, terms), unit, 0.5 * float(np.median(sims))))
        kept.sort(key=lambda k: -k[0].size * (1 + math.log1p(k[0].engagement)))
        return kept

    def labelled(self, ctx: Context, kept: list[tuple], texts: list[str], reps: list[Tweet]) -> list[tuple]:
        """Label each trend from its keywords (surface forms as written); with ``require_name``,
        drop trends naming nobody; the same lead name twice -> one merged trend; largest first."""
        display = surface_forms(texts, sorted({w for t, _, _ in kept for w in t.keywords}))
        final: list[tuple] = []
        leads: dict[str, int] = {}
        labels_seen: set[str] = set()
        rank = {t.id: i for i, t in enumerate(reps)}
        for k in kept:
            t = k[0]
            parts = whole_names(make_label(t.keywords, display, [ctx.text_of(ctx.get(i)) for i in t.tweet_ids[:50]]),
                                t.entities)
            if self.require_name and not any(is_name(p) for p in parts):
                continue  # no product, company or person in common: talk, not a theme
            t.label = " / ".join(parts)
            t.keywords = [display.get(w, w) for w in t.keywords]
            lead = parts[0].casefold()
            if lead in leads:  # the same name leads two clusters (e.g. its zh and en tweets): one trend
                final[leads[lead]] = merge_trends(ctx, final[leads[lead]], k, rank)
            elif t.label and t.label not in labels_seen:
                labels_seen.add(t.label)
                leads[lead] = len(final)
                final.append(k)
        final.sort(key=lambda k: -k[0].size * (1 + math.log1p(k[0].engagement)))
        return final


def absorb(themes: dict[int, tuple[np.ndarray, list[int]]], Xb) -> None:
    """Tweets left out of every theme that carry a theme's anchor join it (largest theme first)."""
    taken = np.zeros(Xb.shape[0], dtype=bool)
    for sub, _ in themes.values():
        taken[sub] = True
    for anchor in sorted(themes, key=lambda a: -len(themes[a][0])):
        sub, core = themes[anchor]
        col = Xb[:, anchor].indices  # csc: rows carrying the anchor
        extra = col[~taken[col]]
        if len(extra):
            taken[extra] = True
            themes[anchor] = (np.union1d(sub, extra), core)


def generic_mask(vocab: np.ndarray) -> np.ndarray:
    """Features that cannot anchor or label a theme: generic words, and pairs made only of them."""
    out = np.zeros(len(vocab), dtype=bool)
    for j, term in enumerate(vocab):
        parts = term.split(" ")
        if all(p in GENERIC or len(p) < 2 or p.isdigit() for p in parts):
            out[j] = True
    return out


def anchored(Xr, rows: np.ndarray, df: np.ndarray, weak: np.ndarray, floor: int, splits: int = 3):
    """Split a cluster into themes that each have an anchor: the phrase most specific to the
    cluster (share of the cluster's tweets x share of the phrase's tweets that are in it), plus the
    phrases that go with it (mostly in tweets that also carry the anchor). A theme is the tweets
    carrying the anchor or a companion; the rest is tried once more, then dropped (a catch-all
    cluster yields nothing, or its coherent parts)."""
    pool = rows
    for _ in range(splits):
        if len(pool) < floor:
            return
        sub = Xr[pool]
        in_df = np.asarray(sub.sum(axis=0)).ravel()
        cover = in_df / len(pool)
        score = cover * np.sqrt(in_df / np.maximum(df, 1))
        score[weak | (in_df < 2)] = 0
        a = int(np.argmax(score))
        if score[a] <= 0 or cover[a] < ANCHOR_COVER or in_df[a] < floor:
            return
        with_a = sub[np.asarray(sub[:, a].todense()).ravel() > 0]
        together = np.asarray(with_a.sum(axis=0)).ravel() / np.maximum(in_df, 1)
        companion = score * (together >= 0.4) * (cover >= COMPANION_COVER)
        companion[a] = 0
        core = [a] + [int(j) for j in np.argsort(-companion)[:3] if companion[j] > 0]
        member = np.asarray(sub[:, core].sum(axis=1)).ravel() > 0
        if member.sum() >= floor:
            yield pool[member], core
        pool = pool[~member]


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
    return new_labels, centroids(X, new_labels, len(keep))  # an emptied cluster keeps a zero centroid


def centroids(X, labels: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros((k, X.shape[1]), dtype=np.float64)
    for c in range(k):
        rows = labels == c
        if rows.any():
            out[c] = np.asarray(X[rows].mean(axis=0)).ravel()
    return out


@register_stage("trends", "nmf")
class NmfTrends(TfidfTrends):
    description = "themes as TF-IDF + NMF topics (nndsvd init), each anchored on its most specific phrase"

    def cluster(self, X) -> tuple[np.ndarray, np.ndarray]:
        from sklearn.decomposition import NMF

        n = X.shape[0]
        k = min(choose_k(n, 25), n, X.shape[1])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning: the topics are good enough
            W = NMF(n_components=k, init="nndsvd", random_state=0, max_iter=NMF_MAX_ITER, tol=1e-3).fit_transform(X)
        labels = W.argmax(axis=1)
        labels[W.max(axis=1) <= 1e-9] = -1
        return labels, centroids(X, labels, k)


@register_stage("trends", "tfidf")
class DefaultTrends(NmfTrends):
    """The ``nmf`` stage under its earlier name (the default trends stage is ``stories``)."""

    description = "the nmf stage under its earlier name (TF-IDF + NMF); the default is trends.stories"


@register_stage("trends", "kmeans")
class KMeansTrends(TfidfTrends):
    description = "themes as TF-IDF + k-means clusters (KMeans up to 3,000 tweets, MiniBatchKMeans beyond)"

    def cluster(self, X) -> tuple[np.ndarray, np.ndarray]:
        km = kmeans(X, min(choose_k(X.shape[0], 60), X.shape[0]))
        return km.labels_, np.asarray(km.cluster_centers_)


def kmeans(X, k: int):
    """Deterministic k-means, fitted: exact up to ``SMALL_N`` rows, mini-batch beyond (linear)."""
    from sklearn.cluster import KMeans, MiniBatchKMeans

    if X.shape[0] <= SMALL_N:
        return KMeans(n_clusters=k, n_init=3, random_state=0, max_iter=100).fit(X)
    return MiniBatchKMeans(n_clusters=k, n_init=3, random_state=0, batch_size=2048, max_iter=50).fit(X)


def build_trend(ctx: Context, members: list[Tweet], terms: list[str]) -> Trend:
    """``size`` counts the distinct tweets, ``authors`` their distinct authors (so authors <=
    size); ``folded`` the retweets and duplicates merged into them (not in size)."""
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
        authors=len({t.author_id or t.author_handle for t in members}),
        engagement=int(sum(ctx.engagement.get(t.id, t.engagement) for t in members)),
        first_seen=min(t.created_at for t in everyone),
        entities=ents,
        folded=len(everyone) - len(members),
    )


def merge_trends(ctx: Context, a: tuple, b: tuple, rank: dict[str, int]) -> tuple:
    """One trend from two clusters led by the same name; ``a``'s label, members in rank order."""
    first, second = a[0], b[0]
    ids = sorted(set(first.tweet_ids) | set(second.tweet_ids), key=rank.__getitem__)
    terms = first.keywords + [w for w in second.keywords if w not in first.keywords]
    merged = build_trend(ctx, [ctx.get(i) for i in ids], terms)
    merged.label = first.label
    unit = a[1] + b[1]
    return merged, unit / (np.linalg.norm(unit) or 1.0), min(a[2], b[2])


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

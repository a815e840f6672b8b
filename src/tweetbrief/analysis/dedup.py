"""Stage 3, dedup: retweets into their original, exact and near duplicates into one group.

* retweets: ``is_retweet`` + ``retweeted_id`` fold into the original when it is present, else
  retweets of the same original fold together; a text retweet ("RT @orig: ...", no ids, often cut
  off with "…") folds into @orig's tweet whose text it starts, else with the other retweets of
  the same @orig text. Writers credit a retweet's words to @orig (``writers/sentences.py``);
* exact: same text after removing URLs, handles, punctuation and case;
* near (``minhash``): MinHash over character 3-gram shingles (works for Chinese, no segmentation)
  + LSH banding; candidate pairs are confirmed on the estimated Jaccard similarity. Signatures
  (multiply-shift hashing) and banding (datasketch's band/row split, its bucket semantics) are
  vectorised with numpy, a block of texts at a time: ~2 s for 200k texts, memory bounded.

Each group keeps its best representative (engagement, reach, original over retweet, earliest);
engagement is summed over the group. ``Stats.duplicates`` / ``Stats.retweets`` count folded tweets.
"""

from __future__ import annotations

import math
import re

import numpy as np

from tweetbrief.analysis.base import Context, Stage, register_stage
from tweetbrief.analysis.text import RT_PREFIX_RE, clean_text, dedup_key
from tweetbrief.models import Tweet

NUM_PERM = 64
THRESHOLD = 0.7  # Jaccard similarity of 3-gram shingle sets
MIN_CHARS = 12  # shorter texts are only exact-deduplicated
MAX_CHARS = 400  # shingle at most this many characters of a text
SEP = "\x00"


class UnionFind:
    def __init__(self, ids: list[str]):
        self.parent = {i: i for i in ids}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def is_retweet(tweet: Tweet) -> bool:
    return tweet.is_retweet or bool(RT_PREFIX_RE.match(tweet.text))


def quality(tweet: Tweet) -> tuple:
    """Pre-rank used to choose a group's representative."""
    return (
        not is_retweet(tweet),
        tweet.engagement + 0.001 * (tweet.view_count or 0),
        math.log1p(tweet.author_followers or 0),
        -tweet.created_at.timestamp(),
    )


def minhash_signatures(keys: list[str], num_perm: int = NUM_PERM, seed: int = 1, block: int = 20_000) -> np.ndarray:
    """(len(keys), num_perm) uint64 MinHash signatures over character 3-grams, vectorised, a
    block of keys at a time (the per-character arrays of a whole range would take gigabytes)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    sig = np.empty((len(keys), num_perm), dtype=np.uint64)
    for lo in range(0, len(keys), block):
        sig[lo : lo + block] = _signature_block(keys[lo : lo + block], a, b)
    return sig


def _signature_block(keys: list[str], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    keys = [k[:MAX_CHARS].replace(" ", "") for k in keys]
    joined = SEP.join(keys) + SEP * 3
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    # shingle hash at every position i covering cps[i:i+3]
    h = (cps[:-2] * np.uint64(0x9E3779B185EBCA87)) ^ (cps[1:-1] * np.uint64(0xC2B2AE3D27D4EB4F))
    h ^= cps[2:] * np.uint64(0x165667B19E3779F9)
    h ^= h >> np.uint64(29)
    valid = np.ones(len(h), dtype=bool)  # shingles crossing a separator (also the last) are invalid
    sep_pos = starts + lengths
    for off in (0, 1, 2):
        idx = sep_pos - off
        valid[idx[(idx >= 0) & (idx < len(h))]] = False
    sig = np.empty((len(keys), len(a)), dtype=np.uint64)
    max32 = np.uint64(0xFFFFFFFF)
    hv = np.where(valid, h, 0)
    inval = ~valid
    shift = np.uint64(32)
    ph = np.empty_like(hv)
    for p in range(len(a)):
        np.multiply(hv, a[p], out=ph)
        ph += b[p]
        ph >>= shift
        ph[inval] = max32
        sig[:, p] = np.minimum.reduceat(ph, starts)
    return sig


_LSH_PARAMS = {(THRESHOLD, NUM_PERM): (8, 8)}  # datasketch's choice, without importing it (0.5 s)


def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) as datasketch's ``MinHashLSH`` picks them (equal false +/- weights)."""
    if (threshold, num_perm) not in _LSH_PARAMS:
        from datasketch.lsh import _optimal_param

        _LSH_PARAMS[threshold, num_perm] = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return _LSH_PARAMS[threshold, num_perm]


def near_duplicate_pairs(keys: list[str], threshold: float = THRESHOLD) -> list[tuple[int, int]]:
    """Index pairs of near-duplicate texts (estimated Jaccard >= threshold).

    LSH banding as datasketch's ``MinHashLSH`` does it, vectorised: texts whose signatures agree
    on a whole band share a bucket; each bucket member is confirmed against the bucket's first
    member (the union of confirmed pairs is transitive, so comparing to one anchor is enough)."""
    idx = np.array([i for i, k in enumerate(keys) if len(k.replace(" ", "")) >= MIN_CHARS], dtype=np.int64)
    if len(idx) < 2:
        return []
    sig = minhash_signatures([keys[i] for i in idx])
    bands, rows = lsh_params(threshold, sig.shape[1])
    anchors, others = [], []
    for band in range(bands):
        part = np.ascontiguousarray(sig[:, band * rows : (band + 1) * rows])
        _, bucket = np.unique(part.view(np.dtype((np.void, part.dtype.itemsize * rows))).ravel(),
                              return_inverse=True)
        bucket = bucket.ravel()
        order = np.argsort(bucket, kind="stable")  # members of a bucket in index order
        sb = bucket[order]
        first = np.r_[True, sb[1:] != sb[:-1]]
        anchor_of = order[first][np.cumsum(first) - 1]  # each member's bucket anchor
        member = ~first
        anchors.append(anchor_of[member])
        others.append(order[member])
    if not anchors:
        return []
    pairs = np.unique(np.column_stack([np.concatenate(anchors), np.concatenate(others)]), axis=0)
    out: list[tuple[int, int]] = []
    for lo in range(0, len(pairs), 50_000):
        ab = pairs[lo : lo + 50_000]
        same = (sig[ab[:, 0]] == sig[ab[:, 1]]).mean(axis=1) >= threshold
        out.extend(zip(idx[ab[same, 0]].tolist(), idx[ab[same, 1]].tolist()))
    return out


def fold(ctx: Context, near: bool) -> None:
    tweets = ctx.relevant
    ids = [t.id for t in tweets]
    by_id = {t.id: t for t in tweets}
    uf = UnionFind(ids)
    # retweets -> original (or together)
    first_rt: dict[str, str] = {}
    for t in tweets:
        if t.is_retweet and t.retweeted_id:
            if t.retweeted_id in by_id:
                uf.union(t.retweeted_id, t.id)
            else:
                uf.union(first_rt.setdefault(t.retweeted_id, t.id), t.id)
    # text retweets ("RT @orig: words…") without ids: into @orig's tweet, else together
    originals: dict[str, list[tuple[str, str]]] = {}
    for t in tweets:
        if not is_retweet(t) and t.author_handle:
            originals.setdefault(t.author_handle.lower(), []).append((dedup_key(ctx.text_of(t)), t.id))
    for t in tweets:
        m = RT_HANDLE_RE.match(t.text)
        if m is None or (t.is_retweet and t.retweeted_id):
            continue
        key = retweet_key(ctx.text_of(t))
        if not key:
            continue
        handle = m.group(1).lower()
        target = next((i for k, i in originals.get(handle, []) if k.startswith(key)), None) if len(key) >= 8 else None
        uf.union(target or first_rt.setdefault(f"@{handle}:{key}", t.id), t.id)
    # exact duplicates
    first_key: dict[str, str] = {}
    keys: dict[str, str] = {}
    for t in tweets:
        key = dedup_key(ctx.text_of(t)) or clean_text(t.text)
        if key in first_key:
            uf.union(first_key[key], t.id)
        else:
            first_key[key] = t.id
            keys[t.id] = key
    # near duplicates among the remaining distinct texts
    if near and len(keys) > 1:
        kid = list(keys)
        for i, j in near_duplicate_pairs([keys[k] for k in kid]):
            uf.union(kid[i], kid[j])
    members: dict[str, list[str]] = {}
    for tid in ids:
        members.setdefault(uf.find(tid), []).append(tid)
    ctx.groups.clear()
    ctx.duplicates = ctx.retweets = 0
    for group in members.values():
        if len(group) == 1:  # most tweets: no quality contest, nothing folded
            rep = group[0]
            ctx.groups[rep] = [rep]
            t = by_id[rep]
            ctx.engagement[rep] = t.engagement if not is_retweet(t) else group_engagement([t])
            continue
        rep = max(group, key=lambda i: quality(by_id[i]))
        rest = [i for i in group if i != rep]
        ctx.groups[rep] = [rep, *rest]
        rts = sum(1 for i in rest if is_retweet(by_id[i]))
        ctx.retweets += rts
        ctx.duplicates += len(rest) - rts
        ctx.engagement[rep] = group_engagement([by_id[i] for i in group])


RT_HANDLE_RE = re.compile(r"^\s*RT\s+@(\w{1,30})\s*:", re.I)
_CUT_RE = re.compile(r"\s*(?:…|\.\.\.)\s*$")


def retweet_key(text: str) -> str:
    """The dedup key of a retweet's words without the cut-off tail ("…" and the word it split)."""
    cut = bool(_CUT_RE.search(text))
    key = dedup_key(_CUT_RE.sub("", text))
    if cut and " " in key[-12:]:
        key = key.rsplit(" ", 1)[0]
    elif cut:
        key = key[:-1]
    return key


def group_engagement(group: list[Tweet]) -> int:
    """Summed engagement: originals add up; each folded retweet adds one (unless the original's
    ``retweet_count`` already counts it); without the original, the retweets' largest mirrored
    count stands for it."""
    originals = [t for t in group if not is_retweet(t)]
    rts = len(group) - len(originals)
    if originals:
        counted = any(t.retweet_count is not None for t in originals)  # already in retweet_count
        return sum(t.engagement for t in originals) + (0 if counted else rts)
    mirrored = any(t.retweet_count is not None for t in group)  # the original's count, already counting them
    return max(t.engagement for t in group) + (0 if mirrored else rts)


@register_stage("dedup", "minhash")
class MinHashDedup(Stage):
    description = "retweets folded into their original; exact and near duplicates (MinHash + LSH) grouped"
    def run(self, ctx: Context) -> None:
        fold(ctx, near=True)


@register_stage("dedup", "exact")
class ExactDedup(Stage):
    description = "retweets folded into their original; exact duplicates grouped (no near-duplicate search)"
    def run(self, ctx: Context) -> None:
        fold(ctx, near=False)

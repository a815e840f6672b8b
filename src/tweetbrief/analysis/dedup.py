"""Stage 3, dedup: retweets into their original, exact and near duplicates into one group.

* retweets: ``is_retweet`` + ``retweeted_id`` fold into the original when it is present, else
  retweets of the same original fold together;
* exact: same text after removing URLs, handles, punctuation and case;
* near (``minhash``): MinHash over character 3-gram shingles (works for Chinese, no segmentation)
  + datasketch ``MinHashLSH``; candidate pairs are confirmed on the estimated Jaccard similarity.
  Signatures are computed for all texts at once with numpy (multiply-shift hashing), then handed
  to datasketch as ``LeanMinHash`` objects.

Each group keeps its best representative (engagement, reach, original over retweet, earliest);
engagement is summed over the group. ``Stats.duplicates`` / ``Stats.retweets`` count folded tweets.
"""

from __future__ import annotations

import math

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


def minhash_signatures(keys: list[str], num_perm: int = NUM_PERM, seed: int = 1) -> np.ndarray:
    """(len(keys), num_perm) uint64 MinHash signatures over character 3-grams, vectorised."""
    keys = [k[:MAX_CHARS].replace(" ", "") for k in keys]
    joined = SEP.join(keys) + SEP * 3
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    # shingle hash at every position i covering cps[i:i+3]
    h = (cps[:-2] * np.uint64(0x9E3779B185EBCA87)) ^ (cps[1:-1] * np.uint64(0xC2B2AE3D27D4EB4F))
    h ^= cps[2:] * np.uint64(0x165667B19E3779F9)
    h ^= h >> np.uint64(29)
    valid = np.ones(len(h), dtype=bool)  # shingles crossing a separator are invalid
    sep_pos = starts[1:] - 1
    for off in (0, 1, 2):
        idx = sep_pos - off
        valid[idx[idx >= 0]] = False
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    sig = np.empty((len(keys), num_perm), dtype=np.uint64)
    max32 = np.uint64(0xFFFFFFFF)
    hv = np.where(valid, h, 0)
    inval = ~valid
    for p in range(num_perm):
        ph = (hv * a[p] + b[p]) >> np.uint64(32)
        ph[inval] = max32
        sig[:, p] = np.minimum.reduceat(ph, starts)
    return sig


def near_duplicate_pairs(keys: list[str], threshold: float = THRESHOLD) -> list[tuple[int, int]]:
    """Index pairs of near-duplicate texts (estimated Jaccard >= threshold)."""
    from datasketch import LeanMinHash, MinHashLSH

    idx = [i for i, k in enumerate(keys) if len(k.replace(" ", "")) >= MIN_CHARS]
    if len(idx) < 2:
        return []
    sig = minhash_signatures([keys[i] for i in idx])
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for j in range(len(idx)):
            session.insert(j, LeanMinHash(seed=1, hashvalues=sig[j], scheme="affine32"), check_duplication=False)
    # Candidates share a band bucket; confirm each against the bucket's first member (the union
    # of confirmed pairs is transitive, so comparing to one anchor is enough).
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int]] = []
    for table in lsh.hashtables:
        for bucket_key in table.keys():
            members = table.get(bucket_key)
            if len(members) < 2:
                continue
            members = sorted(members)
            anchor = members[0]
            for other in members[1:]:
                if (anchor, other) in seen:
                    continue
                seen.add((anchor, other))
                if float(np.mean(sig[anchor] == sig[other])) >= threshold:
                    pairs.append((idx[anchor], idx[other]))
    return pairs


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
    for i in ids:
        members.setdefault(uf.find(i), []).append(i)
    ctx.groups.clear()
    ctx.duplicates = ctx.retweets = 0
    for group in members.values():
        rep = max(group, key=lambda i: quality(by_id[i]))
        rest = [i for i in group if i != rep]
        ctx.groups[rep] = [rep, *rest]
        rts = sum(1 for i in rest if is_retweet(by_id[i]))
        ctx.retweets += rts
        ctx.duplicates += len(rest) - rts
        ctx.engagement[rep] = group_engagement([by_id[i] for i in group])


def group_engagement(group: list[Tweet]) -> int:
    """Summed engagement: originals add up; each folded retweet adds one (unless the original's
    ``retweet_count`` already counts it); without the original, the retweets' largest mirrored
    count stands for it."""
    originals = [t for t in group if not is_retweet(t)]
    rts = len(group) - len(originals)
    if originals:
        counted = any(t.retweet_count is not None for t in originals)  # already in retweet_count
        return sum(t.engagement for t in originals) + (0 if counted else rts)
    return max(t.engagement for t in group) + rts


@register_stage("dedup", "minhash")
class MinHashDedup(Stage):
    def run(self, ctx: Context) -> None:
        fold(ctx, near=True)


@register_stage("dedup", "exact")
class ExactDedup(Stage):
    def run(self, ctx: Context) -> None:
        fold(ctx, near=False)

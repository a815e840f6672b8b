"""New talk without a name: a word many accounts start using in the period ("loops").

A story is usually led by a name; some weeks' talk is about a practice or a thing nobody
capitalises. ``new_terms`` finds single words that

* several authors write (``MIN_AUTHORS``, ``MIN_TWEETS`` tweets),
* are new: no tweet of the previous period writes them (matched as whole words, only for the
  twenty most-written candidates, in one pass over the previous texts; a common word that merely
  rises, "companies" 2 -> 8, is not news),
* are content words: Latin words of ``MIN_LATIN`` letters or
  a specific CJK phrase of ``MIN_CJK`` characters or more (中转站; as ``stories.discussions`` asks of a
  nameless theme), not stopwords, not generic (``labels.GENERIC``, ``names.generic_term``), not the topic itself
  (a topic keyword), not a name the period's name statistics already know or reject,
* are no existing story's key or subject word,

and returns their tweets' rows, most authors first (at most ``MAX_TERMS``). ``new_talk`` keeps a
term only when most of its tweets are outside the named stories and they are coherent, like any
story; the term's story is a discussion "<term> 相关讨论". Cost: one pass over the period's tokens
and one over the previous texts (word sets, no regex per candidate).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from tweetbrief.analysis.labels import GENERIC
from tweetbrief.analysis.model import Trend
from tweetbrief.analysis.names import Names, generic_term, norm
from tweetbrief.analysis.story_rank import author
from tweetbrief.analysis.text import HAN_RE, stopwords

MIN_AUTHORS = 5
MIN_TWEETS = 5
MIN_LATIN = 4
MIN_CJK = 3  # two-character words are the language's common verbs and nouns (同步, 注册)
MAX_TERMS = 2
_LATIN = re.compile(r"[a-z][a-z\-]*[a-z]")
_WORD = re.compile(r"[\w\-]+")
_CJK = re.compile(r"[\u4e00-\u9fff]{3,}")


@lru_cache(maxsize=65536)
def content_word(w: str) -> bool:
    if w in stopwords() or w in GENERIC or generic_term(w):
        return False
    if _LATIN.fullmatch(w):
        return len(w) >= MIN_LATIN
    return bool(_CJK.fullmatch(w)) and len(w) >= MIN_CJK


def new_terms(tokens: Sequence[Sequence[str]], authors: Sequence[str], previous: Iterable[str],
                 skip: set[str], only: Iterable[int] | None = None) -> list[tuple[str, list[int]]]:
    """(term, rows) for the period's new content words; ``previous``: lower-cased texts of the
    period before; ``skip``: words that are already stories, names or the topic; ``only``: the
    rows to read (default all)."""
    rows: dict[str, list[int]] = defaultdict(list)
    who: dict[str, set[str]] = defaultdict(set)
    for i in (range(len(tokens)) if only is None else only):
        for w in {t.lower() for t in tokens[i]}:
            if w not in skip and content_word(w):
                rows[w].append(i)
                who[w].add(authors[i])
    cands = sorted((w for w in rows if len(who[w]) >= MIN_AUTHORS and len(rows[w]) >= MIN_TWEETS),
                   key=lambda w: (-len(who[w]), -len(rows[w]), w))[:20]
    if not cands:
        return []
    latin = {w for w in cands if not HAN_RE.search(w)}
    cjk = [w for w in cands if HAN_RE.search(w)]  # substrings: overlapping phrases each checked
    seen: set[str] = set()  # candidates the previous period writes: one pass over its texts
    for text in previous:
        if latin:
            seen.update(latin.intersection(_WORD.findall(text)))  # whole words, as [\w-] runs
        seen.update(w for w in cjk if w in text)
        if len(seen) == len(cands):
            break
    out = [(w, rows[w]) for w in cands if w not in seen]  # new: the period before never wrote it
    out = out[:MAX_TERMS]
    return out


def new_talk(ctx, reps, texts, toks, names: Names, devs, stories: list[Trend], X, held: set[int]) -> list[Trend]:
    """Stories of new words without a name (``new_terms``), coherent like any story; a word most of
    whose tweets a named story already holds is that story's vocabulary, not talk of its own."""
    from tweetbrief.analysis.stories import coherence, make_trend
    from tweetbrief.analysis.trends import MIN_COHERENCE

    if not ctx.previous or X is None:
        return []
    skip = set(names.df) | {w for t in stories for w in norm(t.subject).split(" ")}
    skip |= {w.lower() for k in ctx.topic.keywords for w in k.split()}
    prev = [ctx.text_of(t).lower() for t in ctx.prev_relevant]
    out = []
    for term, rows in new_terms(toks, [author(t) for t in reps], prev, skip):
        if 2 * sum(i in held for i in rows) > len(rows) or coherence(X, rows) < MIN_COHERENCE:
            continue
        out.append(make_trend(ctx, reps, texts, toks, rows, term, "", names, devs))
    return out


__all__ = ["new_terms", "new_talk", "content_word"]

"""Period-local keyword expansion for the relevance stage (pseudo-relevance feedback).

The keyword list cannot know a product launched this week (``Hermitbot``). After the first
pass, a *name* (a Latin token with a capital letter or a digit, 4+ characters, no stop word,
not already a keyword or a noise word) is learned for this period when it is

* in at least ``MIN_DOCS`` distinct relevant texts by at least ``MIN_AUTHORS`` authors, and
* distinctive: at least ``MIN_SHARE`` of the distinct texts naming it were relevant, and
* a name, not a capitalised common word: at most ``MAX_LOWER`` of those texts write it all
  lower-case (``Code``, ``Thinking`` are out).

A second pass over the tweets the first pass rejected *for lack of a topic hit* (never the ones
rejected by a noise category, an exclude keyword or the language filter) scores learned names
like keywords (1 per distinct name) and keeps a tweet when that score minus its noise penalty is
>= 0 -- so a giveaway or a sports tweet naming the product stays out. One compiled pattern
(the same prefix-trie builder as the keywords) matches the learned names; stats are counters
over the tweets, so the whole thing is linear. Nothing carries over between calls: the previous
period learns its own names.

In the streaming pipeline each chunk keeps only the rejected tweets whose names also appear in
one of that chunk's relevant tweets; the counters are merged over the period, and the pool is
capped at ``MAX_POOL`` tweets (those naming the terms most often seen in relevant tweets win), so
memory stays bounded on million-tweet ranges (measured: without the cap a 1M-tweet whole-range
report peaked at 1.9 GB).
Two more ways back in (issue 9), for the same pooled no-hit tweets:

* **account prior**: an author whose distinct texts of the period were mostly on-topic (at least
  ``PRIOR_SHARE`` of ``PRIOR_MIN`` or more) is a topic account for the period, so a short post
  naming a product ("Hi, I'm Tibo and I just discovered Codex") counts -- when it carries no
  noise at all;
* **engaged and named**: a tweet in the top ``ENGAGED_SHARE`` of the period's engagement that
  names something at least ``ENGAGED_DOCS`` relevant texts name ("the best model in the world"
  from the launching company's CEO), again only without noise.

Thresholds were set on the dev half of tests/data/labels/relevance_ai.tsv (docs/evaluation.md).
"""

from __future__ import annotations

import re
from collections import Counter

from tweetbrief.analysis.matcher import keyword_regex
from tweetbrief.analysis.text import stopwords

MIN_DOCS = 3  # distinct relevant texts naming the term
MIN_AUTHORS = 2
MIN_SHARE = 0.3  # relevant / all distinct texts naming it
MAX_LOWER = 0.1  # a name is rarely written all lower-case; a common word often is
MAX_TERMS = 200  # the most frequent learned names, at most
PRIOR_SHARE = 0.6  # an author's on-topic share of distinct texts that makes them a topic account
PRIOR_MIN = 4  # distinct texts an author needs for a prior
ENGAGED_SHARE = 0.1  # the most engaged tenth of the period's tweets
ENGAGED_DOCS = 2
MAX_POOL = 50_000  # rejected tweets held for the second pass; beyond it, those naming the most-seen terms

NAME_RE = re.compile(r"(?<![A-Za-z0-9_@$/.\-])#?([A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)")
_SHAPE = re.compile(r"[A-Z0-9]")


class Expansion:
    """Counters of one period's first pass, and the rejected no-hit tweets that may come back."""

    def __init__(self, matcher) -> None:
        self.m = matcher
        self.rel: Counter[str] = Counter()  # term -> distinct relevant texts
        self.other: Counter[str] = Counter()  # term -> distinct rejected texts
        self.authors: dict[str, set[str]] = {}  # term -> up to MIN_AUTHORS relevant authors
        self.pool: list[tuple] = []  # (tweet, text, lang, terms) rejected for lack of a topic hit
        self.lower: Counter[str] = Counter()  # term -> distinct texts writing it all lower-case
        self._seen: set[int] = set()
        self._terms: dict[str, str] = {}  # spelling -> its term, or "" when it is none
        self.author_all: Counter[str] = Counter()  # author -> distinct texts
        self.author_on: Counter[str] = Counter()  # author -> distinct relevant texts
        self.engagements: list[int] = []  # of every distinct text (for the engaged share)

    def _term(self, word: str) -> str:
        """``word`` lower-cased when it can be a learned name, else "" (cached per spelling)."""
        term = self._terms.get(word)
        if term is None:
            low = word.lower()
            ok = (len(word) >= 4 and bool(_SHAPE.search(word)) and low not in stopwords()
                  and not (self.m.keywords is not None and self.m.keywords.search(word))
                  and not (self.m.noise_rx is not None and self.m.noise_rx.search(word)))
            term = self._terms[word] = low if ok else ""
        return term

    def _terms_of(self, words: list[str]) -> frozenset[str]:
        get, terms = self._terms.get, set()
        for w in words:
            t = get(w)
            if t is None:
                t = self._term(w)
            if t:
                terms.add(t)
        return frozenset(terms)

    def terms(self, text: str) -> frozenset[str]:
        return self._terms_of(NAME_RE.findall(text))

    def observe(self, tweet, text: str, lang: str, kept: bool, score: float) -> None:
        """Count one first-pass decision (each distinct text once); pool the no-hit rejects."""
        h = hash(text)
        first = h not in self._seen
        if not first and kept:
            return
        words = NAME_RE.findall(text)  # one scan serves both counters
        if first:
            who = tweet.author_handle.lower()
            self.author_all[who] += 1
            self.author_on[who] += kept
            self.engagements.append(tweet.engagement)
        if first:
            self._seen.add(h)
            self.lower.update({w for w in words if w.islower() and len(w) >= 4})
        terms = self._terms_of(words)
        if not terms:
            return
        if kept:
            self.rel.update(terms)
            for w in terms:
                a = self.authors.setdefault(w, set())
                if len(a) < MIN_AUTHORS:
                    a.add(tweet.author_handle.lower())
            return
        if first:
            self.other.update(terms)
        if score == 0.0:  # no topic hit at all (not excluded, not outweighed by noise)
            self.pool.append((tweet, text, lang, terms))

    def prune(self) -> None:
        """Keep only pooled tweets naming a term seen in a relevant tweet (bounds a chunk)."""
        rel = self.rel  # a term in rel: iterate the few terms, never the (large) counter's keys
        self.pool = [p for p in self.pool if any(t in rel for t in p[3]) or self.prior(p[0]) >= PRIOR_SHARE]
        self.lower = Counter({w: n for w, n in self.lower.items() if w in self.rel})
        self._seen.clear()
        self._terms.clear()

    def prior(self, tweet) -> float:
        """The author's on-topic share of distinct texts this period (0 below ``PRIOR_MIN``)."""
        who = tweet.author_handle.lower()
        n = self.author_all[who]
        return self.author_on[who] / n if n >= PRIOR_MIN else 0.0

    def engaged_floor(self) -> float:
        if not self.engagements:
            return float("inf")
        ranked = sorted(self.engagements, reverse=True)
        return max(1, ranked[min(len(ranked) - 1, int(len(ranked) * ENGAGED_SHARE))])

    def detach(self, chunk: list) -> None:
        """Pooled tweets as their index in ``chunk``: a screen worker sends indices back, not tweets."""
        pos = {id(t): i for i, t in enumerate(chunk)}
        self.pool = [(pos[id(p[0])], *p[1:]) for p in self.pool]

    def attach(self, chunk: list) -> None:
        """Undo ``detach`` with the same chunk."""
        self.pool = [(chunk[p[0]], *p[1:]) for p in self.pool]

    def merge(self, other: Expansion) -> None:
        self.author_all.update(other.author_all)
        self.author_on.update(other.author_on)
        self.engagements.extend(other.engagements)
        self.rel.update(other.rel)
        self.other.update(other.other)
        self.lower.update(other.lower)
        for w, a in other.authors.items():
            mine = self.authors.setdefault(w, set())
            mine.update(sorted(a)[: max(0, MIN_AUTHORS - len(mine))])
        self.pool.extend(other.pool)
        if len(self.pool) > MAX_POOL:
            self.pool.sort(key=lambda p: -max(self.rel[t] for t in p[3]))  # stable: ties keep stream order
            del self.pool[MAX_POOL:]

    def learned(self) -> list[str]:
        """The period's learned names, most frequent first (ties alphabetical)."""
        out = []
        for w, n in self.rel.items():
            if n < MIN_DOCS or len(self.authors.get(w, ())) < MIN_AUTHORS or n / (n + self.other[w]) < MIN_SHARE:
                continue
            if self.lower[w] > MAX_LOWER * (n + self.other[w]):  # "Code", "Thinking": a common word
                continue
            out.append(w)
        return sorted(out, key=lambda w: (-self.rel[w], w))[:MAX_TERMS]

    def admit(self) -> list[tuple]:
        """Second pass: (tweet, net score, text, lang) of pooled tweets a learned name brings back."""
        learned = self.learned()
        if not self.pool:
            return []
        rx = keyword_regex(learned) if learned else None
        learned_set = set(learned)
        engaged = self.engaged_floor()
        out = []
        for tweet, text, lang, terms in self.pool:
            names_one = rx is not None and not terms.isdisjoint(learned_set)
            hits = {m.group(0).lower() for m in rx.finditer(text)} if rx is not None and names_one else set()
            if hits:
                net = len(hits) - self.m.penalty(text)
                if net >= 0.0:
                    out.append((tweet, net, text, lang))
                continue
            named = any(self.rel[t] >= ENGAGED_DOCS for t in terms)
            back = self.prior(tweet) >= PRIOR_SHARE or (named and tweet.engagement >= engaged)
            if back and not self.m.penalty(text):
                out.append((tweet, 0.5, text, lang))
        return out

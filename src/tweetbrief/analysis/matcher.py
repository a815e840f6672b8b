"""The topic matcher the relevance stage (and search) score tweets with: keywords, accounts,
hashtags/cashtags, excludes, languages and the noise categories of ``data/noise.toml``.

Shared by ``relevance.py`` (first pass) and ``expansion.py`` (learned names use the same
keyword regex), so neither imports the other.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from tweetbrief.analysis.text import DATA, compile_alternation, is_regex
from tweetbrief.config import Topic
from tweetbrief.models import Tweet


@lru_cache(maxsize=1)
def noise_categories() -> dict[str, tuple[float, re.Pattern[str]]]:
    """Category -> (weight, one regex: a trie of its words + its patterns)."""
    data = tomllib.loads((DATA / "noise.toml").read_text(encoding="utf-8"))
    out = {}
    for name, cat in data.items():
        parts = [f"(?:{p})" for p in cat.get("patterns", [])]
        words = compile_alternation(cat.get("words", []))
        if words is not None:
            parts.insert(0, f"(?:{words.pattern})")
        out[name] = (float(cat.get("weight", 2.0)), re.compile("|".join(parts), re.I))
    return out


def keyword_regex(keywords: list[str]) -> re.Pattern[str] | None:
    """One regex over the topic keywords that never matches inside an @handle or right after
    ``$``. Plain words sit behind a lookahead on their possible first characters, so the
    scan skips most positions in one step (the prefix trie alone tries each first character)."""
    words = [" ".join(k.split()) for k in keywords if k.strip()]
    plain = [w for w in words if not is_regex(w)]
    parts = []
    trie = compile_alternation(plain)
    if trie is not None:
        first = "".join(sorted({re.escape(w[0].lower()) for w in plain}))
        parts.append(f"(?=[{first}])(?:{trie.pattern})")
    regexes = compile_alternation([w for w in words if is_regex(w)])
    if regexes is not None:
        parts.append(regexes.pattern)
    return re.compile(f"(?<![@$])(?:{'|'.join(parts)})", re.I) if parts else None


class TopicMatcher:
    """Compiled once per topic: keywords, excludes, accounts, active noise categories."""

    def __init__(self, topic: Topic):
        self.keywords = keyword_regex(topic.keywords)
        self.exclude = compile_alternation(topic.exclude_keywords)
        self.accounts = {a.lstrip("@").lower() for a in topic.accounts}
        plain = [k.lower() for k in topic.keywords]
        self.tags = {k.lstrip("#$") for k in plain}
        self.cashtags = {k.lstrip("$") for k in plain if k.startswith("$") or len(k) >= 3}
        self.languages = {lang.lower() for lang in topic.languages}
        self.noise = [
            (name, weight, rx)
            for name, (weight, rx) in noise_categories().items()
            if not any(rx.search(k) for k in topic.keywords)
        ]
        self.noise_weight = {f"n{i}": weight for i, (_, weight, _) in enumerate(self.noise)}
        self.noise_rx = (
            re.compile("|".join(f"(?P<n{i}>{rx.pattern})" for i, (_, _, rx) in enumerate(self.noise)), re.I)
            if self.noise
            else None
        )

    def penalty(self, text: str) -> float:
        """Summed weights of the noise categories found in ``text`` (each once), in one pass."""
        if self.noise_rx is None:
            return 0.0
        found = {m.lastgroup for m in self.noise_rx.finditer(text)}
        return sum(self.noise_weight[g] for g in found if g)

    def score(self, tweet: Tweet, text: str, lang: str) -> tuple[float, float]:
        """(topic score, noise penalty); a score of -1 means excluded outright."""
        if self.languages and lang not in self.languages:
            return -1.0, 0.0
        if self.exclude is not None and self.exclude.search(text):
            return -1.0, 0.0
        hits = {m.group(0).lower() for m in self.keywords.finditer(text)} if self.keywords else set()
        score = float(len(hits))
        if self.accounts and tweet.author_handle.lower() in self.accounts:
            score += 2.0
        if self.tags and (tweet.hashtags or tweet.cashtags):
            tags = {h.lower().lstrip("#") for h in tweet.hashtags}
            if tags & self.tags or {c.lower().lstrip("$") for c in tweet.cashtags} & self.cashtags:
                score += 1.0
        if score < 1.0:
            return score, 0.0
        return score, self.penalty(text)

    def keep(self, tweet: Tweet, text: str, lang: str) -> tuple[bool, float]:
        """(kept, net score): kept needs a topic hit that outweighs the noise penalties."""
        score, penalty = self.score(tweet, text, lang)
        if penalty and self.accounts and tweet.author_handle.lower() in self.accounts:
            score -= 2.0  # a topic account's tweet is relevant unless it is noise: the bonus never offsets noise
            if score < 1.0:
                return False, score - penalty
        return score >= 1.0 and score - penalty >= 0.0, score - penalty


__all__ = ["TopicMatcher", "keyword_regex", "noise_categories"]

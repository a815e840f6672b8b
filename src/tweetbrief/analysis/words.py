"""Word-level results shared by stages: word-cloud frequencies, display casing, known names."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from tweetbrief.analysis.text import DATA, tokenize_many, trie_regex
from tweetbrief.models import Tweet

WORD_CLOUD_SIZE = 200
NAME_TAGS = ("nz", "nr")  # jieba user-dictionary tags of product/company and people names
CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    lines = (DATA / "jieba_userdict.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(p[0] for p in (ln.split() for ln in lines) if len(p) == 3 and p[2] in NAME_TAGS)


@lru_cache(maxsize=1)
def known_names() -> re.Pattern[str]:
    """Names from the jieba user dictionary (companies, products, people) and the ticker map."""
    from tweetbrief.analysis.markets import ticker_table

    names = [w for w in name_words() if len(w) >= 2]
    for entry in ticker_table():
        names.extend(a for a in entry.get("aliases", []) + entry.get("aliases_cs", []) if not a.isupper())
    names = sorted({n for n in names if CJK.search(n) or n[:1].isupper()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


def surface_forms(texts: list[str], words: list[str]) -> dict[str, str]:
    """Display forms of lower-cased tokens/phrases: the most common original casing of Latin
    words (gpt -> GPT, claude code -> Claude Code); CJK word pairs are written without the space."""
    out: dict[str, str] = {}
    latin = [w for w in words if re.search(r"[a-z]", w)]
    best: dict[str, str] = {}
    if latin:
        parts = sorted({p for w in latin for p in w.split(" ") if re.search(r"[a-z]", p)})
        rx = re.compile(r"(?<![A-Za-z0-9])(?:" + trie_regex(parts) + r")(?![A-Za-z0-9])", re.I)
        counts: dict[str, Counter] = {}
        for text in texts:
            for m in rx.finditer(text):
                s = m.group(0)
                counts.setdefault(s.lower(), Counter())[s] += 1
        best = {low: c.most_common(1)[0][0] for low, c in counts.items()}
    for w in words:
        parts = [best.get(p, p) for p in w.split(" ")]
        if len(parts) == 2 and CJK.search(parts[0][-1]) and CJK.search(parts[1][0]):
            out[w] = parts[0] + parts[1]
        elif w in best or len(parts) > 1:
            out[w] = " ".join(parts)
    return out


def word_freqs(tweets: list[Tweet], toks: list[list[str]], texts: list[str],
               copies: dict[str, int]) -> dict[str, float]:
    """Document frequency of each token over the citable tweets, a tweet that stands for several
    copies weighing 1 + ln(copies); top ``WORD_CLOUD_SIZE`` in display form."""
    counts: dict[str, float] = {}
    for t, tk in zip(tweets, toks):
        weight = 1 + math.log(copies.get(t.id, 1))
        for w in dict.fromkeys(tk):  # each token once, in text order (a set's order varies per process)
            counts[w] = counts.get(w, 0.0) + weight
    # ties by token, so the same tweets give the same words in every process (hash seeds differ)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:WORD_CLOUD_SIZE]
    display = surface_forms(texts, [w for w, _ in top])
    return {display.get(w, w): round(c, 3) for w, c in top}


def tokens_for(tweets: list[Tweet], texts: list[str]) -> dict[str, list[str]]:
    return {t.id: tk for t, tk in zip(tweets, tokenize_many(texts))}

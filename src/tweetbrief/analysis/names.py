"""Names of a period's tweets, for the stories stage: what each tweet is about.

Known names (user dictionary), capitalised and versioned Latin names (also right after CJK:
``events.name_spans``) and, in Chinese texts, lower-case Latin words (superpowers, omlx). A
capitalised common word is not a name: a single word the period's English texts also write in
lower case (``Wow``, ``Watch``) is dropped unless the dictionary or the topic's keywords know it;
a topic keyword in more than ``TOPIC_SHARE`` of the tweets is the topic itself. Multi-word names
back off to the prefix the period really uses (``canonical``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from tweetbrief.analysis.events import GENERIC_NAMES, name_spans
from tweetbrief.analysis.labels import GENERIC
from tweetbrief.analysis.text import ENTITY_STOP, HAN_RE, HANDLE_RE, URL_RE, stopwords
from tweetbrief.analysis.words import known_names, name_words

TOPIC_SHARE = 0.3
DATA = Path(__file__).resolve().parents[1] / "data"
LOWER_RATIO = 0.3
BACKOFF = 4


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    """Chat abbreviations written in capitals (TLDR, ASAP, AMA): never a name (data/not_names_en.txt)."""
    lines = (DATA / "not_names_en.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def generic_terms() -> frozenset[str]:
    """Technical concepts that name no actor (UI, SaaS, Skill, Vibe Coding): data/generic_terms.txt."""
    lines = (DATA / "generic_terms.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))


def generic_term(key: str) -> bool:
    """``key`` (normalised) is a generic term or its plural ("clis", "skills", "coding agents")."""
    terms = generic_terms()
    return key in terms or (key.endswith("s") and key[:-1] in terms)


def display_form(forms: Counter) -> str:
    """How a name is shown: its most common spelling, or its most common capitalised one when two
    uses or a quarter of them capitalise it (Chinese texts write "codex", English ones "Codex"; a
    headline shows the name as its makers and careful writers spell it)."""
    cased = [(c, f) for f, c in forms.most_common() if not f.islower()]
    if cased and (cased[0][0] >= 2 or cased[0][0] * 4 >= sum(forms.values())):
        return cased[0][1]
    return forms.most_common(1)[0][0]


def norm(name: str) -> str:
    return " ".join(name.lower().split()).strip(" .-:#")


class Names:
    """Per-period name statistics: document frequency, lower-case uses, display forms."""

    def __init__(self, texts: list[str], keywords: Sequence[str] = ()):
        known = known_names()
        self.per_tweet: list[list[tuple[int, int, str]]] = [name_spans(t, known) + cjk_context_names(t) for t in texts]
        dictionary = {w.lower() for w in name_words()} | {k.lower() for k in keywords}
        self.per_tweet = canonical(initial_words(texts, self.per_tweet, dictionary))
        self.lowercase = {norm(n) for spans in self.per_tweet for _, _, n in spans if n.islower()}
        self.df: Counter[str] = Counter()
        forms: dict[str, Counter] = defaultdict(Counter)
        for spans in self.per_tweet:
            for k in {norm(n) for _, _, n in spans}:
                self.df[k] += 1
            for _, _, n in spans:
                forms[norm(n)][n] += 1
        self.display = {k: display_form(c) for k, c in forms.items()}
        single = {k for k in self.df if " " not in k and re.fullmatch(r"[a-z]+", k)}
        lower: Counter[str] = Counter()
        if single:
            for t in texts:
                if HAN_RE.search(t):
                    continue  # a Chinese text writes product names in lower case; English prose common words
                t = HANDLE_RE.sub(" ", URL_RE.sub(" ", t))
                lower.update(w for w in set(re.findall(r"(?<![A-Za-z])[a-z]{2,}(?![A-Za-z])", t)) if w in single)
        total = max(len(texts), 1)
        topic = {k.lower() for k in keywords}
        self.bad = {k for k in self.df if k in GENERIC_NAMES or k in not_names() or generic_term(k)
                    or k.split(" ")[0] in ENTITY_STOP
                    or len(k) < 2
                    or (k in topic and self.df[k] > TOPIC_SHARE * total and total >= 20)
                    or (k in single and k not in dictionary and lower[k] >= LOWER_RATIO * self.df[k])}

    def names(self, i: int) -> list[str]:
        """Normalised names of tweet ``i``, longer names swallowing those inside them."""
        ks = [k for k in dict.fromkeys(norm(n) for _, _, n in self.per_tweet[i]) if k not in self.bad]
        if len(ks) < 2:
            return ks
        runs = {g for o in ks for g in word_runs(o) if g != o}
        return [k for k in ks if k not in runs]


SENTENCE_START = re.compile(r"(?:^|[.!?…:;。！？：；\n])[^\w]*$")
# versioned, inner capital, acronym, dotted: a name by its shape
NAME_SHAPE = re.compile(r"\d|[a-z][A-Z]|^[A-Z]{2,}$|\w[-.+_]\w")


def initial_words(texts: list[str], per_tweet: list[list[tuple[int, int, str]]],
                  dictionary: set[str]) -> list[list[tuple[int, int, str]]]:
    """Drop a capitalised word that is capitalised only because it opens a sentence ("Heads up",
    "Seeing a number of...", "Suspending Fable" -> "Fable"): a name's first word is a name only
    when the period also writes it capitalised inside a sentence, or the dictionary knows it, or
    its shape says so (digits, inner capitals, acronyms). Chinese texts are left as they are
    (there a Latin word is nearly always a name)."""
    mid: set[str] = set()
    opening: list[list[bool]] = []
    for text, spans in zip(texts, per_tweet):
        flags = []
        for a, _, n in spans:
            first = n.split(" ")[0]
            at_start = bool(SENTENCE_START.search(text[max(0, a - 40):a])) if a else True
            flags.append(at_start)
            if HAN_RE.search(text) or not at_start:
                mid.add(first.lower())
            if " " in n:
                mid.update(w.lower() for w in n.split(" ")[1:] if w[:1].isupper())
        opening.append(flags)
    out = []
    for text, spans, flags in zip(texts, per_tweet, opening):
        if HAN_RE.search(text):
            out.append(spans)
            continue
        mine = []
        for (a, b, n), at_start in zip(spans, flags):
            words = n.split(" ")
            while at_start and words and words[0].lower() not in mid and words[0].lower() not in dictionary \
                    and " ".join(words).lower() not in dictionary and not NAME_SHAPE.search(words[0]):
                a += len(words[0]) + 1
                words = words[1:]
            if "I" in words:  # the pronoun ends a name ("AINews I think...")
                words = words[:words.index("I")]
                b = a + len(" ".join(words))
            if len(words) >= 2 and all(w.isupper() for w in words):
                continue  # shouting ("LOOK AT ME"), not a name
            if words and a < b:
                mine.append((a, b, " ".join(words)))
        out.append(mine)
    return out


LOWER_NAME_RE = re.compile(r"(?<![A-Za-z0-9_@#$./\-])([a-z][a-z0-9]*(?:[-.][a-z0-9]+)*)(?![A-Za-z0-9_])")


def cjk_context_names(text: str) -> list[tuple[int, int, str]]:
    """Lower-case Latin words of a Chinese text (superpowers, omlx, qwen3.6): there a Latin word
    is nearly always a name or a term; stop words, generic words and short words are not."""
    if not HAN_RE.search(text):
        return []
    body = HANDLE_RE.sub(lambda m: " " * len(m.group(0)), URL_RE.sub(lambda m: " " * len(m.group(0)), text))
    out = []
    for m in LOWER_NAME_RE.finditer(body):
        w = m.group(1)
        if (len(w) >= 4 or re.search(r"\d", w)) and w not in stopwords() and w not in GENERIC \
                and w not in GENERIC_NAMES:
            out.append((m.start(1), m.end(1), w))
    return out


FUNCTION_WORDS = frozenset("a an the and or of to in on for with at by from is are was be this that it its".split())


def looks_like_name(phrase: str) -> bool:
    """A product/company/person name rather than a common word: a CJK phrase (the stories stage
    only sets names), or Latin words that are each capitalised or product-shaped (digits, inner
    capitals, acronyms), function words inside allowed ("Code with Claude"), not opening it."""
    p = phrase.strip()
    if not p or "/" in p:
        return False
    if HAN_RE.search(p):  # a CJK name, or a figure/product token with CJK words ("H100 租赁价格")
        return not re.search(r"[A-Za-z]", p) or bool(NAME_SHAPE.search(p))
    words = p.split()
    if words[0].lower() in FUNCTION_WORDS:
        return False
    return all(w[:1].isupper() or NAME_SHAPE.search(w) or w.isdigit() or w.lower() in FUNCTION_WORDS for w in words)


def versioned(key: str) -> bool:
    """A versioned name ("image2", "qwen3.6", "opus 5") is the specific thing a tweet is about."""
    return bool(re.search(r"[a-z]-?\s?\d|\d[a-z]", key))


def spellings(groups: dict[str, list[int]]) -> dict[str, list[int]]:
    """One key per name however it is spelled: keys equal without hyphens, dots and spaces
    ("gpt-image2", "gptimage2", "gpt image2") and a versioned hyphen part of a longer key
    ("image2" in "gpt-image2", when one product only has that part) join the most used spelling."""
    def squash(k: str) -> str:
        return re.sub(r"[-\s._]", "", k)

    parent = {k: k for k in groups}

    def root(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    by_form: dict[str, list[str]] = defaultdict(list)
    for k in groups:
        by_form[squash(k)].append(k)
    for ks in by_form.values():
        for k in ks[1:]:
            parent[root(k)] = root(ks[0])
    owners: dict[str, set[str]] = defaultdict(set)  # squashed versioned part -> squashed longer forms
    for k in groups:
        for part in k.split("-")[1:] if "-" in k else []:
            if re.search(r"\d", part) and re.search(r"[a-z]", part):
                owners[squash(part)].add(squash(k))
    for form, longer in owners.items():
        if form in by_form and len(longer) == 1:
            parent[root(by_form[form][0])] = root(by_form[next(iter(longer))][0])
    members: dict[str, list[str]] = defaultdict(list)
    for k in groups:
        members[root(k)].append(k)
    out: dict[str, list[int]] = {}
    for ks in members.values():
        main = max(ks, key=lambda k: (len(groups[k]), k))
        out[main] = sorted({i for k in ks for i in groups[k]})
    return out


def word_runs(name: str) -> list[str]:
    """The name and every run of its words ("claude fable 5" -> claude, fable, 5, claude fable...)."""
    w = name.split(" ")
    return [" ".join(w[a:b]) for a in range(len(w)) for b in range(a + 1, len(w) + 1)]


def canonical(per_tweet: list[list[tuple[int, int, str]]]) -> list[list[tuple[int, int, str]]]:
    """A multi-word name seen once ("Nvidia GPU H100" from "Nvidia GPU H100 demand") backs off to
    its longest word prefix the period writes at least twice ("Nvidia GPU"); a name of three or
    more words whose shorter prefix (two words or more) is ``BACKOFF`` times as common is that prefix
    and the next capitalised word ("Claude Code TypeScript" -> "Claude Code")."""
    full: Counter[str] = Counter()
    prefix: Counter[str] = Counter()
    for spans in per_tweet:
        ks = {norm(n) for _, _, n in spans}
        full.update(ks)
        prefix.update({" ".join(k.split(" ")[:j]) for k in ks for j in range(1, k.count(" ") + 2)})
    out = []
    for spans in per_tweet:
        mine = []
        for a, b, n in spans:
            words = n.split()
            if full[norm(n)] < 2 and len(words) > 1:
                for j in range(len(words) - 1, 0, -1):
                    if prefix[norm(" ".join(words[:j]))] >= 2:
                        n = " ".join(words[:j])
                        break
            words = n.split()
            while len(words) > 2 and prefix[norm(" ".join(words[:-1]))] >= BACKOFF * prefix[norm(n)]:
                words = words[:-1]  # "Claude Code TypeScript": a name and the next capitalised word
                n = " ".join(words)
            mine.append((a, b, n))
        out.append(mine)
    return out


def contains(short: str, long: str) -> bool:
    return short != long and bool(re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", long))


__all__ = ["contains", "word_runs", "Names", "norm", "canonical", "cjk_context_names", "initial_words",
           "looks_like_name", "spellings", "versioned", "generic_term"]

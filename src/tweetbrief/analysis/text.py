"""Text helpers shared by the analysis stages: cleaning, language, keyword regexes, tokens.

One tokenizer serves clustering, the word cloud, events and entities::

    tokens = tokenize("英伟达发布新的 Blackwell GPU https://t.co/x")  # ['英伟达', '发布', 'blackwell', 'gpu']

Chinese runs go through jieba (with ``data/jieba_userdict.txt`` so 英伟达 stays one word), Latin
runs through a word regex; handles, URLs and stop words (``data/stopwords_*.txt``) are removed.
"""

from __future__ import annotations

import html
import logging
import multiprocessing
import os
import re
import threading
import unicodedata
from functools import lru_cache
from importlib import resources

DATA = resources.files("tweetbrief") / "data"

URL_RE = re.compile(r"https?://\S+|www\.\S+", re.I)
TCO_RE = re.compile(r"https?://t\.co/\w+", re.I)
HANDLE_RE = re.compile(r"(?<![\w@])@\w{1,30}")
RT_PREFIX_RE = re.compile(r"^\s*RT\s+@\w{1,30}\s*:\s*", re.I)
CASHTAG_RE = re.compile(r"(?<![\w$])\$([A-Za-z][A-Za-z0-9]{0,5}(?:\.[A-Za-z]{1,2})?)(?![\w])")
HASHTAG_RE = re.compile(r"(?<![\w#])#(\w+)")
ZERO_WIDTH_RE = re.compile("[\u200b-\u200f\u2028-\u202f\u2060-\u2064\ufeff\u00ad]")
WS_RE = re.compile(r"\s+")
NOT_ALNUM_SPACE_RE = re.compile(r"[^\w\s]|_")  # \w is str.isalnum() plus "_"; \s is str.isspace()

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
KANA = r"\u3040-\u30ff\u31f0-\u31ff"
HANGUL = r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
HAN_RE = re.compile(f"[{HAN}]")
KANA_RE = re.compile(f"[{KANA}]")
HANGUL_RE = re.compile(f"[{HANGUL}]")
LETTER_RE = re.compile(r"[^\W\d_]")
# A token stream: CJK runs, or Latin words such as gpt-4o, c++, node.js, o3-mini.
RUN_RE = re.compile(f"([{HAN}]+)|([A-Za-z][A-Za-z0-9]*(?:[-.+#&'][A-Za-z0-9]+)*\\+*)|(\\d+(?:\\.\\d+)?[A-Za-z]+)")
REGEX_META = set("\\^$*+?{}[]|()")
LATIN_WORD = "A-Za-z0-9_"

# X's own "no language" codes: media only, hashtags only, undetermined...
NO_LANG = {"", "und", "qme", "qht", "qam", "qct", "qst", "zxx", "art"}


def clean_text(text: str) -> str:
    """Unescape HTML entities, NFKC, drop zero-width characters, collapse blank runs."""
    text = html.unescape(html.unescape(text)) if "&" in text else text
    text = unicodedata.normalize("NFKC", text)
    text = ZERO_WIDTH_RE.sub("", text)
    return text.strip()


def expand_links(text: str, urls: list[str]) -> str:
    """Replace t.co links by the tweet's expanded ``urls`` (in order) when they line up."""
    if not urls:
        return text
    expanded = [u for u in urls if u and not TCO_RE.fullmatch(u)]
    if not expanded:
        return text
    found = TCO_RE.findall(text)
    if not found:
        return text
    # Media links come last and have no expanded url: replace the first len(expanded) in order.
    it = iter(expanded[: len(found)])
    return TCO_RE.sub(lambda m: next(it, m.group(0)), text, count=min(len(found), len(expanded)))


def detect_lang(text: str) -> str:
    """Script-based language: kana -> ja, hangul -> ko, Han -> zh, other letters -> en, none -> und."""
    if KANA_RE.search(text):
        return "ja"
    if HANGUL_RE.search(text):
        return "ko"
    if HAN_RE.search(text):
        return "zh"
    body = URL_RE.sub(" ", HANDLE_RE.sub(" ", text))
    return "en" if LETTER_RE.search(body) else "und"


def norm_lang(lang: str | None) -> str | None:
    if not lang or lang.lower() in NO_LANG:
        return None
    lang = lang.lower()
    return "zh" if lang.startswith("zh") else lang.split("-")[0]


def dedup_key(text: str) -> str:
    """Text reduced for exact-duplicate detection: no URLs/handles/punctuation, lower case."""
    text = URL_RE.sub(" ", text)
    text = HANDLE_RE.sub(" ", text)
    text = NOT_ALNUM_SPACE_RE.sub("", text.lower())  # keeps what str.isalnum() or isspace() keeps
    return WS_RE.sub(" ", text).strip()


# --- keyword regexes -------------------------------------------------------------------------


def is_regex(keyword: str) -> bool:
    return keyword.startswith("(?") or any(ch in REGEX_META for ch in keyword)


def keyword_pattern(keyword: str) -> str:
    """One keyword as a regex: regex entries as written, Latin words on ASCII word boundaries
    (so ``AI`` matches in ``用AI写代码`` but not in ``OpenAI``), CJK as a substring."""
    if is_regex(keyword):
        if keyword.startswith("(?i)"):
            return f"(?i:{keyword[4:]})"
        return f"(?:{keyword})"
    body = r"\s+".join(re.escape(part) for part in keyword.split())
    if not body:
        return ""
    left = rf"(?<![{LATIN_WORD}])" if re.match(rf"[{LATIN_WORD}]", keyword) else ""
    right = rf"(?![{LATIN_WORD}])" if re.search(rf"[{LATIN_WORD}]$", keyword) else ""
    return f"{left}{body}{right}"


def trie_regex(words: list[str], space: str | None = r"\s+", char=re.escape) -> str:
    """A prefix-factored alternation (fast in Python's backtracking engine: one branch per first
    character instead of one try per word). Words are matched as given; a space matches any
    run of white space (``space=None``: one literal space). Longer words win (optional tails
    are greedy). ``char`` writes one character (default ``re.escape``)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = [(space if ch == " " and space else char(ch)) + emit(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and not end:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")" if len(branches) > 1 or end else branches[0]
        if end:
            body += "?"
        return body

    return emit(trie)


@lru_cache(maxsize=1)
def _all_chars() -> str:
    return "".join(map(chr, range(0x110000)))


def ignore_case_classes(chars: set[str]) -> dict[str, str]:
    """For each character, a case-sensitive regex atom matching exactly what it matches under
    ``re.I`` (``k`` -> ``[Kk\u212a]``, ``i`` -> ``[Ii\u0130\u0131]``; caseless CJK stays itself).
    Found by scanning every code point once, so it follows the ``re`` module's own rules."""
    chars = {c for c in chars if c}
    if not chars:
        return {}
    cls = re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]", re.I)
    hit = set(cls.findall(_all_chars()))  # every code point equivalent to some character
    cased = {c for c in hit if c.lower() != c or c.upper() != c} | (hit - chars)
    out = {}
    for p in chars:
        rx = re.compile(re.escape(p), re.I)
        same = sorted({p} | {c for c in cased if rx.fullmatch(c)})
        out[p] = re.escape(p) if len(same) == 1 else "[" + "".join(re.escape(c) for c in same) + "]"
    return out


def _class_chars(atom: str) -> list[str]:
    return re.findall(r"\\?(.)", atom[1:-1], re.S)


def trie_pattern(words: list[str], ignore_case: bool = True, space: str | None = None) -> str:
    """``trie_regex`` of ``words`` as a pattern to compile *without* ``re.I``: the same matches
    as the flat ``(?i:longest|...|shortest)`` alternation of the words (``space=None``: a space
    is one literal space, as ``re.escape`` writes it), but the engine can skip positions whose
    character starts no word, which it cannot under ``re.I``. Words are folded with
    ``str.lower`` (as case-insensitive lookups are); sibling branches never overlap."""
    if not ignore_case:
        return trie_regex(words, space)
    words = sorted({w.lower() for w in words})
    classes = ignore_case_classes({c for w in words for c in w})
    members = [c for p, atom in classes.items() for c in ([p] if atom == re.escape(p) else _class_chars(atom))]
    if len(members) != len(set(members)):  # two characters alike under re.I (i, ı): keep the flat form
        flat = ((space or r"\ ").join(map(re.escape, w.split(" "))) for w in sorted(words, key=len, reverse=True))
        return "(?i:" + "|".join(flat) + ")"
    # one branch per first character, each opening with a literal (a class spelled out: K|k|K):
    # then the engine skips, in C, every position no word starts at -- which it cannot under re.I
    heads: dict[str, list[str]] = {}
    for w in words:
        heads.setdefault(w[0], []).append(w[1:])
    arms: list[str] = []
    for c, tails in sorted(heads.items()):
        rest = trie_regex(sorted(tails), space, char=classes.__getitem__)
        alike = [c] if len(classes[c]) == len(re.escape(c)) else _class_chars(classes[c])
        arms.extend(f"{re.escape(a)}{rest}" for a in alike)
    return f"(?:{'|'.join(arms)})"


def compile_alternation(words: list[str], flags: int = re.I) -> re.Pattern[str] | None:
    """One compiled regex over keywords: plain words in prefix tries grouped by the word
    boundaries they need, regex entries as written; the longest keyword wins."""
    groups: dict[tuple[bool, bool], set[str]] = {}
    regexes: list[str] = []
    for w in sorted(set(words), key=len, reverse=True):
        w = " ".join(w.split())
        if not w:
            continue
        if is_regex(w):
            regexes.append(keyword_pattern(w))
            continue
        key = (bool(re.match(rf"[{LATIN_WORD}]", w)), bool(re.search(rf"[{LATIN_WORD}]$", w)))
        groups.setdefault(key, set()).add(w.lower() if flags & re.I else w)
    parts = list(regexes)
    for (left, right), ws in sorted(groups.items()):
        body = trie_regex(sorted(ws))
        lb = rf"(?<![{LATIN_WORD}])" if left else ""
        rb = rf"(?![{LATIN_WORD}])" if right else ""
        parts.append(f"{lb}(?:{body}){rb}")
    if not parts:
        return None
    return re.compile("|".join(parts), flags)


# --- tokenizer -------------------------------------------------------------------------------


def _read_lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(w.lower() for w in _read_lines("stopwords_en.txt") + _read_lines("stopwords_zh.txt"))


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    with resources.as_file(DATA / "jieba_userdict.txt") as path:
        tk.load_userdict(str(path))
    return tk


def tokenize(text: str, hmm: bool = False) -> list[str]:
    """Content tokens: Latin words lower-cased, Chinese words by jieba; no stop words, numbers,
    handles, URLs or one-character words (except a few meaningful Latin ones)."""
    text = URL_RE.sub(" ", text)
    text = HANDLE_RE.sub(" ", text)
    stop = stopwords()
    out: list[str] = []
    for han, latin, numword in RUN_RE.findall(text):
        if han:
            if len(han) == 1:
                continue
            for w in _jieba().cut(han, HMM=hmm):
                if len(w) > 1 and w not in stop:
                    out.append(w)
        else:
            w = (latin or numword).lower().strip("'.")
            if len(w) > 1 and w not in stop:
                out.append(w)
    return out


PARALLEL_MIN = 4000  # texts; below this a second process costs more than it saves


def _tokenize_chunk(texts: list[str]) -> list[list[str]]:
    return [tokenize(t) for t in texts]


def workers() -> int:
    env = os.environ.get("TWEETBRIEF_WORKERS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return min(2, os.cpu_count() or 1)


def tokenize_many(texts: list[str]) -> list[list[str]]:
    """``tokenize`` over many texts: repeated texts once, large batches on ``workers()``
    processes (fork, so the loaded dictionary is shared; serial when fork is unavailable or
    other threads run; ``TWEETBRIEF_WORKERS=1`` forces serial)."""
    unique = list(dict.fromkeys(texts))
    n = workers()
    done: list[list[str]] | None = None
    # fork only from a single-threaded process (forking with other threads alive can deadlock)
    forkable = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    if n > 1 and len(unique) >= PARALLEL_MIN and forkable:
        _jieba()  # load before forking
        size = -(-len(unique) // (n * 4))
        chunks = [unique[i : i + size] for i in range(0, len(unique), size)]
        try:
            with multiprocessing.get_context("fork").Pool(n) as pool:
                done = [toks for part in pool.map(_tokenize_chunk, chunks) for toks in part]
        except (OSError, RuntimeError):
            done = None
    if done is None:
        done = _tokenize_chunk(unique)
    cache = dict(zip(unique, done))
    return [cache[t] for t in texts]


# --- entities --------------------------------------------------------------------------------

# Capitalised names, optionally multi-word or versioned: Claude Code, GPT-5, Gemini 2.5 Pro, o3-mini.
ENTITY_RE = re.compile(
    r"(?<![\w@#$])(?:[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Z][a-z]{2,})"
    r"(?:[-.][A-Za-z0-9]+)*"
    r"(?:\s(?:[A-Z][A-Za-z0-9]*|\d+(?:\.\d+)?[A-Za-z]?|Pro|Max|Mini|Flash|Ultra|Code|Turbo)(?:[-.][A-Za-z0-9]+)*){0,2}"
)
ENTITY_STOP = {
    "the", "this", "that", "these", "those", "what", "when", "where", "why", "how", "who", "just", "new",
    "now", "today", "here", "there", "it", "its", "we", "you", "they", "he", "she", "my", "our", "your",
    "if", "and", "but", "so", "or", "for", "with", "from", "in", "on", "at", "to", "of", "is", "are",
    "was", "be", "can", "will", "do", "does", "did", "not", "no", "yes", "all", "any", "some", "one",
    "breaking", "live", "join", "read", "check", "thread", "update", "via", "rt", "ai", "http", "https",
    "let", "get", "like", "more", "most", "very", "also", "then", "than", "as", "by", "an", "a", "i",
    "great", "good", "big", "best", "first", "last", "next", "still", "even", "only", "really",
    "please", "thanks", "thank", "hey", "wow", "lol", "omg", "after", "before", "every", "each", "open",
    "introducing", "announcing", "meet", "try", "see", "watch", "build", "building", "learn", "free",
}


def entity_spans(text: str, known: re.Pattern[str] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, name) of product/company/people names: known names (user dictionary,
    tickers) and capitalised words. Offsets refer to ``text`` with URLs/handles blanked out."""
    text = URL_RE.sub(lambda m: " " * len(m.group(0)), text)
    text = HANDLE_RE.sub(lambda m: " " * len(m.group(0)), text)
    spans: list[tuple[int, int, str]] = []
    if known is not None:
        spans.extend((m.start(), m.end(), m.group(0)) for m in known.finditer(text))
    for m in ENTITY_RE.finditer(text):
        name = m.group(0).strip(" .-")
        first = name.split()[0].lower() if name else ""
        if not name or first in ENTITY_STOP or len(name) < 2 or name.isdigit():
            continue
        spans.append((m.start(), m.start() + len(name), name))
    return spans


def entities(text: str, known: re.Pattern[str] | None = None) -> list[str]:
    """Distinct names in ``text`` (first spelling kept), in order of appearance."""
    seen: dict[str, str] = {}
    for _, _, name in sorted(entity_spans(text, known)):
        seen.setdefault(name.lower(), name)
    return list(seen.values())


__all__ = [
    "clean_text", "expand_links", "detect_lang", "norm_lang", "dedup_key", "keyword_pattern",
    "compile_alternation", "trie_regex", "trie_pattern", "tokenize", "tokenize_many", "stopwords", "entities",
    "entity_spans",
    "CASHTAG_RE", "HASHTAG_RE", "RT_PREFIX_RE", "URL_RE", "HANDLE_RE",
]

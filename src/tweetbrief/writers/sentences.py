"""Sentences from tweets: who wrote them, and one compressed line a reader can take in at once.

* ``original_author(tweet)``: a retweet's words belong to the account it retweets ("RT @orig: ..."
  or ``is_retweet`` with the original's handle), not to the retweeter.
* ``compress(text)``: the first informative clause of a tweet, without URLs, handles, emoji or
  hashtags, at most ``ZH_LIMIT`` characters (CJK text) or ``EN_WORDS`` words, cut only at a clause
  or word boundary, never ending in "…".
* ``as_written(original, fragment)``: a fragment of the analysis text (NFKC-normalised, so "，"
  became ",") mapped back onto the characters the author typed.
"""

from __future__ import annotations

import html
import re
import unicodedata

from tweetbrief.models import Tweet

ZH_LIMIT = 60  # characters, for text that is mostly CJK
EN_WORDS = 25
LEAD_IN_WEIGHT = 14  # a first sentence lighter than this that names nothing gives way to a named one
MIN_WEIGHT = 6  # CJK characters + 2 per Latin word: a clause lighter than this is a lead-in ("太难了，")

H = r"[A-Za-z0-9_]{1,30}"  # an X handle: ASCII only (\w would swallow the Chinese after it)
RT_RE = re.compile(rf"^\s*RT\s+@({H})\s*:\s*", re.I)
URL_RE = re.compile(r"https?://\S+|www\.\S+", re.I)
LEADING_HANDLES_RE = re.compile(rf"^(?:\s*@{H}[\s,，:：]*)+")
HANDLE_RE = re.compile(rf"(?<![A-Za-z0-9_@])@({H})")
TRAILING_TAGS_RE = re.compile(r"(?:\s*[#＃]\w+)+\s*$")
HASHTAG_RE = re.compile(r"(?<![\w#])[#＃](\w+)")
CASHTAG_SIGN_RE = re.compile(r"(?<![\w$])\$(?=[A-Za-z])")
ELLIPSIS_RE = re.compile(r"\s*(?:…+|\.{3,})\s*")
CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
WORD_RE = re.compile(r"[A-Za-z0-9][\w'’.\-+/%$]*")
SENTENCE_END = "。！？!?；;\n"
CLAUSE_END = "，,、：:；;—"
EN_SENTENCE_RE = re.compile(r"(?<=[A-Za-z0-9%)\]]{2}[.!?])\s+(?=[A-Z0-9\"“‘'])")  # not after an initial (U.S.)
TRAILING_FUNCTION_RE = re.compile(
    r"(?:\s+(?:the|a|an|and|or|but|of|to|for|with|in|on|at|by|from|who|which|that|this|is|are|was|were|be|we|i|you|it|as|our|their|its|my))+$",
    re.I)
OPEN_CLOSE = {"（": "）", "(": ")", "“": "”", "「": "」", "《": "》", "【": "】", "[": "]"}
BULLET_RE = re.compile(r"^\s*(?:[-•·*▶►➤→👉🔗]|\d+[.、)）](?!\d)|[（(]\d+[)）])\s*")  # not "94.3%"
INLINE_BULLET_RE = re.compile(r"\s*[•▪●◆■]\s*")
_WS = re.compile(r"[ \t\u3000]+")


def _is_symbol(ch: str) -> bool:
    """Emoji, pictographs, dingbats, variation selectors and joiners: not words."""
    if ch in "\u200d\ufe0e\ufe0f\u20e3":
        return True
    cat = unicodedata.category(ch)
    if cat == "So" or cat == "Sk" or cat == "Cs" or cat == "Co":
        return True
    return 0x1F000 <= ord(ch) <= 0x1FAFF or 0x2600 <= ord(ch) <= 0x27BF


def original_author(tweet: Tweet) -> str:
    """The handle whose words the tweet carries: a retweet's original author, else its author."""
    m = RT_RE.match(tweet.text or "")
    return m.group(1) if m else tweet.author_handle


def is_cjk(text: str) -> bool:
    """Mostly CJK: more CJK characters than Latin words."""
    return len(CJK_RE.findall(text)) > len(WORD_RE.findall(text))


def clean(text: str) -> str:
    """A tweet's own words: no RT prefix, URLs, handles (an inline @Name keeps the name), emoji,
    hashtags (a trailing run is dropped, an inline #tag keeps its word) or leftover ellipses."""
    text = html.unescape(text or "")
    text = RT_RE.sub("", text)
    text = URL_RE.sub(" ", text)
    text = LEADING_HANDLES_RE.sub("", text)
    text = HANDLE_RE.sub(lambda m: m.group(1), text)
    text = TRAILING_TAGS_RE.sub("", text)
    text = HASHTAG_RE.sub(lambda m: m.group(1), text)
    text = CASHTAG_SIGN_RE.sub("", text)
    text = "".join("\x01" if _is_symbol(ch) else ch for ch in text)
    # an emoji between a sentence and a capitalised (or Chinese) start ends the sentence
    text = re.sub(r"(?<=[\w%)\]])[ \t]*\x01[\x01 \t]*(?=[A-Z\u4e00-\u9fff])", "\n", text)
    text = text.replace("\x01", " ")
    text = ELLIPSIS_RE.sub(" ", text)
    text = INLINE_BULLET_RE.sub("\n", text)
    lines = [BULLET_RE.sub("", _WS.sub(" ", line)).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _sentences(text: str) -> list[str]:
    out, cur = [], ""
    for ch in text:
        if ch in SENTENCE_END:
            if cur.strip():
                out.append(cur.strip() + (ch if ch not in "\n" else ""))
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return [part for s in out for part in EN_SENTENCE_RE.split(s) if part.strip()]


def _balanced(text: str) -> bool:
    return all(text.count(o) <= text.count(c) for o, c in OPEN_CLOSE.items() if o != c)


def _size(text: str) -> int:
    return len(text) if is_cjk(text) else len(WORD_RE.findall(text))


def _weight(text: str) -> int:
    body = text.strip(SENTENCE_END + CLAUSE_END + " ")
    return len(CJK_RE.findall(body)) + 2 * len(WORD_RE.findall(body))


def _substantial(text: str) -> bool:
    return _weight(text) >= MIN_WEIGHT


def _named(text: str) -> bool:
    """Names a product, company or figure: a digit, a Latin word inside CJK text, or a
    capitalised word that does not open the sentence."""
    if re.search(r"\d", text):
        return True
    if is_cjk(text):
        return bool(WORD_RE.search(text))
    return bool(re.search(r"(?<=[\w,;:] )[A-Z]", text))


def names_something(text: str) -> bool:
    """Public form of ``_named``: the sentence names a product, company, person or figure."""
    return _named(text)


def _strict_words(text: str) -> int:
    """Words as a strict reader counts them ("wouldn’t" is two): the limit holds for both counts."""
    return len(re.findall(r"[A-Za-z0-9][\w'.\-]*", text))


def _fits(text: str) -> bool:
    if is_cjk(text):
        return len(text) <= ZH_LIMIT
    return max(len(WORD_RE.findall(text)), _strict_words(text)) <= EN_WORDS


def _cut(sentence: str) -> str:
    """The longest prefix that fits, ending at a clause boundary, else at a word boundary."""
    cjk = is_cjk(sentence)
    best = ""
    for i, ch in enumerate(sentence):
        if ch in CLAUSE_END:
            head = sentence[:i]
            if _fits(head) and _substantial(head) and _balanced(head):
                best = head
            elif not _fits(head):
                break
    if best and _size(best) >= 0.4 * (ZH_LIMIT if cjk else EN_WORDS):
        return best
    if cjk:  # no clause boundary in reach: stop before the limit, never inside a Latin word or number
        cut = sentence[:ZH_LIMIT]
        if len(sentence) > ZH_LIMIT and re.match(r"[\w.]", sentence[ZH_LIMIT]) and re.search(r"[A-Za-z0-9]$", cut):
            cut = re.sub(r"[A-Za-z0-9_.\-+']+$", "", cut)
        return cut
    words = list(WORD_RE.finditer(sentence))
    k = min(len(words), EN_WORDS)
    while k > 1 and not _fits(sentence[: words[k - 1].end()]):
        k -= 1
    cut = sentence[: words[k - 1].end()] if words else sentence
    return TRAILING_FUNCTION_RE.sub("", cut)


def _finish(text: str) -> str:
    text = text.strip().rstrip(CLAUSE_END + " ")
    for o, c in OPEN_CLOSE.items():  # an opening bracket left open by the cut: drop from it
        if o != c and text.count(o) > text.count(c):
            text = text[: text.rfind(o)].rstrip(CLAUSE_END + " ")
    text = re.sub(r"\s+([，。！？；：,.!?;:])", r"\1", text)
    if not text:
        return ""
    if text[-1] in "。！？!?.":
        return text
    return text + ("。" if is_cjk(text) else ".")


def compress(text: str) -> str:
    """One sentence from a tweet: its first substantial sentence, cut to the limit."""
    body = clean(text)
    sentences = _sentences(body)
    if not sentences:
        return ""
    if len(sentences) > 1 and not _substantial(sentences[0]) and _named(sentences[0]):
        joined = sentences[0].rstrip(SENTENCE_END + " ") + ("：" if is_cjk(sentences[0]) else ": ") + sentences[1]
        if _fits(joined):  # a named lead-in ("Introducing Polaris-K2.5 🌟 ...") stays with what it introduces
            sentences = [joined, *sentences[2:]]
    substantial = [s for s in sentences if _substantial(s)]
    # the first substantial sentence, unless it names nothing and one of the next two names a
    # product, company or figure ("真的要卸载剪映了。YC S24 团队做的 Palmier Pro ...")
    chosen = substantial[0] if substantial else None
    if chosen and _weight(chosen) < LEAD_IN_WEIGHT and not _named(chosen):
        chosen = next((s for s in substantial[1:3] if _named(s)), chosen)
    if chosen is None:  # only short bits: join them while they fit
        chosen = ""
        for s in sentences:
            joined = (chosen + " " + s).strip()
            if not _fits(joined):
                break
            chosen = joined
        chosen = chosen or sentences[0]
    if not _fits(chosen):
        chosen = _cut(chosen)
    return _finish(chosen)


def gist(text: str) -> str:
    """``compress``, then the tweet's next sentence while both fit the one-sentence limit: a short
    post's point often follows its lead ("Stop prompting agents. Design loops that prompt them.")."""
    first = compress(text)
    if not first:
        return ""
    sentences = [s.strip() for s in _sentences(clean(text)) if s.strip()]
    stem = first.rstrip(SENTENCE_END + ". ")
    after = next((k for k, s in enumerate(sentences) if s.rstrip(SENTENCE_END + ". ").endswith(stem)), None)
    if after is None or after + 1 >= len(sentences):
        return first
    nxt = sentences[after + 1]
    joined = first + ("" if is_cjk(first) else " ") + nxt
    return _finish(joined) if _fits(joined) and _balanced(joined) and _substantial(nxt) else first


def informativeness(text: str) -> float:
    """How much a tweet says: figures, names and length, minus questions; for picking the story's
    most informative tweet."""
    body = clean(text)
    if not body:
        return 0.0
    score = min(_size(body), 80 if is_cjk(body) else 40) / (80 if is_cjk(body) else 40)
    score += 0.3 * min(len(re.findall(r"\d+(?:[.,]\d+)?\s*[%％xX倍万亿BMK]?", body)), 3)
    score += 0.2 * min(len(re.findall(r"\b[A-Z][\w.\-]*[A-Z0-9][\w.\-]*\b|\b[A-Z][a-z]+[A-Z]\w*", body)), 3)
    first = _sentences(body)[0] if body else ""
    if first.endswith(("?", "？")):
        score -= 0.6
    return score


def as_written(original: str, fragment: str) -> str:
    """``fragment`` (cut from the NFKC-normalised text) with the punctuation the author typed:
    each character is matched, in order, against the original text's normalised characters and
    replaced by the original character when they differ only by normalisation (，→ , ；→ ;)."""
    src = URL_RE.sub(lambda m: "\x00" * len(m.group(0)), html.unescape(original or ""))
    norm = [(unicodedata.normalize("NFKC", ch), ch) for ch in src]
    out: list[str] = []
    i = j = 0
    while i < len(fragment):
        ch = fragment[i]
        if ch.isspace():
            out.append(ch)
            i += 1
            continue
        k = j
        limit = min(len(norm), j + 200)
        while k < limit and not (norm[k][0] and fragment.startswith(norm[k][0], i)):
            k += 1
        if k >= limit:  # not from the text ("…" added by a cut): as it is
            out.append(ch)
            i += 1
            continue
        n, orig = norm[k]
        out.append(orig if n != orig and not orig.isalnum() else n)
        i += len(n)
        j = k + 1
    return "".join(out)


__all__ = ["compress", "gist", "names_something", "clean",
           "original_author", "as_written", "informativeness", "is_cjk", "ZH_LIMIT", "EN_WORDS"]

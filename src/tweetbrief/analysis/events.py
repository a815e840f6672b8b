"""Stage 8, events: dated happenings (launches, releases, open-sourcing, funding, policy,
acquisitions), each with the earliest tweet inside the period that reports it.

``keywords`` (default). A tweet reports an event only when it *states* one: a trigger that is a
verb phrase with its object ("released X", "Introducing X", "今天发布", "正式开源", "raised $6M",
"完成…融资", "宣布收购"), not negated (不推出, not released), not about another time (last week,
上周, 昨天, 上线首日), within a few characters of a name (known or capitalised). Nouns and
adjectives ("open-source models", "开源模型", "of release", "发布、爆火") and metrics posts
("shipped 23 PRs", "Update: ...") are not events.

The *key* of a report is the name next to its trigger (the object after the verb first:
"北极星智能发布 Polaris-K2.5" -> Polaris-K2.5; else the subject before it: "Inboxly raised").
Reports of the same family (launch / release / open-source are one family; funding, policy,
acquisition each their own) are merged when one's key is among the other's names, so the same
news from several accounts and languages becomes one event citing them all. Events already
reported in the previous period (same family and key) are old news and dropped. The summary is
the trigger sentence of the most informative report (names its key, carries figures, well
ranked); the date is the earliest member tweet inside the period. Up to ``MAX_EVENTS`` events with
the most support, listed by time.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:
    from re import _constants as _sre, _parser  # type: ignore[attr-defined]
except ImportError:  # Python < 3.11
    import sre_constants as _sre
    import sre_parse as _parser

from tweetbrief.analysis.base import Context, Stage, register_stage
from tweetbrief.analysis.model import Event
from tweetbrief.analysis.text import ENTITY_RE, ENTITY_STOP, HANDLE_RE, URL_RE, tokenize_many, trie_pattern

MAX_EVENTS = 15
SUMMARY_CHARS = 120
NEAR = 30  # characters between a trigger and the name it is about
HEAD = 600  # characters of a tweet searched for a trigger

_NAME = r"(?=(?-i:[A-Z0-9\u4e00-\u9fff「《“\"'$]))"  # what an object may start with (case-sensitive)
_ZH_WHEN = r"(?:今天|今日|今晨|刚刚|刚|正式|宣布|官宣|首次|重磅|最新|已经|已|同步|终于|全面|凌晨)"

KINDS: dict[str, list[str]] = {
    "acquisition": [
        r"\bacquir(?:es|ed|ing)\s+" + _NAME, r"\bto acquire\b", r"\bagreed to (?:buy|acquire)\b",
        r"\bacquisition of\s+" + _NAME, r"\bmerg(?:es|ed|ing) with\b",
        r"(?:宣布|完成|将|拟|已)?收购(?:了)?", r"并购",
    ],
    "funding": [
        r"\b(?:rais(?:es|ed|ing)|secur(?:es|ed)|clos(?:es|ed)|land(?:s|ed))\s+(?:a\s+|an\s+)?(?:\$|US\$|€|£)\s?\d",
        r"\b(?:rais(?:es|ed|ing)|secur(?:es|ed)|clos(?:es|ed))\s+(?:its\s+|a\s+|an\s+)?(?:seed|series [a-f]|pre-seed)",
        r"\bannounc(?:es|ed)\s+(?:today\s+)?(?:a\s+|an\s+|its\s+)?(?:\$\d[\d.,]*\s?[mbk]\S*\s+)?(?:seed|series [a-f])",
        r"\bvalued at \$", r"(?:完成|获得|获|宣布完成).{0,24}?(?:融资|投资|种子轮|天使轮|[A-F]\+?轮)",
        r"融资\s*\d", r"\bIPO\b(?= (?:filing|priced|today))", r"(?:递交|提交).{0,6}招股书",
        r"(?:正式|今天|今日|成功)上市",
    ],
    "policy": [
        r"\b(?:sign(?:s|ed)?|pass(?:es|ed)?|introduc(?:es|ed)|issu(?:es|ed)|propos(?:es|ed)|adopt(?:s|ed)|"
        r"enact(?:s|ed)|roll(?:s|ed)? out|unveil(?:s|ed)|announc(?:es|ed)|approv(?:es|ed))\s+(?:\S+\s+){0,5}?"
        r"(?:bill|law|act|regulations?|rules|executive order|measures|guidelines|ban|policy|policies|"
        r"export controls?)\b",
        r"\bexecutive order\b", r"\bAI Act\b", r"\bexport controls?\b", r"\b(?:sues|sued|files? (?:a )?lawsuit)\b",
        r"\bantitrust (?:probe|case|lawsuit|investigation)\b", r"\bfined\b",
        r"(?:出台|印发|发布|通过|实施|推出|公布)[^。！？\n]{0,40}?(?:政策|法规|办法|规定|条例|措施|法案|禁令|征求意见稿)",
        r"(?:出口管制|反垄断调查|起诉|诉讼|罚款|禁令)", r"告了",
    ],
    "open-source": [
        r"\bopen[- ]?sourc(?:ed|ing)\b", r"\bis (?:now )?open[- ]?source\b",
        r"\bweights (?:are )?(?:now )?(?:open|on|available|out)\b",
        _ZH_WHEN + r"开源(?!的|推荐|项目|社区|模型|生态)", r"开源了", r"(?:并|同步)开源", r"开放权重",
        r"开源(?:发布)?(?:权重|代码)",
    ],
    "release": [
        r"\breleas(?:es|ed|ing)\s+(?!notes?\b)", r"\bis (?:now )?(?:live|available|out)\b", r"\bnow available\b",
        r"\b(?:rolling|rolls?|rolled) out\s+(?!the red)", r"\bship(?:s|ped|ping)\s+v?\d+\.\d",
        _ZH_WHEN + r"(?:上线|发布|推出|开放|公测|内测|开源)(?!的)", r"上线了", r"正式版",
        r"(?:开启|开放)(?:公测|内测|预订|预约)",
    ],
    "launch": [
        r"\blaunch(?:es|ed|ing)?\s+" + _NAME, r"\bwe(?:'re| are) launching\b", r"\bintroduc(?:es|ed|ing)\s+" + _NAME,
        r"\bunveil(?:s|ed|ing)?\s+", r"\bannounc(?:es|ed|ing)\s+(?:the\s+)?(?:launch|release|availability)\b",
        r"\bdebut(?:s|ed)\s+", r"\bintroducing\b",
        r"发布了?(?!的)(?=\s*" + _NAME[3:-1] + ")", r"推出了?(?!的)(?=\s*" + _NAME[3:-1] + ")", r"(?:亮相|首发|发布会)",
    ],
}
PRIORITY = ["acquisition", "funding", "policy", "open-source", "release", "launch"]
FAMILY = {"launch": "launch", "release": "launch", "open-source": "launch"}

NEGATED = re.compile(r"(?:不|没|没有|未|尚未|并未|无|别|not|no|never|won't|didn't|isn't|hasn't|haven't)\s*$", re.I)
# the trigger is about another time, or about the aftermath of an earlier launch
OTHER_TIME = re.compile(
    r"last (?:week|month|year|night)|yesterday|\bago\b|\bhours of\b|\bafter (?:the )?(?:launch|release)|"
    r"上周|上个月|去年|昨天|昨日|昨晚|前天|首日|以来|之后|后的|几天|两天内|接连|传闻|据传|rumou?r|"
    r"\bwill\b|\bplans? to\b|计划|即将|打算",
    re.I,
)
QUESTION = re.compile(r"[?？]|\b(?:should|would|could)\b|吗|能不能|是不是|会不会")
SENTENCE_END = re.compile(r"(?<=[。！？!?\n])|(?<=[.;；:：])\s+(?=\S)")
GENERIC_NAMES = {
    "ai", "agent", "agents", "api", "apis", "gpu", "gpus", "llm", "llms", "ceo", "app", "apps", "github",
    "hugging face",
    "x", "twitter", "china", "us", "usa", "today", "update", "news", "breaking", "pr", "prs", "cli", "sdk", "mcp",
}


# triggers whose name comes before them ("X is live", "X 正式上线", "X rolls out"): subject first
INTRANSITIVE = re.compile(r"\bis\b|\bare\b|available|live|rolling|rolls|rolled|上线|了|weights|\bout\b", re.I)


LATIN_NAME_RE = re.compile(ENTITY_RE.pattern.replace(r"(?<![\w@#$])", r"(?<![A-Za-z0-9_@#$])"))


def name_spans(text: str, known: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """Known names and capitalised names, also right after CJK ("推出了NVIDIA NeMo") or behind a
    leading stop word ("Introducing Polaris-K2.5"). Offsets refer to ``text``."""
    blanked = URL_RE.sub(lambda m: " " * len(m.group(0)), text)
    blanked = HANDLE_RE.sub(lambda m: " " * len(m.group(0)), blanked)
    spans = [(m.start(), m.end(), m.group(0)) for m in known.finditer(blanked)]
    for m in LATIN_NAME_RE.finditer(blanked):
        start, name = m.start(), m.group(0)
        words = name.split(" ")
        while words and words[0].lower() in ENTITY_STOP:
            start += len(words[0]) + 1
            words = words[1:]
        name = " ".join(words).strip(" .-")
        if len(name) >= 2 and not name.isdigit():
            spans.append((start, start + len(name), name))
    return spans


def _compile() -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{k.replace('-', '_')}>{'|'.join(pats)})" for k, pats in KINDS.items()), re.I)


TRIGGERS = _compile()


def _exact(op, av) -> set[str] | None:
    """All strings a small literal-only pattern item matches (None: not such an item)."""
    if op is _sre.LITERAL:
        return {chr(av)}
    if op is _sre.SUBPATTERN:
        return _product(av[-1])
    if op is _sre.BRANCH:
        arms = [_product(a) for a in av[1]]
        return set().union(*[a for a in arms if a is not None]) if all(a is not None for a in arms) else None
    if op is _sre.MAX_REPEAT and av[0] == 0 and av[1] == 1:
        inner = _product(av[2])
        return inner | {""} if inner is not None else None
    return None


def _product(items) -> set[str] | None:
    out = {""}
    for op, av in items:
        part = _exact(op, av)
        if part is None or len(out) * len(part) > 64:
            return None
        out = {a + b for a in out for b in part}
    return out


def _required(items) -> set[str] | None:
    """Strings one of which every match of the parsed pattern ``items`` contains (None: unknown)."""
    best, run = None, {""}

    def keep(found):
        nonlocal best
        if found and "" not in found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    for op, av in list(items) + [(None, None)]:
        part = _exact(op, av) if op is not None else None
        if part is not None and len(run) * len(part) <= 64:
            run = {a + b for a in run for b in part}
            continue
        keep(run)
        run = {""}
        if part is not None:  # too many combinations: start a new run with it
            run = part
        elif op is _sre.SUBPATTERN:
            keep(_required(av[-1]))
        elif op is _sre.BRANCH:
            arms = [_required(a) for a in av[1]]
            keep(set().union(*[a for a in arms if a]) if all(arms) else None)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            keep(_required(av[2]))
    return best


@lru_cache(maxsize=1)
def prefilter() -> re.Pattern[str] | None:
    """A necessary condition for ``TRIGGERS``: one of the literal strings each trigger pattern
    must contain, as a case-insensitive prefix tree (several times faster to rule a text out)."""
    need = _required(_parser.parse(TRIGGERS.pattern, re.I))
    return re.compile(trie_pattern(sorted(need), space=None)) if need else None


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text``."""
    cuts = [0] + [m.start() for m in SENTENCE_END.finditer(text) if m.start() > 0] + [len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _sentence_of(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for a, b in bounds:
        if a <= pos < b:
            return a, b
    return bounds[-1] if bounds else (0, 0)


def name_key(name: str) -> set[str]:
    """Comparable forms of a name: lower-cased, and its versioned first word (gpt-5.4 pro -> gpt-5.4)."""
    low = " ".join(name.lower().split()).strip(" .-:#")
    keys = {low, re.sub(r"[^0-9a-z\u4e00-\u9fff.]", "", low)}
    first = low.split(" ")[0]
    if re.search(r"\d", first) and re.search(r"[a-z\u4e00-\u9fff]", first):
        keys.add(first)
    return {k for k in keys if k and k not in GENERIC_NAMES}


def find_event(text: str, spans: list[tuple[int, int, str]]) -> tuple[str, str, int] | None:
    """(kind, key name, trigger position) of the first stated event in ``text``, or None."""
    names = [(s, e, n) for s, e, n in spans if n.lower() not in GENERIC_NAMES]
    if not names:
        return None
    bounds = sentences(text)
    found: list[tuple[int, str, re.Match[str], str]] = []
    for m in TRIGGERS.finditer(text[:HEAD]):
        a, b = _sentence_of(bounds, m.start())
        if NEGATED.search(text[max(a, m.start() - 6) : m.start()]):
            continue
        sentence = text[a:b]
        if OTHER_TIME.search(sentence) or QUESTION.search(sentence):
            continue
        after = [(s, n) for s, e, n in names if m.end() <= s <= m.end() + NEAR and s < b]
        before = [(m.start() - e, n) for s, e, n in names if m.start() - NEAR <= e <= m.start() + 1 and s >= a]
        if not after and not before:
            continue
        subject_first = bool(INTRANSITIVE.search(m.group(0))) and not any(s <= m.end() + 3 for s, _ in after)
        order = (before, after) if subject_first else (after, before)
        side = order[0] or order[1]  # versioned names (GPT-5.4, K-2) are what launches are about
        key = min(side, key=lambda d: (not re.search(r"\d", d[1]), d[0]))[1]
        kind = (m.lastgroup or "").replace("_", "-")  # every trigger arm is a named group
        found.append((a, kind, m, key))
        if len(found) > 4:
            break
    if not found:
        return None
    first_sentence = found[0][0]
    same = [f for f in found if f[0] == first_sentence]  # the most specific kind in that sentence wins
    a, kind, m, key = min(same, key=lambda f: PRIORITY.index(f[1]))
    return kind, key, m.start()


def summarise_text(text: str, at: int = 0) -> str:
    """The sentence holding position ``at`` (and what follows, up to ``SUMMARY_CHARS``)."""
    text = URL_RE.sub("", text)
    text = HANDLE_RE.sub(lambda m: m.group(0)[1:], text)
    start = 0
    if at:
        bounds = sentences(text)
        start = _sentence_of(bounds, min(at, len(text) - 1))[0] if bounds else 0
        if start < 12:  # a short lead-in ("【快讯】", "Funding:") stays
            start = 0
    text = re.sub(r"\s+", " ", text[start:]).strip(" -—:：|")
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS]
    stop = max(cut.rfind(p) for p in "。！？!?;；")
    if stop >= SUMMARY_CHARS * 0.5:
        return cut[: stop + 1]
    return cut.rstrip() + "…"


def candidates(ctx: Context, tweets, names_rx) -> list[dict]:
    out = []
    quick = prefilter()
    for t in tweets:
        text = ctx.text_of(t)
        head = text[:HEAD]
        if (quick is not None and not quick.search(head)) or not TRIGGERS.search(head):
            continue
        # offsets of entity_spans refer to the text with URLs/handles blanked: same length
        spans = name_spans(text, names_rx)
        hit = find_event(text, spans)
        if hit is None:
            continue
        kind, key, at = hit
        names = set().union(*(name_key(n) for _, _, n in spans))
        out.append({"tweet": t, "kind": kind, "family": FAMILY.get(kind, kind), "key": name_key(key) or {key.lower()},
                    "names": names, "at": at})
    return out


def merge(cands: list[dict]) -> list[dict]:
    """Group reports of the same family whose key one names the other (union-find over keys)."""
    events: list[dict] = []
    by_key: dict[tuple[str, str], dict] = {}
    by_word: dict[tuple[str, str], list[dict]] = {}
    for c in sorted(cands, key=lambda c: (c["tweet"].created_at, c["tweet"].id)):
        home = None
        for k in c["key"]:  # same key, or one key a word-prefix of the other (Kinetix / Kinetix Robotics)
            home = by_key.get((c["family"], k))
            if home is None:
                for ev in by_word.get((c["family"], k.split(" ")[0]), ()):
                    if any(e.startswith(k + " ") or k.startswith(e + " ") for e in ev["key"]):
                        home = ev
                        break
            if home is not None:
                break
        if home is None:  # or each names the other's key ("Polaris-K2.5" / "Polaris-K2.5 Pro")
            for k in c["names"]:
                named = by_key.get((c["family"], k))
                if named is not None and named["names"] & c["key"]:
                    home = named
                    break
        if home is None:
            home = {"family": c["family"], "key": set(c["key"]), "names": set(), "members": []}
            events.append(home)
        home["members"].append(c)
        home["names"] |= c["names"]
        for k in c["key"]:
            by_key.setdefault((c["family"], k), home)
            group = by_word.setdefault((c["family"], k.split(" ")[0]), [])
            if home not in group and len(group) < 20:
                group.append(home)
    return events


def informative(c: dict, pos: dict[str, int], text: str) -> float:
    """How good a report is as the event's summary: names its key near the trigger, carries
    figures, is substantial and well ranked."""
    sentence = summarise_text(text, c["at"]).lower()
    score = 3.0 if any(k in sentence for k in c["key"]) else 0.0
    score += min(len(re.findall(r"\d+(?:\.\d+)?", sentence)), 4) * 0.4
    score += min(len(sentence), 120) / 60
    score -= 0.02 * min(pos.get(c["tweet"].id, 500), 500) ** 0.5
    if text.lstrip().startswith(("【", "RT ")):  # aggregator headlines are fine, originals better
        score -= 0.3
    return score


def retold(words, earlier: list[set[str]]) -> bool:
    words = set(words)
    return any(words and len(words & w) / len(words | w) >= 0.3 for w in earlier)


@register_stage("events", "keywords")
class KeywordEvents(Stage):
    description = "dated happenings (launches, releases, funding, acquisitions, policy) stated by a trigger phrase"
    def run(self, ctx: Context) -> None:
        from tweetbrief.analysis.words import known_names

        names_rx = known_names()
        period = ctx.period
        pos = {i: k for k, i in enumerate(ctx.ranked)}
        merged = merge(candidates(ctx, ctx.unique, names_rx))
        # the same news already reported in the previous period (same family and key, and a
        # retelling: shared words) is not an event of this one
        before: dict[tuple[str, str], list[set[str]]] = {}
        if ctx.prev_relevant and merged:
            prev = candidates(ctx, ctx.prev_relevant, names_rx)
            words = tokenize_many([ctx.text_of(c["tweet"]) for c in prev])
            for c, w in zip(prev, words):
                for k in c["key"]:
                    before.setdefault((c["family"], k), []).append(set(w))
        events = []
        for ev in merged:
            if any(retold(ctx.tokens.get(c["tweet"].id) or (), before.get((ev["family"], k), []))
                   for k in ev["key"] for c in ev["members"]):
                continue
            members = ev["members"]
            ids = sorted({c["tweet"].id for c in members}, key=lambda i: pos.get(i, len(pos)))
            copies = [ctx.get(m) for i in ids for m in ctx.groups.get(i, [i])]
            inside = [t.created_at for t in copies if period.contains(t.created_at)]
            if not inside:
                continue
            best = max(members, key=lambda c: (informative(c, pos, ctx.text_of(c["tweet"])),
                                               -pos.get(c["tweet"].id, 0)))
            kinds = [c["kind"] for c in members]
            kind = best["kind"] if ev["family"] != "launch" else min(kinds, key=PRIORITY.index)
            summary = summarise_text(ctx.text_of(best["tweet"]), best["at"])
            ids.remove(best["tweet"].id)
            events.append(Event(when=min(inside), kind=kind, summary=summary, tweet_ids=[best["tweet"].id] + ids))
        # most supported first, then the best-ranked; keep MAX_EVENTS and list them by time
        events.sort(key=lambda e: (-sum(ctx.copies(i) for i in e.tweet_ids), pos.get(e.tweet_ids[0], 0)))
        ctx.events = sorted(events[:MAX_EVENTS], key=lambda e: (e.when, e.tweet_ids[0]))

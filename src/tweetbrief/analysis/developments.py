"""What happened to a named subject: the *development* of a story, from generic trigger lexicons.

``develop(text, spans)`` -> ``Development(kind, key, subject, object, at)`` or None. The stated
events of ``events.find_event`` (launch, release, open-source, funding, policy, acquisition) come
first; beyond them a small zh/en lexicon of generic triggers names hires and departures, outages,
price changes, usage-limit changes, benchmarks and security incidents. Nothing here knows a
product: the names are the tweet's own (``spans``), the triggers are ordinary verbs and nouns.

``subject`` is the name written just before the trigger ("北极星智能开源 Polaris-K2.5" ->
北极星智能), ``object`` the name or figure after it (Polaris-K2.5; "$350M Series C" for
funding; "H100 租赁价格 15%" for a price change); ``key`` is the name the story is about (the
versioned/specific one: the object of a launch, else the subject).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tweetbrief.analysis.events import _ZH_WHEN, GENERIC_NAMES, NEGATED, OTHER_TIME, find_event, prefilter

NEAR = 30
# kind -> triggers (case-insensitive). Order = priority when several fire in one text.
EXTRA: dict[str, list[str]] = {
    "security": [
        r"\bsupply[- ]chain attack", r"\bvulnerabilit(?:y|ies)\b",
        r"\b(?:was|were|got|been) (?:compromised|hacked|breached)\b",
        r"\bmalware\b", r"\bbackdoor(?:ed)?\b", r"\bcredential(?:s)? (?:stolen|theft|stealer)", r"\bpoisoned\b",
        r"供应链攻击", r"漏洞", r"投毒", r"被黑", r"后门", r"泄露了?(?:用户|数据|密钥|凭证)",
        # exposed without authentication: open instances, leaked keys
        r"\bunauthenticated\b", r"\bno (?:auth|authentication|password|token)\b", r"\bexposed (?:instances|servers|"
        r"endpoints|api keys|keys|credentials|data)\b", r"\bleak(?:ed|ing)? (?:api keys|keys|credentials|tokens)\b",
        r"(?:没|未)(?:开|设|启用|做)?(?:认证|鉴权|密码)", r"暴露在公网", r"公网裸奔",
    ],
    "outage": [
        r"\b(?:outage|outages)\b", r"\b(?:is|was|are|were|went) down\b", r"\bdegraded performance\b",
        r"宕机", r"崩了", r"挂了", r"服务中断", r"大面积故障", r"故障",
    ],
    "hire": [
        r"\b(?:I|I've|I have|we|he|she|they)\s+(?:just\s+)?(?:joined|am joining|'m joining|is joining|are joining)\b",
        r"\bjoin(?:s|ed|ing)\s+@?[A-Z]", r"\bwelcome\s+@?[A-Z]\w*\s+to\s+(?:the\s+)?(?:team|@?[A-Z])",
        r"\bhired\b", r"\bnew (?:CEO|CTO|head of|chief)\b", r"\bnamed (?:CEO|CTO|head|chief)\b",
        r"(?:正式|宣布)?加入了?\s*(?=[A-Z\u4e00-\u9fff])", r"加盟", r"入职", r"出任", r"担任",
    ],
    "departure": [
        r"\b(?:is leaving|am leaving|'m leaving|left|leaves|stepping down|steps down|stepped down|departs|departure)\b",
        r"\b(?:last day at|farewell|parental leave|going on leave)\b",
        r"离职", r"离开了?\s*(?=[A-Z\u4e00-\u9fff])", r"卸任", r"辞职", r"辞去",
    ],
    "price_up": [
        r"\b(?:raises?|raised|hikes?|hiked|increases?|increased)\s+(?:the\s+)?(?:\S+\s+){0,3}?(?:prices?|pricing|rates)\b",
        r"\bprice (?:hike|increase)\b", r"涨价", r"上调", r"提价",
    ],
    "price_down": [
        r"\b(?:cuts?|cut|slashe[sd]|lowers?|lowered|drops?|dropped)\s+(?:the\s+)?(?:\S+\s+){0,3}?(?:prices?|pricing|rates)\b",
        r"\bprice (?:cut|drop)\b", r"降价", r"下调", r"打折", r"免费开放",
    ],
    "limit": [
        r"\b(?:rate|usage|session|weekly|daily|5-hour|hourly) limits?\b", r"\bquotas?\b",
        r"\blimits? (?:reset|resets)\b",
        r"\bresets?\b(?= (?:usage|limits?|quota))", r"\bpeak hours\b",
        r"额度", r"限额", r"限流", r"配额", r"重置", r"用量",
    ],
    "policy": [  # beyond the stated policies of events.py: a government or platform restricting use
        r"\bsuspend(?:s|ed|ing)\b", r"\bban(?:s|ned|ning)?\b", r"\bsanction(?:s|ed)?\b",
        r"\bregulat(?:ors?|ion|ing|ed)\b", r"\brestrict(?:s|ed|ing|ions?)\b",
        r"禁令", r"封禁", r"出口管制", r"监管", r"禁止使用", r"限制使用",
    ],
    "benchmark": [
        r"\bbenchmarks?\b", r"\bSOTA\b", r"\bleaderboard\b", r"\bSWE-?bench\b", r"\bevals?\b(?= (?:results?|scores?))",
        r"榜单", r"跑分", r"基准测试", r"评测", r"登顶", r"排行榜",
    ],
}
TRIGGERS = re.compile("|".join(f"(?P<{k}>{'|'.join(p)})" for k, p in EXTRA.items()), re.I)
MONEY = re.compile(
    r"(?:US)?\$\s?\d[\d.,]*\s?(?:[MBK]|million|billion)?(?:\s+(?:Series [A-F]\+?|seed|pre-seed)(?: round)?)?"
    r"|\d+(?:\.\d+)?\s*(?:亿|万)\s*(?:美元|元|人民币)?(?:\s*[A-F]\+?轮)?",
    re.I,
)
PERCENT = re.compile(r"\d+(?:\.\d+)?\s?%")
PRICE_NOUN = re.compile(r"[\u4e00-\u9fff]{0,2}价格|\b(?:\w+ )?(?:prices?|pricing|rates)\b", re.I)
ALL_KINDS = tuple(dict.fromkeys(("launch", "release", "open-source", "funding", "acquisition", "policy", *EXTRA)))


@dataclass
class Development:
    kind: str
    key: str  # the name the development is about
    subject: str  # name before the trigger ("" if none)
    object: str  # name or figure after it ("" if none)
    at: int  # trigger position


def _names(spans):
    return [(s, e, n) for s, e, n in spans if n.lower() not in GENERIC_NAMES]


def develop(text: str, spans: list[tuple[int, int, str]]) -> Development | None:
    """The development ``text`` states about one of its names, or None (discussion)."""
    names = _names(spans)
    if not names:
        return None
    pre = prefilter()
    found = find_event(text, spans) if pre is None or pre.search(text[:600]) else None
    if found is not None:
        kind, key, at = found
        return _parts(text, names, kind, key, at)
    for m in TRIGGERS.finditer(text[:600]):
        if NEGATED.search(text[max(0, m.start() - 6):m.start()]):
            continue
        line_start = max(text.rfind(c, 0, m.start()) for c in "。！？!?\n")
        if OTHER_TIME.search(text[line_start + 1:m.end() + 20]) and m.lastgroup in ("hire", "departure"):
            continue
        near = [(abs(s - m.start()), n) for s, e, n in names if m.start() - NEAR <= e and s <= m.end() + NEAR]
        if not near:
            continue
        key = min(near, key=lambda d: (not re.search(r"\d", d[1]), d[0]))[1]
        return _parts(text, names, m.lastgroup or "", key, m.start())
    return None


ZH_LEAD = re.compile(r"(?:^|(?<=[\s，。！？：；、,.!?:;\n]))([\u4e00-\u9fff]{2,10}?)(?:" + _ZH_WHEN[3:-1] + r")*$")


ZH_ALSO = re.compile(r"(?:发布|宣布|推出|上线)(?:并|和|且)?$")


def cjk_subject(text: str, at: int) -> str:
    """A Chinese name opening the clause right before the trigger ("北极星智能今天正式开源" ->
    北极星智能), without the time and manner words between them."""
    window = ZH_ALSO.sub("", text[max(0, at - 20):at])  # "北极星智能今天正式发布并开源": 发布并 is a second verb
    m = ZH_LEAD.search(window)
    return m.group(1) if m else ""


def _parts(text: str, names, kind: str, key: str, at: int) -> Development:
    before = [(at - e, n) for s, e, n in names if at - NEAR <= e <= at + 1]
    after = [(s - at, n) for s, e, n in names if at < s <= at + NEAR + 10]
    subject = min(before)[1] if before else ""
    obj = ""
    tail = text[at:at + 80]
    if kind == "funding":
        m = MONEY.search(tail) or MONEY.search(text)
        obj = m.group(0).strip() if m else ""
    elif kind in ("price_up", "price_down"):
        # "NimbusGPU 今天发通知：H100 按需租赁价格上调 15%": the sentence's first name sets the price
        # of the next one; the object is that product, the price noun and the figure
        start = max(text.rfind(c, 0, at) for c in "。！？!?\n") + 1
        lead = [(s, e, n) for s, e, n in names if start <= s and e <= at]
        after_names = [n for _, n in sorted(after)]
        if len(lead) >= 2 and lead[0][2].lower() != lead[1][2].lower():
            subject, product, tail_from = lead[0][2], lead[1][2], lead[1][1]
        else:
            product, tail_from = (after_names[0] if after_names else ""), at
        noun = PRICE_NOUN.search(text[tail_from:at + 20]) if product else None
        pct = PERCENT.search(tail)
        obj = " ".join(p for p in (product, noun.group(0) if noun else "", pct.group(0) if pct else "") if p)
    elif after:
        obj = min(after)[1]
    if not subject:
        subject = cjk_subject(text, at)
        if subject and not obj and key:
            obj = key
    if not subject:
        subject, obj = (key, obj if obj != key else "") if key else (obj, "")
    if obj.lower() == subject.lower():
        obj = ""
    return Development(kind, key or subject, subject, obj, at)


_PHRASE_WORD = re.compile(r"[A-Za-z][A-Za-z\-]+")
_URLISH = re.compile(r"https?://\S+|\S+\.(?:com|org|io|ai|dev|net|app)\S*", re.I)
SHIPPED_KINDS = ("release", "launch")


def shipped_phrase(texts: list[str], authors: list[str], subject: str) -> str:
    """What a release without a named object shipped: the pair of whole words, written next to each
    other (no link, no punctuation between; no stopword, no generic term, no word of the subject),
    that the most authors of the story write, two at least ("auto mode" for "Claude Code ships an
    update"); "" when no pair is shared."""
    from tweetbrief.analysis.labels import GENERIC
    from tweetbrief.analysis.names import generic_term
    from tweetbrief.analysis.text import stopwords

    stop, own = stopwords(), set(subject.lower().split())
    who: dict[str, set[str]] = {}
    for text, author in zip(texts, authors):
        tokens = _URLISH.sub(" | ", text).split()  # a pair is two whole words next to each other
        pairs = set()
        for t1, t2 in zip(tokens, tokens[1:]):
            w2 = t2.rstrip(".,;:!?)”’\"'")  # punctuation after the first word ends the phrase
            if _PHRASE_WORD.fullmatch(t1) and _PHRASE_WORD.fullmatch(w2):
                pairs.add((t1.lower(), w2.lower()))
        for a, b in pairs:
            if a == b or {a, b} & own or {a, b} & stop or a in GENERIC or b in GENERIC:
                continue
            if generic_term(a) or generic_term(b) or generic_term(f"{a} {b}"):
                continue
            who.setdefault(f"{a} {b}", set()).add(author)
    best = sorted(who, key=lambda p: (-len(who[p]), p))
    return best[0] if best and len(who[best[0]]) >= 2 else ""


__all__ = ["Development", "develop", "shipped_phrase", "ALL_KINDS", "EXTRA"]

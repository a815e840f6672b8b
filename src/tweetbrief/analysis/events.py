"""Stage 8, events: dated happenings (launches, releases, open-sourcing, funding, policy,
acquisitions) with the earliest tweet that reports them inside the period.

``keywords`` (default): one compiled alternation of zh+en trigger phrases per kind; a tweet is
an event candidate when a trigger that is not negated (不推出, not released) stands within a few
characters of a name (known or capitalised: "豆包大模型 1.5 Pro 正式发布", "Introducing Daybreak"). Candidates of the same kind are merged when they share a name and their words overlap
(Jaccard >= 0.2), or are near-identical. Summary = the best-ranked report's cleaned text,
shortened. The kind is the first trigger's (a strong kind - acquisition, funding,
open-source - in the same sentence wins). Up to ``MAX_EVENTS`` events with the most support, listed by time.
"""

from __future__ import annotations

import re

from tweetbrief.analysis.base import Context, Stage, register_stage
from tweetbrief.analysis.model import Event
from tweetbrief.analysis.text import HANDLE_RE, URL_RE, entity_spans

MAX_EVENTS = 15
SUMMARY_CHARS = 120

KINDS: dict[str, list[str]] = {
    "acquisition": [
        r"acquir(?:e|es|ed|ing)\b", r"acquisition", r"\bbuys\b", r"to buy\b", r"\bmerger\b", "收购", "并购", "买下", "合并",
    ],
    "funding": [
        r"rais(?:e|es|ed|ing) \$?\d", r"\bfunding\b", r"series [a-f]\b", r"seed round", r"valuation", r"valued at",
        "融资", "估值", "领投", "跟投", "天使轮", r"[A-F]轮", "募资", r"\bIPO\b", "上市",
    ],
    "open-source": [r"open[- ]?sourc(?:e|ed|es|ing)", r"weights (?:are )?(?:now )?(?:on|available)", "开源", "开放权重"],
    "policy": [
        r"regulat(?:ion|ions|ory|e|es)", r"executive order", r"\bAI Act\b", r"export controls?", r"\bbans?\b",
        r"\bbanned\b", r"\blaw\b", r"\bbill\b", r"\bFTC\b", r"antitrust", r"lawsuit", r"\bsues?\b", r"\bsued\b",
        "监管", "政策", "法案", "法规", "禁令", "出口管制", "反垄断", "起诉", "诉讼", "网信办", "备案", "罚款",
    ],
    "release": [
        r"\breleas(?:e|ed|es|ing)\b", r"now available", r"rolling out", r"rolls? out", r"is (?:now )?live\b",
        r"\bships?\b", r"\bshipped\b", r"\bv\d+(?:\.\d+)+\b", r"update[sd]?\b", r"changelog",
        "更新", "上线", "版本", "开放", "推送", "公测", "内测", "可用",
    ],
    "launch": [
        r"launch(?:es|ed|ing)?\b", r"introduc(?:e|es|ed|ing)\b", r"unveil(?:s|ed|ing)?\b", r"announc(?:e|es|ed|ing)\b",
        r"debut(?:s|ed)?\b", "发布", "推出", "亮相", "官宣", "重磅", "首发", "发布会",
    ],
}
STRONG = {"acquisition", "funding", "open_source"}


def _compile() -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{k.replace('-', '_')}>{'|'.join(pats)})" for k, pats in KINDS.items()), re.I)


TRIGGERS = _compile()


NEGATED = re.compile(r"(?:不|没|没有|未|尚未|并未|无|not|no|never|won't|didn't|isn't)\s*$", re.I)
NEAR = 30  # characters between a trigger and the name it is about


def event_kind(text: str, spans: list[tuple[int, int, str]]) -> str | None:
    """The kind of the first trigger that has a name within ``NEAR`` characters and is not
    negated (headlines put the action first); a strong kind (acquisition, funding, open-source)
    later in the same sentence wins over it."""
    first = None
    for m in TRIGGERS.finditer(text[:400]):
        if NEGATED.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        if not any(s - NEAR <= m.end() and m.start() <= e + NEAR for s, e, _ in spans):
            continue
        if first is None:
            first = m
            ends = [i for i in (text.find(p, m.start()) for p in "。！？\n!?") if i >= 0]
            head_end = min(ends, default=len(text))
        elif m.start() > head_end:
            break
        if m.lastgroup in STRONG:
            return m.lastgroup.replace("_", "-")
    return first.lastgroup.replace("_", "-") if first is not None else None


def summarise_text(text: str) -> str:
    text = URL_RE.sub("", text)
    text = HANDLE_RE.sub(lambda m: m.group(0)[1:], text)
    text = re.sub(r"\s+", " ", text).strip(" -—:：|")
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS]
    stop = max(cut.rfind(p) for p in "。！？!?.;；")
    if stop >= SUMMARY_CHARS * 0.5:
        return cut[: stop + 1]
    return cut.rstrip() + "…"


@register_stage("events", "keywords")
class KeywordEvents(Stage):
    def run(self, ctx: Context) -> None:
        from tweetbrief.analysis.words import known_names

        names_rx = known_names()
        pos = {i: k for k, i in enumerate(ctx.ranked)}
        candidates = []
        for t in ctx.unique:
            text = ctx.text_of(t)
            if not TRIGGERS.search(text[:400]):
                continue
            spans = entity_spans(text, names_rx)
            kind = event_kind(text, spans)
            if kind is None:
                continue
            names = {name.lower() for _, _, name in spans}
            words = set(ctx.tokens.get(t.id) or ())
            candidates.append((t, kind, names, words))
        candidates.sort(key=lambda c: (c[0].created_at, c[0].id))
        merged: list[dict] = []
        by_name: dict[str, list[dict]] = {}  # name -> events naming it, newest last
        for t, kind, names, words in candidates:
            home = None
            for name in names:
                for ev in reversed(by_name.get(name, [])[-30:]):
                    if ev["kind"] != kind:
                        continue
                    union = words | ev["words"]
                    if union and len(words & ev["words"]) / len(union) >= 0.2:
                        home = ev
                        break
                if home is not None:
                    break
            if home is None:
                home = {"kind": kind, "names": set(), "words": set(words), "ids": []}
                merged.append(home)
            home["ids"].append(t.id)
            for name in names - home["names"]:
                by_name.setdefault(name, []).append(home)
            home["names"] |= names
        events = []
        for ev in merged:
            ids = sorted(ev["ids"], key=lambda i: pos.get(i, len(pos)))
            members = [m for i in ids for m in ctx.groups.get(i, [i])]
            when = min(ctx.get(m).created_at for m in members)
            events.append(Event(when=when, kind=ev["kind"], summary=summarise_text(ctx.text_of(ctx.get(ids[0]))), tweet_ids=ids))
        # most supported first, then the best-ranked; keep MAX_EVENTS and list them by time
        events.sort(key=lambda e: (-sum(ctx.copies(i) for i in e.tweet_ids), pos.get(e.tweet_ids[0], 0)))
        ctx.events = sorted(events[:MAX_EVENTS], key=lambda e: (e.when, e.tweet_ids[0]))

"""Dates and quantities as people write them, for the grounding checks.

* ``dates_in``: ISO and Chinese full dates (2026-01-23, 2026/1/23, 2026年1月23日), Chinese month-day
  (1月30日, 1月30号), English dates (March 15, 2031 / Mar. 15 / 15 March 2031). A date without a
  year comes back with ``year=None`` and is compared by month and day.
* ``claims_in``: numbers the text presents as a quantity -- a share (``%``), a number with a
  multiplier (3.2万, 1.5亿, 12k, 3M, $350M) or a number before a count word (条推文, 次, 位作者,
  tweets, replies, views ...). Bare numbers (GPT-5, 2026, K2.5) are names or years, not claims.
* ``numbers_in``: every number a tweet's text contains, multipliers applied (1.2万 -> 12000).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千": 1e3, "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9,
               "bn": 1e9, "w": 1e4, "W": 1e4}
_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_MULT = r"(万|亿|千|bn\b|[kKmMbBwW](?![A-Za-z]))?"
_COUNT_WORDS = (r"条相关推文|条推文|条帖子|条回复|条评论|条转发|条|篇推文|篇|次|位作者|位用户|位|名作者|名用户|名|"
                r"个账号|个帐号|个|人次|人|家|款|项|点赞|赞|转发|回复|评论|浏览|阅读|"
                r"tweets?\b|posts?\b|authors?\b|accounts?\b|users?\b|people\b|replies\b|reply\b|likes?\b|"
                r"views?\b|retweets?\b|reposts?\b|comments?\b|times\b|mentions?\b")
_CLAIM = re.compile(r"(?<![\w.])" + _NUM + r"\s*" + _MULT + r"\s*(%|％|" + _COUNT_WORDS + r")?", re.I)
_ANY_NUM = re.compile(r"(?<![\w.])" + _NUM + r"\s*" + _MULT)

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
        r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_LIST_UNITS = frozenset("条个项款家位名篇次人")  # counters of a list ("3 条建议"), not of a statistic
_FULL = re.compile(r"(20\d{2}|19\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_ZH_MD = re.compile(r"(?<![\d年/.-])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_EN_MDY = re.compile(r"\b" + _MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(\d{4}))?", re.I)
_EN_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r"(?:,?\s*(\d{4}))?", re.I)


@dataclass(frozen=True)
class WrittenDate:
    year: int | None
    month: int
    day: int

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}-{self.day:02d}" if self.year else f"{self.month:02d}-{self.day:02d}"


def _valid(m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= 31


def dates_in(text: str) -> list[WrittenDate]:
    out: list[WrittenDate] = []
    rest = text
    for y, m, d in _FULL.findall(rest):
        if _valid(int(m), int(d)):
            out.append(WrittenDate(int(y), int(m), int(d)))
    rest = _FULL.sub(" ", rest)
    for m, d in _ZH_MD.findall(rest):
        if _valid(int(m), int(d)):
            out.append(WrittenDate(None, int(m), int(d)))
    for mon, d, y in _EN_MDY.findall(rest):
        month = _MONTHS.get(mon.lower().rstrip("."))
        if month and _valid(month, int(d)) and not (mon.lower() == "may" and not y and int(d) > 31):
            out.append(WrittenDate(int(y) if y else None, month, int(d)))
    rest = _EN_MDY.sub(" ", rest)
    for d, mon, y in _EN_DMY.findall(rest):
        month = _MONTHS.get(mon.lower().rstrip("."))
        if month and _valid(month, int(d)):
            out.append(WrittenDate(int(y) if y else None, month, int(d)))
    return out


@dataclass(frozen=True)
class Claim:
    raw: str
    value: float
    kind: str  # "share" | "count"
    step: float  # half the precision the number was written with (3.2万 -> 500), 0 for exact

    def matches(self, x: float) -> bool:
        return abs(x - self.value) <= self.step + 1e-9


def _value(raw: str, mult: str) -> tuple[float, float]:
    base = float(raw.replace(",", ""))
    if not mult:
        return base, 0.0
    factor = MULTIPLIERS.get(mult, MULTIPLIERS.get(mult.lower(), 1.0))
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    return base * factor, 0.5 * factor * 10 ** -decimals


def claims_in(text: str) -> list[Claim]:
    out = []
    for m in _CLAIM.finditer(text):
        raw, mult, unit = m.group(1), m.group(2) or "", m.group(3) or ""
        if not mult and not unit:
            continue
        value, step = _value(raw, mult)
        kind = "share" if unit in ("%", "％") else "count"
        if kind == "count" and not mult and value <= 10 and unit in _LIST_UNITS:
            continue  # "3 条建议", "两个方向": a list count, not a statistic
        out.append(Claim(m.group(0).strip(), value, kind, step))
    return out


def numbers_in(text: str) -> set[float]:
    found: set[float] = set()
    for raw, mult in _ANY_NUM.findall(text):
        found.add(float(raw.replace(",", "")))
        if mult:
            found.add(_value(raw, mult)[0])
    return found


LINK_OR_ID = re.compile(r"https?://\S+|\b(?:x|twitter)\.com/\S+|(?<!\d)\d{12,20}(?!\d)", re.I)
ALIAS_REF = re.compile(r"\s*[（(\[【]\s*(?:t\d{1,4}\s*[,，、;/ ]*\s*)+[)）\]】]", re.I)


def strip_alias_refs(text: str) -> str:
    """'... 开源（t3, t5）' -> '... 开源': citations belong in cites, not in the prose."""
    return ALIAS_REF.sub("", text)


__all__ = ["WrittenDate", "Claim", "dates_in", "claims_in", "numbers_in", "LINK_OR_ID", "strip_alias_refs"]

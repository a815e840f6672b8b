"""Stage 7, markets: tickers mentioned by cashtag ($NVDA, $BTC) or by name in market context.

Names come from ``data/tickers.toml`` (aliases matched case-insensitively, ``aliases_cs``
case-sensitively), all in one compiled alternation. A cashtag is always a market signal; a name
only when a market word (股价, shares, earnings ... ``[context]``) stands within ``window``
characters of it, and never as an @mention (@Meta) or after a job-move word (joined, 加入).
Kind: a ``[[ticker]]`` entry, else ``[crypto].symbols``, else ``"unknown"`` (never a stock).
Counts are over the deduplicated tweets; each ticker carries its tweet ids (rank order) and
their sentiment.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from tweetbrief.analysis.base import Context, Stage, register_stage
from tweetbrief.analysis.model import TickerStat
from tweetbrief.analysis.sentiment import summarise
from tweetbrief.analysis.text import CASHTAG_RE, DATA, compile_alternation

# Cashtags that are almost always something else ($ in prices, slang).
CASHTAG_STOP = {
    "USD", "US", "AI", "CEO", "IPO", "ETF", "API", "EPS", "GDP", "K", "M", "B", "X", "UP", "DOWN", "ALL", "NEW", "FREE",
    "WIN", "THE",
}


@lru_cache(maxsize=1)
def ticker_data() -> dict:
    return tomllib.loads((DATA / "tickers.toml").read_text(encoding="utf-8"))


def ticker_table() -> list[dict]:
    return ticker_data()["ticker"]


class TickerMatcher:
    def __init__(self) -> None:
        self.info = {e["symbol"]: e for e in ticker_table()}
        groups_ci: list[str] = []
        groups_cs: list[str] = []
        self.alias: dict[str, str] = {}
        self.cashtag: dict[str, str] = {}  # $Apple, $NVIDIA, $GOOG -> the listed symbol
        excludes: list[str] = []
        for e in ticker_table():
            excludes.extend(e.get("exclude", []))
            for c in e.get("cashtags", []):
                self.cashtag[c.upper()] = e["symbol"]
            for a in e.get("aliases", []) + e.get("aliases_cs", []):
                if " " not in a and a.isascii():
                    self.cashtag.setdefault(a.upper(), e["symbol"])
            for a in e.get("aliases", []):
                self.alias[a.lower()] = e["symbol"]
                groups_ci.append(a)
            for a in e.get("aliases_cs", []):
                self.alias[a] = e["symbol"]
                groups_cs.append(a)
        ci = compile_alternation(groups_ci, re.I)
        cs = compile_alternation(groups_cs, 0)
        parts = ([f"(?:{cs.pattern})"] if cs else []) + ([f"(?i:{ci.pattern})"] if ci else [])
        self.rx = re.compile("|".join(parts))
        self.exclude = compile_alternation(excludes, re.I)
        data = ticker_data()
        context = data.get("context", {})
        self.window = int(context.get("window", 40))
        self.context = compile_alternation(context.get("en", []) + context.get("zh", []), re.I)
        job = compile_alternation(context.get("job", []), re.I)
        self.job = re.compile(f"(?:{job.pattern})\\s*(?:the\\s+)?$", re.I) if job else None
        self.crypto = {c.upper() for c in data.get("crypto", {}).get("symbols", [])}

    def market_context(self, text: str, start: int, end: int) -> bool:
        """A name is a market signal only next to a market word, not as @mention or job move."""
        if start and text[start - 1] in "@＠":
            return False
        if self.job is not None and self.job.search(text[max(0, start - 20) : start]):
            return False
        if self.context is None:
            return False
        around = text[max(0, start - self.window) : end + self.window]
        return self.context.search(around) is not None

    def symbols(self, text: str, cashtags: list[str]) -> set[str]:
        found = {c.lstrip("$").upper() for c in cashtags}
        found |= {m.group(1).upper() for m in CASHTAG_RE.finditer(text)}
        found = {self.cashtag.get(c, c) for c in found - CASHTAG_STOP}
        skip = [m.span() for m in self.exclude.finditer(text)] if self.exclude is not None else []
        for m in self.rx.finditer(text):
            if any(a <= m.start() < b for a, b in skip):
                continue  # 亚马逊河, Big Apple: not the company
            s = m.group(0)
            sym = self.alias.get(s) or self.alias.get(s.lower()) or self.alias.get(" ".join(s.lower().split()))
            if sym and sym not in found and self.market_context(text, m.start(), m.end()):
                found.add(sym)
        return found

    def stat(self, symbol: str, ids: list[str]) -> TickerStat:
        e = self.info.get(symbol)
        if e is None:  # a cashtag not in the table: crypto when listed as such, else unknown
            kind = "crypto" if symbol in self.crypto else "unknown"
            return TickerStat(symbol=symbol, kind=kind, name=symbol, mentions=len(ids), tweet_ids=ids)
        name = e["name"] if e["name"] == symbol else f"{e['name']} ({symbol})"
        return TickerStat(symbol=symbol, kind=e["kind"], name=name, mentions=len(ids), tweet_ids=ids)


def english_name(symbol: str) -> str:
    """Display name for English reports: the entry's first Latin alias with the symbol, e.g.
    "Amazon (AMZN)"; the symbol alone when the table has no Latin name for it."""
    e = matcher().info.get(symbol)
    if e is None:
        return symbol
    latin = [a for a in [e["name"], *e.get("aliases", []), *e.get("aliases_cs", [])] if a.isascii() and a != symbol]
    return f"{latin[0]} ({symbol})" if latin else symbol


@lru_cache(maxsize=1)
def matcher() -> TickerMatcher:
    return TickerMatcher()


@register_stage("markets", "tickers")
class TickerMarkets(Stage):
    description = "tickers mentioned by cashtag ($NVDA) or by name in market context (data/tickers.toml)"
    def run(self, ctx: Context) -> None:
        m = matcher()
        ids_by: dict[str, list[str]] = {}
        for t in ctx.unique:
            for sym in m.symbols(ctx.text_of(t), t.cashtags):
                ids_by.setdefault(sym, []).append(t.id)
        stats = []
        for sym, ids in ids_by.items():
            s = m.stat(sym, ids)
            if ctx.tweet_sentiment:
                s.sentiment = summarise(ctx, ids)
            stats.append(s)
        stats.sort(key=lambda s: (-s.mentions, s.symbol))
        ctx.tickers = stats

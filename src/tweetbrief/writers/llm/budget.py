"""Token counting, the per-report input budget, and cost.

Counting never touches the network. tiktoken downloads its BPE file on first use, so it is only
used when that file is already in tiktoken's cache (``TIKTOKEN_CACHE_DIR`` / ``DATA_GYM_CACHE_DIR``
/ ``$TMP/data-gym-cache``); otherwise a deliberately high estimate is used:

    tokens ~= CJK characters * 1.0 + other characters / 3.5 (+ 4 per message)

(GPT-4o's o200k and Qwen's tokenizers give 0.6-0.9 tokens per common Chinese character and ~4
characters per English token; JSON punctuation is denser, hence 3.5). Over-estimating keeps the
real input under the budget. Reported totals prefer the provider's ``usage`` figures.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from typing import Any

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u3040-\u30ff\uac00-\ud7af]")
_BPE_URLS = {
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
}
PER_MESSAGE = 4
SAFETY_MARGIN = 1.25  # on top of the worst provider/count ratio, once the provider charges more than counted


def estimate_tokens(text: str) -> int:
    cjk = len(_CJK.findall(text))
    return cjk + int((len(text) - cjk) / 3.5 + 0.999)


def _tiktoken_cached(encoding: str) -> bool:
    """True when tiktoken can load ``encoding`` without downloading anything."""
    url = _BPE_URLS.get(encoding)
    if url is None:
        return False
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        cache_dir = os.environ["TIKTOKEN_CACHE_DIR"]
    elif "DATA_GYM_CACHE_DIR" in os.environ:
        cache_dir = os.environ["DATA_GYM_CACHE_DIR"]
    else:
        cache_dir = os.path.join(tempfile.gettempdir(), "data-gym-cache")
    if not cache_dir:
        return False
    return os.path.exists(os.path.join(cache_dir, hashlib.sha1(url.encode()).hexdigest()))


class TokenCounter:
    """``count(text)``; ``method`` is "tiktoken:<encoding>" or "estimate"."""

    def __init__(self, tokenizer: str = "auto", model: str | None = None):
        self._encode = None
        self.method = "estimate"
        if tokenizer == "estimate":
            return
        encoding = tokenizer if tokenizer != "auto" else _encoding_for(model)
        if _tiktoken_cached(encoding):
            try:
                import tiktoken

                enc = tiktoken.get_encoding(encoding)
                self._encode = enc.encode
                self.method = f"tiktoken:{encoding}"
            except Exception:  # noqa: BLE001 - any tiktoken problem means: estimate
                self._encode = None

    def count(self, text: str) -> int:
        if self._encode is not None:
            return len(self._encode(text, disallowed_special=()))
        return estimate_tokens(text)

    def count_messages(self, messages: list[dict[str, str]]) -> int:
        return sum(self.count(m["content"]) + PER_MESSAGE for m in messages) + 2


def _encoding_for(model: str | None) -> str:
    name = (model or "").lower()
    if any(k in name for k in ("gpt-3.5", "gpt-4-", "gpt-4 ", "text-embedding")) or name == "gpt-4":
        return "cl100k_base"
    return "o200k_base"


@dataclass
class RunLedger:
    """What one report cost: calls, tokens, retries, repairs, fallbacks, dropped items."""

    budget: int
    counter: TokenCounter
    price_in: float = 0.0
    price_out: float = 0.0
    currency: str = "USD"
    calls: int = 0
    retries: int = 0
    repairs: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    usage_calls: int = 0  # calls whose figures came from the provider's usage
    planned_in: int = 0  # counted before sending
    fallbacks: list[str] = field(default_factory=list)
    dropped: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    clusters_total: int = 0
    clusters_mapped: int = 0
    tweets_shown: int = 0

    scale: float = 1.0  # provider's prompt tokens / our count, worst call so far (>= 1)
    endpoint_down: str = ""  # why the whole report came from the offline writer

    def spent_in(self) -> int:
        """Input spent so far, by our count or the provider's usage, whichever is larger."""
        return max(self.tokens_in, self.planned_in)

    def remaining(self) -> int:
        return self.budget - self.spent_in()

    def fits(self, counted: int, committed: int = 0) -> bool:
        """Whether a call of ``counted`` input tokens (our count, scaled by what the provider has
        charged so far) fits, keeping ``committed`` tokens for the calls still to come."""
        return (counted + committed) * self.safety() <= self.remaining()

    def safety(self) -> float:
        """Factor on our own count: 1 while the provider charges no more than counted; once it charges
        more, the worst ratio seen plus a margin (the ratio varies with the text: a Chinese-heavy report
        call runs higher than tweet-heavy map calls)."""
        return 1.0 if self.scale <= 1.0 else self.scale * SAFETY_MARGIN

    def record(self, prompt_tokens: int | None, completion_tokens: int | None, counted_in: int,
               counted_out: int) -> None:
        self.calls += 1
        self.planned_in += counted_in
        if prompt_tokens and counted_in:
            self.scale = max(self.scale, prompt_tokens / counted_in)
        if prompt_tokens is not None and completion_tokens is not None:
            self.usage_calls += 1
            self.tokens_in += prompt_tokens
            self.tokens_out += completion_tokens
        else:
            self.tokens_in += counted_in
            self.tokens_out += counted_out

    def drop(self, section: str, reason: str) -> None:
        self.dropped.append({"section": section, "reason": reason})

    @property
    def cost(self) -> float:
        return (self.tokens_in * self.price_in + self.tokens_out * self.price_out) / 1_000_000

    @property
    def token_source(self) -> str:
        if self.calls and self.usage_calls == self.calls:
            return "usage"
        if self.usage_calls:
            return f"usage+{self.counter.method}"
        return self.counter.method

    def summary(self, writer: str, model: str | None) -> dict[str, Any]:
        return {
            "writer": writer,
            "model": model,
            "calls": self.calls,
            "retries": self.retries,
            "repairs": self.repairs,
            "tokens_in": self.tokens_in,
            "tokens_out": self.tokens_out,
            "token_source": self.token_source,
            "tokens_in_counted": self.planned_in,  # our own count (budget check), whatever usage says
            "token_budget": self.budget,
            "cost": round(self.cost, 6),
            "currency": self.currency,
            "priced": bool(self.price_in or self.price_out),
            "clusters_mapped": self.clusters_mapped,
            "clusters_total": self.clusters_total,
            "tweets_shown": self.tweets_shown,
            "fallbacks": list(self.fallbacks),
            "dropped": len(self.dropped),
            "dropped_items": list(self.dropped),
            "notes": list(self.notes),
            "endpoint_down": self.endpoint_down,
        }


def summary_line(s: dict[str, Any]) -> str:
    cost = f"{s['cost']:.4f} {s['currency']}" if s["priced"] else "n/a (set price_in/price_out)"
    line = (f"llm[{s['writer']}:{s['model']}] calls {s['calls']}, retries {s['retries']}, repairs {s['repairs']}, "
            f"tokens in {s['tokens_in']:,} / out {s['tokens_out']:,} "
            f"({s['token_source']}; budget {s['token_budget']:,}), "
            f"est. cost {cost}, clusters {s['clusters_mapped']}/{s['clusters_total']}, "
            f"fallbacks {len(s['fallbacks'])}, dropped items {s['dropped']}")
    if s.get("endpoint_down"):
        line += f" -- endpoint down, offline report published: {s['endpoint_down']}"
    elif s["fallbacks"]:
        line += " [offline: " + "; ".join(s["fallbacks"]) + "]"
    return line


__all__ = ["TokenCounter", "RunLedger", "estimate_tokens", "summary_line"]

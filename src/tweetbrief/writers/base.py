"""The writer interface and its registry.

A writer turns an ``Analysis`` into a ``Report``; it never renders. Capabilities are class
attributes so the core never branches on a writer's name::

    @register_writer
    class MyWriter(Writer):
        name = "mine"
        needs_key = True
        def write(self, analysis, options): ...
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar

from tweetbrief.analysis.model import Analysis
from tweetbrief.errors import ConfigError, WriterError
from tweetbrief.writers.report import Report


class Writer(ABC):
    name: ClassVar[str]
    needs_key: ClassVar[bool] = False
    description: ClassVar[str] = ""

    @abstractmethod
    def write(self, analysis: Analysis, options: dict[str, Any]) -> Report:
        """Return the report for ``analysis``; ``options`` come from config and the command line."""


class StrictWriterError(WriterError):
    """A model writer could not write and ``--strict-llm`` / ``strict = true`` forbids the offline
    fallback: nothing is published, exit code 4."""

    exit_code = 4


# ``report --json`` / ``run --json``: ``stats.llm``, exactly these keys, numbers (0 when none).
LLM_JSON_KEYS = ("calls", "repairs", "input_tokens", "output_tokens", "cost_usd", "fallbacks", "dropped")


def llm_json(report_stats: dict[str, Any]) -> dict[str, int | float]:
    """The writer's run figures for ``--json``: ``report.stats["llm"]`` reduced to ``LLM_JSON_KEYS``."""
    llm = report_stats.get("llm") if isinstance(report_stats, dict) else None
    llm = llm if isinstance(llm, dict) else {}

    def count(value: Any) -> int:
        return len(value) if isinstance(value, (list, tuple)) else int(value or 0)

    priced_usd = llm.get("priced") and str(llm.get("currency", "USD")).upper() == "USD"
    return {"calls": count(llm.get("calls")), "repairs": count(llm.get("repairs")),
            "input_tokens": count(llm.get("tokens_in")), "output_tokens": count(llm.get("tokens_out")),
            "cost_usd": round(float(llm.get("cost") or 0.0), 6) if priced_usd else 0.0,
            "fallbacks": count(llm.get("fallbacks")), "dropped": count(llm.get("dropped"))}


WRITERS: dict[str, Callable[[], Writer]] = {}


def register_writer(cls: type[Writer]) -> type[Writer]:
    WRITERS[cls.name] = cls
    return cls


def get_writer(name: str) -> Writer:
    try:
        return WRITERS[name]()
    except KeyError:
        raise ConfigError(f"unknown writer {name!r}; choose one of: {', '.join(sorted(WRITERS))}") from None


__all__ = ["Writer", "WRITERS", "register_writer", "get_writer", "StrictWriterError", "LLM_JSON_KEYS", "llm_json"]

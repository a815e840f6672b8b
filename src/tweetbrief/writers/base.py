"""The writer interface and its registry.

A writer turns an ``Analysis`` into a ``Report``; it never renders. Capabilities are class
attributes so the core never branches on a writer's name. ``WRITERS`` is a ``Registry`` of classes;
the built-ins are ``tweetbrief.writers`` entry points exactly as a plugin's are (docs/plugins.md),
``@register_writer`` adds one in-process::

    @register_writer
    class MyWriter(Writer):
        name = "mine"
        description = "One line for `tweetbrief plugins`"
        needs = ("env:MY_API_KEY",)
        def write(self, analysis, options): ...
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar

from tweetbrief.analysis.model import Analysis
from tweetbrief.errors import ConfigError, PluginError, StrictWriterError, WriterError  # noqa: F401 (re-export)
from tweetbrief.registry import Registry
from tweetbrief.writers.report import Report


class Writer(ABC):
    name: ClassVar[str]
    description: ClassVar[str] = ""
    # what it needs to run: "env:OPENAI_API_KEY", "extra:llamacpp", "file:model_path" (tweetbrief plugins)
    needs: ClassVar[tuple[str, ...]] = ()
    needs_key: ClassVar[bool] = False  # an API key (an "env:" need); set from ``needs`` when not given

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "needs_key" not in cls.__dict__ and "needs" in cls.__dict__:
            cls.needs_key = any(n.startswith("env:") for n in cls.needs)

    @abstractmethod
    def write(self, analysis: Analysis, options: dict[str, Any]) -> Report:
        """Return the report for ``analysis``; ``options`` come from config and the command line."""


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


WRITERS: Registry[Callable[[], Writer]] = Registry("writer")


def register_writer(cls: type[Writer]) -> type[Writer]:
    """Class decorator: register ``cls`` under ``cls.name`` (a name already taken -> ``PluginError``)."""
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name:
        raise PluginError(f"writer {cls.__name__}: set the class attribute name (the --writer value)")
    WRITERS.register(name, cls)
    return cls


def get_writer(name: str) -> Writer:
    cls = WRITERS.find(name)
    if cls is None:
        raise ConfigError(f"unknown writer {name!r}; choose one of: {', '.join(sorted(WRITERS.names()))}")
    return cls()



__all__ = ["Writer", "WRITERS", "register_writer", "get_writer", "StrictWriterError",
           "LLM_JSON_KEYS", "llm_json"]

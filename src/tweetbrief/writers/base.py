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

import os
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

    def unmet_needs(self, options: dict[str, Any]) -> list[str]:
        """The ``needs`` these options leave unmet ("env:X" unset, "extra:Y" not installed; "file:" needs
        the writer checks itself). ``report`` asks before any work; a writer may refine it."""
        return [need for need in self.needs if not need_met(need)]

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


def _extra_installed(extra: str) -> bool:
    """Every distribution tweetbrief's extra ``extra`` requires is installed (True when unknown)."""
    import re
    from importlib.metadata import PackageNotFoundError, requires, version

    try:
        reqs = requires("tweetbrief") or []
    except PackageNotFoundError:  # a source tree without metadata: let the writer say what is missing
        return True
    for req in reqs:
        if re.search(rf"extra\s*==\s*['\"]{re.escape(extra)}['\"]", req):
            try:
                version(re.split(r"[\s<>=!~;\[(]", req, maxsplit=1)[0])
            except PackageNotFoundError:
                return False
    return True


def need_met(need: str) -> bool:
    kind, _, what = need.partition(":")
    if kind == "env":
        return bool(os.environ.get(what))
    if kind == "extra":
        return _extra_installed(what)
    return True


def needs_error(name: str, unmet: list[str]) -> ConfigError:
    """One line: what writer ``name`` still needs, and how to provide it."""
    words = []
    for need in unmet:
        kind, _, what = need.partition(":")
        words.append({"env": f"${what} (set it in the environment)",
                      "extra": f"tweetbrief[{what}] (pip install 'tweetbrief[{what}]')"}.get(kind, need))
    return ConfigError(f"writer {name!r} needs {', '.join(words)}; see `tweetbrief plugins`")


def get_writer(name: str) -> Writer:
    cls = WRITERS.find(name)
    if cls is None:
        raise ConfigError(f"unknown writer {name!r}; choose one of: {', '.join(sorted(WRITERS.names()))}")
    return cls()



__all__ = ["Writer", "WRITERS", "register_writer", "get_writer", "need_met", "needs_error", "StrictWriterError",
           "LLM_JSON_KEYS", "llm_json"]

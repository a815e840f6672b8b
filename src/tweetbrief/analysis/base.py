"""Stage interface, the stage registry and the working state stages share.

Each stage is a small class with one method, ``run(ctx)``, registered under a kind and a name
(registry name ``"<kind>.<name>"``, e.g. ``sentiment.lexicon``). ``STAGES`` is a ``Registry``; the
built-ins are ``tweetbrief.stages`` entry points exactly as a plugin's are (docs/plugins.md), and
``@register_stage`` adds one in-process::

    @register_stage("sentiment", "lexicon")
    class LexiconSentiment(Stage):
        def run(self, ctx: Context) -> None: ...

A topic picks implementations with ``stages = {trends = "tfidf", sentiment = "none"}``; the name
``none`` (also ``off``/``skip``/``noop``) skips a stage. Later stages tolerate skipped ones: the
context starts with neutral defaults (every tweet relevant, its own group, score 0, ...).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from tweetbrief.analysis.context import Context  # the working state lives in analysis/context.py
from pydantic import BaseModel

from tweetbrief.errors import ConfigError, PluginError
from tweetbrief.options import NoOptions, validate_options
from tweetbrief.registry import Registry

# Run order and the default implementation of every kind.
ORDER = ["normalise", "relevance", "dedup", "rank", "trends", "sentiment", "markets", "events"]
DEFAULTS = {
    "normalise": "basic",
    "relevance": "keywords",
    "dedup": "minhash",
    "rank": "engagement",
    "trends": "stories",
    "sentiment": "lexicon",
    "markets": "tickers",
    "events": "keywords",
}
NOOP_NAMES = {"none", "off", "skip", "noop", ""}


class Stage(ABC):
    kind: ClassVar[str] = ""
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""  # one line for `tweetbrief plugins` (else the docstring's first line)
    needs: ClassVar[tuple[str, ...]] = ()  # e.g. "extra:embeddings"
    #: its settings, from ``[topics.X.stage_options.<kind>]`` (extra="forbid": a stray key is an error)
    Options: ClassVar[type[BaseModel]] = NoOptions

    def __init__(self, options: BaseModel | None = None) -> None:
        self.options = options if options is not None else self.Options()

    @abstractmethod
    def run(self, ctx: Context) -> None:
        """Read the context, add this stage's results to it."""


class Noop(Stage):
    name = "none"

    def run(self, ctx: Context) -> None:
        return None


STAGES: Registry[type[Stage]] = Registry("stage")  # "<kind>.<name>" -> class


def register_stage(kind: str, name: str) -> Callable[[type[Stage]], type[Stage]]:
    """Class decorator: register the stage as ``kind.name`` (a taken name or an unknown kind -> ``PluginError``)."""
    if kind not in ORDER:
        raise PluginError(f"stage {kind}.{name}: unknown stage kind {kind!r}; use one of: {', '.join(ORDER)}")
    if not name or "." in name or name in NOOP_NAMES:
        raise PluginError(f"stage {kind}.{name}: name {name!r} is empty, dotted or reserved; choose another")

    def deco(cls: type[Stage]) -> type[Stage]:
        cls.kind, cls.name = kind, name
        STAGES.register(f"{kind}.{name}", cls)
        return cls

    return deco


def stage_names(kind: str) -> list[str]:
    """The registered implementations of ``kind`` (``trends`` -> ["embeddings", "kmeans", ...])."""
    return sorted(n.partition(".")[2] for n in STAGES.names() if n.partition(".")[0] == kind)


def get_stage(kind: str, name: str | None, options: Mapping[str, Any] | None = None, *,
              where: str = "stage_options") -> Stage:
    """The stage ``name`` of ``kind`` (the default when ``name`` is None); none/off -> Noop.
    ``options`` (the topic's ``stage_options.<kind>`` table) are validated by the stage's own
    ``Options`` model: an unknown or mistyped key is one ``ConfigError`` line naming ``where``."""
    if kind not in ORDER:
        raise ConfigError(f"unknown analysis stage {kind!r} in topic stages; use one of: {', '.join(ORDER)}")
    name = DEFAULTS[kind] if name is None else name.strip().lower()
    if name in NOOP_NAMES:
        return Noop()  # a skipped stage has no settings to check
    cls = STAGES.find(f"{kind}.{name}")
    if cls is None:
        choices = ", ".join(stage_names(kind) + ["none"])
        raise ConfigError(f"unknown {kind} stage {name!r} in topic stages; choose one of: {choices}")
    return cls(validate_options(cls.Options, dict(options or {}), f"[{where}.{kind}]"))


__all__ = ["Context", "Stage", "Noop", "STAGES", "ORDER", "DEFAULTS", "register_stage", "get_stage", "stage_names"]

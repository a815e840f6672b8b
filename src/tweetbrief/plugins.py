"""Plugins: components found through entry points, the built-ins included.

Four entry-point groups, one per kind of component::

    tweetbrief.importers    file formats          (``--format`` names)
    tweetbrief.collectors   live sources          (``--source`` spec prefixes)
    tweetbrief.stages       analysis stages       (``<kind>.<name>``, e.g. ``trends.stories``)
    tweetbrief.writers      report writers        (``--writer`` names)

An entry point names a component class (``pkg.mod:MyWriter``) or a module whose import registers
its components with the ``register_*`` decorators. tweetbrief's own components are declared in its
``pyproject.toml`` and load through this same path, first (their modules imported in
``BUILTIN_MODULES`` order, which also works from a source tree that was never installed), so a
plugin cannot take a built-in's name. Each group loads lazily, on the first lookup in its registry,
and once. A plugin that raises while loading (or registers a name already taken) is reported in
one line on stderr and in ``tweetbrief plugins``; the rest still load.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from tweetbrief.errors import PluginError
from tweetbrief.registry import BUILTIN, Registry, loading_origin

__all__ = ["GROUPS", "BUILTIN_MODULES", "Failure", "FAILURES", "load", "load_all", "registry", "components", "listing"]

KINDS = ("importer", "collector", "stage", "writer")
GROUPS = {kind: f"tweetbrief.{kind}s" for kind in KINDS}

# The built-ins, for a source tree without installed metadata. Keep in step with pyproject.toml's
# [project.entry-points] (tests/test_plugins.py checks both name the same components).
BUILTIN_MODULES: dict[str, tuple[str, ...]] = {
    "importer": ("tweetbrief.sources.formats",),  # its __init__ imports the formats in sniff order
    "collector": ("tweetbrief.sources.collectors.xapi", "tweetbrief.sources.collectors.twscrape_pool",
                  "tweetbrief.sources.collectors.rss", "tweetbrief.sources.collectors.bluesky",
                  "tweetbrief.sources.collectors.mastodon"),
    "stage": tuple(f"tweetbrief.analysis.{m}" for m in (
        "normalise", "relevance", "dedup", "rank", "stories", "trends", "embed_trends", "sentiment", "markets",
        "events")),
    "writer": ("tweetbrief.writers.offline", "tweetbrief.writers.llm"),
}

_REGISTRIES = {
    "importer": ("tweetbrief.sources.base", "IMPORTERS"),
    "collector": ("tweetbrief.sources.collectors.base", "COLLECTORS"),
    "stage": ("tweetbrief.analysis.base", "STAGES"),
    "writer": ("tweetbrief.writers.base", "WRITERS"),
}


def _add_importer(obj: Any) -> None:
    from tweetbrief.sources.base import register_importer

    register_importer(obj if isinstance(obj, type) else type(obj))


def _add_collector(obj: Any) -> None:
    from tweetbrief.sources.collectors.base import register_collector

    register_collector(obj)


def _add_stage(obj: Any) -> None:
    from tweetbrief.analysis.base import register_stage

    kind, name = getattr(obj, "kind", ""), getattr(obj, "name", "")
    if not kind or not name:
        raise PluginError(f"stage {obj.__name__}: set the class attributes kind and name (e.g. kind = 'trends')")
    register_stage(kind, name)(obj)


def _add_writer(obj: Any) -> None:
    from tweetbrief.writers.base import register_writer

    register_writer(obj)


# How an entry point that names a class (not a module) is registered, per kind.
_ADD: dict[str, Callable[[Any], None]] = {"importer": _add_importer, "collector": _add_collector,
                                          "stage": _add_stage, "writer": _add_writer}


@dataclass(frozen=True)
class Failure:
    """A plugin entry point that did not load, and why (one line)."""

    kind: str
    entry: str  # entry-point name = value
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"plugin {self.entry} ({self.kind}, from {self.origin}) not loaded: {self.reason}"


FAILURES: list[Failure] = []
_loaded: set[str] = set()
_eps_cache: list[EntryPoint] | None = None


def registry(kind: str) -> Registry[Any]:
    """The registry of ``kind`` (imports the module that holds it)."""
    module, attr = _REGISTRIES[kind]
    reg: Registry[Any] = getattr(importlib.import_module(module), attr)
    return reg


def _entry_points(group: str) -> list[EntryPoint]:
    global _eps_cache
    if _eps_cache is None:
        try:
            found = entry_points()  # one scan of the installed metadata for all four groups
            _eps_cache = [ep for g in GROUPS.values() for ep in found.select(group=g)]
        except Exception as err:  # noqa: BLE001 - damaged metadata of some other package
            print(f"warning: cannot read installed plugin metadata ({type(err).__name__}: {err}); "
                  "using the built-ins only", file=sys.stderr)
            _eps_cache = []
    return [ep for ep in _eps_cache if ep.group == group]


def _dist(ep: EntryPoint) -> tuple[str, str]:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return ("?", "")
    return (dist.metadata["Name"] or "?", dist.version or "")


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text[:200] + ("..." if len(text) > 200 else "")


def _load_entry(kind: str, ep: EntryPoint, origin: str) -> None:
    try:
        with loading_origin(origin):
            obj = ep.load()
            if not isinstance(obj, types.ModuleType):
                _ADD[kind](obj)
    except PluginError as err:
        _fail(Failure(kind, f"{ep.name} = {ep.value}", origin, str(err)))
    except Exception as err:  # noqa: BLE001 - any fault in a plugin's import: report it, load the rest
        _fail(Failure(kind, f"{ep.name} = {ep.value}", origin, f"{type(err).__name__}: {_one_line(err)}"))


def _fail(failure: Failure) -> None:
    FAILURES.append(failure)
    print(f"warning: {failure}", file=sys.stderr)


def load(kind: str) -> None:
    """Load the ``kind`` entry points once: tweetbrief's own first, then each plugin's (by name)."""
    if kind in _loaded:
        return
    _loaded.add(kind)
    eps = _entry_points(GROUPS[kind])
    # The built-in modules first, in this order (the importers' is their sniff order; metadata sorts
    # entry points by name), then tweetbrief's own entry points: each names a component those imports
    # registered, so they add nothing, but a stale or broken one is reported like a plugin's.
    with loading_origin(BUILTIN):
        for module in BUILTIN_MODULES[kind]:
            importlib.import_module(module)
    seen: set[str] = set()
    for ep in eps:  # a source tree on PYTHONPATH beside an install lists the built-ins twice
        if _dist(ep)[0].lower() == BUILTIN and ep.name not in seen:
            seen.add(ep.name)
            _load_entry(kind, ep, BUILTIN)
    others = sorted((ep for ep in eps if _dist(ep)[0].lower() != BUILTIN), key=lambda e: (_dist(e), e.name))
    for ep in others:
        name, version = _dist(ep)
        _load_entry(kind, ep, f"{name} {version}".strip())


def load_all() -> None:
    for kind in KINDS:
        registry(kind).names()  # loads through the registry, once


def _options(obj: Any) -> list[str]:
    model = getattr(obj, "Options", None)
    fields = getattr(model, "model_fields", None)
    return list(fields) if isinstance(fields, dict) else []


def _description(obj: Any) -> str:
    """``description``, else the first line of the class's own docstring."""
    cls = obj if isinstance(obj, type) else type(obj)
    text = getattr(obj, "description", "") or (cls.__dict__.get("__doc__") or "").strip().split("\n")[0]
    return " ".join(str(text).split())


def components() -> list[dict[str, Any]]:
    """Every registered component: kind, name, description, origin, needs, options (field names)."""
    load_all()
    rows = []
    for kind in KINDS:
        reg = registry(kind)
        items = reg.items()
        if kind == "stage":  # in run order (normalise ... events), then by name
            from tweetbrief.analysis.base import ORDER

            items.sort(key=lambda item: (ORDER.index(item[0].partition(".")[0]), item[0]))
        for name, obj in items:
            rows.append({"kind": kind, "name": name, "description": _description(obj), "origin": reg.origin(name),
                         "needs": list(getattr(obj, "needs", ()) or ()), "options": _options(obj)})
    return rows


def listing(rows: list[dict[str, Any]], errors: list[str]) -> list[str]:
    """``tweetbrief plugins`` as text: a block per kind, one line per component (+ its needs and options)."""
    width = max([16, *(len(r["origin"]) for r in rows)])
    lines: list[str] = []
    kind = None
    for row in rows:
        if row["kind"] != kind:
            kind = row["kind"]
            lines += [""] if lines else []
            lines.append(f"{kind}s:")
        lines.append(f"  {row['name']:<20} {row['origin']:<{width}} {row['description']}")
        extra = [f"needs {', '.join(row['needs'])}"] if row["needs"] else []
        extra += [f"options {', '.join(row['options'])}"] if row["options"] else []
        if extra:
            lines.append(f"  {'':<20} {'':<{width}} ({'; '.join(extra)})")
    if errors:
        lines += ["", "not loaded:", *(f"  {line}" for line in errors)]
    return lines

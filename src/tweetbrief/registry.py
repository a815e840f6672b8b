"""The one registry shape every kind of component uses (importers, collectors, stages, writers).

A ``Registry`` maps a name to a component and remembers where it came from (``origin``:
``"tweetbrief"`` for the built-ins, ``"<distribution> <version>"`` for a plugin). It refuses a
second component under a name already taken (``PluginError``) and answers an unknown name with
one line listing the registered ones (``ConfigError``).

Registries fill lazily: the first lookup loads that kind's entry points once
(``tweetbrief.plugins.load``), the built-ins through the same path as a third-party plugin::

    WRITERS = Registry[type[Writer]]("writer")
    WRITERS.register("offline", OfflineWriter)           # what @register_writer does
    WRITERS.get("offline")                               # -> OfflineWriter (loads plugins first)
    WRITERS.get("nope")   # ConfigError: unknown writer 'nope'; registered: llamacpp, offline, openai
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from tweetbrief.errors import ConfigError, PluginError

T = TypeVar("T")

BUILTIN = "tweetbrief"

__all__ = ["Registry", "BUILTIN", "loading_origin", "origin_of"]

_current_origin: list[str] = []  # set by the plugin loader while an entry point imports


@contextlib.contextmanager
def loading_origin(origin: str) -> Iterator[None]:
    """Components registered inside this block come from ``origin`` (the entry point's distribution)."""
    _current_origin.append(origin)
    try:
        yield
    finally:
        _current_origin.pop()


def origin_of(obj: object) -> str:
    """Where a component was defined: ``tweetbrief``, else ``<distribution> <version>`` of its module."""
    module = getattr(obj, "__module__", None) or type(obj).__module__
    top = module.partition(".")[0]
    if top == BUILTIN:
        return BUILTIN
    try:
        from importlib.metadata import packages_distributions, version

        dists = packages_distributions().get(top) or []
        if dists:
            return f"{dists[0]} {version(dists[0])}"
    except Exception:  # noqa: BLE001 - broken metadata must not stop registration
        pass
    return top


def _same(a: object, b: object) -> bool:
    """The same component registered twice (an instance registry gets a new instance of the same class)."""
    return a is b or (not isinstance(a, type) and type(a) is type(b))


class Registry(Generic[T]):
    """Name -> component of one ``kind`` ("importer" | "collector" | "stage" | "writer")."""

    def __init__(self, kind: str, *, autoload: bool = True) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}
        self._origins: dict[str, str] = {}
        self._autoload = autoload
        self._checks: list[Callable[[str, T], None]] = []

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {len(self._items)} registered)"

    # -- filling ---------------------------------------------------------------------------
    def check(self, fn: Callable[[str, T], None]) -> None:
        """Add a rule every registration must pass (it raises ``PluginError``)."""
        self._checks.append(fn)

    def register(self, name: str, obj: T, *, origin: str | None = None) -> T:
        """Add ``obj`` under ``name``; a name already taken by another component -> ``PluginError``."""
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            raise PluginError(f"{self.kind} {obj!r}: name {name!r} is empty or padded; give it a plain name")
        where = origin or (_current_origin[-1] if _current_origin else origin_of(obj))
        existing = self._items.get(name)
        if existing is not None:
            if _same(existing, obj):
                return obj
            raise PluginError(f"{self.kind} {name!r} from {where} refused: the name is already registered by "
                              f"{self._origins[name]}; rename it")
        for fn in self._checks:
            fn(name, obj)
        self._items[name] = obj
        self._origins[name] = where
        return obj

    def unregister(self, name: str) -> None:
        self._items.pop(name, None)
        self._origins.pop(name, None)

    def _load(self) -> None:
        if self._autoload:
            self._autoload = False  # once; set first so a plugin looking itself up cannot recurse
            from tweetbrief.plugins import load

            load(self.kind)

    # -- lookups (each loads the entry points once) ----------------------------------------
    def get(self, name: str) -> T:
        """The component ``name``; unknown -> ``ConfigError`` naming the registered ones."""
        self._load()
        try:
            return self._items[name]
        except KeyError:
            raise ConfigError(f"unknown {self.kind} {name!r}; registered: {', '.join(self.names()) or '(none)'}"
                              ) from None

    def find(self, name: str) -> T | None:
        """The component ``name``, or None."""
        self._load()
        return self._items.get(name)

    def names(self) -> list[str]:
        """Registered names, in registration order (importers: the sniff order)."""
        self._load()
        return list(self._items)

    def items(self) -> list[tuple[str, T]]:
        self._load()
        return list(self._items.items())

    def values(self) -> list[T]:
        self._load()
        return list(self._items.values())

    def origin(self, name: str) -> str:
        self.get(name)
        return self._origins[name]

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        self._load()
        return len(self._items)

    def __getitem__(self, name: str) -> T:
        self._load()
        return self._items[name]

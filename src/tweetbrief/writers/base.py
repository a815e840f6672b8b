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
from tweetbrief.errors import ConfigError
from tweetbrief.writers.report import Report


class Writer(ABC):
    name: ClassVar[str]
    needs_key: ClassVar[bool] = False
    description: ClassVar[str] = ""

    @abstractmethod
    def write(self, analysis: Analysis, options: dict[str, Any]) -> Report:
        """Return the report for ``analysis``; ``options`` come from config and the command line."""


WRITERS: dict[str, Callable[[], Writer]] = {}


def register_writer(cls: type[Writer]) -> type[Writer]:
    WRITERS[cls.name] = cls
    return cls


def get_writer(name: str) -> Writer:
    try:
        return WRITERS[name]()
    except KeyError:
        raise ConfigError(f"unknown writer {name!r}; choose one of: {', '.join(sorted(WRITERS))}") from None


__all__ = ["Writer", "WRITERS", "register_writer", "get_writer"]

"""The importer interface and its registry.

An importer turns one file into tweets. It declares its ``name`` (the ``--format`` value),
``sniff``s whether a file's first bytes look like its format, and ``parse``s the file into a
stream of ``Tweet`` objects and ``Skip`` records (one per unusable record, with file, line and
reason). It never raises for a bad record; it raises ``InputError`` only when the whole file
cannot be read as its format.

``IMPORTERS`` is a ``Registry`` of instances in sniff order (built-ins first). Built-in importers
are declared as ``tweetbrief.importers`` entry points exactly as a third-party one would be (see
docs/plugins.md); ``@register_importer`` adds one in-process::

    @register_importer
    class MyImporter(Importer):
        name = "my-format"
        def sniff(self, head, path): ...
        def parse(self, path, options): ...
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from tweetbrief.models import Tweet
from tweetbrief.registry import Registry


@dataclass(slots=True)
class Skip:
    """One record that could not be imported, and why (a one-line reason with its fix)."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}"


@dataclass
class ImportOptions:
    """User choices that importers may honour (``--map`` column mapping for CSV)."""

    column_map: dict[str, str] = field(default_factory=dict)


class Importer(ABC):
    name: ClassVar[str]
    description: ClassVar[str] = ""
    needs: ClassVar[tuple[str, ...]] = ()  # e.g. "extra:tweetbrief[x]"; shown by `tweetbrief plugins`

    @abstractmethod
    def sniff(self, head: bytes, path: Path) -> bool:
        """True when the first bytes of the file (BOM already stripped) look like this format."""

    @abstractmethod
    def parse(self, path: Path, options: ImportOptions) -> Iterator[Tweet | Skip]:
        """Yield tweets and skips; raise ``InputError`` if the file is not this format at all."""


IMPORTERS: Registry[Importer] = Registry("importer")


def register_importer(cls: type[Importer]) -> type[Importer]:
    """Class decorator: register one instance under ``cls.name`` (a name already taken -> ``PluginError``)."""
    IMPORTERS.register(cls.name, cls())
    return cls


__all__ = ["Importer", "ImportOptions", "Skip", "IMPORTERS", "register_importer"]

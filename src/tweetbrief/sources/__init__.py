"""Sources: everything that brings tweets in (file importers now, live collectors later).

    summary = import_files([Path("pages.jsonl")], store)      # format auto-detected
    summary.as_json()  ->  {"read": 100, "new": 98, "duplicates": 2, "skipped": 0, ...}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tweetbrief.errors import InputError
from tweetbrief.models import Tweet
from tweetbrief.sources.base import IMPORTERS, Importer, ImportOptions, Skip, register_importer

SNIFF_BYTES = 64 * 1024


@dataclass
class FileResult:
    path: str
    format: str | None
    read: int = 0
    new: int = 0
    duplicates: int = 0
    skipped: list[Skip] = field(default_factory=list)
    error: str | None = None  # the whole file could not be imported


@dataclass
class ImportSummary:
    files: list[FileResult] = field(default_factory=list)

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def new(self) -> int:
        return sum(f.new for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    @property
    def skips(self) -> list[Skip]:
        return [s for f in self.files for s in f.skipped]

    @property
    def errors(self) -> list[str]:
        return [f.error for f in self.files if f.error]

    def as_json(self) -> dict:
        return {
            "read": self.read,
            "new": self.new,
            "duplicates": self.duplicates,
            "skipped": len(self.skips),
            "skip_reasons": [str(s) for s in self.skips],
            "errors": self.errors,
            "files": [
                {"path": f.path, "format": f.format, "read": f.read, "new": f.new,
                 "duplicates": f.duplicates, "skipped": len(f.skipped), "error": f.error}
                for f in self.files
            ],
        }


def read_head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    return head.removeprefix(b"\xef\xbb\xbf")


def detect_format(path: Path) -> Importer:
    """The first registered importer whose ``sniff`` accepts the file, else ``InputError``."""
    head = read_head(path)
    if not head.strip():
        raise InputError(f"{path}: file is empty; nothing to import")
    for importer in IMPORTERS.values():
        if importer.sniff(head, path):
            return importer
    names = ", ".join(IMPORTERS.names())
    raise InputError(f"{path}: unrecognised format; pass --format with one of: {names}")


def get_importer(fmt: str) -> Importer:
    importer = IMPORTERS.find(fmt)
    if importer is None:
        raise InputError(f"unknown --format {fmt!r}; choose auto or one of: {', '.join(IMPORTERS.names())}")
    return importer


def import_files(paths: Iterable[Path], store, fmt: str = "auto",
                 options: ImportOptions | None = None) -> ImportSummary:
    """Import every file into ``store``. A bad file is recorded and the others still import."""
    options = options or ImportOptions()
    summary = ImportSummary()
    for path in paths:
        result = FileResult(path=str(path), format=None)
        summary.files.append(result)
        try:
            if path.is_dir():
                raise InputError(f"{path}: is a directory, not a file; pass the files in it (e.g. {path}/*.jsonl)")
            if not path.exists():
                raise InputError(f"{path}: no such file")
            if not path.is_file():
                raise InputError(f"{path}: not a regular file (a device, socket or pipe?); pass a file")
            importer = detect_format(path) if fmt == "auto" else get_importer(fmt)
            result.format = importer.name

            def tweets(it: Iterator[Tweet | Skip], result: FileResult = result) -> Iterator[Tweet]:
                for item in it:
                    result.read += 1
                    if isinstance(item, Skip):
                        result.skipped.append(item)
                    else:
                        yield item

            result.new, result.duplicates = store.add(tweets(importer.parse(path, options)))
        except InputError as err:
            result.error = str(err)
        except (OSError, UnicodeError) as err:
            result.error = f"{path}: cannot read file ({err.__class__.__name__}: {err}); check the path and encoding"
    return summary


__all__ = ["import_files", "detect_format", "get_importer", "ImportSummary", "FileResult",
           "Importer", "ImportOptions", "Skip", "IMPORTERS", "register_importer"]

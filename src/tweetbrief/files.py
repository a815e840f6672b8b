"""Writing published files: atomically, and with the mode a plain ``open()`` would give.

``tempfile.mkstemp`` creates files ``0600``; renamed into a Jekyll site they stay ``0600`` and
Jekyll copies that mode into ``_site``, so a web server running as another user cannot read them.
Every file tweetbrief publishes (post, images, HTML preview) is therefore written through
:func:`atomic_write`, which gives it ``0666 & ~umask`` (``0644`` under the usual umask 022).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "new_file_mode"]


def new_file_mode() -> int:
    """``0o666`` minus the process umask: the mode ``open(path, "w")`` would create."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write via a temp file in the same folder and rename: readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, new_file_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""Find a font that can really draw Chinese, so the word cloud never shows tofu boxes.

Resolution order (first usable wins):

1. the font configured by the user (``font = "/path/to/font"`` in tweetbrief.toml) -- an error if it
   does not exist or has no CJK glyphs, because silently ignoring a setting is worse than failing;
2. a system font: ``fc-list :lang=zh file`` when fontconfig is installed, else well-known paths
   (WenQuanYi, Noto CJK, macOS PingFang/Hiragino, Windows YaHei/SimHei);
3. Noto Sans SC shipped by the ``pylopdf-fonts-zh-cn`` wheel (a core dependency).

A candidate counts as CJK-capable when Pillow renders 中, 英, 伟 and 达 as non-empty glyphs that
differ from the font's ``.notdef`` ("tofu") glyph and from each other. That needs only Pillow
(no fontTools), works for .ttf/.otf/.ttc alike and costs a few milliseconds; results are cached
per (path, size, mtime).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from PIL import ImageFont

from tweetbrief.errors import RenderError

__all__ = [
    "CJK_PROBE",
    "INSTALL_HINT",
    "has_cjk_glyphs",
    "pip_font",
    "resolve_cjk_font",
    "system_font_candidates",
]

#: Characters every usable font must draw: common hanzi plus the ones in 英伟达 (NVIDIA).
CJK_PROBE = "中英伟达"
#: Code points that no font maps (a plane-16 private-use point and a noncharacter): rendering them
#: yields the font's .notdef glyph, whatever it looks like.
_NOTDEF_PROBES = ("\U0010fffd", "\uffff")
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")

INSTALL_HINT = (
    "pip install pylopdf-fonts-zh-cn, or apt-get install fonts-noto-cjk, "
    'or set font = "/path/to/font" in tweetbrief.toml'
)

_PIP_FONT_PACKAGE = "pylopdf_fonts_zh_cn"
_PIP_FONT_FILE = "NotoSansSC-Regular.otf"

# Preferred system fonts, best first. Used both as a fallback when fontconfig is missing and to
# order fc-list's answer (sans-serif Simplified Chinese faces first, bitmap/odd fonts last).
_KNOWN_SYSTEM_FONTS: tuple[str, ...] = (
    # Linux
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    # macOS
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    # Windows
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/msyh.ttf",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/simsun.ttc",
)
_PREFERRED_NAME_PARTS = (
    "notosanscjk",
    "sourcehansans",
    "notosanssc",
    "wqy-microhei",
    "wqy-zenhei",
    "pingfang",
    "msyh",
    "hiragino",
)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0


def has_cjk_glyphs(path: Path | str, probe: str = CJK_PROBE) -> bool:
    """True when the font at *path* draws every char of *probe* as a real glyph (not .notdef)."""
    p = Path(path)
    return _has_cjk_glyphs_cached(str(p), probe, _mtime(p))


@lru_cache(maxsize=64)
def _has_cjk_glyphs_cached(path: str, probe: str, mtime: float) -> bool:
    if mtime < 0:
        return False
    try:
        font = ImageFont.truetype(path, 48)
    except (OSError, ValueError):
        return False  # missing, unreadable, not a scalable font

    def mask_key(text: str) -> tuple[tuple[int, int], bytes]:
        mask = font.getmask(text)
        return mask.size, bytes(mask)

    try:
        notdefs = {mask_key(ch) for ch in _NOTDEF_PROBES}
        glyphs = [mask_key(ch) for ch in probe]
    except (OSError, ValueError, UnicodeError):
        return False
    for size, data in glyphs:
        if size[0] == 0 or size[1] == 0 or not any(data):
            return False  # empty glyph: some fonts have a blank .notdef
        if (size, data) in notdefs:
            return False  # tofu box
    # Belt and braces for fonts whose fallback differs per code point but is still a fixed box:
    # distinct characters must give distinct glyphs.
    return len(probe) < 2 or len(set(glyphs)) > 1


def _preference(path: Path) -> tuple[int, str]:
    name = path.name.lower().replace(" ", "")
    for rank, part in enumerate(_PREFERRED_NAME_PARTS):
        if part in name:
            # Regular weights before Bold/Light/etc.
            return (rank * 2 + (0 if "regular" in name or "-" not in name else 1), name)
    return (len(_PREFERRED_NAME_PARTS) * 2, name)


def _fc_list() -> list[Path] | None:
    """Font files fontconfig says support Chinese, or None when fc-list is unavailable."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        proc = subprocess.run(
            [exe, ":lang=zh", "file"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    found: list[Path] = []
    for line in proc.stdout.splitlines():
        # "/usr/share/fonts/x.ttc: " -- strip the trailing colon (paths may contain ": " rarely)
        entry = line.strip()
        if entry.endswith(":"):
            entry = entry[:-1]
        if entry and entry.lower().endswith(_FONT_SUFFIXES):
            found.append(Path(entry))
    return found


def _dedupe(paths: Iterable[Path]) -> Iterator[Path]:
    seen: set[str] = set()
    for p in paths:
        key = str(p)
        if key not in seen:
            seen.add(key)
            yield p


def system_font_candidates() -> list[Path]:
    """Installed CJK font files, most preferred first (not yet verified)."""
    fc = _fc_list()
    known = [Path(p) for p in _KNOWN_SYSTEM_FONTS]
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR")
        if windir:
            fonts_dir = Path(windir) / "Fonts"
            known = [fonts_dir / p.name if str(p).startswith("C:") else p for p in known]
    candidates = sorted(fc, key=_preference) if fc else []
    # Known paths are checked too: fontconfig can be installed but unconfigured (containers).
    return list(_dedupe([*candidates, *(p for p in known if p.is_file())]))


def pip_font() -> Path | None:
    """Noto Sans SC from the ``pylopdf-fonts-zh-cn`` wheel, or None if it is not installed."""
    try:
        ref = resources.files(_PIP_FONT_PACKAGE).joinpath(_PIP_FONT_FILE)
    except (ModuleNotFoundError, TypeError):
        return None
    path = Path(str(ref))
    return path if path.is_file() else None


def resolve_cjk_font(configured: str | os.PathLike[str] | None = None) -> Path:
    """Return a font file that draws Chinese, or raise :class:`RenderError` with a one-line fix.

    *configured* (from tweetbrief.toml, ``~`` expanded) wins but must exist and contain CJK
    glyphs; otherwise system fonts, then the pip-shipped Noto Sans SC, are tried.
    """
    if configured is not None and str(configured).strip():
        path = Path(os.path.expanduser(str(configured).strip()))
        if not path.is_file():
            raise RenderError(
                _one_line(
                    f"configured font not found: {path} -- fix font = \"...\" in tweetbrief.toml "
                    "(or remove it to use an installed CJK font)"
                )
            )
        if not has_cjk_glyphs(path):
            raise RenderError(
                _one_line(
                    f"configured font {path} cannot draw Chinese (中 renders as a box) -- "
                    "point font = \"...\" in tweetbrief.toml at a CJK font such as Noto Sans SC"
                )
            )
        return path

    for candidate in system_font_candidates():
        if has_cjk_glyphs(candidate):
            return candidate

    bundled = pip_font()
    if bundled is not None and has_cjk_glyphs(bundled):
        return bundled

    raise RenderError(f"no font that can draw Chinese was found -- {INSTALL_HINT}")

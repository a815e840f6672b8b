"""Draw the report's word cloud (a JPEG) from precomputed term frequencies.

Analysis hands over ``dict[str, float]`` (jieba-tokenised Chinese + English, stop words removed);
this module only lays the words out and draws them with a CJK-capable font
(:func:`tweetbrief.render.fonts.resolve_cjk_font`), so Chinese never comes out as boxes.

Speed: ``wordcloud``'s layout cost grows with canvas area (an integral image is recomputed after
every placed word) and with the number of font sizes tried. We lay out on a canvas ``scale`` times
smaller and let ``wordcloud`` draw the glyphs at full size (text stays crisp, only placement is on a
2-px grid). See ``bench/wordcloud_bench.py`` for the measured effect.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from tweetbrief.errors import RenderError
from tweetbrief.files import atomic_write
from tweetbrief.render.fonts import resolve_cjk_font

__all__ = [
    "BASELINE_STYLE",
    "DEFAULT_STYLE",
    "EMPTY_MESSAGE",
    "PALETTE",
    "CloudStyle",
    "clean_frequencies",
    "render_wordcloud",
]

#: Deep, saturated colours that all read well on white (no pale yellows that vanish).
PALETTE: tuple[str, ...] = (
    "#1f4e79",  # navy
    "#2e75b6",  # blue
    "#00808c",  # teal
    "#2f8f4e",  # green
    "#c55a11",  # burnt orange
    "#b22222",  # brick red
    "#7030a0",  # purple
    "#a0527a",  # plum
    "#455a64",  # slate
)

EMPTY_MESSAGE = ("本期暂无可统计的词语", "No words to show for this period")

BACKGROUND = "white"
JPEG_QUALITY = 90


@dataclass(frozen=True)
class CloudStyle:
    """Layout and look of the cloud; the layout canvas is ``width/scale`` x ``height/scale``."""

    scale: float = 2.0
    max_words: int = 200
    min_font_size: int = 5  # in layout pixels, i.e. 10 px in the image at scale 2
    font_step: int = 1
    relative_scaling: float = 0.5
    prefer_horizontal: float = 0.9
    margin: int = 2
    colormap: str | None = None  # a matplotlib colormap name instead of PALETTE


#: What we ship: layout at half resolution (about 3x faster than the baseline, same look).
DEFAULT_STYLE = CloudStyle()
#: ``wordcloud``'s defaults at full resolution -- what the first version did; kept for the bench.
BASELINE_STYLE = CloudStyle(scale=1.0, min_font_size=4)


def _palette_color_func(palette: tuple[str, ...]) -> Any:
    def color_func(
        word: str | None = None,
        font_size: int | None = None,
        position: tuple[int, int] | None = None,
        orientation: int | None = None,
        random_state: Random | None = None,
        **kwargs: Any,
    ) -> str:
        rng = random_state if random_state is not None else Random(0)
        return palette[rng.randrange(len(palette))]

    return color_func


def clean_frequencies(freqs: Mapping[Any, Any]) -> dict[str, float]:
    """Drop blank terms and non-positive / non-finite weights; merge terms equal after strip();
    order heaviest first, ties by word (same words -> same image, whatever the input order)."""
    cleaned: dict[str, float] = {}
    for term, weight in freqs.items():
        word = str(term).strip()
        if not word:
            continue
        try:
            value = float(weight)
        except (TypeError, ValueError):
            continue
        if not math.isfinite(value) or value <= 0:
            continue
        cleaned[word] = cleaned.get(word, 0.0) + value
    # heaviest first, ties by word: the layout never depends on the caller's dict order
    return dict(sorted(cleaned.items(), key=lambda kv: (-kv[1], kv[0])))


def _fit_canvas(img: Image.Image, width: int, height: int) -> Image.Image:
    """``int(w/scale*scale)`` can be off by a pixel: pad/crop to exactly the requested size."""
    img = img.convert("RGB")
    if img.size == (width, height):
        return img
    canvas = Image.new("RGB", (width, height), BACKGROUND)
    canvas.paste(img.crop((0, 0, min(width, img.width), min(height, img.height))), (0, 0))
    return canvas


def _draw_cloud(
    freqs: dict[str, float], font: Path, width: int, height: int, seed: int, style: CloudStyle
) -> Image.Image:
    from wordcloud import WordCloud  # lazy: pulls in matplotlib, keep CLI start-up fast

    scale = max(1.0, float(style.scale))
    layout_w = max(1, math.ceil(width / scale))
    layout_h = max(1, math.ceil(height / scale))
    kwargs: dict[str, Any] = {}
    if style.colormap:
        kwargs["colormap"] = style.colormap
    else:
        kwargs["color_func"] = _palette_color_func(PALETTE)
    cloud = WordCloud(
        font_path=str(font),
        width=layout_w,
        height=layout_h,
        scale=scale,
        margin=style.margin,
        max_words=style.max_words,
        min_font_size=style.min_font_size,
        font_step=style.font_step,
        relative_scaling=style.relative_scaling,
        prefer_horizontal=style.prefer_horizontal,
        background_color=BACKGROUND,
        mode="RGB",
        random_state=seed,
        collocations=False,
        normalize_plurals=False,
        include_numbers=True,
        **kwargs,
    )
    try:
        cloud.generate_from_frequencies(freqs)
    except ValueError as exc:  # "Couldn't find space to draw" on absurdly small canvases
        raise RenderError(f"word cloud: {' '.join(str(exc).split())} ({width}x{height})") from exc
    return _fit_canvas(cloud.to_image(), width, height)


def _draw_empty(font: Path, width: int, height: int) -> Image.Image:
    img = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(img)
    title, subtitle = EMPTY_MESSAGE
    size = max(8, min(height // 9, int(width * 0.8 / max(1, len(title)))))
    big = ImageFont.truetype(str(font), size)
    small = ImageFont.truetype(str(font), max(6, size // 2))
    draw.text((width / 2, height / 2 - size * 0.2), title, fill="#455a64", font=big, anchor="md")
    draw.text(
        (width / 2, height / 2 + size * 0.4), subtitle, fill="#90a4ae", font=small, anchor="ma"
    )
    return img


def _save_jpeg_atomic(img: Image.Image, out: Path) -> None:
    buf = io.BytesIO()
    # 4:4:4 chroma keeps thin coloured strokes of small hanzi sharp. PIL writes no timestamp.
    img.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True, subsampling=0)
    atomic_write(out, buf.getvalue())  # mode follows the umask (0644), not mkstemp's 0600


def render_wordcloud(
    freqs: Mapping[str, float],
    out: Path | str,
    *,
    font: Path | str | None = None,
    width: int = 1600,
    height: int = 900,
    seed: int = 42,
    style: CloudStyle = DEFAULT_STYLE,
) -> Path:
    """Write a word-cloud JPEG of exactly ``width`` x ``height`` to *out* and return its path.

    *font* is the configured font (``None``: find one, see :func:`resolve_cjk_font`). The same
    words, font and *seed* give a byte-identical file, in any input order. Empty *freqs* give an
    image saying the period had no words. Raises :class:`RenderError` when no CJK font is available.
    """
    if width < 1 or height < 1:
        raise ValueError(f"width and height must be positive, got {width}x{height}")
    out_path = Path(out)
    font_path = resolve_cjk_font(font)
    words = clean_frequencies(freqs)
    img = _draw_cloud(words, font_path, width, height, seed, style) if words else _draw_empty(font_path, width, height)
    _save_jpeg_atomic(img, out_path)
    return out_path

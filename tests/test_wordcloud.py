"""Word cloud + CJK font resolution. No network; uses the pip-shipped Noto Sans SC as the CJK font
and wordcloud's bundled DroidSansMono as a font that has no Chinese (it draws tofu boxes)."""

from __future__ import annotations

import math
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFont

from tweetbrief.errors import RenderError
from tweetbrief.render import fonts
from tweetbrief.render.fonts import has_cjk_glyphs, pip_font, resolve_cjk_font
from tweetbrief.render.wordcloud import CloudStyle, clean_frequencies, render_wordcloud

NOTDEF = "\U0010fffd"  # unmapped in every font -> .notdef glyph

FREQS: dict[str, float] = {
    "英伟达": 120.0,
    "人工智能": 95.0,
    "芯片": 80.0,
    "NVIDIA": 75.0,
    "大模型": 60.0,
    "GPU": 55.0,
    "台积电": 40.0,
    "earnings": 33.0,
    "数据中心": 30.0,
    "OpenAI": 28.0,
    "算力": 25.0,
    "中国": 22.0,
    "inference": 18.0,
    "美股": 15.0,
    "tariffs": 12.0,
    "出口管制": 10.0,
    "开源": 8.0,
    "Blackwell": 6.0,
    "估值": 5.0,
    "bubble": 3.0,
}
ZH_ONLY = {w: f for w, f in FREQS.items() if all("\u4e00" <= c <= "\u9fff" for c in w)}


@pytest.fixture(scope="module")
def cjk_font() -> Path:
    path = pip_font()
    assert path is not None, "pylopdf-fonts-zh-cn is a core dependency"
    return path


@pytest.fixture(scope="module")
def tofu_font() -> Path:
    import wordcloud

    return Path(wordcloud.__file__).with_name("DroidSansMono.ttf")


def _mask(font_path: Path, text: str, size: int = 64) -> tuple[tuple[int, int], bytes]:
    m = ImageFont.truetype(str(font_path), size).getmask(text)
    return m.size, bytes(m)


def _ink(path: Path, threshold: int = 200) -> np.ndarray:
    return np.asarray(Image.open(path).convert("L")) < threshold


def _normalised(mask: np.ndarray, side: int = 48) -> np.ndarray:
    ys, xs = np.nonzero(mask)
    crop = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    img = Image.fromarray((crop * 255).astype(np.uint8))
    img = img.resize((side, side), Image.Resampling.BILINEAR)
    return np.asarray(img) > 127


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum()) / float((a | b).sum())


# --------------------------------------------------------------------------- font resolution


def test_configured_font_is_used_when_valid(cjk_font: Path) -> None:
    assert resolve_cjk_font(str(cjk_font)) == cjk_font


def test_configured_font_expands_user(cjk_font: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(cjk_font.parent))
    assert resolve_cjk_font("~/" + cjk_font.name) == cjk_font


def test_configured_font_missing_is_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.ttf"
    with pytest.raises(RenderError) as exc:
        resolve_cjk_font(str(missing))
    message = str(exc.value)
    assert "\n" not in message
    assert str(missing) in message and "tweetbrief.toml" in message


def test_configured_font_without_cjk_is_rejected(tofu_font: Path) -> None:
    with pytest.raises(RenderError) as exc:
        resolve_cjk_font(str(tofu_font))
    assert "\n" not in str(exc.value)
    assert "Chinese" in str(exc.value)


def test_configured_file_that_is_not_a_font_is_rejected(tmp_path: Path) -> None:
    bogus = tmp_path / "font.ttf"
    bogus.write_text("not a font")
    with pytest.raises(RenderError):
        resolve_cjk_font(bogus)


def test_falls_back_to_pip_font_when_no_system_font(
    cjk_font: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "system_font_candidates", lambda: [])
    assert resolve_cjk_font() == cjk_font
    assert resolve_cjk_font("") == cjk_font  # empty setting == not configured


def test_system_font_without_cjk_glyphs_is_skipped(
    cjk_font: Path, tofu_font: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "system_font_candidates", lambda: [tofu_font])
    assert resolve_cjk_font() == cjk_font


def test_valid_system_font_wins_over_pip_font(
    cjk_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = tmp_path / "SystemCJK.otf"
    system.symlink_to(cjk_font)
    monkeypatch.setattr(fonts, "system_font_candidates", lambda: [system])
    assert resolve_cjk_font() == system


def test_no_font_anywhere_raises_with_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "system_font_candidates", lambda: [])
    monkeypatch.setattr(fonts, "pip_font", lambda: None)
    with pytest.raises(RenderError) as exc:
        resolve_cjk_font()
    message = str(exc.value)
    assert "\n" not in message
    assert "pip install pylopdf-fonts-zh-cn" in message
    assert "apt-get install fonts-noto-cjk" in message
    assert 'font = "/path/to/font"' in message and "tweetbrief.toml" in message


def test_fc_list_output_is_parsed_and_ordered(
    cjk_font: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = (
        "/usr/share/fonts/X11/misc/bitmap-zh.pcf.gz: \n"
        "/usr/share/fonts/truetype/arphic/uming.ttc: \n"
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc: \n"
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: \n"
    )
    monkeypatch.setattr(fonts.shutil, "which", lambda name: "/usr/bin/fc-list")
    monkeypatch.setattr(
        fonts.subprocess,
        "run",
        lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout=out, stderr=""),
    )
    monkeypatch.setattr(fonts, "_KNOWN_SYSTEM_FONTS", ())
    assert fonts.system_font_candidates() == [
        Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
        Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
        Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    ]


def test_without_fc_list_known_paths_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = tmp_path / "wqy-microhei.ttc"
    known.write_bytes(b"x")
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    monkeypatch.setattr(fonts, "_KNOWN_SYSTEM_FONTS", (str(tmp_path / "absent.ttc"), str(known)))
    assert fonts.system_font_candidates() == [known]


# --------------------------------------------------------------------------- glyphs, not tofu


def test_cjk_font_has_real_glyphs_for_zhong_and_nvidia(cjk_font: Path) -> None:
    notdef = _mask(cjk_font, NOTDEF)
    for ch in "中英伟达":
        size, data = _mask(cjk_font, ch)
        assert size[0] > 0 and size[1] > 0 and any(data), ch
        assert (size, data) != notdef, f"{ch} renders as .notdef"
    assert has_cjk_glyphs(cjk_font, "中英伟达")


def test_tofu_font_is_detected(tofu_font: Path) -> None:
    # DroidSansMono has no hanzi: 中 *is* its .notdef box, which is what the check must catch.
    assert _mask(tofu_font, "中") == _mask(tofu_font, NOTDEF)
    assert not has_cjk_glyphs(tofu_font)
    assert not has_cjk_glyphs(tofu_font.with_name("missing.ttf"))


def test_cjk_glyph_differs_from_tofu_glyph(cjk_font: Path, tofu_font: Path) -> None:
    assert _mask(cjk_font, "中") != _mask(tofu_font, "中")


# --------------------------------------------------------------------------- rendering


def test_render_zh_en_is_valid_jpeg_of_requested_size(tmp_path: Path) -> None:
    out = render_wordcloud(FREQS, tmp_path / "cloud.jpg")
    assert out == tmp_path / "cloud.jpg"
    with Image.open(out) as img:
        assert img.format == "JPEG"
        assert img.size == (1600, 900)
        img.verify()
    # Drawn with a font that really has the glyphs of every word.
    used = resolve_cjk_font()
    assert has_cjk_glyphs(used, "".join(FREQS))
    ink = _ink(out)
    assert ink.mean() > 0.03, f"image almost blank ({ink.mean():.2%} ink)"
    assert not ink.all()


def test_render_is_deterministic(tmp_path: Path) -> None:
    a = render_wordcloud(FREQS, tmp_path / "a.jpg", width=640, height=360, seed=3)
    b = render_wordcloud(FREQS, tmp_path / "b.jpg", width=640, height=360, seed=3)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("size", [(801, 451), (333, 200)])
def test_odd_sizes_are_exact(tmp_path: Path, size: tuple[int, int]) -> None:
    out = render_wordcloud(FREQS, tmp_path / "odd.jpg", width=size[0], height=size[1])
    with Image.open(out) as img:
        assert img.size == size


def test_chinese_only_cloud_is_not_boxes(cjk_font: Path, tofu_font: Path, tmp_path: Path) -> None:
    chars = "".join(ZH_ONLY)
    assert has_cjk_glyphs(cjk_font, chars)
    assert not has_cjk_glyphs(tofu_font, chars)

    style = CloudStyle(prefer_horizontal=1.0)
    out = render_wordcloud(
        ZH_ONLY, tmp_path / "zh.jpg", font=cjk_font, width=800, height=450, style=style
    )
    assert _ink(out).mean() > 0.03

    # A one-word cloud of 中: the drawn shape matches the 中 glyph, not the .notdef box.
    single = render_wordcloud(
        {"中": 1.0}, tmp_path / "zhong.jpg", font=cjk_font, width=400, height=300, style=style
    )
    drawn = _normalised(_ink(single, threshold=128))
    glyph = _normalised(_ink_of_text(cjk_font, "中"))
    tofu = _normalised(_ink_of_text(cjk_font, NOTDEF))
    assert _iou(drawn, glyph) > 0.6
    assert _iou(drawn, glyph) > _iou(drawn, tofu) + 0.1

    # A tofu font is refused for rendering instead of silently drawing boxes.
    with pytest.raises(RenderError):
        render_wordcloud(ZH_ONLY, tmp_path / "tofu.jpg", font=tofu_font)


def _ink_of_text(font_path: Path, text: str, size: int = 160) -> np.ndarray:
    m = ImageFont.truetype(str(font_path), size).getmask(text)
    return np.asarray(m, dtype=np.uint8).reshape(m.size[1], m.size[0]) > 127


@pytest.mark.parametrize(
    "freqs",
    [{}, {"": 3.0, "  ": 1.0}, {"零": 0.0, "负": -2.0, "nan": math.nan, "inf": math.inf}],
)
def test_empty_frequencies_give_a_placeholder_jpeg(tmp_path: Path, freqs: dict[str, float]) -> None:
    out = render_wordcloud(freqs, tmp_path / "empty.jpg", width=800, height=450)
    with Image.open(out) as img:
        assert img.format == "JPEG" and img.size == (800, 450)
    ink = _ink(out)
    assert 0.002 < ink.mean() < 0.5  # the "no words" message is drawn, on white


def test_clean_frequencies() -> None:
    assert clean_frequencies({" AI ": 1, "AI": 2.5, "": 9, "x": "bad", "y": None, "z": -1}) == {
        "AI": 3.5
    }


def test_single_word_and_tiny_weights_render(tmp_path: Path) -> None:
    render_wordcloud({"英伟达": 1e-9}, tmp_path / "one.jpg", width=320, height=180)
    render_wordcloud({"a": 1e-300, "b": 2e-300}, tmp_path / "two.jpg", width=320, height=180)


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "dir" / "cloud.jpg"
    render_wordcloud(FREQS, out, width=320, height=180)
    first = out.read_bytes()
    render_wordcloud(FREQS, out, width=320, height=180, seed=99)
    assert out.read_bytes() != first
    assert sorted(os.listdir(out.parent)) == ["cloud.jpg"]


def test_failed_write_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "cloud.jpg"
    out.write_bytes(b"old")

    def boom(self: Image.Image, *a: object, **k: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Image.Image, "save", boom)
    with pytest.raises(OSError):
        render_wordcloud(FREQS, out, width=320, height=180)
    assert out.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["cloud.jpg"]


def test_render_with_missing_configured_font_raises(tmp_path: Path) -> None:
    with pytest.raises(RenderError):
        render_wordcloud(FREQS, tmp_path / "x.jpg", font=tmp_path / "missing.otf")
    assert not (tmp_path / "x.jpg").exists()


def test_same_words_in_any_order_give_byte_identical_files(cjk_font: Path, tmp_path: Path) -> None:
    """Ties in weight are broken by word, not by the caller's dict order (which varies per process)."""
    tied = {f"词{i}": 1.0 for i in range(60)} | {"agent": 3.0, "GPU": 3.0, "模型": 2.0}
    reverse = dict(reversed(list(tied.items())))
    assert list(clean_frequencies(tied)) == list(clean_frequencies(reverse))
    a = render_wordcloud(tied, tmp_path / "a.jpg", font=cjk_font, width=600, height=340)
    b = render_wordcloud(reverse, tmp_path / "b.jpg", font=cjk_font, width=600, height=340)
    assert a.read_bytes() == b.read_bytes()


def test_written_with_the_umask_mode(cjk_font: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = render_wordcloud(FREQS, tmp_path / "m.jpg", font=cjk_font, width=300, height=200)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644

"""Charts: right data, CJK font, hostile labels stay text, each chart renders in under a second."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

from PIL import Image

from helpers import hostile_analysis
from tweetbrief.analysis.model import Period
from tweetbrief.render.charts import CHARTS, render_charts, sentiment_shares, trend_rows, volume_series

SLUG = "twitter_ai_20260127_20260127"


def test_one_day_range_is_counted_per_local_hour():
    analysis = hostile_analysis()  # three tweets at 03:00 UTC = 11:00 Asia/Shanghai
    labels, counts, unit = volume_series(analysis)
    assert unit == "hour" and len(labels) == 24 and counts[11] == 3 and sum(counts) == 3


def test_longer_range_uses_per_day_with_missing_days_as_zero():
    analysis = hostile_analysis()
    analysis.period = Period(date(2026, 1, 25), date(2026, 1, 27))
    analysis.stats.per_day = {"2026-01-25": 4, "2026-01-27": 7}
    labels, counts, unit = volume_series(analysis)
    assert unit == "day" and labels == ["01-25", "01-26", "01-27"] and counts == [4, 0, 7]
    analysis.stats.per_day = {}  # not filled: counted from the tweets
    assert volume_series(analysis)[1] == [0, 0, 3]


def test_trend_rows_biggest_first_with_change():
    from tweetbrief.writers.headlines import headline

    analysis = hostile_analysis()
    rows = trend_rows(analysis)
    by_size = sorted(analysis.trends, key=lambda t: t.size, reverse=True)
    assert rows == [(headline(by_size[0], "zh"), 2, 0, "new", 2), (headline(by_size[1], "zh"), 1, 1, "rising", 2)]
    assert all(" / " not in r[0] for r in rows)  # stories' headlines, never keyword triples
    assert [r[0] for r in trend_rows(analysis, language="en")] == [headline(t, "en") for t in by_size]
    assert [n for _, _, n in sentiment_shares(hostile_analysis())] == [1, 1, 1]


def test_charts_render_fast_with_hostile_labels(tmp_path):
    analysis = hostile_analysis()
    label = "$NVDA $$\\frac{1}{2}$$ {{ site }} <script>x</script> 英伟达"
    analysis.trends[0] = replace(analysis.trends[0], label=label)
    render_charts(analysis, tmp_path / "warm", SLUG)  # first call pays matplotlib import + font registration
    t = time.perf_counter()
    out = render_charts(analysis, tmp_path, SLUG)
    elapsed = time.perf_counter() - t
    print(f"\n3 charts rendered in {elapsed:.3f}s")
    assert elapsed < 3 * 1.0, f"charts took {elapsed:.2f}s"
    assert set(out) == {c.role for c in CHARTS}
    for path in out.values():
        with Image.open(path) as img:
            assert img.format == "PNG" and img.size == (1000, 480)


def test_empty_period_still_draws(tmp_path):
    analysis = hostile_analysis()
    analysis.tweets, analysis.trends = {}, []
    analysis.sentiment = replace(analysis.sentiment, positive=0, negative=0, neutral=0)
    out = render_charts(analysis, tmp_path, SLUG)
    assert all(p.stat().st_size > 1000 for p in out.values())


def test_many_trends_are_capped(tmp_path):
    analysis = hostile_analysis()
    base = analysis.trends[0]
    analysis.trends = [replace(base, label=f"趋势 {i}", size=i + 1, change=None) for i in range(20)]
    rows = trend_rows(analysis)
    assert len(rows) == 8 and rows[0][1] == 20 and rows[0][2] is None


def test_charts_are_byte_identical_and_carry_no_run_metadata(tmp_path):
    import os

    old = os.umask(0o022)
    try:
        first = render_charts(hostile_analysis(), tmp_path / "a", "s")
        second = render_charts(hostile_analysis(), tmp_path / "b", "s")
    finally:
        os.umask(old)
    for role, path in first.items():
        assert path.read_bytes() == second[role].read_bytes(), role
        with Image.open(path) as img:
            assert "Software" not in img.info and "date" not in str(img.info).lower()
        assert b"tIME" not in path.read_bytes() and b"tEXt" not in path.read_bytes()
        assert path.stat().st_mode & 0o777 == 0o644  # the umask's mode, not mkstemp's 0600


def test_english_charts_have_their_own_files_and_words(tmp_path):
    from tweetbrief.publish.jekyll import charts_section
    from tweetbrief.render.charts import WORDS

    analysis = hostile_analysis()
    zh = render_charts(analysis, tmp_path, SLUG)
    en = render_charts(analysis, tmp_path, SLUG, language="en", mood="cautious")
    assert {p.name for p in zh.values()}.isdisjoint(p.name for p in en.values())
    assert all(p.name.endswith("-en.png") for p in en.values())
    assert any(zh[r].read_bytes() != en[r].read_bytes() for r in zh)  # the words drawn differ
    section = charts_section({r: p.name for r, p in en.items()}, "en")
    assert section.startswith("## Charts") and "![Tweet volume](" in section
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in section)
    assert not any("\u4e00" <= ch <= "\u9fff" for w in WORDS["en"].values() if isinstance(w, str) for ch in w)

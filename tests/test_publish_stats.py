"""Run stats: word counting (Latin words + CJK chars / 1.5), reading time saved, LLM figures, stderr line."""

from __future__ import annotations

import pytest

from helpers import hostile_analysis
from tweetbrief.publish.stats import count_words, llm_figures, reading_minutes, run_stats, stats_line


def test_count_words_latin_and_cjk():
    assert count_words("GPT-4o is out, don't panic 2026") == 6
    assert count_words("英伟达发布新芯片") == pytest.approx(8 / 1.5)
    assert count_words("Claude Code 很好用") == pytest.approx(2 + 3 / 1.5)


def test_count_words_ignores_urls_and_link_targets():
    assert count_words("see https://example.com/a/b?c=d now") == 2
    assert count_words("[@alice](https://x.com/alice/status/1) 说") == pytest.approx(1 + 1 / 1.5)


def test_reading_minutes_at_200_wpm():
    assert reading_minutes(400) == 2.0


def test_reading_time_saved_scales_for_duplicates_and_floors_at_zero():
    analysis = hostile_analysis()
    long_text = "模型 " * 3000  # 6000 CJK chars = 4000 words = 20 min per tweet
    for t in analysis.tweets.values():
        t.text = long_text
    analysis.stats.relevant, analysis.stats.after_dedup = 6, 3  # half the relevant tweets were duplicates
    stats = run_stats(analysis, "---\ntitle: x\n---\n" + "短报告" * 10, {})
    assert stats["reading_minutes_saved"] == pytest.approx(6 * 20 - 20 / 1.5 / 200, abs=0.1)
    assert run_stats(hostile_analysis(), "报告" * 5000, {})["reading_minutes_saved"] == 0.0


@pytest.mark.parametrize("llm, expected", [
    ({"tokens_in": 10, "tokens_out": 5, "cost": 0.01, "currency": "USD", "priced": True}, (15, 0.01)),
    ({"tokens_in": 10, "tokens_out": 5, "cost": 0.0, "currency": "USD", "priced": False}, (15, None)),
    ({"tokens_in": 10, "tokens_out": 5, "cost": 0.2, "currency": "CNY", "priced": True}, (15, None)),
    ({"tokens": 7, "cost_usd": 0.5}, (7, 0.5)),
    (None, (None, None)),
])
def test_llm_figures(llm, expected):
    assert llm_figures({"llm": llm} if llm is not None else {}) == expected


def test_stats_line_is_one_line():
    stats = run_stats(hostile_analysis(), "报告", {}, collected=12, sources=["x-search:AI"], seconds={"analyse": 0.5})
    line = stats_line(stats)
    assert "\n" not in line and line.startswith("tweetbrief: collected 12, in range 5, relevant 3, after dedup 3")
    assert "sources x-search:AI" in line and "analyse 0.50s" in line

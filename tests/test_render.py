"""Rendering: reference structure, escaping of hostile tweet text, citations."""

from __future__ import annotations

import re

import pytest

from helpers import hostile_analysis
from tweetbrief.render.escape import md_block, md_text, md_url
from tweetbrief.render.markdown import render_post
from tweetbrief.writers import get_writer


@pytest.fixture
def post() -> str:
    report = get_writer("offline").write(hostile_analysis(), {})
    report.images["wordcloud"] = "/assets/tweetbrief/wordcloud_twitter_ai_20260127_20260127.jpg"
    return render_post(report)


@pytest.mark.parametrize("hostile, forbidden", [
    ("{{ site.title }}", "{{"),
    ("{% include evil.html %}", "{%"),
    ("<script>alert(1)</script>", "<script"),
    ("<img src=x onerror=alert(1)>", "<img"),
    ("[click](javascript:alert(1))", "[click]"),
    ("a | b | c", " | b"),
    ("**bold** _it_ `code` ~~s~~ $$math$$", "**bold**"),
])
def test_md_text_makes_markup_inert(hostile, forbidden):
    assert forbidden not in md_text(hostile)


def test_md_text_keeps_the_words_readable():
    assert md_text("英伟达 GPU 价格 1.5% 上涨") == "英伟达 GPU 价格 1.5% 上涨"
    assert md_text("line\nbreak") == "line break"


def test_md_block_escapes_line_start_syntax():
    assert md_block("# not a heading").startswith("\\#")
    assert md_block("1. not a list").startswith("1\\.")
    assert md_block("2026-01-27 stays") == "2026-01-27 stays"


def test_md_url_refuses_javascript():
    with pytest.raises(ValueError):
        md_url("javascript:alert(1)")
    assert md_url("https://x.com/a/status/1") == "https://x.com/a/status/1"


def test_post_has_no_live_liquid_html_or_markdown_from_tweets(post):
    body = post.split("---", 2)[2]
    assert "{{" not in body and "{%" not in body
    assert "<script" not in body
    assert "&#123;&#123; site.title &#125;&#125;" in body  # shown, not run
    assert "**stars**" not in body


def test_every_table_row_has_three_cells(post):
    rows = [line for line in post.splitlines() if line.startswith("|")]
    assert rows
    for row in rows:
        cells = re.split(r"(?<!\\)\|", row)[1:-1]
        assert len(cells) == 3, row


def test_citations_link_tweets(post):
    links = re.findall(r"\]\((https://x\.com/[^)]+)\)", post)
    assert "https://x.com/alice/status/1001" in links
    assert "https://x.com/carol/status/1003" in links


def test_empty_market_section_says_so():
    analysis = hostile_analysis()
    analysis.tickers = []
    report = get_writer("offline").write(analysis, {})
    report.images["wordcloud"] = "w.jpg"
    post = render_post(report)
    assert "本期无相关个股或数字货币讨论" in post


def test_front_matter_values_stay_on_one_line():
    """JSON escapes \\n but not U+2028/U+2029/U+0085, which YAML 1.1 (Jekyll's Psych) reads as line breaks."""
    analysis = hostile_analysis()
    report = get_writer("offline").write(analysis, {})
    report.images["wordcloud"] = "w.jpg"
    post = render_post(report, extra_front_matter={"author": "a\u2028b\u2029c\u0085d\ne"})
    front = post.split("\n---\n", 1)[0]
    assert 'author: "a\\u2028b\\u2029c\\u0085d\\ne"' in front
    assert not any(ch in front for ch in "\u2028\u2029\u0085")


def test_citation_to_a_non_http_source_is_dropped_not_fatal():
    analysis = hostile_analysis()
    analysis.tweets["1001"].permalink = "javascript:alert(1)"
    report = get_writer("offline").write(analysis, {})
    report.images["wordcloud"] = "w.jpg"
    post = render_post(report)
    assert "javascript:alert" not in post
    assert "https://x.com/carol/status/1003" in post  # the other citations stay

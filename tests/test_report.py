"""End to end: the bundled demo dataset in, a reference-shaped, cited, escaped post out."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from tweetbrief.analysis.model import Period
from tweetbrief.cli import app
from tweetbrief.store import Store

REFERENCE = "reference/000_b082ea2f27c46edd.txt"
EXTRA_FRONT_MATTER = {"tweetbrief", "categories", "tags", "author"}  # data tweetbrief adds beyond the reference
PERIOD = Period(date(2026, 1, 27), date(2026, 1, 27))


def structure(post: str) -> list[str]:
    """The skeleton of a post: front-matter keys, title line shape, section headings, table headers."""
    front, body = post.split("---\n", 2)[1:]
    body = body.split("\n## 数据图表")[0]  # tweetbrief's own chart section comes after the reference's end
    keys = [line.split(":", 1)[0] for line in front.splitlines() if line.strip()]
    lines = [f"key:{k}" for k in keys if k not in EXTRA_FRONT_MATTER]
    for line in body.splitlines():
        line = line.rstrip()
        if re.match(r"^Twitter \w+ 报告 \(\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}\)$", line):
            lines.append("title-line")
        elif re.match(r"^\*\*[一二三四]、", line):
            lines.append(re.sub(r"\d+ 条", "N 条", line))
        elif line.startswith("#") or line.startswith("**当前情绪**"):
            lines.append(line.split("：")[0])
        elif (line.startswith("| ") and not line.startswith("| **") and "---" not in line
              and not re.match(r"^\| (\d{4}|—)", line)):
            lines.append(line)  # a table header
        elif line.startswith("![词云图]("):
            lines.append("wordcloud-image")
        elif re.match(r"^\*[^*].*\*$", line):
            lines.append("disclaimer")
    return lines


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    db, site = tmp / "demo.sqlite", tmp / "site"
    result = CliRunner().invoke(app, ["demo", "--db", str(db), "--site", str(site), "--json"])
    assert result.exit_code == 0, result.output
    paths = json.loads(result.stdout.strip().splitlines()[-1])
    return db, site, Path(paths["post"]), [Path(p) for p in paths["images"]]


def test_post_and_image_paths(demo_run):
    _, site, post, images = demo_run
    assert post == site / "_posts" / "2026-01-27-twitter_ai_20260127_20260127.md"
    assert images[0].name == "wordcloud_twitter_ai_20260127_20260127.jpg"
    assert all(p.is_file() for p in images)
    link = re.search(r"!\[词云图\]\(([^)]+)\)", post.read_text(encoding="utf-8")).group(1)
    assert (site / link.lstrip("/")).resolve() == images[0].resolve()  # the post links the image it wrote


def test_structure_matches_the_reference(demo_run, shared):
    _, _, post, _ = demo_run
    reference = (shared / REFERENCE).read_text(encoding="utf-8")
    assert structure(post.read_text(encoding="utf-8")) == structure(reference)


def test_front_matter(demo_run):
    text = demo_run[2].read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    assert 'layout: post' in front
    assert 'title: "twitter_ai_20260127_20260127"' in front
    assert re.search(r'^date: "\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0800"$', front, re.M)
    assert re.search(r'^posttime: "\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0800"$', front, re.M)
    assert "Twitter Ai 报告 (2026-01-27 至 2026-01-27)" in text


def test_every_link_is_a_tweet_in_the_range(demo_run):
    db, _, post, _ = demo_run
    text = post.read_text(encoding="utf-8")
    links = re.findall(r"\]\((https?://[^)]+)\)", text)
    assert len(links) >= 10
    with Store.open(db) as store:
        for url in links:
            m = re.fullmatch(r"https://x\.com/(\w+)/status/(\d+)", url)
            assert m, url
            tweet = store.get(m.group(2))
            assert tweet is not None, url
            assert tweet.author_handle == m.group(1)
            assert PERIOD.contains(tweet.created_at), url


def test_every_section_is_filled_and_cited(demo_run):
    text = demo_run[2].read_text(encoding="utf-8")
    trends = re.findall(r"^\d+\. \*\*.+（来源：\[", text.split("**当前情绪**")[0], re.M)
    assert 3 <= len(trends) <= 10
    events = re.findall(r"^\| (\d{4}-\d{2}-\d{2}) \|", text, re.M)
    assert events and all(e == "2026-01-27" for e in events)  # every date inside the range
    assert "本期无相关个股或数字货币讨论" not in text  # the demo has $NVDA, $BTC ...
    assert re.search(r"NVDA", text)


def test_hostile_tweets_stay_literal(demo_run):
    body = demo_run[2].read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "{{" not in body and "{%" not in body and "<script" not in body


def test_wordcloud_is_a_jpeg(demo_run):
    image = demo_run[3][0]
    with Image.open(image) as im:
        assert im.format == "JPEG"
        assert im.size == (1600, 900)


def test_report_is_idempotent_and_cli_prints_paths(demo_run):
    db, site, post, images = demo_run
    result = CliRunner().invoke(app, ["report", "--topic", "ai", "--from", "2026-01-27", "--to", "2026-01-27",
                                      "--db", str(db), "--site", str(site)])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(post), *map(str, images)]


@pytest.mark.parametrize("command", ["report", "run"])
def test_lang_en_writes_the_english_report(demo_run, tmp_path, command):
    db = demo_run[0]
    site = tmp_path / "en"
    dates = ["--from", "2026-01-27", "--to", "2026-01-27"] if command == "report" else ["--date", "2026-01-27"]
    result = CliRunner().invoke(app, [command, *dates, "--db", str(db), "--site", str(site), "--lang", "en"])
    assert result.exit_code == 0, result.output
    # an English report is its own post beside the Chinese one (publish/jekyll.py: <slug>-en.md)
    text = (site / "_posts" / "2026-01-27-twitter_ai_20260127_20260127-en.md").read_text(encoding="utf-8")
    assert "Twitter Ai Report (2026-01-27 to 2026-01-27)" in text
    assert "#### 4.1 AI" in text and "plus 1 retweets" not in text
    assert "| Viewpoint | Summary | Industry impact |" in text and "## Word cloud" in text
    assert "（来源：" not in text


def test_unknown_lang_is_exit_2(demo_run, tmp_path):
    result = CliRunner().invoke(app, ["report", "--from", "2026-01-27", "--to", "2026-01-27", "--db", str(demo_run[0]),
                                      "--site", str(tmp_path), "--lang", "fr"])
    assert result.exit_code == 2
    assert "use zh or en" in result.stderr

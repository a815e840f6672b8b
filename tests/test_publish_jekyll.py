"""Jekyll publishing without Jekyll: where files go, how they are linked, front matter, atomicity."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import hostile_analysis
from tweetbrief.config import Topic
from tweetbrief.publish.jekyll import CHARTS_HEADING, PublishOptions, publish_jekyll, stage_post
from tweetbrief.writers import get_writer

SLUG = "twitter_ai_20260127_20260127"
REFERENCE_HEADINGS = ["**一、简明概要（可快速阅读）**", "**二、核心信息", "**三、详细分析**", "### 1. 重要观点与见解",
                      "### 2. 关键事件与发展", "### 3. 个股与数字货币分析（如有）", "### 4. 专项分析",
                      "**四、结论与建议**", "## 词云分析"]


def _front(text: str) -> dict[str, str]:
    head = text.split("\n---\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines()[1:])


def _publish(site: Path, **options) -> tuple:
    analysis = hostile_analysis()
    report = get_writer("offline").write(analysis, {})
    return publish_jekyll(report, analysis, site, options=PublishOptions(**options)), report


def test_post_and_images_land_in_posts_and_assets(tmp_path):
    published, _ = _publish(tmp_path)
    assert published.post == tmp_path / "_posts" / f"2026-01-27-{SLUG}.md"
    names = sorted(p.name for p in published.images)
    assert names == sorted([f"wordcloud_{SLUG}.jpg", f"volume_{SLUG}.png", f"trends_{SLUG}.png",
                            f"sentiment_{SLUG}.png"])
    for image in published.images:
        assert image.parent == tmp_path / "assets" / "tweetbrief" and image.stat().st_size > 1000
    assert not list(tmp_path.glob(".tweetbrief-staging-*")), "staging folder left behind"
    assert published.post.read_text(encoding="utf-8") == published.text


@pytest.mark.parametrize("style, prefix", [("assets", "/"), ("baseurl", "{{site.baseurl}}/")])
def test_links_are_site_absolute_and_point_at_the_written_files(tmp_path, style, prefix):
    published, _ = _publish(tmp_path, image_style=style)
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", published.text)
    assert len(links) == 4
    for link in links:
        assert link.startswith(prefix + "assets/tweetbrief/")
        assert (tmp_path / link.removeprefix(prefix)).is_file()
    body = published.text.split("\n---\n", 1)[1]
    assert ("{{" in body) == (style == "baseurl")  # the default post has no Liquid at all


@pytest.mark.parametrize("style, prefix, folder", [("bare", "", "_posts"),
                                                   ("assets", "/assets/tweetbrief/", "assets/tweetbrief")])
def test_other_image_styles(tmp_path, style, prefix, folder):
    published, _ = _publish(tmp_path, image_style=style)
    assert f"![词云图]({prefix}wordcloud_{SLUG}.jpg)" in published.text  # bare = the reference post's style
    assert all(p.parent == tmp_path / folder for p in published.images)


def test_custom_assets_dir(tmp_path):
    published, _ = _publish(tmp_path, assets_dir="img/daily")
    assert f"(/img/daily/wordcloud_{SLUG}.jpg)" in published.text
    assert (tmp_path / "img" / "daily" / f"trends_{SLUG}.png").is_file()


def test_reference_sections_kept_and_charts_section_follows_the_word_cloud(tmp_path):
    published, _ = _publish(tmp_path)
    text = published.text
    positions = [text.index(h) for h in REFERENCE_HEADINGS]
    assert positions == sorted(positions)
    charts = text.index(CHARTS_HEADING)
    assert charts > text.index("## 词云分析")
    tail = text[charts:]
    assert [m for m in re.findall(r"!\[([^\]]+)\]", tail)] == ["推文量", "热点趋势", "情绪分布"]


def test_charts_can_be_turned_off(tmp_path):
    published, _ = _publish(tmp_path, charts=False)
    assert CHARTS_HEADING not in published.text and len(published.images) == 1


def test_front_matter_extras_and_run_stats_are_data(tmp_path):
    published, _ = _publish(tmp_path, categories=["ai", "日报"], tags=["twitter"], author='Ann "A" Lee')
    front = _front(published.text)
    assert front["layout"] == "post" and front["title"] == f'"{SLUG}"'
    assert json.loads(front["categories"]) == ["ai", "日报"]
    assert json.loads(front["tags"]) == ["twitter"]
    assert json.loads(front["author"]) == 'Ann "A" Lee'
    stats = json.loads(front["tweetbrief"])
    assert stats["relevant"] == 3 and stats["after_dedup"] == 3 and stats["authors"] == 3
    assert set(stats) >= {"relevant", "after_dedup", "authors", "sources", "reading_minutes_saved",
                          "llm_tokens", "llm_cost_usd"}
    assert not {"collected", "seconds", "x_reads"} & set(stats)  # run-varying: in published.stats only
    assert published.stats["collected"] is None and "seconds" in published.stats
    import yaml  # the same front matter, read as Jekyll reads it (YAML)
    data = yaml.safe_load(published.text.split("---\n")[1])
    assert data["tweetbrief"] == stats and data["categories"] == ["ai", "日报"]


def test_llm_usage_reaches_front_matter(tmp_path):
    analysis = hostile_analysis()
    report = get_writer("offline").write(analysis, {})
    report.stats["llm"] = {"tokens_in": 1200, "tokens_out": 300, "cost": 0.0042, "currency": "USD", "priced": True}
    published = publish_jekyll(report, analysis, tmp_path, options=PublishOptions(charts=False),
                               run_info={"collected": 40, "sources": ["x-search:AI"], "seconds": {"collect": 1.5}})
    stats = json.loads(_front(published.text)["tweetbrief"])
    assert stats["llm_tokens"] == 1500 and stats["llm_cost_usd"] == 0.0042
    assert stats["sources"] == ["x-search:AI"] and "collected" not in stats and "seconds" not in stats
    assert published.stats["collected"] == 40 and published.stats["seconds"] == {"collect": 1.5}


def test_failed_render_leaves_previous_post_and_images_untouched(tmp_path, monkeypatch):
    published, _ = _publish(tmp_path)
    before = {p: p.read_bytes() for p in [published.post, *published.images]}

    import tweetbrief.render.charts as charts

    def boom(*args, **kwargs):
        raise RuntimeError("chart exploded")

    monkeypatch.setattr(charts, "render_charts", boom)
    analysis = hostile_analysis()
    analysis.word_freqs = {"完全不同": 9.0}
    report = get_writer("offline").write(analysis, {})
    with pytest.raises(RuntimeError):
        publish_jekyll(report, analysis, tmp_path)
    assert {p: p.read_bytes() for p in before} == before
    assert not list(tmp_path.glob(".tweetbrief-staging-*"))


def test_staged_files_are_invisible_until_commit(tmp_path):
    analysis = hostile_analysis()
    report = get_writer("offline").write(analysis, {})
    staged = stage_post(report, analysis, tmp_path, PublishOptions())
    assert not (tmp_path / "_posts").exists() and not (tmp_path / "assets").exists()
    assert staged.staging.name.startswith(".")  # Jekyll ignores dot folders
    published = staged.commit()
    assert published.post.is_file() and not staged.staging.exists()


def test_publishing_config_defaults_and_validation():
    topic = Topic(name="ai")
    opts = PublishOptions.from_topic(topic)
    assert (opts.assets_dir, opts.image_style, opts.charts) == ("assets/tweetbrief", "assets", True)
    for bad in ({"image_style": "inline"}, {"assets_dir": "_posts/img"}, {"assets_dir": "../up"},
                {"assets_dir": "/abs"}):
        with pytest.raises(ValueError):
            Topic(name="ai", **bad)
    assert Topic(name="ai", assets_dir="img/x/").assets_dir == "img/x"


def test_publication_date_is_read_back_and_unreadable_dates_fall_back(tmp_path):
    from tweetbrief.publish.jekyll import published_date

    published, report = _publish(tmp_path)
    when = published_date(published.post)
    expected = report.generated_at.replace(year=report.end.year, month=report.end.month, day=report.end.day,
                                           microsecond=0)
    assert when is not None and when == expected  # the report's last day, at the time it was generated
    published.post.write_text('---\nlayout: post\ndate: "last tuesday"\n---\nbody\n', encoding="utf-8")
    assert published_date(published.post) is None
    again, report2 = _publish(tmp_path)  # an unreadable date: the report's day at generation time again
    assert published_date(again.post).date() == report2.end and again.post == published.post
    assert published_date(tmp_path / "nope.md") is None


def test_a_rerun_keeps_the_first_publication_date_without_touching_the_report(tmp_path):
    from datetime import timedelta

    from tweetbrief.publish.jekyll import published_date

    first, _ = _publish(tmp_path)
    analysis = hostile_analysis()
    report = get_writer("offline").write(analysis, {})
    report.generated_at += timedelta(hours=5)  # generated later: the post keeps its first date
    before = report.model_dump()
    again = publish_jekyll(report, analysis, tmp_path)
    assert published_date(again.post) == published_date(first.post)
    assert report.model_dump() == before  # neither the date nor the image links were written into the report


def test_publishing_renders_the_post_once_and_leaves_the_report_as_written(tmp_path, monkeypatch):
    import tweetbrief.publish.jekyll as jekyll
    from tweetbrief.publish.stats import count_words, reading_minutes

    calls = {"body": 0, "front": 0}

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(jekyll, "render_body", counted("body", jekyll.render_body))
    monkeypatch.setattr(jekyll, "render_front_matter", counted("front", jekyll.render_front_matter))
    analysis = hostile_analysis()
    report = get_writer("offline").write(analysis, {})
    before = report.model_dump()
    published = publish_jekyll(report, analysis, tmp_path)
    assert calls == {"body": 1, "front": 1}
    assert report.model_dump() == before and report.images == {}  # links went to the renderer, not the report
    # the figures in the front matter are measured on the body that was published
    body = published.text.split("\n---\n", 1)[1]
    tweet_words = sum(count_words(t.text) for t in analysis.tweets.values())
    saved = max(0.0, reading_minutes(tweet_words) - reading_minutes(count_words(body)))
    assert json.loads(_front(published.text)["tweetbrief"])["reading_minutes_saved"] == round(saved, 1)


def test_collection_costs_are_run_figures_not_front_matter(tmp_path):
    analysis = hostile_analysis()
    report = get_writer("offline").write(analysis, {})
    costs = {"x_reads": 62, "x_cost_usd": 0.31, "reddit_calls": 4}  # any collector's figures, copied generically
    published = publish_jekyll(report, analysis, tmp_path, options=PublishOptions(charts=False),
                               run_info={"collected": 9, "sources": ["x-search:AI"], "costs": costs})
    assert {k: published.stats[k] for k in costs} == costs
    front = json.loads(_front(published.text)["tweetbrief"])
    assert not set(costs) & set(front) and front["relevant"] == 3
    rerun = publish_jekyll(get_writer("offline").write(analysis, {}), analysis, tmp_path,
                           options=PublishOptions(charts=False), run_info={"collected": 0, "sources": ["x-search:AI"]})
    assert rerun.post.read_bytes() == published.text.encode("utf-8")  # other costs, same post

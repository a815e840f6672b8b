"""Story headlines: subject + what happened (+ object) through a per-language phrase table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tweetbrief.analysis.model import Trend
from tweetbrief.analysis.names import looks_like_name
from tweetbrief.writers.headlines import PHRASES, headline


def story(subject: str, development: str = "", obj: str = "", keywords=None) -> Trend:
    return Trend(label="x / y / z", keywords=keywords or [], tweet_ids=["1"], size=3, authors=2, engagement=0,
                 first_seen=datetime(2026, 1, 1, tzinfo=UTC), subject=subject, development=development,
                 object=obj)


@pytest.mark.parametrize("subject, kind, obj, lang, expected", [
    ("北极星智能", "open-source", "Polaris-K2.5", "zh", "北极星智能开源 Polaris-K2.5"),
    ("NimbusGPU", "price_up", "H100 租赁价格 15%", "zh", "NimbusGPU 上调 H100 租赁价格 15%"),
    ("Kinetix Robotics", "funding", "$350M Series C", "en", "Kinetix Robotics raises a $350M Series C"),
    ("Kinetix Robotics", "funding", "$350M Series C", "zh", "Kinetix Robotics 完成 $350M Series C 融资"),
    ("Acme", "launch", "Widget-2", "en", "Acme launches Widget-2"),
    ("Acme", "outage", "", "en", "Acme outage"),
    ("深度求索", "release", "", "zh", "深度求索发布更新"),
    ("Claude Fable 5", "release", "", "zh", "Claude Fable 5 正式发布"),
    ("Claude Fable 5", "release", "", "en", "Claude Fable 5 is out"),
    ("NimbusGPU", "price_up", "H100 租赁价格 15%", "en", "NimbusGPU raises H100 prices by 15%"),
    ("NimbusGPU", "price_down", "H100 15%", "en", "NimbusGPU cuts H100 prices by 15%"),
    ("NimbusGPU", "price_down", "H100 rental prices 15%", "en", "NimbusGPU cuts H100 rental prices 15%"),
    # two names side by side never glue into one word; CJK next to CJK stays unspaced
    ("SWE-bench Verified 76.8", "benchmark", "MMMU-Pro 78.5", "zh", "SWE-bench Verified 76.8 MMMU-Pro 78.5 评测结果"),
    ("北极星智能", "benchmark", "多模态", "zh", "北极星智能多模态评测结果"),
    ("Acme", "outage", "API", "zh", "Acme API 服务故障"),
])
def test_event_headlines_per_language(subject, kind, obj, lang, expected):
    assert headline(story(subject, kind, obj), lang) == expected


def test_discussion_headline_names_the_subject_and_a_second_name_never_a_common_word():
    # keywords are not headline material: "Claude：taking" was a pair of random tokens
    t = story("Claude Code", keywords=["Claude Code", "auto mode", "permissions"])
    assert headline(t, "en") == "Discussion of Claude Code"
    assert headline(t, "zh") == "Claude Code 相关讨论"
    assert headline(story("Claude", obj="taking"), "zh") == "Claude 相关讨论"
    assert headline(story("Claude", obj="Cursor"), "zh") == "Claude 与 Cursor 相关讨论"
    assert headline(story("Vercel", obj="AI Gateway"), "en") == "Discussion of Vercel and AI Gateway"
    assert headline(story("梁文锋", obj="DeepSeek"), "zh") == "梁文锋与 DeepSeek 相关讨论"
    bare = story("Raycast V2")
    assert headline(bare, "zh") == "Raycast V2 相关讨论" and headline(bare, "en") == "Discussion of Raycast V2"
    for lang in ("zh", "en"):
        assert " / " not in headline(story("A", keywords=["b / c"]), lang)
        assert " / " not in headline(story("A", obj="b / c"), lang)


@pytest.mark.parametrize("phrase, expected", [
    ("Cursor", True), ("AI Gateway", True), ("gpt-image2", True), ("Qwen3.6", True), ("Code with Claude", True),
    ("DeepSeek", True), ("梁文锋", True), ("H100 租赁价格", True),
    ("taking", False), ("builders", False), ("the Claude", False), ("Web 技术", False), ("", False), ("a / b", False),
])
def test_a_second_name_must_look_like_a_name(phrase, expected):
    assert looks_like_name(phrase) is expected


def test_a_launch_without_maker_reads_as_the_product_launching():
    assert headline(story("Claude Mythos 5", "launch"), "zh") == "Claude Mythos 5 正式发布"
    assert headline(story("Claude Mythos 5", "launch"), "en") == "Claude Mythos 5 launches"


def test_every_development_kind_has_both_languages():
    assert set(PHRASES["zh"]) == set(PHRASES["en"])
    for lang, table in PHRASES.items():
        for kind, (with_obj, bare) in table.items():
            assert "{s}" in with_obj and "{o}" in with_obj and "{s}" in bare, (lang, kind)


def test_a_company_launching_an_unnamed_product_is_not_itself_released():
    assert headline(story("Anthropic", "launch"), "zh") == "Anthropic 发布新品"
    assert headline(story("Anthropic", "launch"), "en") == "Anthropic announces a launch"
    assert headline(story("Claude Mythos 5", "launch"), "zh") == "Claude Mythos 5 正式发布"  # a product: it is

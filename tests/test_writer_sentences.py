"""核心信息 are one compressed sentence per story (issue 9): first informative clause, at most ~60 CJK
characters or ~25 English words, no URLs, handles, emoji or hashtags, whole words, never "…"."""

from __future__ import annotations

import re

import pytest

from helpers import hostile_analysis, tweet
from tweetbrief.writers import get_writer
from tweetbrief.writers.sentences import EN_WORDS, ZH_LIMIT, as_written, compress

LONG_ZH = ("RT @Phoenixyin13: 我可以告诉你的是，冯诺伊曼能力值强于当代任何一个顶尖理工科博士+目前的最强的AI"
           "（包括Kimi K3，Claude Fable 5），而且这个差距在未来十年之内都不会被真正弥合。…")
LONG_EN = ("Personal update: I have joined @Meta to work on superintelligence with an incredible team of "
           "researchers and engineers who care deeply about safety and the future of open models https://t.co/x #AI")
CASES = [
    LONG_ZH, LONG_EN,
    "🚨 Hermitbot 0.9 is out today 🦀 Your own AI agent that lives in Telegram. https://t.co/y #Hermitbot #opensource",
    "@bob @carol 北极星智能今天开源了 Polaris-K2.5，多模态推理能力大幅提升 🔥🔥 https://t.co/z #开源",
    "太难了， Gemini 的负责人像 OpenAI，Claude Code 产品经理一样，build in public. "
    "发起了关于 Gemini 最新发布的两个模型的反馈",
    "真的要卸载剪映了。 YC S24 团队做的 Palmier Pro，开源后已经冲过 1 万 GitHub stars。 我看到它的第一反应",
    "a" * 3 + " " + "word " * 60,
    "复刻了大神@DilumSanjaya的视觉框架，建了一个 F-22、星舰、猛禽发动机的展示网页",  # a handle inside Chinese
    "Companies, especially outside of tech, are realizing that they can now afford to take on software projects "
    "that they wouldn’t have been able to tackle before because of cost and time.",  # ’ splits words for some readers
]
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF]")


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][\w'’.\-+/%$]*", text))


@pytest.mark.parametrize("text", CASES)
def test_compressed_sentence_obeys_the_rules(text):
    out = compress(text)
    assert out
    assert "…" not in out and "..." not in out
    assert "http" not in out and "t.co" not in out and "@" not in out and "#" not in out
    assert not EMOJI.search(out)
    cjk = len(re.findall(r"[\u4e00-\u9fff]", out))
    if cjk > _words(out):
        assert len(out) <= ZH_LIMIT + 1  # + the full stop
    else:
        assert _words(out) <= EN_WORDS
    assert out[-1] in "。！？.!?"
    # whole words: every Latin word of the output is a word of the input
    source_words = set(re.findall(r"[A-Za-z0-9][\w'’.\-+/%$]*", text.replace("…", " ")))
    for w in re.findall(r"[A-Za-z0-9][\w'’.\-+/%$]*", out):
        assert w.rstrip(".") in {s.rstrip(".") for s in source_words}, w


def test_compression_picks_the_informative_sentence_and_keeps_brackets_balanced():
    assert compress(CASES[5]) == "YC S24 团队做的 Palmier Pro，开源后已经冲过 1 万 GitHub stars。"
    out = compress(LONG_ZH)
    assert out.count("（") == out.count("）") and out.startswith("我可以告诉你的是，冯诺伊曼")
    assert compress("GPT-5.5 is out. It is our best model yet.") == "GPT-5.5 is out."
    assert compress(CASES[3]) == "北极星智能今天开源了 Polaris-K2.5，多模态推理能力大幅提升。"
    assert compress(CASES[7]).startswith("复刻了大神DilumSanjaya的视觉框架")
    # a long first sentence that names things is kept, not traded for a later fragment
    assert compress("New in Gemini: Live's biggest upgrade yet. Smarter responses. 2x longer context") == \
        "New in Gemini: Live's biggest upgrade yet."
    assert len(re.findall(r"[A-Za-z0-9][\w'.\-]*", compress(CASES[8]))) <= EN_WORDS


def test_an_emoji_between_sentences_ends_the_first_and_a_named_lead_in_keeps_its_sentence():
    assert compress("Inboxly raised a $6M seed today 🎉 We give AI agents their own inboxes") == \
        "Inboxly raised a $6M seed today."
    assert compress("Introducing Polaris-K2.5 🌟 Open-weight and natively multimodal: 1T-param MoE. More soon") == \
        "Introducing Polaris-K2.5: Open-weight and natively multimodal: 1T-param MoE."


def test_as_written_restores_the_authors_full_width_punctuation():
    original = "Unity 发布原生 Unity CLI 终端工具，打通 AI 智能体的通道；https://t.co/x 是不是方便？"
    normalised = "Unity 发布原生 Unity CLI 终端工具,打通 AI 智能体的通道; 是不是方便?"  # NFKC, URL removed
    assert as_written(original, normalised) == "Unity 发布原生 Unity CLI 终端工具，打通 AI 智能体的通道； 是不是方便？"
    assert as_written("a, b; c", "a, b; c") == "a, b; c"  # ASCII as the author typed it


def test_core_facts_are_compressed_and_cite_their_tweet():
    a = hostile_analysis()
    long = tweet(7, LONG_EN, "dana", like_count=80)
    a.tweets[long.id] = long
    a.trends[0].tweet_ids = [long.id]
    report = get_writer("offline").write(a, {})
    fact = next(f for f in report.core_facts if f.cites == [long.id])
    assert fact.text == compress(LONG_EN) and _words(fact.text) <= EN_WORDS and "@" not in fact.text

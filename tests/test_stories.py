"""The default ``stories`` trends stage: tweets grouped by named subject and development."""

from __future__ import annotations

import pytest

import random
from datetime import UTC, date, datetime, timedelta

from tweetbrief.analysis.developments import develop
from tweetbrief.analysis.events import name_spans
from tweetbrief.analysis.model import Change, Period, Trend
from tweetbrief.analysis.pipeline import analyse
from tweetbrief.analysis.story_rank import weak_signals
from tweetbrief.analysis.words import known_names
from tweetbrief.config import Topic
from tweetbrief.models import Tweet

PERIOD = Period(date(2026, 3, 1), date(2026, 3, 7))
BASE = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
TOPIC = Topic(name="ai", keywords=["AI", "模型", "agent"])
EN = ["fast", "cheap", "tested", "coding", "agents", "benchmarks", "docs", "latency", "pricing", "context", "demo"]
ZH = ["速度", "价格", "测试", "编程", "文档", "延迟", "上下文", "演示", "体验", "效果", "部署"]


def tw(i: int, text: str, author: str, lang: str) -> Tweet:
    return Tweet(id=str(9000 + i), text=text, created_at=BASE + timedelta(hours=i), author_id=author,
                 author_handle=author, lang=lang, like_count=10 + i)


def varied(head: str, words: list[str], n: int, seed: int, lang: str, authors: list[str], start: int) -> list[Tweet]:
    rnd = random.Random(seed)
    sep = " " if lang == "en" else "，"
    return [tw(start + k, f"{head} {sep.join(rnd.sample(words, 5))} AI 模型 #{k}", authors[k % len(authors)], lang)
            for k in range(n)]


def test_zh_and_en_halves_of_one_story_are_one_story():
    tweets = (varied("Polaris-K2.5 is the new multimodal model:", EN, 5, 1, "en", ["ann", "bob", "cyd"], 0)
              + varied("Polaris-K2.5 多模态新模型：", ZH, 5, 2, "zh", ["dai", "eve", "fan"], 10)
              + varied("Hermitbot agent sandbox", EN, 5, 3, "en", ["gus", "hal"], 20))
    a = analyse(tweets, TOPIC, PERIOD)
    polaris = [t for t in a.trends if "Polaris-K2.5" in t.subject]
    assert len(polaris) == 1, [t.subject for t in a.trends]
    langs = {a.tweets[i].lang for i in polaris[0].tweet_ids}
    assert langs == {"zh", "en"} and polaris[0].size == 10 and polaris[0].authors == 6
    assert all(" / " not in t.label for t in a.trends)


def test_two_products_of_one_company_are_two_stories():
    tweets = (varied("Acme Forge writes code:", EN, 5, 4, "en", ["ann", "bob", "cyd"], 0)
              + varied("Acme Pulse watches servers:", EN, 5, 5, "en", ["dai", "eve", "fan"], 10))
    a = analyse(tweets, TOPIC, PERIOD)
    subjects = sorted(t.subject for t in a.trends)
    assert subjects == ["Acme Forge", "Acme Pulse"], subjects
    forge = next(t for t in a.trends if t.subject == "Acme Forge")
    assert all("Forge" in a.tweets[i].text for i in forge.tweet_ids)


def test_a_shared_development_names_subject_and_object():
    text = "Kinetix Robotics raised a $350M Series C to build humanoid robots"
    d = develop(text, name_spans(text, known_names()))
    assert d is not None and d.kind == "funding"
    assert d.subject == "Kinetix Robotics" and d.object == "$350M Series C"
    zh = "北极星智能今天正式开源 Polaris-K2.5 多模态模型"
    d = develop(zh, name_spans(zh, known_names()))
    assert d is not None and d.kind == "open-source" and d.object == "Polaris-K2.5"
    assert develop("What a lovely day with Alice", name_spans("What a lovely day with Alice", known_names())) is None


def test_weak_signals_are_new_or_fast_rising_and_from_several_authors():
    def t(subject, authors, prev, cur):
        return Trend(label=subject, keywords=[], tweet_ids=["1"], size=cur, authors=authors, engagement=0,
                     first_seen=BASE, subject=subject, change=Change("new" if prev == 0 else "rising", prev, cur))

    rest = [t("new-3", 3, 0, 3), t("tripled", 3, 1, 4), t("few-authors", 2, 0, 4), t("steady", 4, 3, 4)]
    flagged = weak_signals(rest)
    assert [w.subject for w in flagged] == ["new-3", "tripled"] and all(w.weak_signal for w in flagged)


# --- names, spellings, headline parts ---------------------------------------------------------


def test_a_word_capitalised_only_at_a_sentence_start_is_not_a_name():
    from tweetbrief.analysis.names import Names

    texts = ["Heads up: the service is slow today, we are on it.",
             "Seeing a number of reports that Gemini is slow. Suspending Fable for everyone is wild.",
             "We moved our agents from Gemini to Fable last week."]
    names = Names(texts)
    found = {n for i in range(len(texts)) for n in names.names(i)}
    assert "heads" not in found and "seeing" not in found and "suspending fable" not in found
    assert {"gemini", "fable"} <= found  # written capitalised inside a sentence too


def test_chat_abbreviations_and_generic_terms_are_not_names():
    from tweetbrief.analysis.names import Names, generic_term

    texts = ["We shipped the new UI today, TLDR it is faster.", "The UI of Raycast V2 is native. TLDR: fast.",
             "Raycast V2 beta is out, the UI is great."]
    names = Names(texts)
    found = {n for i in range(len(texts)) for n in names.names(i)}
    assert "raycast v2" in found and "ui" not in found and "tldr" not in found
    assert generic_term("clis") and generic_term("vibe coding") and not generic_term("raycast")


def test_one_story_however_a_name_is_spelled():
    from tweetbrief.analysis.names import spellings

    merged = spellings({"gpt-image2": [1, 2], "gptimage2": [3], "image2": [4, 5, 6], "codex": [7]})
    assert sorted(merged) == ["codex", "image2"] and merged["image2"] == [1, 2, 3, 4, 5, 6]
    # a versioned part shared by two different products joins neither
    two = spellings({"gpt-image2": [1], "seed-image2": [2], "image2": [3]})
    assert sorted(two) == ["gpt-image2", "image2", "seed-image2"]


def test_a_maker_naming_the_product_leads_the_headline_and_a_stray_object_is_dropped():
    from tweetbrief.analysis.developments import Development
    from tweetbrief.analysis.stories import story_parts

    devs = [Development("release", "Polaris-K2.5", "Polaris-K2.5", "Tide-3", 0),
            Development("open-source", "Polaris-K2.5", "北极星智能", "Polaris-K2.5", 0), None]
    assert story_parts([0, 1, 2], devs, "polaris-k2.5", "release", "Polaris-K2.5", ["", "", ""]) == \
        ("北极星智能", "Polaris-K2.5", "open-source")
    alone = [Development("release", "Polaris-K2.5", "Polaris-K2.5", "Tide-3", 0), None]
    assert story_parts([0, 1], alone, "polaris-k2.5", "release", "Polaris-K2.5", ["", ""])[:2] == ("Polaris-K2.5", "")
    limits = [Development("limit", "Claude Code", "Claude Code", "Diff", 0)] * 2
    assert story_parts([0, 1], limits, "claude code", "limit", "Claude Code", ["diff", "diff"])[1] == ""


def test_a_price_change_is_set_by_the_company_that_announces_it():
    text = "NimbusGPU 今天发通知：H100/H200 按需租赁价格 2 月 1 日起上调 15%，包年客户不受影响。"
    d = develop(text, name_spans(text, known_names()))
    assert d is not None and d.kind == "price_up"
    assert d.subject == "NimbusGPU" and d.object == "H100 租赁价格 15%"


def test_two_tweet_stories_fill_the_slots_a_thin_week_leaves_empty():
    from tweetbrief.analysis.story_rank import select

    def t(subject, size, authors, engagement=10):
        return Trend(label=subject, keywords=[], tweet_ids=[subject + str(k) for k in range(size)], size=size,
                     authors=authors, engagement=engagement, first_seen=BASE, subject=subject)

    built = [t("Acme", 6, 4), t("Orbit", 4, 3)]
    spare = [t("Kigi", 2, 2, 50), t("Acme", 2, 2, 99), t("lowercase", 2, 2, 80)]
    top, rest = select(built, spare, talk=set())
    assert [x.subject for x in top] == ["Acme", "Orbit", "Kigi"]  # not a second "Acme", not a common word
    chatter = t("Chatter", 6, 4)
    top, _ = select([chatter, t("Orbit", 5, 3)], [], talk={id(chatter)})
    assert top[0].subject == "Orbit"  # a nameless text cluster ranks below a named story of its size


def test_a_chinese_maker_before_two_verbs_is_the_subject():
    text = "北极星智能今天正式发布并开源 Polaris-K2.5：原生多模态，1T 总参数、32B 激活"
    d = develop(text, name_spans(text, known_names()))
    assert d is not None and d.kind == "open-source"
    assert (d.subject, d.object) == ("北极星智能", "Polaris-K2.5")


def test_a_new_named_two_tweet_story_replaces_a_weaker_nameless_cluster():
    from tweetbrief.analysis.story_rank import select

    def t(subject, size, authors, engagement, status="steady"):
        return Trend(label=subject, keywords=[], tweet_ids=[subject + str(k) for k in range(size)], size=size,
                     authors=authors, engagement=engagement, first_seen=BASE, subject=subject,
                     change=Change(status=status, previous=0 if status == "new" else size, current=size))

    built = [t(f"Brand{k}", 8, 5, 500) for k in range(9)]
    chatter = t("Chatter", 3, 2, 1)
    fresh = t("Jensen Huang", 2, 2, 400, "new")
    top, rest = select(built + [chatter], [fresh], talk={id(chatter)})
    assert fresh in top and chatter in rest and len(top) == 10
    stale = t("Old News", 2, 2, 400)  # not new: a full week keeps its stories
    top, _ = select(built + [chatter], [stale], talk={id(chatter)})
    assert stale not in top and chatter in top


def test_a_new_word_five_authors_write_is_a_story_a_word_of_last_week_is_not():
    from tweetbrief.analysis.talk_terms import new_terms

    toks = [["design", "loops", "agents"], ["loops", "prompt"], ["nested", "loops"], ["loops", "goal"],
            ["verification", "loops"], ["companies", "hire"], ["companies", "build"], ["companies", "ship"],
            ["companies", "grow"], ["companies", "sell"], ["同步", "设置"], ["同步", "文件"], ["同步", "云端"],
            ["同步", "手机"], ["同步", "电脑"]]
    who = ["a", "b", "c", "d", "e", "a", "b", "c", "d", "e", "a", "b", "c", "d", "e"]
    found = new_terms(toks, who, ["big companies move slowly"], skip=set())
    assert found == [("loops", [0, 1, 2, 3, 4])]  # companies: written last week; 同步: a common word
    assert new_terms(toks, ["a"] * 5 + who[5:], [], skip=set())[0][0] != "loops"  # one author is no talk
    assert new_terms(toks, who, ["stack loops well"], skip=set()) == [("companies", [5, 6, 7, 8, 9])]
    assert new_terms(toks[:5], who[:5], ["the loopset"], skip={"loops"}) == []  # already a story or a name


def test_new_talk_becomes_a_discussion_story_with_the_previous_period():
    heads = ["You should be designing loops for agents", "Anyone writing nested loops with agents",
             "Self-verification loops matter for agents", "Stack loops as well as possible with agents",
             "Even with all the loops agents still need review", "Designing loops beats prompting agents"]
    tweets = [tw(k, f"{h} AI {EN[k]} {EN[k + 1]}", a, "en")
              for k, (h, a) in enumerate(zip(heads, ["ann", "bob", "cyd", "dai", "eve", "fan"]))]
    tweets += varied("Acme Forge writes code:", EN, 6, 4, "en", ["gus", "hal", "ivy"], 20)
    before = [Tweet(id=str(8000 + k), text=f"Acme Forge writes code {EN[k]} AI", author_id="gus",
                    author_handle="gus", lang="en", created_at=BASE - timedelta(days=7, hours=-k), like_count=3)
              for k in range(4)]
    a = analyse(tweets + before, TOPIC, PERIOD, previous=before)
    loops = [t for t in a.trends if t.subject == "loops"]
    assert loops and loops[0].authors == 6 and loops[0].development == ""
    assert loops[0].change is not None and loops[0].change.status == "new"
    assert analyse(tweets, TOPIC, PERIOD).trends and not [t for t in analyse(tweets, TOPIC, PERIOD).trends
                                                          if t.subject == "loops"]  # no previous period: no claim


def test_a_name_is_shown_capitalised_when_two_tweets_capitalise_it():
    from collections import Counter

    from tweetbrief.analysis.names import display_form

    assert display_form(Counter({"codex": 9, "Codex": 2})) == "Codex"  # Chinese texts write it lower case
    assert display_form(Counter({"codex": 9, "Codex": 1})) == "codex"  # one capitalised use is not the spelling
    assert display_form(Counter({"claude-tap": 5})) == "claude-tap"  # a lower-case product stays as written


def test_a_release_without_a_named_object_says_what_shipped():
    from tweetbrief.analysis.developments import shipped_phrase

    texts = ["New in Claude Code: auto mode. Claude decides which tool calls are safe",
             "Auto mode is a step change for Claude Code", "Claude Code now has auto mode",
             "Claude Code update: faster startup"]
    assert shipped_phrase(texts, ["claudeai", "catwu", "bcherny", "x"], "Claude Code") == "auto mode"
    assert shipped_phrase(texts, ["claudeai"] * 4, "Claude Code") == ""  # one account is no shared phrase
    assert shipped_phrase(["the new update is out", "the new update is here"], ["a", "b"], "Acme") == ""  # stopwords


def test_a_discussions_second_name_is_written_by_two_authors():
    texts = ["Gemini answers long questions about AI docs well", "Trying Gemini for AI coding: latency is low",
             "Gemini keeps more context than I expected from an AI", "My AI demo today ran on Gemini in a browser",
             "Gemini writes unit tests for agents now, AI everywhere", "Is Gemini the quiet AI winner of pricing?"]

    def run(zorbex_authors: list[str]) -> Trend:
        tweets = [tw(k, text, who, "en") for k, (text, who) in enumerate(zip(texts, ["ann", "bob", "cyd"] * 2))]
        for k, who in enumerate(zorbex_authors):
            tweets[2 + k].text += " next to the Zorbex panel"
            tweets[2 + k].author_id = tweets[2 + k].author_handle = who
        return next(t for t in analyse(tweets, TOPIC, PERIOD).trends if t.subject.startswith("Gemini"))

    assert run(["dai", "eve", "fan"]).object == "Zorbex"  # several accounts write it: a second name
    assert run(["dai", "dai", "dai"]).object == ""  # one account's word is not what the story is about


@pytest.mark.parametrize("text", [
    "安全研究员披露：公网上约 900 个 Hermitbot 实例没开认证，聊天记录一览无余",
    "Hermitbot: thousands of exposed instances on the open internet, no authentication at all",
])
def test_an_instance_exposed_without_authentication_is_a_security_incident(text):
    d = develop(text, name_spans(text, known_names()))
    assert d is not None and d.kind == "security" and d.subject == "Hermitbot"

"""The default ``stories`` trends stage: tweets grouped by named subject and development."""

from __future__ import annotations

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

"""Topic- and language-neutral text (issue 9): 4.1 named from the topic title, a footer true for the
data, ``--lang en`` English throughout with correct plurals, full-width punctuation as written,
weak signals flagged in 4.1."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from helpers import hostile_analysis, tweet
from tweetbrief.analysis.model import Change, Event, Sentiment, Trend
from tweetbrief.models import Tweet
from tweetbrief.render.markdown import render_post
from tweetbrief.writers import get_writer

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _post(analysis, language="zh") -> str:
    report = get_writer("offline").write(analysis, {"language": language,
                                                    "now": datetime(2026, 1, 27, 14, tzinfo=UTC)})
    report.images["wordcloud"] = "w.jpg"
    return render_post(report)


def _english():
    a = hostile_analysis()
    a.trends[0].label, a.trends[0].subject, a.trends[0].entities = "Agent framework", "Agent framework", ["Agent"]
    a.trends[1].label, a.trends[1].subject, a.trends[1].entities = "GPU rental prices", "GPU rental", []
    a.trends[1].folded = 1
    a.trends[1].sentiment = Sentiment(negative=1, score=-0.4, label="悲观", method="test")
    a.sentiment = Sentiment(positive=1, negative=1, neutral=1, label="兴奋+警觉",
                            method="VADER (en) + tweetbrief 中文情感词典")
    a.word_freqs = {"agent": 3.0}
    return a


def test_section_4_1_is_named_from_the_topic_title():
    a = hostile_analysis()
    assert "#### 4.1 AI 相关内容" in _post(a)
    a.topic_name, a.topic_title = "crypto", "Crypto"
    zh, en = _post(a), _post(a, "en")
    assert "#### 4.1 Crypto 相关内容" in zh and "AI 相关内容" not in zh
    assert "#### 4.1 Crypto" in en and "4.1 AI" not in en


def test_english_report_has_no_chinese_in_generated_text():
    post = _post(_english(), "en")
    body = post.split("---\n", 2)[2]
    assert not CJK.findall(body), sorted(set(CJK.findall(body)))
    assert "plus 1 retweet or duplicate merged" in post and "1 retweets" not in post
    assert "1 tweet from 1 author" in post and "1 tweets" not in post and "1 authors" not in post


def test_footer_does_not_claim_links_that_rows_without_ids_lack():
    a = hostile_analysis()
    assert "每条结论均附原推文链接" in _post(a)
    row = Tweet(id="csv-row-7", text="Agent pricing changes again", created_at=a.tweets["1001"].created_at,
                author_handle="erin", author_id="erin")
    a.tweets[row.id] = row
    a.trends[0].tweet_ids = [row.id, *a.trends[0].tweet_ids]
    zh, en = _post(a), _post(a, "en")
    assert "每条结论均附原推文链接" not in zh and "没有链接的推文除外" in zh
    assert "every item links its source tweets" not in en and "where the data has links" in en


def test_events_keep_full_width_punctuation_as_written():
    a = hostile_analysis()
    text = "Unity 发布原生 CLI 终端工具，打通 AI 智能体和引擎的通道；是不是方便一人公司？"
    t = tweet(8, text, "dev")
    a.tweets[t.id] = t
    a.events = [Event(when=t.created_at, kind="launch", summary=unicodedata.normalize("NFKC", text), tweet_ids=[t.id])]
    assert "," in a.events[0].summary  # the analysis text is NFKC-normalised
    report = get_writer("offline").write(a, {})
    assert report.events[0].event == text


def test_weak_signals_are_flagged_in_4_1_with_counts_and_a_cite():
    a = hostile_analysis()
    t = tweet(6, "Kinetix Robotics raises a $350M Series C", "vc_news")
    a.tweets[t.id] = t
    weak = Trend(label="Kinetix Robotics", keywords=["kinetix"], tweet_ids=[t.id], size=3, authors=3, engagement=10,
                 first_seen=t.created_at, subject="Kinetix Robotics", development="funding", object="$350M Series C",
                 change=Change("rising", 1, 3), weak_signal=True)
    a.weak_signals = [weak]
    report = get_writer("offline").write(a, {})
    bullet = next(b for b in report.ai_analysis if b.title.startswith("弱信号"))
    assert all(part in bullet.text for part in ("由上期 1 条增至 3 条", "3 条推文、3 位作者", "Kinetix Robotics"))
    assert bullet.cites == [t.id]
    en = get_writer("offline").write(a, {"language": "en"})
    bullet = next(b for b in en.ai_analysis if b.title.startswith("Weak signals"))
    assert "up from 1 to 3" in bullet.text and "3 tweets from 3 authors" in bullet.text

"""Retweets and quotes are credited to the original author; engagement counts once (issue 9)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from helpers import hostile_analysis, tweet
from tweetbrief.analysis import analyse
from tweetbrief.analysis.model import Period
from tweetbrief.config import Topic
from tweetbrief.models import Tweet
from tweetbrief.render.markdown import render_post
from tweetbrief.writers import get_writer
from tweetbrief.writers.sentences import original_author

PERIOD = Period(date(2026, 1, 27), date(2026, 1, 27), "UTC")
TOPIC = Topic(name="ai", keywords=["AI", "agent", "Claude"], timezone="UTC")
BASE = datetime(2026, 1, 27, 3, tzinfo=UTC)


def tw(i: int, text: str, handle: str, minutes: int = 0, **kw) -> Tweet:
    return Tweet(id=str(2000 + i), text=text, created_at=BASE + timedelta(minutes=minutes), author_id=handle,
                 author_handle=handle, **kw)


def test_original_author_of_a_text_retweet():
    assert original_author(tw(1, "RT @orig_lab: Claude agents are here", "fan")) == "orig_lab"
    assert original_author(tw(2, "Claude agents are here", "orig_lab")) == "orig_lab"
    assert original_author(tw(3, "I like what @orig_lab said about AI", "fan")) == "fan"  # a mention is not a retweet


def test_retweet_without_its_original_is_shown_and_cited_as_the_originals_words():
    a = hostile_analysis()
    rt = tweet(9, "RT @orig_lab: Claude agents now run for hours without supervision", "retweeter", like_count=0,
               retweet_count=900)
    a.tweets[rt.id] = rt
    a.trends[0].tweet_ids = [rt.id, *a.trends[0].tweet_ids]
    a.ranked = [rt.id, *a.ranked]
    report = get_writer("offline").write(a, {})
    assert report.viewpoints[0].summary.startswith("@orig_lab：“Claude agents now run")
    assert report.sources[rt.id].author == "orig_lab"  # the link's label
    assert report.sources[rt.id].url.endswith(f"/status/{rt.id}")  # still the stored tweet's link
    report.images["wordcloud"] = "w.jpg"
    post = render_post(report)
    assert "@retweeter" not in post and "[@orig\\_lab](https://x.com/retweeter/status/1009)" in post


def test_text_retweets_fold_into_the_original_and_count_once():
    original = tw(1, "Claude agents now run for hours without supervision, a big AI step", "orig_lab",
                  like_count=100, retweet_count=40, reply_count=5)
    # X's v1 text retweets: no ids, the original's retweet_count mirrored, cut off with "…"
    rts = [tw(2 + k, "RT @orig_lab: Claude agents now run for hours without supervi…", f"fan{k}", minutes=5 + k,
              retweet_count=40, like_count=0) for k in range(3)]
    a = analyse([original, *rts], TOPIC, PERIOD)
    assert list(a.tweets) == [original.id]
    assert a.stats.retweets == 3 and a.copies[original.id] == 4
    assert a.engagement[original.id] == 145  # the original's own counts; the mirrored 40s are not added again


def test_text_retweets_of_an_absent_original_fold_together_and_keep_one_mirrored_count():
    rts = [tw(k, "RT @orig_lab: Claude agents now run for hours without supervision…", f"fan{k}", minutes=k,
              retweet_count=900, like_count=0) for k in range(3)]
    a = analyse(rts, TOPIC, PERIOD)
    (rep,) = a.tweets
    assert a.stats.retweets == 2
    assert a.engagement[rep] == 900  # the mirrored count once: it already counts these retweets
    report = get_writer("offline").write(a, {})
    assert report.sources[rep].author == "orig_lab"


def test_a_retweet_of_an_analysed_original_links_the_original_once():
    """Label and target name the same post; a retweet of a post outside the period keeps its own link
    (test above), so every link stays a tweet of the period."""
    a = hostile_analysis()
    orig = tweet(10, "Claude agents now run for hours without supervision", "orig_lab", like_count=50)
    rt = Tweet(id="3011", text="RT @orig_lab: Claude agents now run for hours…", created_at=orig.created_at,
               author_id="fan", author_handle="fan", is_retweet=True, retweeted_id=orig.id)
    a.tweets[orig.id] = orig
    a.tweets[rt.id] = rt
    a.trends[0].tweet_ids = [orig.id, rt.id, *a.trends[0].tweet_ids]
    a.ranked = [orig.id, rt.id, *a.ranked]
    report = get_writer("offline").write(a, {})
    report.images["wordcloud"] = "w.jpg"
    post = render_post(report)
    link = f"https://x.com/orig_lab/status/{orig.id}"
    assert link in post
    assert "x.com/fan/status/3011" not in post  # the retweet never shows under the original's name
    for line in post.splitlines():
        assert line.count(f"]({link})") <= 1, line

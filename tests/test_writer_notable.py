"""其他值得关注: big posts outside the stories, in the summary, each cited; and the sentence helpers."""

from __future__ import annotations

from helpers import hostile_analysis, tweet
from tweetbrief.render.markdown import render_post
from tweetbrief.writers import get_writer
from tweetbrief.writers.sentences import compress, gist


LITELLM = ("Software horror: litellm PyPI supply chain attack. Simple pip install litellm was enough to "
           "exfiltrate SSH keys, AWS credentials and crypto wallets from the machine.")


def _render(report) -> str:
    report.images["wordcloud"] = "w.jpg"
    return render_post(report)


def _with_posts(*posts):
    """hostile_analysis (two stories, 1001..1003) plus quiet filler tweets and the given posts."""
    a = hostile_analysis()
    a.has_metrics = True
    for k in range(4):  # the period's typical tweet: engagement 2
        t = tweet(20 + k, f"Routine note number {k} about Agents today", f"filler{k}", like_count=2)
        a.tweets[t.id] = t
    for t in posts:
        a.tweets[t.id] = t
    a.ranked = list(a.tweets)
    return a


def test_a_post_far_above_the_median_is_listed_with_its_citation():
    big = tweet(40, LITELLM, "karpathy",
                like_count=900)
    report = get_writer("offline").write(_with_posts(big), {})
    assert [f.cites for f in report.notable] == [[big.id]]
    assert report.notable[0].text.startswith("@karpathy：Software horror: litellm PyPI supply chain attack.")
    post = _render(report)
    summary = post[post.index("一、简明概要"):post.index("二、核心信息")]
    assert "其他值得关注" in summary and "litellm PyPI" in summary
    assert big.id in report.sources


def test_ordinary_story_posts_and_content_free_posts_are_not_listed():
    small = tweet(41, "A modest update on our Vercel AI Gateway numbers this week", "rauchg", like_count=6)
    empty = tweet(42, "lol", "someone", like_count=5000)  # loud, says nothing
    nameless = tweet(43, "offices with doors are better than open plan offices for deep work", "amanda",
                     like_count=5000)  # names nothing
    in_story = hostile_analysis().tweets["1001"]
    a = _with_posts(small, empty, nameless)
    a.engagement[in_story.id] = 10_000  # already a story's tweet: shown there
    report = get_writer("offline").write(a, {})
    assert report.notable == []
    assert "其他值得关注" not in _render(report)


def test_a_post_about_a_shown_story_is_not_repeated_and_two_per_account():
    a = _with_posts(*[tweet(50 + k, f"Claude Fable {k} is a step change for Agents, says Anthropic", "karpathy",
                            like_count=800 + k) for k in range(3)])
    a.trends[0].subject = "Claude Fable"
    notable = get_writer("offline").write(a, {}).notable
    assert not any(f.text.startswith("@karpathy") for f in notable)  # they name the first story's subject
    a.trends[0].subject = "Agent 框架"
    notable = get_writer("offline").write(a, {}).notable
    assert sum(f.text.startswith("@karpathy") for f in notable) == 2  # at most two per account


def test_no_metrics_no_notable_posts():
    a = _with_posts(tweet(40, LITELLM, "karpathy", like_count=900))
    a.has_metrics = False
    assert get_writer("offline").write(a, {}).notable == []


def test_english_heading():
    a = _with_posts(tweet(40, LITELLM, "karpathy", like_count=900))
    post = _render(get_writer("offline").write(a, {"language": "en"}))
    assert "Also notable" in post and "@karpathy: Software horror" in post


def test_gist_keeps_a_short_posts_second_sentence_when_it_fits():
    text = "Here's your monthly reminder that you shouldn't be prompting coding agents anymore.\n\n" \
           "You should be designing loops that prompt your agents."
    assert gist(text).endswith("designing loops that prompt your agents.")
    long = "Jevons paradox is happening in real time. " + "Every company now builds far more software " * 4
    assert gist(long) == compress(long) == "Jevons paradox is happening in real time."


def test_a_decimal_figure_is_not_a_numbered_bullet():
    assert compress("蜜雪冰城。\n\n94.3%的收入，来自向加盟商销售食材和包装。").startswith("94.3%")
    assert compress("1. First point here is long enough\n2. second") == "First point here is long enough."


def test_a_story_member_that_does_not_name_the_story_may_still_be_notable():
    """A tweet joined to a story by wording alone is not shown as that story (its quotes name the
    subject), so a highly engaged one is not lost: it may be listed as notable on its own."""
    a = _with_posts()
    member = tweet(60, LITELLM, "karpathy", like_count=900)
    a.tweets[member.id] = member
    a.trends[0].tweet_ids.append(member.id)
    a.trends[0].subject = "Agent 框架"  # the member never names it
    assert any(f.cites == [member.id] for f in get_writer("offline").write(a, {}).notable)
    a.trends[0].subject = "LiteLLM"  # now it does: it is the story's, not listed again
    assert not any(f.cites == [member.id] for f in get_writer("offline").write(a, {}).notable)

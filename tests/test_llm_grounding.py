"""Grounding checks after generation: hallucinated / foreign tweet ids, dates outside the period,
numbers that match no computed statistic. Failing items are dropped (or their section replaced
from the offline writer) and the run summary counts them."""

from __future__ import annotations

from datetime import date

from fakellm import make_analysis, request_data, smart

from tweetbrief.writers.llm.grounding import Grounder, dates_in
from tweetbrief.writers.llm.openai_writer import OpenAIWriter
from tweetbrief.writers.report import EventItem, Fact, TrendItem

FAKE_ID = "1234567890123456789"


def run(fake, a, *queue, **opts):
    fake.queue += list(queue)
    return OpenAIWriter().write(a, fake.options(quiet=True, **opts))


def reasons(report) -> list[str]:
    return [f"{d['section']}: {d['reason']}" for d in report.stats["llm"]["dropped_items"]]


def test_hallucinated_id_in_map_output_never_reaches_reduce(fake_llm):
    a = make_analysis(clusters=2)

    def bad(answer, data):
        answer["facts"][3] = {"text": "编造的事实", "cites": [FAKE_ID]}
        answer["viewpoint"]["cites"] = [FAKE_ID]

    report = run(fake_llm, a, smart(bad))
    notes = request_data(fake_llm.requests[-1])["clusters"][0]["notes"]
    assert "viewpoint" not in notes and all(FAKE_ID not in f["cites"] for f in notes["facts"])
    assert len(notes["facts"]) == 3  # the honest facts survive
    assert report.stats["llm"]["dropped"] == 2
    assert any(f"unknown tweet id {FAKE_ID}" in r for r in reasons(report))
    assert FAKE_ID not in report.cited_ids()


def test_map_cites_must_stay_in_their_cluster(fake_llm):
    a = make_analysis(clusters=2)
    other = a.trends[1].tweet_ids[0]

    def foreign(answer, data):
        answer["facts"] = [{"text": "借用别的聚类的推文", "cites": [other]}]

    report = run(fake_llm, a, smart(foreign))
    assert any("was not in the data for this section" in r for r in reasons(report))


def test_hallucinated_ids_in_reduce_are_dropped_and_sources_cover_the_rest(fake_llm):
    a = make_analysis(clusters=3)

    def bad(answer, data):
        answer["trends"][0]["cites"] = [FAKE_ID]
        answer["core_facts"][1]["cites"].append(FAKE_ID)

    honest = run(fake_llm, a)
    report = run(fake_llm, a, smart(bad, task="reduce"))
    assert report.stats["llm"]["dropped"] == 2
    assert FAKE_ID not in report.cited_ids() and set(report.sources) == report.cited_ids()
    # each failed item is replaced by an offline one: the sections stay as full as the honest run's
    assert len(report.trends) == len(honest.trends) and len(report.core_facts) == len(honest.core_facts)
    assert report.trends[:-1] == honest.trends[1:] and report.trends[-1] not in honest.trends
    assert report.stats["llm"]["fallbacks"].count("trends: an item replaced from the offline writer") == 1


def test_reduce_may_only_cite_tweets_it_was_shown(fake_llm):
    a = make_analysis(clusters=1, per_cluster=6)
    unseen = a.trends[0].tweet_ids[-1]  # a real tweet of the cluster, never cited in the notes

    def bad(answer, data):
        answer["core_facts"] = [{"text": "未展示给模型的推文", "cites": [unseen]}]

    report = run(fake_llm, a, smart(bad, task="reduce"))
    assert any("was not in the data" in r for r in reasons(report))
    assert any(f.startswith("core_facts") for f in report.stats["llm"]["fallbacks"])  # section from offline
    assert report.core_facts  # ... so it is not empty


def test_trend_synthesising_two_clusters_is_kept(fake_llm):
    a = make_analysis(clusters=2)

    def mix(answer, data):
        clusters = data["clusters"]
        answer["trends"][0]["cites"] = [clusters[0]["notes"]["cites"][0], clusters[1]["notes"]["cites"][0]]

    report = run(fake_llm, a, smart(mix, task="reduce"))
    assert report.stats["llm"]["dropped"] == 0
    assert {a.trends[0].tweet_ids[0], a.trends[1].tweet_ids[0]} <= set(report.trends[0].cites)


def test_event_dates_outside_the_period_are_dropped(fake_llm):
    a = make_analysis(clusters=2)

    def early(answer, data):
        answer["events"][0]["date"] = "2026-01-23"

    report = run(fake_llm, a, smart(early, task="reduce"))
    assert any("event date 2026-01-23 outside 2026-01-27..2026-01-27" in r for r in reasons(report))
    assert all(e.date == date(2026, 1, 27) for e in report.events)


def test_out_of_range_map_event_and_date_in_text(fake_llm):
    a = make_analysis(clusters=1)

    def bad(answer, data):
        answer["events"][0]["date"] = "2026-02-15"
        answer["facts"][0]["text"] = "该产品已于 2025年12月1日 发布"

    report = run(fake_llm, a, smart(bad, task="map"))
    found = reasons(report)
    assert any("event date 2026-02-15" in r for r in found)
    assert any("date 2025-12-01 outside" in r for r in found)


def test_numbers_must_match_statistics(fake_llm):
    a = make_analysis(clusters=2, per_cluster=4)  # 8 relevant tweets

    def wrong(answer, data):
        answer["overview"] = "本期共 12345 条推文，正面情绪占 87%。"

    report = run(fake_llm, a, smart(wrong, task="reduce"))
    assert any(r.startswith("overview: 12345 条推文 matches no computed count") for r in reasons(report))
    assert "12345" not in report.overview  # replaced by the offline overview
    assert any(f.startswith("overview") for f in report.stats["llm"]["fallbacks"])


def test_correct_numbers_pass(fake_llm):
    a = make_analysis(clusters=2, per_cluster=4)

    def right(answer, data):
        answer["overview"] = (f"本期 {a.stats.relevant} 条相关推文来自 {a.stats.authors} 位作者，"
                              "正面情绪约 50%，3 条建议见文末。")

    report = run(fake_llm, a, smart(right, task="reduce"))
    assert report.overview.startswith("本期 8 条相关推文") and report.stats["llm"]["dropped"] == 0


# -- the checks on their own ------------------------------------------------------------------
def test_grounder_unit():
    a = make_analysis(clusters=2, per_cluster=4, extra={1: "报告称 AI 将取代 50% 入门级岗位，发布会定于 2026-02-10"})
    g = Grounder(a)
    t1 = a.trends[0].tweet_ids[0]
    # a percentage quoted by the cited tweet is fine, an invented one is not
    assert g.check_item("core_facts", Fact(text="有人预测 50% 入门岗位将被取代", cites=[t1]), None) is None
    assert "matches no computed share" in g.check_item("core_facts", Fact(text="有人预测 73% 岗位", cites=[t1]), None)
    # a future date is fine when the cited tweet says it
    assert g.check_item("core_facts", Fact(text="发布会在 2026-02-10", cites=[t1]), None) is None
    # shares computed from the statistics, within a point
    assert g.check_text("正面 49.6%", []) is None
    # required cites
    assert g.check_item("trends", TrendItem(headline="x", detail="y", cites=[]), None) == "no citation"
    assert g.check_item("conclusions", Fact(text="建议", cites=[]), None) is None
    ev = EventItem(date=date(2026, 1, 26), event="e", impact="i", cites=[t1])
    assert "outside" in g.check_item("events", ev, None)
    found = dates_in("2026年1月27日 与 2026-01-28、2026/2/3")
    assert [str(d) for d in found] == ["2026-01-27", "2026-01-28", "2026-02-03"]

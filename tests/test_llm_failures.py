"""What goes wrong with real endpoints, scripted on the loopback fake: invalid JSON, truncated
output, schema violations (one repair, then offline fallback for that part only), 429 with
Retry-After, 5xx, timeouts (retried with backoff), and one-line errors for 401 / 404 / no server."""

from __future__ import annotations

import socket
import time

import pytest
from fakellm import Reply, honest_headline, make_analysis, request_data, smart

from tweetbrief.errors import TweetbriefError, WriterError
from tweetbrief.writers.llm.openai_writer import OpenAIWriter


def write(fake, clusters=2, **opts):
    return OpenAIWriter().write(make_analysis(clusters=clusters), fake.options(quiet=True, **opts))


def test_invalid_json_is_repaired_once(fake_llm):
    fake_llm.queue += [Reply(content="Sure! Here is the summary: {oops")]
    report = write(fake_llm)
    llm = report.stats["llm"]
    assert llm["repairs"] == 1 and llm["fallbacks"] == [] and llm["calls"] == 4  # 2 map + repair + reduce
    repair = fake_llm.requests[1]["messages"]
    assert repair[-2] == {"role": "assistant", "content": "Sure! Here is the summary: {oops"}
    assert "not valid JSON" in repair[-1]["content"]
    assert report.trends[0].headline.endswith("引发讨论")  # the repaired answer was used


def test_json_in_prose_or_fence_is_accepted_without_repair(fake_llm):
    def fenced(req, data):
        import json

        from fakellm import smart_answer
        return Reply(content="好的：\n```json\n" + json.dumps(smart_answer(data), ensure_ascii=False) + "\n```")

    fake_llm.queue += [fenced]
    assert write(fake_llm).stats["llm"]["repairs"] == 0


def test_map_failing_twice_falls_back_for_that_cluster_only(fake_llm):
    fake_llm.queue += [Reply(content="not json"), Reply(content="still not json")]
    a = make_analysis(clusters=2)
    report = OpenAIWriter().write(a, fake_llm.options(quiet=True))
    llm = report.stats["llm"]
    assert llm["repairs"] == 1
    assert len(llm["fallbacks"]) == 1 and llm["fallbacks"][0].startswith("cluster 1 (")
    # cluster 1's notes were built from its data (label as headline); cluster 2 kept the model's words
    reduce = request_data(fake_llm.requests[-1])
    assert reduce["clusters"][0]["notes"]["headline"] == a.trends[0].label
    assert reduce["clusters"][1]["notes"]["headline"] == honest_headline(a.trends[1])
    assert report.writer == "openai"


def test_reduce_failing_twice_falls_back_to_offline_sections(fake_llm, capsys):
    from tweetbrief.writers.offline import OfflineWriter

    a = make_analysis(clusters=2)
    opts = fake_llm.options()
    fake_llm.queue += [smart(), smart(), Reply(content="{}"), Reply(content="[]")]
    report = OpenAIWriter().write(a, opts)
    offline = OfflineWriter().write(a, opts)
    assert report.writer == "openai"
    assert report.overview == offline.overview and report.trends == offline.trends
    llm = report.stats["llm"]
    assert any(f.startswith("report (all sections)") for f in llm["fallbacks"])
    assert "does not match the schema" in llm["fallbacks"][0]
    assert "[offline: report (all sections)" in capsys.readouterr().err


def test_truncated_output_gets_a_repair_with_more_room(fake_llm):
    fake_llm.queue += [Reply(content='{"headline": "半截', finish_reason="length")]
    report = write(fake_llm, map_max_tokens=500)
    assert report.stats["llm"]["repairs"] == 1 and report.stats["llm"]["fallbacks"] == []
    assert fake_llm.requests[0]["max_tokens"] == 500 and fake_llm.requests[1]["max_tokens"] == 750
    assert "finish_reason=length" in fake_llm.requests[1]["messages"][-1]["content"]


def test_truncated_twice_falls_back(fake_llm):
    cut = Reply(content='{"headline": "半截', finish_reason="length")
    fake_llm.queue += [cut, cut]
    report = write(fake_llm)
    assert "finish_reason=length" in report.stats["llm"]["fallbacks"][0]


def test_schema_violation_overlong_text_is_clamped_not_failed(fake_llm):
    def long(answer, data):
        answer["headline"] = "长" * 500
    fake_llm.queue += [smart(long)]
    report = write(fake_llm)
    assert report.stats["llm"]["repairs"] == 0
    assert len(request_data(fake_llm.requests[-1])["clusters"][0]["notes"]["headline"]) == 120


def test_429_honours_retry_after(fake_llm):
    fake_llm.queue += [Reply(status=429, headers={"Retry-After": "1"}, error="Rate limit reached")]
    t0 = time.monotonic()
    report = write(fake_llm, clusters=1)
    assert report.stats["llm"]["retries"] == 1
    assert fake_llm.times[1] - fake_llm.times[0] >= 0.9  # waited the server's 1 s, not the 0.01 s backoff
    assert time.monotonic() - t0 < 5


def test_retry_after_ms_and_5xx_backoff_are_fast_in_tests(fake_llm):
    fake_llm.queue += [Reply(status=503, headers={"retry-after-ms": "20"}), Reply(status=500), Reply(status=502)]
    t0 = time.monotonic()
    report = write(fake_llm, clusters=1)
    assert report.stats["llm"]["retries"] == 3 and report.stats["llm"]["fallbacks"] == []
    assert time.monotonic() - t0 < 3


def test_timeout_is_retried(fake_llm):
    fake_llm.queue += [Reply(delay=1.5)]
    report = write(fake_llm, clusters=1, timeout=0.3)
    assert report.stats["llm"]["retries"] == 1
    assert report.trends[0].headline.endswith("引发讨论")


def test_endpoint_down_publishes_the_offline_report_and_says_so(fake_llm, capsys):
    from tweetbrief.writers.offline import OfflineWriter

    fake_llm.queue += [Reply(status=500, error="json_schema not supported")] * 3
    a = make_analysis(clusters=1)
    report = OpenAIWriter().write(a, fake_llm.options(max_retries=2))
    offline = OfflineWriter().write(a, fake_llm.options())
    assert report.overview == offline.overview and report.trends == offline.trends
    llm = report.stats["llm"]
    assert "server error 500" in llm["endpoint_down"] and "after 3 attempts" in llm["endpoint_down"]
    assert llm["fallbacks"] == ["report (all sections): endpoint down"]
    err = capsys.readouterr().err
    assert "endpoint stayed down; published the offline report instead" in err
    assert "llama.cpp" not in err  # the stale json_schema hint is gone


def test_endpoint_down_with_strict_is_exit_4_and_one_line(fake_llm):
    from tweetbrief.writers.base import StrictWriterError

    fake_llm.queue += [Reply(status=500, error="overloaded")] * 3
    with pytest.raises(StrictWriterError) as err:
        write(fake_llm, clusters=1, max_retries=2, strict=True)
    msg = str(err.value)
    assert "server error 500" in msg and "after 3 attempts" in msg and "nothing published" in msg
    assert "\n" not in msg and err.value.exit_code == 4


def test_400_on_json_schema_downgrades_to_json_object(fake_llm):
    fake_llm.queue += [Reply(status=400, error="response_format json_schema is not supported by this model")]
    report = write(fake_llm, clusters=1)
    assert fake_llm.requests[1]["response_format"] == {"type": "json_object"}
    assert any("json_object" in n for n in report.stats["llm"]["notes"])


def test_bad_key_401(fake_llm, monkeypatch):
    fake_llm.api_key = "sk-right"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")
    with pytest.raises(WriterError, match=r"API key rejected \(401\).*\$OPENAI_API_KEY"):
        write(fake_llm)


def test_wrong_model_404_lists_available_models(fake_llm):
    fake_llm.models = ["qwen2.5-7b-instruct", "fake-model"]
    with pytest.raises(WriterError) as err:
        write(fake_llm, model="gpt-9")
    msg = str(err.value)
    assert "'gpt-9' not found (404)" in msg and "available: qwen2.5-7b-instruct, fake-model" in msg
    assert isinstance(err.value, TweetbriefError)


def test_unreachable_base_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    t0 = time.monotonic()
    with pytest.raises(WriterError, match=rf"cannot reach {url} \(after 3 attempts\)"):
        OpenAIWriter().write(make_analysis(clusters=1), {"base_url": url, "model": "m", "backoff_base": 0.01,
                                                          "max_retries": 2, "quiet": True, "strict": "true"})
    assert time.monotonic() - t0 < 5

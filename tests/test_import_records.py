"""One bad record is one counted skip, never a lost file (issue 11): numbers too large for
SQLite, containers where scalars belong, ids as floats or booleans, impossible dates, odd
metrics, invalid UTF-8, unclosed CSV quotes, damaged gzip, a directory, and handles or display
names that could carry markup. Each case asserts how many tweets were stored and skipped, that
the neighbours are in the store, and that the CLI printed one line per problem (no traceback).

All data here is synthetic (no real tweets)."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import import_file as run
from tweetbrief.cli import app
from tweetbrief.models import snowflake_time
from tweetbrief.store import Store

BASE = 2_021_082_950_661_046_428  # a 2026 snowflake
HUGE = 99999999999999999999  # > 2**63 - 1
INJECTION = "a\n\n[Click here][e]\n\n[e]:javascript:alert(1)"


def sid(i: int) -> str:
    return str(BASE + (i << 22))  # one millisecond apart


def v2_tweet(i: int, **extra) -> dict:
    return {"id": sid(i), "text": f"post {i} about $btc", "author_id": "7",
            "created_at": "2026-01-27T12:00:00.000Z", **extra}


def v2_page(*tweets: dict, users: list | None = None) -> dict:
    return {"data": list(tweets), "includes": {"users": users or [{"id": "7", "username": "alice", "name": "Alice"}]}}


def jsonl(*records) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


def status(i: int, **extra) -> dict:
    return {"id_str": sid(i), "full_text": f"status {i}", "created_at": "Tue Jan 27 12:00:00 +0000 2026",
            "favorite_count": "3", "retweet_count": "1", **extra}


def archive(statuses: list[dict]) -> bytes:
    return b"window.YTD.tweets.part0 = " + json.dumps([{"tweet": s} for s in statuses], indent=2).encode()


def scraped(i: int, **extra) -> dict:
    return {"id": BASE + (i << 22), "id_str": sid(i), "date": "2026-01-27 12:00:00+00:00", "rawContent": f"scraped {i}",
            "user": {"username": "bob", "displayname": "Bob", "id": 9}, "likeCount": 2, **extra}




def stored(tmp_path: Path) -> dict:
    with Store.open(tmp_path / "t.sqlite") as store:
        return {t.id: t for t in store.iter_all()}


def counts(summary: dict) -> tuple[int, int]:
    return summary["new"], summary["skipped"]


# -- numbers too large for SQLite -----------------------------------------------------------
def test_huge_count_in_csv_is_one_skip_and_the_other_19_rows_are_kept(tmp_path):
    rows = "".join(f"{sid(i)},carol,row {i},Tue Jan 27 12:00:00 +0000 2026,1,{HUGE if i == 5 else i}\n"
                   for i in range(20))
    result, summary = run(tmp_path, "rows.csv", f"id,Username,Text,Created At,Retweets,Likes\n{rows}".encode())
    assert result.exit_code == 0 and counts(summary) == (19, 1)
    assert summary["skip_reasons"][0].endswith(f"rows.csv:7: tweet {sid(5)}: like_count is {HUGE}, "
                                               "larger than any real count; fix or remove it")
    tweets = stored(tmp_path)
    assert sid(5) not in tweets and tweets[sid(4)].like_count == 4 and tweets[sid(6)].like_count == 6


def test_huge_count_in_tweets_js_keeps_the_other_49(tmp_path):
    statuses = [status(i, favorite_count=str(HUGE) if i == 10 else str(i)) for i in range(50)]
    result, summary = run(tmp_path, "tweets.js", archive(statuses))
    assert result.exit_code == 0 and counts(summary) == (49, 1)
    assert "like_count is 99999999999999999999" in summary["skip_reasons"][0]
    assert len(stored(tmp_path)) == 49


def test_huge_json_number_in_a_v2_page(tmp_path):
    data = jsonl(v2_page(v2_tweet(1), v2_tweet(2, public_metrics={"like_count": HUGE}), v2_tweet(3)))
    result, summary = run(tmp_path, "pages.jsonl", data)
    assert result.exit_code == 0 and counts(summary) == (2, 1)
    assert set(stored(tmp_path)) == {sid(1), sid(3)} and "like_count is" in summary["skip_reasons"][0]


# -- lists and objects where a scalar belongs ------------------------------------------------
CONTAINERS = {
    "x-v2": ("pages.jsonl", lambda bad: jsonl(v2_page(v2_tweet(0), v2_tweet(1, lang=bad), v2_tweet(2))), "lang"),
    "x-v1": ("statuses.json", lambda bad: json.dumps({"statuses": [
        {**status(0), "user": {"screen_name": "dan"}}, {**status(1), "user": {"screen_name": bad}},
        {**status(2), "user": {"screen_name": "dan"}}]}).encode(), "author_handle"),
    "twscrape": ("scraped.jsonl", lambda bad: jsonl(scraped(0), scraped(1, user={"username": bad}), scraped(2)),
                 "author_handle"),
    "x-archive": ("tweets.js", lambda bad: archive([status(0), status(1, lang=bad), status(2)]), "lang"),
    "xkit": ("timeline.json", lambda bad: json.dumps({"handle": "erin", "tweets": [
        {"id": sid(i), "text": f"t{i}", "created_at": "2026-01-27T12:00:00Z", "favorite_count": 1,
         "lang": bad if i == 1 else "en"} for i in range(3)]}).encode(), "lang"),
}


@pytest.mark.parametrize("fmt", sorted(CONTAINERS))
@pytest.mark.parametrize("bad", [["en", "fr"], {"nested": {"deep": 1}}])
def test_container_where_a_scalar_belongs_is_one_skip(tmp_path, fmt, bad):
    name, make, field = CONTAINERS[fmt]
    result, summary = run(tmp_path, name, make(bad))
    assert result.exit_code == 0 and counts(summary) == (2, 1), summary
    assert summary["files"][0]["format"] == fmt
    kind = "list" if isinstance(bad, list) else "dict"
    assert f"{field} is a {kind}, expected a string" in summary["skip_reasons"][0]
    assert set(stored(tmp_path)) == {sid(0), sid(2)}


def test_containers_in_counts_and_entities(tmp_path):
    data = jsonl(v2_page(v2_tweet(0), v2_tweet(1, public_metrics={"like_count": [1, 2]}),
                         v2_tweet(2, entities={"hashtags": [{"tag": {"x": 1}}]}), v2_tweet(3)))
    result, summary = run(tmp_path, "pages.jsonl", data)
    assert result.exit_code == 0 and counts(summary) == (2, 2)
    assert "like_count is a list, expected a number" in summary["skip_reasons"][0]
    assert "hashtags must be a list of strings" in summary["skip_reasons"][1]


# -- ids as JSON floats or booleans ----------------------------------------------------------
def test_float_and_boolean_ids_are_skipped_never_stored_as_another_id(tmp_path):
    body = ('{"data": [{"id": 2021082950661046428.0, "text": "float", "created_at": "2026-01-27T00:00:00Z"},'
            ' {"id": true, "text": "bool", "created_at": "2026-01-27T00:00:00Z"},'
            f' {{"id": "{sid(1)}", "text": "ok", "created_at": "2026-01-27T00:00:00Z"}}]}}\n')
    result, summary = run(tmp_path, "pages.jsonl", body.encode())
    assert result.exit_code == 0 and counts(summary) == (1, 2)
    assert "is a JSON float, which cannot hold an X id exactly" in summary["skip_reasons"][0]
    assert "id 'True' (bool) is not an X id" in summary["skip_reasons"][1]
    assert set(stored(tmp_path)) == {sid(1)}  # neither 2021082950661046528 nor "1"


def test_float_id_in_scraper_lines(tmp_path):
    bad = {**scraped(1), "id": float(BASE + (1 << 22))}
    del bad["id_str"]
    result, summary = run(tmp_path, "scraped.jsonl", jsonl(scraped(0), bad, scraped(2)), "--format", "twscrape")
    assert counts(summary) == (2, 1) and "JSON float" in summary["skip_reasons"][0]
    assert set(stored(tmp_path)) == {sid(0), sid(2)}


# -- impossible dates --------------------------------------------------------------------------
@pytest.mark.parametrize("when", ["2099-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z"])
def test_impossible_date_on_an_x_id_takes_the_snowflake_time(tmp_path, when):
    result, summary = run(tmp_path, "pages.jsonl", jsonl(v2_page(v2_tweet(0), v2_tweet(1, created_at=when))))
    assert result.exit_code == 0 and counts(summary) == (2, 0)
    assert stored(tmp_path)[sid(1)].created_at == snowflake_time(sid(1)).replace(microsecond=0)
    assert stored(tmp_path)[sid(1)].created_at.year == 2026


@pytest.mark.parametrize("when, why", [("2099-01-01", "in the future"), ("1970-01-01", "before the first tweet"),
                                       ("0001-01-01", "before the first tweet")])
def test_impossible_date_without_an_x_id_is_a_skip(tmp_path, when, why):
    data = f"text,date\nfine,2024-01-01\nodd,{when}\nalso fine,2024-01-02\n".encode()
    result, summary = run(tmp_path, "rows.csv", data)
    assert result.exit_code == 0 and counts(summary) == (2, 1)
    reason = summary["skip_reasons"][0]
    assert "rows.csv:3: tweet csv:" in reason and f"date {when} is {why}" in reason
    assert sorted(t.text for t in stored(tmp_path).values()) == ["also fine", "fine"]


def test_an_id_whose_snowflake_time_is_in_the_future_is_not_an_x_id(tmp_path):
    future = str((int(datetime(2031, 1, 1, tzinfo=UTC).timestamp() * 1000) - 1288834974657) << 22)
    result, summary = run(tmp_path, "pages.jsonl", jsonl(v2_page(v2_tweet(0), {**v2_tweet(1), "id": future})))
    assert counts(summary) == (1, 1) and f"id {future} is not a real X id" in summary["skip_reasons"][0]


# -- negative and string metrics ----------------------------------------------------------------
def test_negative_and_string_metrics_are_normalised(tmp_path):
    metrics = [{"like_count": -5}, {"like_count": "12", "retweet_count": "1,234"}, {"like_count": "lots"},
               {"like_count": 3.0, "impression_count": -1}]
    page = v2_page(*[v2_tweet(i, text=f"New AI model release {i}", public_metrics=m) for i, m in enumerate(metrics)])
    result, summary = run(tmp_path, "pages.jsonl", jsonl(page))
    assert result.exit_code == 0 and counts(summary) == (4, 0)
    tweets = stored(tmp_path)
    assert [tweets[sid(i)].like_count for i in range(4)] == [None, 12, None, 3]
    assert tweets[sid(1)].retweet_count == 1234 and tweets[sid(3)].view_count is None


def test_report_runs_on_normalised_metrics(tmp_path):
    rows = "".join(f"{sid(i)},New AI model {i} beats the benchmark,2026-01-27T1{i}:00:00Z,{m}\n"
                   for i, m in enumerate(["-5", "lots", "12", "-1", "7"]))
    _, summary = run(tmp_path, "rows.csv", f"id,text,created_at,likes\n{rows}".encode())
    assert counts(summary) == (5, 0)
    result = CliRunner().invoke(app, ["report", "--from", "2026-01-27", "--to", "2026-01-27", "--db",
                                      str(tmp_path / "t.sqlite"), "--site", str(tmp_path / "site"), "--json"])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 0, result.output


# -- invalid UTF-8 in one line ------------------------------------------------------------------
def test_invalid_utf8_in_one_json_line_skips_only_that_line(tmp_path):
    lines = [json.dumps(v2_page(v2_tweet(i))).encode() for i in range(11)]
    lines[4] = lines[4].replace(b"post 4", b"post \xff\xfe4")
    result, summary = run(tmp_path, "pages.jsonl", jsonl(*lines))
    assert result.exit_code == 0 and counts(summary) == (10, 1)
    assert ":5: not valid UTF-8 (byte " in summary["skip_reasons"][0]
    assert set(stored(tmp_path)) == {sid(i) for i in range(11) if i != 4}


def test_invalid_utf8_in_one_csv_row_skips_only_that_row(tmp_path):
    rows = [f"{sid(i)},row {i},2026-01-27".encode() for i in range(10)]
    rows[3] = rows[3].replace(b"row 3", b"row \xc3\x283")
    result, summary = run(tmp_path, "rows.csv", b"id,text,created_at\n" + b"\n".join(rows) + b"\n")
    assert result.exit_code == 0 and counts(summary) == (9, 1)
    assert ":5: not valid UTF-8 (byte 25 of line 5)" in summary["skip_reasons"][0]
    assert sid(3) not in stored(tmp_path) and len(stored(tmp_path)) == 9


# -- CSV with an unclosed quote ------------------------------------------------------------------
@pytest.mark.parametrize("text_last", [False, True])
def test_unclosed_quote_keeps_the_rows_after_it(tmp_path, text_last):
    def row(i: int, text: str) -> str:
        return f"{sid(i)},2026-01-27,{text}" if text_last else f"{sid(i)},{text},2026-01-27"

    header = "id,created_at,text" if text_last else "id,text,created_at"
    lines = [row(0, "first"), row(1, '"never closed'), *[row(i, f"row {i}") for i in range(2, 8)],
             row(8, '"a real\nmulti-line ""quoted"" post"'), row(9, "last")]
    result, summary = run(tmp_path, "rows.csv", (header + "\n" + "\n".join(lines) + "\n").encode())
    assert result.exit_code == 0 and counts(summary) == (9, 1), summary
    assert summary["skip_reasons"][0].split("rows.csv")[1].startswith(":3: unclosed quote")
    tweets = stored(tmp_path)
    assert set(tweets) == {sid(i) for i in range(10) if i != 1}
    assert tweets[sid(8)].text == 'a real\nmulti-line "quoted" post'


# -- damaged gzip ---------------------------------------------------------------------------------
def test_cut_off_gzip_archive_keeps_the_tweets_before_the_damage(tmp_path):
    data = gzip.compress(archive([status(i) for i in range(600)]))
    result, summary = run(tmp_path, "tweets.js.gz", data[: len(data) * 3 // 4])
    assert result.exit_code == 0 and summary["new"] > 300 and summary["skipped"] == 1
    assert "compressed data is corrupt or cut off" in summary["skip_reasons"][0]
    assert "the file breaks here; the complete records before it were read" in summary["skip_reasons"][0]
    tweets = stored(tmp_path)
    assert set(tweets) == {sid(i) for i in range(len(tweets))}  # a prefix, no holes


def test_corrupt_gzip_keeps_the_lines_before_the_damage(tmp_path):
    data = bytearray(gzip.compress(jsonl(*[v2_page(v2_tweet(i)) for i in range(600)])))
    for k in range(len(data) * 3 // 4, len(data) * 3 // 4 + 30):
        data[k] ^= 0x5A
    result, summary = run(tmp_path, "pages.jsonl.gz", bytes(data))
    assert result.exit_code == 0 and summary["new"] > 300
    assert "compressed data is corrupt" in summary["skip_reasons"][-1]
    line = int(summary["skip_reasons"][-1].split("pages.jsonl.gz:")[1].split(":")[0])
    assert all(sid(i) in stored(tmp_path) for i in range(min(line - 1, summary["new"]) - 5))


def test_gzip_corrupt_from_its_start_is_one_error(tmp_path):
    result, _ = run(tmp_path, "rows.csv.gz", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4)
    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if line.startswith("error: ")][0].count("rows.csv.gz") == 1


# -- a directory -----------------------------------------------------------------------------------
def test_a_directory_given_as_a_file(tmp_path):
    (tmp_path / "exports").mkdir()
    result, summary = run(tmp_path, "exports", None)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (f"error: {tmp_path / 'exports'}: is a directory, not a file; "
                                             f"pass the files in it (e.g. {tmp_path / 'exports'}/*.jsonl)")
    assert summary["files"][0]["error"].endswith(f"pass the files in it (e.g. {tmp_path / 'exports'}/*.jsonl)")

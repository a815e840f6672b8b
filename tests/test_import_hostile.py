"""Hostile inputs: every one ends in exit code 2 with a one-line error, or a counted skip with a
one-line reason -- never a traceback -- and the valid records around it are kept.

All data here is synthetic (no real tweets)."""

from __future__ import annotations

import gzip
import json

import pytest
from typer.testing import CliRunner

from helpers import import_file as run
from tweetbrief.cli import app
from tweetbrief.sources import import_files
from tweetbrief.sources.formats.twscrape import RAW_CONTENT
from tweetbrief.store import Store

BASE_ID = 1_600_000_000_000_000_000


def tw(i: int, text: str = "hello #world", **extra) -> dict:
    return {"id": str(BASE_ID + i), "text": text, "author_id": "7", "created_at": "2023-01-01T12:00:00.000Z", **extra}


def page(*tweets: dict) -> dict:
    return {"data": list(tweets), "includes": {"users": [{"id": "7", "username": "alice", "name": "Alice"}]}}


def jsonl(*records) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)




def assert_fails(result, *fragments: str) -> None:
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and all(f in errors[0] for f in fragments), result.stderr


# -- whole files that cannot be imported: exit 2 ------------------------------------------
@pytest.mark.parametrize("fmt", [None, "x-v2", "csv", "twscrape", "x-archive"])
@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path, fmt, data):
    result, _ = run(tmp_path, "empty.jsonl", data, *(["--format", fmt] if fmt else []))
    assert_fails(result, "empty.jsonl", "empty")


def test_truncated_pretty_json(tmp_path):
    text = json.dumps(page(tw(1), tw(2)), indent=2)
    result, _ = run(tmp_path, "page.json", text[: len(text) // 4].encode())  # inside the first tweet
    assert_fails(result, "page.json", "invalid JSON", "line ", "truncated")


def test_truncated_pretty_json_keeps_the_complete_tweets_before_the_cut(tmp_path):
    text = json.dumps(page(*[tw(i) for i in range(10)]), indent=2)
    cut = text.index(f'"{BASE_ID + 7}"')  # inside the eighth tweet
    result, summary = run(tmp_path, "page.json", text[:cut].encode())
    assert result.exit_code == 0 and (summary["new"], summary["skipped"]) == (7, 1)
    line = text[: text.rindex("{", 0, cut)].count("\n") + 1  # where the cut-off tweet starts
    assert summary["skip_reasons"][0].startswith(f"{tmp_path / 'page.json'}:{line}: invalid JSON (unexpected end")
    assert "the file breaks here; the complete records before it were read" in summary["skip_reasons"][0]
    with Store.open(tmp_path / "t.sqlite") as store:
        assert sorted(int(t.id) - BASE_ID for t in store.iter_all()) == list(range(7))
        assert store.get(str(BASE_ID)).author_handle == ""  # the authors ('includes') were after the cut


def test_truncated_single_line_json_is_one_counted_skip(tmp_path):
    text = json.dumps(page(tw(1)))
    result, summary = run(tmp_path, "page.json", text[:-20].encode())
    assert result.exit_code == 0 and (summary["read"], summary["skipped"]) == (1, 1)
    assert summary["skip_reasons"][0].endswith("page.json:1: invalid JSON (unexpected end of data at column "
                                               f"{len(text) - 19}); fix or remove the line")


@pytest.mark.parametrize("fmt", [None, "x-v2", "csv", "x-v1"])
def test_binary_junk(tmp_path, fmt):
    junk = bytes((i * 97 + 13) % 256 for i in range(20_000))
    result, _ = run(tmp_path, "junk.bin", junk, *(["--format", fmt] if fmt else []))
    assert_fails(result, "junk.bin")


def test_unknown_format_and_missing_file(tmp_path):
    result, _ = run(tmp_path, "a.jsonl", jsonl(page(tw(1))), "--format", "nope")
    assert_fails(result, "unknown --format 'nope'", "x-v2")
    missing = CliRunner().invoke(app, ["import", str(tmp_path / "absent.json"), "--db", str(tmp_path / "t.sqlite")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr and "Traceback" not in missing.output


def test_corrupt_gzip(tmp_path):
    result, _ = run(tmp_path, "pages.jsonl.gz", b"\x1f\x8b\x08\x00" + b"garbage" * 50, "--format", "x-v2")
    assert_fails(result, "pages.jsonl.gz")


def test_cut_off_gzip_keeps_the_lines_before(tmp_path):
    data = gzip.compress(jsonl(*[page(tw(i)) for i in range(200)]))
    result, summary = run(tmp_path, "pages.jsonl.gz", data[: len(data) * 3 // 4])
    assert result.exit_code == 0 and summary["new"] > 50 and summary["skipped"] == 1
    assert "cut off" in summary["skip_reasons"][0]


def test_other_files_still_import_when_one_fails(tmp_path):
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_bytes(jsonl(page(tw(1), tw(2))))
    bad.write_bytes(b"")
    with Store.open(":memory:") as store:
        summary = import_files([bad, good], store)
        assert summary.new == 2 and len(summary.errors) == 1 and "bad.jsonl" in summary.errors[0]


# -- bad records: counted skips, good records kept ----------------------------------------
def test_jsonl_with_one_bad_line(tmp_path):
    data = jsonl(page(tw(1)), b'{"data": [{"id": "1", "text": "x"}', page(tw(2), tw(3)))
    result, summary = run(tmp_path, "pages.jsonl", data)
    assert result.exit_code == 0
    assert (summary["read"], summary["new"], summary["skipped"]) == (4, 3, 1)
    assert summary["skip_reasons"] == [f"{tmp_path / 'pages.jsonl'}:2: invalid JSON (unexpected end of data at "
                                       "column 35); fix or remove the line"]


@pytest.mark.parametrize("bad_lines", [1, 2, 3])
def test_jsonl_starting_with_bad_lines(tmp_path, bad_lines):
    data = jsonl(*[b'{"data": [oops' for _ in range(bad_lines)], page(tw(1)), page(tw(2)))
    result, summary = run(tmp_path, "pages.jsonl", data, "--format", "x-v2")
    assert result.exit_code == 0 and (summary["new"], summary["skipped"]) == (2, bad_lines)
    assert [r.split(":")[-2] for r in summary["skip_reasons"]] == [str(n) for n in range(1, bad_lines + 1)]


def test_bad_records_inside_a_good_page(tmp_path):
    p = page(tw(1), tw(2, created_at="yesterday"), {"text": "no id"}, 42, tw(3, public_metrics="odd"), tw(4))
    result, summary = run(tmp_path, "page.jsonl", jsonl(p, {"data": [], "includes": []}, {"errors": [{"title": "x"}]},
                                                         {"data": [tw(5)], "includes": "broken"}, [1, 2]))
    assert result.exit_code == 0 and summary["new"] == 2
    reasons = summary["skip_reasons"]
    assert len(reasons) == 8 and all("\n" not in r for r in reasons)
    assert any(":1: tweet 1600000000000000002: unreadable date 'yesterday'" in r for r in reasons)
    assert any(":3: an X API error record (x)" in r for r in reasons)
    assert any(":4: page: unexpected shape" in r for r in reasons)


def test_nul_bytes(tmp_path):
    data = jsonl(page(tw(1)), b'{"data": [{"id": "2", "text": "a\x00b"}]}', page(tw(3))) + b"\x00" * 64
    result, summary = run(tmp_path, "pages.jsonl", data)
    assert result.exit_code == 0 and (summary["new"], summary["skipped"]) == (2, 2)
    assert all("NUL bytes" in r for r in summary["skip_reasons"])


def test_utf8_bom(tmp_path):
    bom = b"\xef\xbb\xbf"
    _, s1 = run(tmp_path, "a.jsonl", bom + jsonl(page(tw(1), tw(2))))
    _, s2 = run(tmp_path, "b.json", bom + json.dumps(page(tw(3)), indent=2).encode())
    _, s3 = run(tmp_path, "c.csv", bom + b"text,created_at\nhi there,2024-01-02T03:04:05Z\n")
    _, s4 = run(tmp_path, "d.json", bom + json.dumps([page(tw(4)), page(tw(5))]).encode())
    assert (s1["new"], s2["new"], s3["new"], s4["new"]) == (2, 1, 1, 2)
    assert s1["files"][0]["format"] == "x-v2" and s2["files"][0]["format"] == "x-v2"


def test_one_megabyte_tweet_text(tmp_path):
    huge = "word " * 209_716
    result, summary = run(tmp_path, "big.jsonl", jsonl(page(tw(1), tw(2, text=huge), tw(3))))
    assert result.exit_code == 0 and (summary["new"], summary["skipped"]) == (2, 1)
    assert "text is 1,048,580 characters" in summary["skip_reasons"][0]
    rows = f"text,date\nfine,2024-01-01\n\"{huge}\",2024-01-01\nalso fine,2024-01-02\n".encode()
    result, summary = run(tmp_path, "big.csv", rows)
    assert (summary["new"], summary["skipped"]) == (2, 1) and ":3: tweet csv:" in summary["skip_reasons"][0]


def test_scraper_lines_with_wrong_shapes(tmp_path):
    good = {"id": BASE_ID + 1, "date": "2023-01-01 00:00:00+00:00", RAW_CONTENT: "hi $abc", "user": {"username": "bob"}}
    data = jsonl(good, {**good, "id": BASE_ID + 2, "user": None}, {**good, "id": BASE_ID + 3, "date": "soon"}, [good])
    result, summary = run(tmp_path, "scraped.jsonl", data, "--format", "twscrape")
    assert result.exit_code == 0 and (summary["new"], summary["duplicates"], summary["skipped"]) == (1, 1, 2)
    assert any(":2: tweet 1600000000000000002: not a twscrape tweet (no 'user')" in r for r in summary["skip_reasons"])
    assert any(":3: tweet 1600000000000000003: unreadable date 'soon'" in r for r in summary["skip_reasons"])


def test_archive_that_is_not_javascript(tmp_path):
    body = b"window.YTD.tw" + b"eets.part0 = [ {tweet: {id: '1', full_text: 'a'}, oops ]"
    result, _ = run(tmp_path, "tweets.js", body)
    assert_fails(result, "tweets.js", "invalid JSON")


# -- CSV ----------------------------------------------------------------------------------
def test_csv_wrong_headers_then_map_fixes_it(tmp_path):
    data = b"Words,When,Who\nhello $btc,Mon Mar 03 16:51:06 +0000 2025,@carol\n"
    result, _ = run(tmp_path, "export.csv", data)
    assert_fails(result, "export.csv", "no text or created_at column", "'Words', 'When', 'Who'", "--map")
    result, summary = run(tmp_path, "export.csv", data, "--map", "text=Words,created_at=When,handle=Who")
    assert result.exit_code == 0 and summary["new"] == 1
    with Store.open(tmp_path / "t.sqlite") as store:
        (t,) = list(store.iter_all())
        assert (t.author_handle, t.cashtags) == ("carol", ["BTC"])
        assert t.created_at.isoformat() == "2025-03-03T16:51:06+00:00"


def test_csv_map_errors(tmp_path):
    data = b"Body,When\nhello,2024-01-01\n"
    result, _ = run(tmp_path, "a.csv", data, "--map", "text=Nope,created_at=When")
    assert_fails(result, "a.csv", "'Nope': no such column", "Body, When")
    result, _ = run(tmp_path, "a.csv", data, "--map", "colour=Body")
    assert_fails(result, "--map colour", "unknown field")


def test_csv_bad_rows_and_ids(tmp_path):
    data = (
        "Tweet ID,Text,Created At,Likes\n"
        f"{BASE_ID + 1},first,2024-01-01T00:00:00Z,3\n"
        "1.6E+18,rounded by a spreadsheet,2024-01-01,1\n"
        f"{BASE_ID + 3},bad date,31/31/2024,1\n"
        ",no id: derived,1704067200,n/a\n"
        f"{BASE_ID + 5},,2024-01-01,1\n"
        f"https://x.com/a/status/{BASE_ID + 6},from a url,2024-01-01 10:00,1\n"
        f"{BASE_ID + 7},\"no date: the id's time\",,1\n"
    ).encode()
    result, summary = run(tmp_path, "rows.csv", data)
    assert result.exit_code == 0 and (summary["read"], summary["new"], summary["skipped"]) == (7, 4, 3)
    reasons = summary["skip_reasons"]
    assert ":3: id '1.6E+18' is not a numeric X id" in reasons[0]
    assert ":4: unreadable date '31/31/2024'" in reasons[1] and ":6: empty text" in reasons[2]
    with Store.open(tmp_path / "t.sqlite") as store:
        ids = sorted(t.id for t in store.iter_all())
        assert ids[:3] == [str(BASE_ID + 1), str(BASE_ID + 6), str(BASE_ID + 7)] and ids[3].startswith("csv:")
        derived = store.get(ids[3])
        assert derived.created_at.isoformat() == "2024-01-01T00:00:00+00:00" and derived.like_count is None
        assert store.get(str(BASE_ID + 7)).created_at.year == 2022  # from the snowflake
    _, again = run(tmp_path, "rows.csv", data)
    assert (again["new"], again["duplicates"]) == (0, 4)


def test_csv_utf16_from_excel(tmp_path):
    _, summary = run(tmp_path, "excel.csv", "Text\tDate\nhé $eth\t2024-01-01\n".encode("utf-16"))
    assert summary["new"] == 1


def test_csv_nul_bytes_and_tsv(tmp_path):
    _, summary = run(tmp_path, "a.csv", b"text,date\nok,2024-01-01\nb\x00d,2024-01-01\nok2,2024-01-02\n")
    assert (summary["new"], summary["skipped"]) == (2, 1) and "NUL" in summary["skip_reasons"][0]
    _, summary = run(tmp_path, "a.tsv", b"full_text\tcreated_at\tusername\nhi\t2024-01-01\tdan\n")
    assert summary["new"] == 1

"""Format auto-detection for every fixture, gzip, idempotent re-import, and the ``--json``
summary that scripts rely on -- through ``tweetbrief import`` and ``import_files``."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tweetbrief.cli import app
from tweetbrief.errors import InputError
from tweetbrief.sources import detect_format, import_files
from tweetbrief.store import Store

# fixture -> (detected format, tweets imported); None = not a tweet file (unrecognised)
EXPECTED = {
    "csv/crypto_tweets.csv": ("csv", 19),
    "snscrape_jsonl/snscrape_gme_first60.jsonl": ("snscrape", 60),
    "twscrape_graphql/_issue_42.json": ("x-graphql", 1),
    "twscrape_graphql/card_summary.json": ("x-graphql", 5),
    "twscrape_graphql/raw_search_first6.json": ("x-graphql", 6),
    "twscrape_graphql/raw_user_by_login.json": ("x-graphql", 0),
    "twscrape_jsonl/list_timeline.jsonl": ("twscrape", 115),
    "twscrape_jsonl/search_timeline.jsonl": ("twscrape", 25),
    "x_api_v1_1_tweepy/_requests.json": None,
    "x_api_v1_1_tweepy/testsearchtweets__00.json": ("x-v1", 15),
    "x_api_v1_1_tweepy/testusertimeline__00.json": ("x-v1", 4),
    "x_api_v2_twarc/brexit_search_recent_first25.json": ("x-v2", 25),
    "x_api_v2_twarc/cashtags.jsonl": ("x-v2", 1),
    "x_api_v2_twarc/counts.jsonl": ("x-v2", 0),
    "x_api_v2_twarc/lists.jsonl": ("x-v2", 0),
    "x_api_v2_twarc/media_tweet.jsonl": ("x-v2", 1),
    "x_api_v2_twarc/mentions_tweet.jsonl": ("x-v2", 1),
    "x_api_v2_twarc/quoted_edit.jsonl": ("x-v2", 1),
    "x_api_v2_twarc/streaming_output_with_error.jsonl": ("x-v2", 7),
    "x_api_v2_twarc/two_tweets.jsonl": ("x-v2", 1),
    "x_api_v2_twarc/verified_type.jsonl": ("x-v2", 1),
    "x_api_v2_tweepy/_requests.json": None,
    "x_api_v2_tweepy/test_client_get_list_tweets__00.json": ("x-v2", 97),
    "x_api_v2_tweepy/test_client_get_recent_tweets_count__00.json": ("x-v2", 0),
    "x_api_v2_tweepy/test_client_get_tweet__00.json": ("x-v2", 1),
    "x_api_v2_tweepy/test_client_get_tweets__00.json": ("x-v2", 2),
    "x_api_v2_tweepy/test_client_get_users_tweets__00.json": ("x-v2", 2),
    "x_api_v2_tweepy/test_client_search_recent_tweets__00.json": ("x-v2", 10),
    "x_archive/community_archive_mock_tweets.js": ("x-archive", 7),
    "x_archive/tweets.first50.js": ("x-archive", 50),
    "zh_timelines/derycknth.json": ("xkit", 32),
    "zh_timelines/heichenya.json": ("xkit", 6),
    "zh_timelines/oopserian.json": ("xkit", 11),
}


def cli(*args: str):
    result = CliRunner().invoke(app, ["import", *args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_every_fixture_is_listed(fixtures):
    found = {p.relative_to(fixtures).as_posix() for p in fixtures.rglob("*") if p.is_file()}
    assert found == set(EXPECTED), "a fixture was added or removed: update EXPECTED"


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_auto_detection_and_counts(fixtures, rel):
    path = fixtures / rel
    expected = EXPECTED[rel]
    if expected is None:
        with pytest.raises(InputError, match="unrecognised format"):
            detect_format(path)
        return
    fmt, count = expected
    assert detect_format(path).name == fmt
    with Store.open(":memory:") as store:
        summary = import_files([path], store)
        assert summary.errors == [] and summary.new == count == store.count()


@pytest.mark.parametrize("rel", ["x_api_v2_twarc/cashtags.jsonl", "x_api_v2_twarc/brexit_search_recent_first25.json",
                                 "twscrape_jsonl/search_timeline.jsonl", "snscrape_jsonl/snscrape_gme_first60.jsonl",
                                 "x_archive/tweets.first50.js", "zh_timelines/derycknth.json", "csv/crypto_tweets.csv",
                                 "x_api_v1_1_tweepy/testsearchtweets__00.json"])
def test_gzip_is_transparent(fixtures, tmp_path, rel):
    src = fixtures / rel
    gz = tmp_path / (src.name + ".gz")
    gz.write_bytes(gzip.compress(src.read_bytes()))
    fmt, count = EXPECTED[rel]
    assert detect_format(gz).name == fmt
    with Store.open(":memory:") as store:
        assert import_files([gz], store).new == count


def test_reimport_is_idempotent_and_json_keys_are_stable(fixtures, tmp_path):
    db = tmp_path / "t.sqlite"
    files = [str(fixtures / "x_api_v2_twarc/brexit_search_recent_first25.json"),
             str(fixtures / "twscrape_jsonl/search_timeline.jsonl"), str(fixtures / "csv/crypto_tweets.csv"),
             str(fixtures / "x_api_v2_twarc/streaming_output_with_error.jsonl")]
    first = cli(*files, "--db", str(db), "--json")
    assert first.exit_code == 0
    one = json.loads(first.stdout)
    assert {"read", "new", "duplicates", "skipped"} <= set(one)
    assert (one["read"], one["new"], one["duplicates"], one["skipped"]) == (25 + 25 + 19 + 8, 76, 0, 1)
    second = json.loads(cli(*files, "--db", str(db), "--json").stdout)
    assert (second["new"], second["duplicates"], second["skipped"]) == (0, 76, 1)
    with Store.open(db) as store:
        assert store.count() == 76


def test_plain_summary_and_skip_lines(fixtures, tmp_path):
    result = cli(str(fixtures / "x_api_v2_twarc/streaming_output_with_error.jsonl"), "--db", str(tmp_path / "t.sqlite"))
    assert result.exit_code == 0
    assert result.stdout.strip() == "read 8, new 7, duplicates 0, skipped 1"
    assert "streaming_output_with_error.jsonl:8: invalid JSON" in result.stderr


def test_explicit_format_and_unrecognised_file(fixtures, tmp_path):
    db = str(tmp_path / "t.sqlite")
    ok = cli(str(fixtures / "x_api_v2_twarc/cashtags.jsonl"), "--format", "x-v2", "--db", db, "--json")
    assert json.loads(ok.stdout)["new"] == 1
    bad = cli(str(fixtures / "x_api_v2_tweepy/_requests.json"), "--db", db)
    assert bad.exit_code == 2 and "unrecognised format; pass --format" in bad.stderr


@pytest.mark.slow
def test_bench_file_imports_completely(shared):
    path = shared / "data/bench/xkit_daily_feed.v2pages.jsonl.gz"
    if not path.is_file() and os.environ.get("TWEETBRIEF_REQUIRE_SHARED") != "1":
        pytest.skip("bench file absent")
    with Store.open(":memory:") as store:
        summary = import_files([Path(path)], store)
        assert (summary.new, summary.skips, summary.errors) == (44_656, [], [])
        t = store.get("1868434746394468579")
        assert t.author_handle == "NFL" and t.author_followers == 36987951

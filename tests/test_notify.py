"""Push through Apprise: a loopback JSON webhook gets the message; a dead one never loses the post;
no part of a notify URL that could be a secret reaches any output, the post or the store."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import import_demo
from typer.testing import CliRunner

import tweetbrief.notify.send as send_mod
from tweetbrief.cli import app
from datetime import UTC

pytest.importorskip("apprise")

POST = "_posts/2026-01-27-twitter_ai_20260127_20260127.md"
SECRETS = ("S3cretPassw0rd", "T0kenPathXYZ", "QueryS3cret9")


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.append({"path": self.path, "body": json.loads(body),
                                     "auth": self.headers.get("Authorization")})
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def hook():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def dead_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens: connection refused
    return port


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setattr(send_mod, "RETRY_DELAYS", (0.01, 0.01))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    return import_demo(tmp_path_factory.mktemp("notify") / "demo.sqlite")


def _config(tmp_path: Path, notify: list[str]) -> Path:
    cfg = tmp_path / "tweetbrief.toml"
    cfg.write_text('site_url = "https://example.org/blog"\n[topics.ai]\nnotify = ' + json.dumps(notify) + "\n",
                   encoding="utf-8")
    return cfg


def _run(db: Path, site: Path, *args: str):
    return CliRunner().invoke(app, ["run", "--date", "2026-01-27", "--db", str(db), "--site", str(site), *args])


def test_json_webhook_receives_title_mood_headlines_and_link(demo_db, tmp_path, hook, monkeypatch):
    port = hook.server_address[1]
    monkeypatch.setenv("TB_HOOK_TOKEN", "T0kenPathXYZ")
    cfg = _config(tmp_path, [f"json://127.0.0.1:{port}/hook/${{TB_HOOK_TOKEN}}"])
    site = tmp_path / "site"
    res = _run(demo_db, site, "--config", str(cfg), "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["stats"]["notify"]["sent"] == 1 and out["stats"]["notify"]["failed"] == 0
    (got,) = hook.received
    assert got["path"] == "/hook/T0kenPathXYZ"  # ${ENV} expanded at send time
    body = got["body"]
    post = (site / POST).read_text(encoding="utf-8")
    assert body["title"] == "Twitter Ai 报告 (2026-01-27 至 2026-01-27)"
    assert body["title"] in post
    message = body["message"]
    # the 当前情绪 line, the top headlines with counts, the link: all as the post has them
    mood_label = post.split("**当前情绪**：**", 1)[1].split("**", 1)[0]
    assert f"**当前情绪**：**{mood_label}**" in message
    headlines = [line.split("**")[1] for line in post.splitlines() if line[:2] in {f"{i}." for i in range(1, 6)}
                 and "**" in line][:3]
    assert headlines
    for h in headlines:
        assert h in message
    assert "条推文）" in message
    link = "https://example.org/blog/2026/01/27/twitter_ai_20260127_20260127.html"
    assert link in message
    assert "T0kenPathXYZ" not in res.stdout + res.stderr


def test_dead_endpoint_keeps_the_post_and_is_reported(demo_db, tmp_path, dead_port):
    site = tmp_path / "site"
    res = _run(demo_db, site, "--notify", f"json://127.0.0.1:{dead_port}/", "--json")
    assert res.exit_code == 6, res.output
    assert (site / POST).is_file()
    out = json.loads(res.stdout)
    assert out["post"] == str(site / POST)
    assert out["stats"]["notify"] == {"sent": 0, "failed": 1, "channels": [
        {"channel": "#1 json://", "ok": False, "attempts": 3, "error": out["stats"]["notify"]["channels"][0]["error"]}]}
    assert "notify #1 json://: failed after 3 attempts" in res.stderr
    assert "notify: 0 sent, 1 failed (#1 json://); exit code 6" in res.stderr


def test_report_notifies_too_and_a_failure_exits_6(demo_db, tmp_path, hook, dead_port):
    site = tmp_path / "site"
    res = CliRunner().invoke(app, ["report", "--from", "2026-01-27", "--to", "2026-01-27", "--db", str(demo_db),
                                   "--site", str(site), "--lang", "en", "--quiet", "--json",
                                   "--notify", f"json://127.0.0.1:{hook.server_address[1]}/",
                                   "--notify", f"json://127.0.0.1:{dead_port}/"])
    assert res.exit_code == 6, res.output
    out = json.loads(res.stdout)
    assert [c["ok"] for c in out["notify"]["channels"]] == [True, False]
    (got,) = hook.received
    assert got["body"]["title"].startswith("Twitter Ai report (2026-01-27 to 2026-01-27)")
    assert "Current mood" in got["body"]["message"] and "tweets)" in got["body"]["message"]
    assert out["post"] in got["body"]["message"]  # no site_url: the post path


def test_no_secret_from_a_notify_url_in_any_output(demo_db, tmp_path, dead_port, hook):
    site = tmp_path / "site"
    db = tmp_path / "copy.sqlite"
    db.write_bytes(demo_db.read_bytes())
    dead = f"json://admin:S3cretPassw0rd@127.0.0.1:{dead_port}/hooks/T0kenPathXYZ?token=QueryS3cret9"
    live = f"json://admin:S3cretPassw0rd@127.0.0.1:{hook.server_address[1]}/T0kenPathXYZ"
    res = _run(db, site, "--notify", dead, "--notify", live, "--notify", "bogus://S3cretPassw0rd", "--json")
    assert res.exit_code == 6, res.output
    assert [c["ok"] for c in json.loads(res.stdout)["stats"]["notify"]["channels"]] == [False, True, False]
    outputs = [res.stdout + res.stderr]
    res = CliRunner().invoke(app, ["notify-test", dead])
    assert res.exit_code == 6
    outputs.append(res.stdout + res.stderr)
    assert hook.received and hook.received[0]["auth"]  # the live hook did get the credentials
    files = [p for p in site.rglob("*") if p.is_file()] + [p for p in tmp_path.glob("copy.sqlite*")]
    blobs = [p.read_bytes().decode("utf-8", "replace") for p in files]
    for secret in SECRETS:
        for text in outputs + blobs:
            assert secret not in text


def test_notify_test_reaches_a_hook(hook):
    res = CliRunner().invoke(app, ["notify-test", f"json://127.0.0.1:{hook.server_address[1]}/", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == "notify #1 json://: sent"
    assert hook.received[0]["body"]["title"] == "tweetbrief test message"


def test_missing_apprise_is_a_one_line_hint(monkeypatch, tmp_path, demo_db):
    import sys

    monkeypatch.setitem(sys.modules, "apprise", None)  # import apprise -> ImportError
    res = _run(demo_db, tmp_path / "site", "--notify", "json://127.0.0.1:1/")
    assert res.exit_code == 2
    assert res.stderr.strip() == "error: notifications need Apprise: pip install 'tweetbrief[notify]'"
    assert not (tmp_path / "site" / POST).exists()


def test_markdown_body_escapes_tweet_text():
    from datetime import date, datetime

    from tweetbrief.notify.message import build_message
    from tweetbrief.writers.report import Mood, Report, TrendItem

    report = Report(topic_name="ai", topic_title="Ai", start=date(2026, 1, 27), end=date(2026, 1, 27),
                    generated_at=datetime(2026, 1, 27, tzinfo=UTC), overview="x", disclaimer="d",
                    mood=Mood(label="兴奋", detail="[click](javascript:alert(1)) <b>x</b>"),
                    trends=[TrendItem(headline="**bold** [x](http://evil)", detail="d")])
    msg = build_message(report, None, "https://example.org/p.html")
    assert "[click](javascript" not in msg.markdown and "<b>" not in msg.markdown
    assert "\\*\\*bold\\*\\*" in msg.markdown and "\\[x\\]" in msg.markdown
    assert "**bold** [x](http://evil)" in msg.text  # plain text channels get the text as is
    assert "[https://example.org/p.html](https://example.org/p.html)" in msg.markdown

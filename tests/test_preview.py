"""HTML preview: a standalone page (markdown-it-py, images inlined, no scripts), checked in headless
Chromium over the DevTools protocol (``--remote-debugging-pipe``: no websocket dependency).

The browser test is skipped when `chromium` is absent -- unless TWEETBRIEF_REQUIRE_SHARED=1 (CI).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from helpers import hostile_analysis
from tweetbrief.cli import app
from tweetbrief.publish.jekyll import PublishOptions, publish_jekyll
from tweetbrief.publish.preview import render_preview, split_front_matter, write_preview
from tweetbrief.writers import get_writer

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1200,900", "--remote-debugging-pipe"]


@pytest.fixture
def post(tmp_path) -> Path:
    analysis = hostile_analysis()
    report = get_writer("offline").write(analysis, {})
    return publish_jekyll(report, analysis, tmp_path / "site", options=PublishOptions(categories=["ai"])).post


# --------------------------------------------------------------------------- without a browser


def test_preview_is_one_self_contained_file(post, tmp_path):
    result = write_preview(post)
    assert result.path == tmp_path / "site" / "_preview" / f"{post.stem}.html"
    page = result.path.read_text(encoding="utf-8")
    assert result.missing == [] and len(result.images) == 4
    assert page.count('src="data:image/') == 4 and "{{site.baseurl}}" not in page
    assert page.count("<table>") == 2 and "<title>twitter_ai_20260127_20260127</title>" in page
    assert "<script" not in page.lower() and "Content-Security-Policy" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "{{ site.title }}" in page
    assert "运行数据" in page  # the front-matter stats, shown as data


def test_front_matter_values_are_parsed_as_data(post):
    fields, body = split_front_matter(post.read_text(encoding="utf-8"))
    assert fields["title"] == "twitter_ai_20260127_20260127" and fields["categories"] == ["ai"]
    assert fields["tweetbrief"]["relevant"] == 3 and body.lstrip().startswith("Twitter Ai 报告")


def test_missing_images_are_reported_not_fatal(tmp_path):
    md = tmp_path / "_posts" / "2026-01-01-x.md"
    md.parent.mkdir()
    md.write_text('---\ntitle: "x"\n---\n\n![a](/assets/none.png)\n\n<b>raw</b>\n', encoding="utf-8")
    page, info = render_preview(md.read_text(encoding="utf-8"), md)
    assert info.missing == ["/assets/none.png"] and "&lt;b&gt;raw&lt;/b&gt;" in page


def test_preview_command(post, tmp_path):
    out = tmp_path / "p.html"
    result = CliRunner().invoke(app, ["preview", str(post), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out) and out.is_file()
    missing = CliRunner().invoke(app, ["preview", str(tmp_path / "nope.md")])
    assert missing.exit_code == 2 and "post not found" in missing.output


# --------------------------------------------------------------------------- headless Chromium


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        exe = shutil.which(name)
        if exe:
            return exe
    message = "chromium not installed (apt-get install -y chromium)"
    if os.environ.get("TWEETBRIEF_REQUIRE_SHARED") == "1":
        pytest.fail(message + " and TWEETBRIEF_REQUIRE_SHARED=1", pytrace=False)
    pytest.skip(message)


class DevTools:
    """Minimal Chrome DevTools Protocol client over --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-framed)."""

    def __init__(self, exe: str, profile: Path, env: dict[str, str] | None = None):
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        # the child gets them as fds 3 and 4; dup to higher numbers first so its dup2 cannot clobber them
        # (fds 3 and 4 are open in this process while Popen runs, as pass_fds needs)
        hi_r, hi_w = os.dup(to_chrome_r), os.dup(from_chrome_w)

        def child_fds() -> None:
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        self.proc = subprocess.Popen([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     preexec_fn=child_fds, pass_fds=(3, 4), env=env)
        for fd in (hi_r, hi_w, to_chrome_r, from_chrome_w):
            os.close(fd)
        self.out = os.fdopen(to_chrome_w, "wb", buffering=0)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.events: list[dict[str, Any]] = []
        self.next_id = 0
        threading.Thread(target=self._read, args=(from_chrome_r,), daemon=True).start()

    def _read(self, fd: int) -> None:
        buf = b""
        with os.fdopen(fd, "rb", buffering=0) as fh:
            while chunk := fh.read(65536):
                buf += chunk
                while b"\0" in buf:
                    msg, buf = buf.split(b"\0", 1)
                    self.inbox.put(json.loads(msg))

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        self.next_id += 1
        msg: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.out.write(json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self.inbox.get(timeout=max(0.1, deadline - time.monotonic()))
            if reply.get("id") == self.next_id:
                assert "error" not in reply, reply
                return reply["result"]
            self.events.append(reply)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for ev in self.events:
                if ev.get("method") == method:
                    return ev
            self.events.append(self.inbox.get(timeout=max(0.1, deadline - time.monotonic())))

    def drain(self) -> None:
        while True:
            try:
                self.events.append(self.inbox.get_nowait())
            except queue.Empty:
                return

    def close(self) -> None:
        with contextlib.suppress(Exception):  # noqa: BLE001 - a browser that is already gone
            self.call("Browser.close", timeout=5)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.out.close()


def _problems(events: list[dict]) -> list[str]:
    out = []
    for ev in events:
        method, p = ev.get("method"), ev.get("params", {})
        if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
            out.append(f"console.{p['type']}: {[a.get('value', a.get('description')) for a in p.get('args', [])]}")
        elif method == "Runtime.exceptionThrown":
            out.append(f"exception: {p['exceptionDetails'].get('text')}")
        elif method == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
            out.append(f"log {p['entry'].get('source')}: {p['entry'].get('text')}")
    return out


def _fontconfig_with_cjk(tmp: Path) -> dict[str, str]:
    """Chromium finds fonts through fontconfig: add tweetbrief's CJK font so the screenshot shows
    Chinese on machines without a CJK system font (no apt package needed)."""
    from tweetbrief.render.fonts import resolve_cjk_font

    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{resolve_cjk_font().parent}</dir><cachedir>{tmp / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


CHECK_JS = """JSON.stringify({
  title: document.title,
  h1: document.querySelector('h1') && document.querySelector('h1').textContent,
  tables: document.querySelectorAll('table').length,
  rows: document.querySelectorAll('table tbody tr').length,
  images: [...document.images].map(i => ({alt: i.alt, ok: i.complete && i.naturalWidth > 0, w: i.naturalWidth,
                                          data: i.src.startsWith('data:image/')})),
  scripts: document.scripts.length,
  cjkGlyphs: (() => {  // tofu boxes look alike: two different hanzi must draw differently
    const c = document.createElement('canvas'); c.width = c.height = 40;
    const g = c.getContext('2d', {willReadFrequently: true});
    const draw = ch => { g.clearRect(0, 0, 40, 40); g.font = '32px ' + getComputedStyle(document.body).fontFamily;
                         g.fillText(ch, 2, 32); return g.getImageData(0, 0, 40, 40).data.join(); };
    return draw('中') !== draw('英'); })(),
  text: document.body.innerText,
  width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight
})"""


def test_preview_renders_in_headless_chromium(post, tmp_path):
    exe = _chromium()
    page = write_preview(post).path
    t = time.perf_counter()
    browser = DevTools(exe, tmp_path / "profile", env=_fontconfig_with_cjk(tmp_path))
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            browser.call(f"{domain}.enable", session=session)
        browser.call("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
        browser.wait_event("Page.loadEventFired")
        result = browser.call("Runtime.evaluate", {"expression": CHECK_JS, "returnByValue": True}, session=session)
        info = json.loads(result["result"]["value"])
        shot = browser.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session)
        browser.drain()
        problems = _problems(browser.events)
    finally:
        browser.close()
    elapsed = time.perf_counter() - t
    # kept as a test artefact (git-ignored) so a person can look at what the browser drew
    artefacts = Path(os.environ.get("TWEETBRIEF_ARTIFACTS", Path(__file__).parent / "artifacts"))
    artefacts.mkdir(parents=True, exist_ok=True)
    screenshot = artefacts / "preview.png"
    screenshot.write_bytes(base64.b64decode(shot["data"]))
    print(f"\nchromium: loaded, checked and screenshotted in {elapsed:.2f}s; screenshot: {screenshot}")

    assert problems == [], problems
    assert info["title"] == "twitter_ai_20260127_20260127" == info["h1"]
    assert info["tables"] == 2 and info["rows"] >= 3
    assert len(info["images"]) == 4 and all(i["ok"] and i["data"] for i in info["images"]), info["images"]
    assert [i["alt"] for i in info["images"]] == ["词云图", "推文量", "热点趋势", "情绪分布"]
    assert info["scripts"] == 0
    assert info["cjkGlyphs"], "Chromium has no CJK font: Chinese would show as boxes"
    assert "<script>alert(1)</script>" in info["text"] and "{% include evil.html %}" in info["text"]
    assert "Twitter Ai 报告" in info["text"]
    assert screenshot.stat().st_size > 10_000

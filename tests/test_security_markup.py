"""Hostile handles, display names and links cannot create markup: checked on the Markdown post,
on the page a real Jekyll build makes of it, and by clicking every link in headless Chromium.

The store is filled with ``Tweet`` objects directly (source-boundary validation bypassed), so this
tests the renderer's own escaping: whatever a source lets through, no field becomes a link, a
reference definition, a script or Liquid. Jekyll/Chromium are skipped when absent -- unless
TWEETBRIEF_REQUIRE_SHARED=1 (CI), where their absence fails (the helpers below follow that rule).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from test_preview import DevTools, _chromium
from test_publish_jekyll_build import LAYOUT, _jekyll
from tweetbrief.cli import app
from tweetbrief.models import Tweet
from tweetbrief.render.escape import md_path, md_text, safe_url
from tweetbrief.render.markdown import citation_links
from tweetbrief.store import Store
from tweetbrief.writers.report import Mood, Report, SourceRef

PWN = "document.title='pwned'//"  # '//': whatever follows in a broken link is a comment
REFDEF = f"a\n\n[Click here][e]\n\n[e]:javascript:{PWN}"

HOSTILE_HANDLES = [
    REFDEF,
    f"a\r\n\r\n[Click here][e]\r\n\r\n[e]: javascript:{PWN}",
    f"a\u2028\u2028[Click here][e]\u2029[e]: javascript:{PWN}",
    f"x](javascript:{PWN})",
    f"<script>{PWN}</script>",
    f'"><img src=x onerror="{PWN}">',
    "{{ site.title }}{% raw %} | x | y |\n| --- | --- |",
    f"a\n\n<a href=\"javascript:{PWN}\">Click here</a>",
]
HOSTILE_LINKS = [  # RSS-style permalinks
    f"https://feed.example/a\n\n[Click here][e]\n\n[e]:javascript:{PWN}",
    f"https://feed.example/b) [Click here](javascript:{PWN})",
    f'https://feed.example/c"><script>{PWN}</script>',
    "https://feed.example/d{{ site.title }}",
    f"https://feed.example/e\u2028[e]: javascript:{PWN}",
]
DROPPED_LINKS = [f"javascript:{PWN}", f" JaVaScRiPt:{PWN}", f"data:text/html,<script>{PWN}</script>",
                 "//evil.example/x"]

WORDS = ["GPT", "Claude", "Gemini", "DeepSeek", "Qwen", "Llama", "Mistral", "Grok", "Kimi", "Sora", "Codex",
         "Copilot", "Cursor", "Ollama", "vLLM", "LangChain", "Dify", "Midjourney", "Perplexity", "ComfyUI"]
NEWS = ["ships a faster inference engine for GPUs", "doubles its context window to two million tokens",
        "opens weights of a small reasoning model", "raises prices for enterprise API access",
        "adds voice mode to the mobile app", "tops the coding leaderboard this week", "cuts latency by half on H100",
        "partners with a robotics startup on humanoids", "launches an agent marketplace for developers",
        "publishes a safety report on hallucinations", "integrates with Hugging Face datasets",
        "drops support for the legacy plugin format", "hires a new chief scientist from DeepMind",
        "announces a fine-tuning service for startups", "releases multimodal image editing"]


DAYS = {27: [("handle", h) for h in HOSTILE_HANDLES] + [("link", DROPPED_LINKS[0]), ("link", DROPPED_LINKS[1])],
        28: [("link", u) for u in HOSTILE_LINKS] + [("link", u) for u in DROPPED_LINKS]}  # <= 10 per day: all cited


def hostile_tweets() -> list[Tweet]:
    out: list[Tweet] = []
    for day, fields in DAYS.items():
        for i, (kind, value) in enumerate(fields):
            n = len(out)
            word = WORDS[n % len(WORDS)]
            out.append(Tweet(
                id=str(2016000000000000000 + n * 7_000_000), created_at=datetime(2026, 1, day, 2 + i, i, tzinfo=UTC),
                text=f"{word} {NEWS[n % len(NEWS)]}, says the AI team ({n * 37} users in the beta)",
                author_id=f"u{n}", author_handle=value if kind == "handle" else f"feed{n}",
                author_name=REFDEF if n % 2 else value, like_count=100 + n, retweet_count=n, source="test",
                permalink=value if kind == "link" else None, lang="en"))
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("security")
    db = root / "hostile.sqlite"
    with Store.open(db) as store:
        store.add(hostile_tweets())
    site = root / "site"
    (site / "_layouts").mkdir(parents=True)
    (site / "_layouts" / "post.html").write_text(LAYOUT, encoding="utf-8")
    (site / "_config.yml").write_text('title: "Site"\nfuture: true\n', encoding="utf-8")
    for day in DAYS:
        result = CliRunner().invoke(app, ["report", "--from", f"2026-01-{day}", "--to", f"2026-01-{day}",
                                          "--db", str(db), "--site", str(site), "--html"])
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
    return site


def _posts(site: Path) -> list[Path]:
    posts = sorted((site / "_posts").glob("*.md"))
    assert len(posts) == len(DAYS)
    return posts


def _pages(site: Path) -> list[Path]:
    pages = sorted(p for p in (site / "_site").rglob("*.html") if "_preview" not in p.parts)
    assert len(pages) == len(DAYS)
    return pages


# --------------------------------------------------------------------------- escaping units


@pytest.mark.parametrize("url", HOSTILE_LINKS)
def test_safe_url_is_one_inert_token(url):
    safe = safe_url(url)
    assert safe is not None and safe.startswith("https://feed.example/")
    assert not re.search(r"[\s()<>\[\]{}\"'`\\|*$]", safe), safe


@pytest.mark.parametrize("url", DROPPED_LINKS + ["", "https://", "https:// x", "mailto:a@b.c", "ftp://x/y"])
def test_non_http_targets_are_refused(url):
    assert safe_url(url) is None


def test_safe_url_keeps_ordinary_urls_and_escapes_stray_percent():
    assert safe_url("https://x.com/a_b/status/1?s=20#x") == "https://x.com/a_b/status/1?s=20#x"
    assert safe_url("https://e.com/%E4%B8%AD 100%") == "https://e.com/%E4%B8%AD%20100%25"
    assert safe_url("https://e.com/中") == "https://e.com/%E4%B8%AD"
    assert safe_url("  https://e.com/a\n") == "https://e.com/a"


def test_md_text_drops_controls_and_lone_surrogates():
    assert md_text("a\x00b\x1bc\x7f") == "abc"
    assert md_text("a\ud800b").encode("utf-8") == "a\ufffdb".encode("utf-8")
    assert md_text("a\u2028# b\x85c") == "a # b c"


def test_md_path_keeps_own_liquid_prefix_only():
    assert md_path("{{site.baseurl}}/assets/x y.jpg") == "{{site.baseurl}}/assets/x%20y.jpg"
    assert md_path("/assets/{{x}}.jpg") == "/assets/%7B%7Bx%7D%7D.jpg"
    with pytest.raises(ValueError):
        md_path("javascript:alert(1)")


def test_citation_builder_escapes_labels_and_drops_bad_targets():
    when = datetime(2026, 1, 27, tzinfo=UTC)
    sources = {str(i): SourceRef(url=f"https://x.com/{i}/status/{i}", author=h, created_at=when)
               for i, h in enumerate(HOSTILE_HANDLES)}
    sources["js"] = SourceRef(url=f"javascript:{PWN}", author="ok", created_at=when)
    report = Report(topic_name="ai", topic_title="Ai", start=when.date(), end=when.date(), generated_at=when,
                    overview="o", mood=Mood(label="l", detail="d"), disclaimer="x", sources=sources)
    out = citation_links(report, ["js", *[str(i) for i in range(len(HOSTILE_HANDLES))]], limit=99)
    links = re.findall(r"(?<!\\)\]\((\S*?)\)(?= · |）)", out)
    assert links == [f"https://x.com/{i}/status/{i}" for i in range(len(HOSTILE_HANDLES))]  # js dropped
    assert "\n" not in out and "\u2028" not in out and "<" not in out and "{" not in out


def test_a_pipe_in_a_cited_handle_or_link_adds_no_table_cell():
    from helpers import hostile_analysis
    from tweetbrief.render.markdown import render_post
    from tweetbrief.writers import get_writer

    report = get_writer("offline").write(hostile_analysis(), {})
    report.images["wordcloud"] = "w.jpg"
    for ref in report.sources.values():
        ref.author, ref.url = "a | b |\n| --- |", ref.url + "|x|y"
    rows = [line for line in render_post(report).splitlines() if line.startswith("|")]
    assert any("@a \\| b \\|" in row for row in rows)  # cited inside a table ...
    for row in rows:  # ... without adding a cell
        assert len(re.split(r"(?<!\\)\|", row)[1:-1]) == 3, row


# --------------------------------------------------------------------------- the report


def test_report_post_has_no_markup_from_tweets(site):
    body = "".join(p.read_text(encoding="utf-8").split("\n---\n", 1)[1] for p in _posts(site))
    assert not re.search(r"^\s*\[[^\]]*\]:", body, re.M), "a reference definition reached the post"
    assert "{{" not in body and "{%" not in body and "<script" not in body.lower()
    targets = re.findall(r"(?<!\\)\]\(([^)\s]*)\)", body)  # "\](" is escaped text, not a link
    cited = [t for t in targets if not t.startswith("/assets/")]
    assert cited and all(t.startswith("https://") for t in cited), cited
    assert not any("javascript" in t.lower().split("/", 3)[2] for t in cited)  # never as the host/scheme
    assert "feed.example" in body  # the RSS-style links were cited (escaped), not only X links
    for row in (line for line in body.splitlines() if line.startswith("|")):  # no handle adds a table cell
        assert len(re.split(r"(?<!\\)\|", row)[1:-1]) == 3, row
    for handle in HOSTILE_HANDLES:  # every hostile handle was rendered somewhere (so the test covers it)
        assert md_text(f"@{handle}") in body, handle


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text)))
            self._href = None


def _check_html(raw: str) -> list[tuple[str, str]]:
    lowered = raw.lower()
    assert not any(link in lowered for link in ('href="javascript:', "href=javascript", "<a href=javascript"))
    assert "<script" not in lowered
    assert not re.search(r"<img[^>]*onerror", lowered)
    page = _Links()
    page.feed(raw)
    assert "script" not in page.tags
    assert page.links, "no citation links at all"
    for href, label in page.links:
        assert href.startswith("https://"), href
        assert label.startswith("@") or label in ("原推文", "tweet"), (href, label)  # no live "Click here"
        assert label != "Click here"
    return page.links


def test_jekyll_built_page_has_no_live_links_or_scripts(site):
    exe = _jekyll()
    proc = subprocess.run([exe, "build", "--source", str(site), "--destination", str(site / "_site")],
                          capture_output=True, text=True, timeout=180, env={**os.environ, "JEKYLL_ENV": "production"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Liquid" not in proc.stderr, proc.stderr
    links = [link for page in _pages(site) for link in _check_html(page.read_text(encoding="utf-8"))]
    assert any("feed.example" in href for href, _ in links)
    # each hostile tweet is cited (one https link each); the non-http ones are dropped; nothing else is a link
    assert len({href for href, _ in links}) == len(HOSTILE_HANDLES) + len(HOSTILE_LINKS), sorted({h for h, _ in links})


def test_html_preview_has_no_live_links_or_scripts(site):
    pages = sorted((site / "_preview").glob("*.html"))
    assert len(pages) == len(DAYS)
    for page in pages:
        _check_html(page.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- headless Chromium

CLICK_JS = """(() => {
  const before = document.title;
  const seen = [];
  // Our own listener: real http(s) navigations are cancelled (no network); any other link is
  // let through, so a javascript: link would run its script here.
  document.addEventListener('click', e => {
    const a = e.target.closest('a');
    if (a && (a.protocol === 'http:' || a.protocol === 'https:')) e.preventDefault();
  }, true);
  for (const a of document.querySelectorAll('a')) { seen.push(a.protocol); a.click(); }
  return JSON.stringify({before, protocols: seen, links: document.links.length, scripts: document.scripts.length});
})()"""


def _click_every_link(exe: str, page: Path, profile: Path) -> dict:
    browser = DevTools(exe, profile)
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.call("Page.enable", session=session)
        browser.call("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
        browser.wait_event("Page.loadEventFired")
        info = json.loads(browser.call("Runtime.evaluate", {"expression": CLICK_JS, "returnByValue": True},
                                       session=session)["result"]["value"])
        import time

        time.sleep(0.5)  # javascript: URLs run as a task after the click
        # a javascript: URL that ran either set the title or replaced the document with its result
        after = json.loads(browser.call("Runtime.evaluate", {
            "expression": "JSON.stringify({title: document.title, links: document.links.length})",
            "returnByValue": True}, session=session)["result"]["value"])
    finally:
        browser.close()
    return {**info, "after": after["title"], "links_after": after["links"]}


def test_chromium_clicking_every_link_runs_no_script(site, tmp_path):
    exe = _chromium()
    built = site / "_site"
    if not built.is_dir():
        subprocess.run([_jekyll(), "build", "-s", str(site), "-d", str(built)], check=True, capture_output=True,
                       timeout=180)
    pages = _pages(site)
    for n, page in enumerate(pages):
        info = _click_every_link(exe, page, tmp_path / f"profile{n}")
        assert info["protocols"] and set(info["protocols"]) == {"https:"}, info["protocols"]
        assert info["scripts"] == 0
        assert info["after"] == info["before"] and info["links_after"] == info["links"], info

    # The harness can see an attack: the same page with one javascript: link changes the title.
    control = tmp_path / "control.html"
    control.write_text(pages[0].read_text(encoding="utf-8").replace(
        "</body>", f'<a href="javascript:{PWN}">Click here</a></body>'), encoding="utf-8")
    hit = _click_every_link(exe, control, tmp_path / "profile-control")
    assert "javascript:" in hit["protocols"]
    assert hit["after"] != hit["before"] or hit["links_after"] != hit["links"], hit

"""Report quality on the real development weeks (``../shared/data/weeks``) against the analysts' keys.

    python bench/eval_weeks.py [--week en_2026-03-23] [--lang zh] [--show] [--json]

For each week file and two topic configurations -- the built-in ``ai`` topic (``ai``) and the
same topic with every author of the file in ``accounts`` (``ai+accounts``) -- the file is
imported into a temporary SQLite store and ``report`` runs offline over the target week, as a
user would (``make_report``: analysis, writer, rendering). The rendered post is then scored the
way ``weeks/README.md`` says:

* **recall**: the post's text from ``一、简明概要`` up to ``二、核心信息`` (``Summary`` /
  ``Key facts`` for ``--lang en``), lower-cased, link targets ``](...)`` and @handles removed;
  a theme is covered when any of its terms is a substring; recall = covered / themes.
* **noise in top 3**: the key's noise line is turned into terms, per week: the phrases it lists
  in parentheses and quotes and the names around them (``Sumo oranges``, ``特朗普``, ``蜜雪冰城``),
  minus the words that are accounts of the file (``garrytan``: an author, not a subject) and
  minus generic words of the line's own prose (``posts``, ``viral``, ``off-topic``...). A trend
  among the first three is noise when its headline names a noise term or most of its three
  best tweets do.
* **triples**: trend headlines (and analysis labels) that are keyword triples (contain " / ").
* **cut facts**: 核心信息 lines that end in an ellipsis or are longer than ~60 CJK characters /
  ~25 English words.

Goal (issue 9): recall >= 80 % in every week and configuration, no noise in the top 3, no triple
headline, no cut-off fact. Exit status 0 always (a measurement, not a gate); ``--json`` prints
the rows for tools. Tests: tests/test_weeks_e2e.py pins a floor on one week.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TWEETBRIEF_SHARED", REPO.parent / "shared"))
WEEKS = SHARED / "data" / "weeks"
CONFIGS = ("ai", "ai+accounts")
CJK = re.compile(r"[\u3400-\u9fff]")
# Prose words of a noise line that are not what a trend would be about.
NOISE_PROSE = frozenset("""
off-topic off topic posts post viral clips clip noise the a an and or of on in to too are is vs with his her
their its that must not be top-3 trend lifestyle politics social office city retweeted joke congratulations
""".split())


@dataclass
class Key:
    week: str  # file stem, e.g. en_2026-03-23
    start: date
    themes: list[tuple[str, list[str]]]
    noise_line: str
    noise_terms: list[str] = field(default_factory=list)


@dataclass
class Row:
    week: str
    config: str
    recall: float
    covered: int
    themes: int
    missed: list[str]
    noise_top3: bool
    noise_hits: list[str]
    triples: int
    cut_facts: int
    trends: list[str]
    seconds: float


# --- keys ------------------------------------------------------------------------------------


def parse_keys(text: str) -> dict[str, Key]:
    """``keys.md`` -> Key per target week start (``DEV-EN-2026-03-23`` -> en_2026-03-23)."""
    keys: dict[str, Key] = {}
    current: Key | None = None
    for line in text.splitlines():
        m = re.match(r"## DEV-(EN|ZH)-(\d{4}-\d\d-\d\d)", line)
        if m:
            stem = f"{m.group(1).lower()}_{m.group(2)}"
            current = keys[stem] = Key(stem, date.fromisoformat(m.group(2)), [], "")
            continue
        if current is None:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3 and cells[0].isdigit():
            current.themes.append((cells[1], [t.strip() for t in cells[2].split(",") if t.strip()]))
        elif line.lower().startswith("noise"):
            current.noise_line = line.split(":", 1)[1].strip()
    return keys


def noise_terms(line: str, authors: set[str]) -> list[str]:
    """Terms of one noise line: parenthesised and quoted phrases split at commas, and the
    phrases between dashes/semicolons ("Sumo oranges (swyx)" -> "sumo oranges"), without the
    file's account names and the line's prose words."""
    pieces: list[str] = []
    for inner in re.findall(r"[(（]([^)）]*)[)）]", line):
        pieces += re.split(r"[,，、;]| and ", inner)
    pieces += re.findall(r"[\"“「]([^\"”」]+)[\"”」]", line)
    outside = re.sub(r"[(（][^)）]*[)）]", ",", line)
    pieces += re.split(r"[,，、;—–:]| - | vs |'s ", outside)
    out: list[str] = []
    for p in pieces:
        words = [w for w in re.findall(r"[\w\-.'\u3400-\u9fff]+", p.lower()) if w not in NOISE_PROSE]
        words = [w for w in words if w.lstrip("@") not in authors]
        term = " ".join(words).strip(" .'-")
        if not term or (not CJK.search(term) and len(term) < 4):
            continue
        if term not in out:
            out.append(term)
    return out


# --- running the pipeline ----------------------------------------------------------------------


def file_authors(path: Path) -> list[str]:
    names: set[str] = set()
    with gzip.open(path, "rb") as fh:
        for line in fh:
            page = orjson.loads(line)
            for u in (page.get("includes") or {}).get("users", []):
                if u.get("username"):
                    names.add(u["username"])
    return sorted(names)


def run_week(path: Path, key: Key, config: str, lang: str = "zh"):
    """Import ``path`` into a temporary store, report the target week offline; (post text, result)."""
    from tweetbrief.config import load_topic
    from tweetbrief.pipeline import make_report
    from tweetbrief.sources import import_files
    from tweetbrief.store import Store

    topic = load_topic("ai")
    if config == "ai+accounts":
        topic = topic.model_copy(update={"accounts": file_authors(path)})
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "w.sqlite")
        try:
            import_files([path], store)
            options = {"language": lang} if lang != "zh" else {}
            result = make_report(store, topic, key.start, key.start + timedelta(days=6), Path(tmp) / "site",
                                 writer_options=options)
            post = result.post.read_text(encoding="utf-8")
        finally:
            store.close()
    return post, result


def summary_text(post: str) -> str:
    """The scored span: 一、简明概要 .. 二、核心信息 (or the English headings), cleaned per README."""
    start = next((post.find(h) for h in ("一、简明概要", "Summary") if h in post), 0)
    ends = [post.find(h, start) for h in ("二、核心信息", "Key facts", "Key information") if post.find(h, start) > 0]
    body = post[start:min(ends)] if ends else post[start:]
    body = re.sub(r"\]\([^)]*\)", "]", body)
    body = re.sub(r"(?<![\w@])@\w{1,30}", " ", body)
    return body.lower()


def is_cut(text: str) -> bool:
    text = re.sub(r"\s*[\[(（].{0,40}?[\])）]\s*$", "", text.strip())  # a trailing citation
    if text.endswith(("…", "...")):
        return True
    cjk = len(CJK.findall(text))
    words = len(re.findall(r"[A-Za-z0-9][\w'.\-]*", text))
    return cjk > 60 or (cjk < 10 and words > 25)


def score(key: Key, config: str, post: str, result, seconds: float) -> Row:
    text = summary_text(post)
    covered, missed = 0, []
    for theme, terms in key.themes:
        if any(t.lower() in text for t in terms):
            covered += 1
        else:
            missed.append(theme[:60])
    report, analysis = result.report, result.analysis
    heads = [t.headline for t in report.trends]
    hits: list[str] = []
    for item in report.trends[:3]:
        head = item.headline.lower()
        texts = [analysis.tweets[i].text.lower() for i in item.cites[:3] if i in analysis.tweets]
        named = [n for n in key.noise_terms if n in head]
        most = [n for n in key.noise_terms if sum(n in t for t in texts) * 2 > max(len(texts), 1)]
        if named or most:
            hits.append(f"{item.headline[:40]} ({', '.join((named or most)[:2])})")
    triples = sum(" / " in h for h in heads)
    facts = [f.text for f in report.core_facts]
    return Row(key.week, config, round(covered / max(len(key.themes), 1), 3), covered, len(key.themes), missed,
               bool(hits), hits, triples, sum(map(is_cut, facts)), heads, round(seconds, 2))


def evaluate(weeks: list[str] | None = None, configs=CONFIGS, lang: str = "zh") -> list[Row]:
    keys = parse_keys((WEEKS / "keys.md").read_text(encoding="utf-8"))
    rows = []
    for stem, key in sorted(keys.items()):
        if weeks and stem not in weeks:
            continue
        path = WEEKS / f"{stem}.v2pages.jsonl.gz"
        authors = {a.lower() for a in file_authors(path)}
        key.noise_terms = noise_terms(key.noise_line, authors)
        for config in configs:
            t0 = time.perf_counter()
            post, result = run_week(path, key, config, lang)
            rows.append(score(key, config, post, result, time.perf_counter() - t0))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--week", action="append", help="file stem, e.g. en_2026-03-23 (repeatable; default all)")
    ap.add_argument("--config", action="append", choices=CONFIGS)
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--show", action="store_true", help="print the trend headlines and missed themes")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not (WEEKS / "keys.md").is_file():
        print(f"{WEEKS}: development weeks not found; set TWEETBRIEF_SHARED to the shared folder", file=sys.stderr)
        return 2
    rows = evaluate(args.week, tuple(args.config or CONFIGS), args.lang)
    if args.json:
        print(orjson.dumps([asdict(r) for r in rows], option=orjson.OPT_INDENT_2).decode())
        return 0
    print(f"{'week':<15} {'config':<12} {'recall':>8} {'noise@3':>8} {'triples':>8} {'cut':>4} {'s':>6}")
    for r in rows:
        noise = "YES" if r.noise_top3 else "no"
        print(f"{r.week:<15} {r.config:<12} {r.covered}/{r.themes} {r.recall:>4.0%} {noise:>8} "
              f"{r.triples:>8} {r.cut_facts:>4} {r.seconds:>6.1f}")
        if args.show:
            for i, h in enumerate(r.trends, 1):
                print(f"    {i:>2}. {h}")
            for m in r.missed:
                print(f"    missed: {m}")
            for h in r.noise_hits:
                print(f"    NOISE: {h}")
    worst = min((r.recall for r in rows), default=0)
    print(f"min recall {worst:.0%}; noise in top 3: {sum(r.noise_top3 for r in rows)}; "
          f"triples: {sum(r.triples for r in rows)}; cut facts: {sum(r.cut_facts for r in rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

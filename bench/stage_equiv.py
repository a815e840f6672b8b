"""Old vs new: the events, sentiment and markets stages give identical outputs.

    python3 bench/stage_equiv.py [--ref HEAD] [--days 12]

Runs two processes: one with ``analysis/{events,sentiment,markets}.py`` as committed at ``--ref``
(read with ``git show``, nothing is checked out), one with the working tree. Each computes, on all
44,656 bench tweets and the bundled demo:

* per tweet (normalised as the pipeline does): ``score_text`` (score, worried), ``symbols``;
  ``events.candidates`` over every tweet (kind, family, key, names, trigger position);
* ``analyse`` over the whole bench range, the demo's two days and ``--days`` busy bench days with
  their previous day: events (when, kind, summary, tweet_ids), per-tweet sentiment and worried
  flags, tickers (symbol, mentions, tweet_ids, sentiment);

then compares everything and prints seconds per stage call for both.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.abc
import importlib.util
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TWEETBRIEF_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "data/bench/xkit_daily_feed.v2pages.jsonl.gz"
DEMO = REPO / "src/tweetbrief/data/demo/ai_demo.v2pages.jsonl"
MODULES = ("sentiment", "markets", "events")
OUT = REPO / "bench/out"


class _RefFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the three stage modules from a git revision."""

    def __init__(self, ref: str):
        self.src = {
            f"tweetbrief.analysis.{m}": subprocess.run(
                ["git", "-C", str(REPO), "show", f"{ref}:src/tweetbrief/analysis/{m}.py"],
                capture_output=True, text=True, check=True).stdout
            for m in MODULES
        }

    def find_spec(self, fullname, path=None, target=None):
        if fullname in self.src:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        exec(compile(self.src[module.__name__], f"<ref {module.__name__}>", "exec"), module.__dict__)


def load(path: Path):
    import orjson

    from tweetbrief.sources.formats.x_v2 import tweets_from_v2_page

    opener = gzip.open if path.suffix == ".gz" else open
    out = []
    with opener(path, "rb") as fh:
        for line in fh:
            if line.strip():
                out.extend(tweets_from_v2_page(orjson.loads(line)))
    out.sort(key=lambda t: (t.created_at, t.id))
    return out


def _analysis(a) -> dict:
    return {
        "events": [[e.when.isoformat(), e.kind, e.summary, e.tweet_ids] for e in a.events],
        "sentiment": [a.sentiment.label, a.sentiment.score, a.sentiment.positive, a.sentiment.negative,
                      a.sentiment.worried],
        "tickers": [[s.symbol, s.kind, s.name, s.mentions, s.tweet_ids,
                     s.sentiment and [s.sentiment.score, s.sentiment.label, s.sentiment.worried]] for s in a.tickers],
        "tweet_sentiment": sorted(a.tweet_sentiment.items()) if hasattr(a, "tweet_sentiment") else None,
        "trend_sentiment": [[t.sentiment.score, t.sentiment.label] if t.sentiment else None for t in a.trends],
    }


def compute(ref: str | None, days: int) -> dict:
    if ref:
        sys.meta_path.insert(0, _RefFinder(ref))
    from datetime import date

    from tweetbrief.analysis import Period, analyse
    from tweetbrief.analysis import events as ev
    from tweetbrief.analysis import markets as mk
    from tweetbrief.analysis import sentiment as se
    from tweetbrief.analysis.base import Context
    from tweetbrief.analysis.normalise import normalise_one
    from tweetbrief.analysis.text import detect_lang, norm_lang
    from tweetbrief.analysis.words import known_names
    from tweetbrief.config import load_topic

    for mod in (se, mk, ev):
        assert isinstance(mod.__spec__.loader, _RefFinder) == bool(ref), mod
    topic = load_topic("ai")
    out: dict = {"timing": Counter()}
    for name, path in (("demo", DEMO), ("bench", CORPUS)):
        tweets = load(path)
        ctx = Context(topic=topic, period=None, tweets=tweets, previous=[])
        for t in tweets:
            ctx.text[t.id] = normalise_one(t.text, t.urls)
            ctx.lang[t.id] = norm_lang(t.lang) or detect_lang(ctx.text[t.id])
        texts = [(ctx.text_of(t), ctx.lang_of(t)) for t in tweets]
        se.score_text("warm up", "en"), se.score_text("热身", "zh"), mk.matcher(), known_names()
        t0 = time.perf_counter()
        sent = [se.score_text(x, lang) for x, lang in texts]
        t1 = time.perf_counter()
        m = mk.matcher()
        syms = [sorted(m.symbols(x, t.cashtags)) for (x, _), t in zip(texts, tweets)]
        t2 = time.perf_counter()
        cands = ev.candidates(ctx, tweets, known_names())
        t3 = time.perf_counter()
        out["timing"][f"{name} sentiment"] += t1 - t0
        out["timing"][f"{name} markets"] += t2 - t1
        out["timing"][f"{name} events"] += t3 - t2
        out[f"{name} per-tweet"] = {
            "ids": [t.id for t in tweets],
            "sentiment": [[repr(s), w] for s, w in sent],
            "symbols": syms,
            "events": [[c["tweet"].id, c["kind"], c["family"], sorted(c["key"]), sorted(c["names"]), c["at"]]
                       for c in cands],
            "summaries": [ev.summarise_text(ctx.text_of(c["tweet"]), c["at"]) for c in cands],
        }
        # whole pipeline
        tz = topic.tz
        periods = []
        if name == "demo":
            periods = [Period(date(2026, 1, 26), date(2026, 1, 26), topic.timezone),
                       Period(date(2026, 1, 27), date(2026, 1, 27), topic.timezone)]
        else:
            periods = [Period(tweets[0].created_at.astimezone(tz).date(), tweets[-1].created_at.astimezone(tz).date(),
                              topic.timezone)]
            per_day = Counter(t.created_at.astimezone(tz).date() for t in tweets)
            periods += [Period(d, d, topic.timezone) for d, _ in per_day.most_common(days)]
        for p in periods:
            prev = p.previous()
            cur = [t for t in tweets if p.start_utc <= t.created_at < p.end_utc]
            before = [t for t in tweets if prev.start_utc <= t.created_at < prev.end_utc]
            a = analyse(cur, topic, p, previous=before)
            for stage in ("sentiment", "markets", "events"):
                out["timing"][f"{name} analyse {stage}"] += a.timings.get(stage, 0.0)
            out[f"{name} analyse {p.start}..{p.end}"] = _analysis(a)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", default="HEAD", help="git revision of the old implementation")
    ap.add_argument("--days", type=int, default=12, help="busiest bench days also analysed with their previous day")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # internal: 'ref' or 'new', writes JSON to this path
    args = ap.parse_args()
    if args.one:
        kind, path = args.one.split(":", 1)
        res = compute(args.ref if kind == "ref" else None, args.days)
        Path(path).write_text(json.dumps(res, ensure_ascii=False))
        return
    if not CORPUS.is_file():
        sys.exit(f"bench corpus not found: {CORPUS} (set TWEETBRIEF_SHARED)")
    OUT.mkdir(exist_ok=True)
    res = {}
    for kind in ("ref", "new"):
        path = OUT / f"stage_equiv_{kind}.json"
        subprocess.run([sys.executable, __file__, "--ref", args.ref, "--days", str(args.days),
                        "--one", f"{kind}:{path}"], check=True)
        res[kind] = json.loads(path.read_text())
    ref, new = res["ref"], res["new"]
    bad = 0
    for key in ref:
        if key == "timing":
            continue
        for part in ref[key]:
            a, b = ref[key][part], new[key].get(part)
            same = a == b
            if not same:
                bad += 1
                both_lists = isinstance(a, list) and isinstance(b, list)
                diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y] if both_lists else []
                print(f"DIFF {key} / {part}: {len(a)} vs {len(b) if b is not None else None}; "
                      f"first differing rows {diffs[:5]}")
        counts = {p: len(v) for p, v in ref[key].items() if isinstance(v, list)}
        print(f"same  {key}: {counts}" if all(ref[key][p] == new[key].get(p) for p in ref[key]) else f"DIFFERS {key}")
    print(f"\n{'seconds':<28} {'old':>8} {'new':>8}")
    for k in ref["timing"]:
        print(f"{k:<28} {ref['timing'][k]:>8.2f} {new['timing'][k]:>8.2f}")
    print("\nIDENTICAL" if not bad else f"\n{bad} DIFFERENCES")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

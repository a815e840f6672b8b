"""Analysis speed: ``analyse()`` over 10k, 44.6k (the whole bench corpus) and 100k tweets.

    python3 bench/analysis_bench.py [--sizes 10000,44656,100000] [--previous] [--distinct] [--profile N]

The corpus is ``../shared/data/bench/xkit_daily_feed.v2pages.jsonl.gz`` (real tweets, no metrics,
no lang). Sizes above the corpus are replicated with new ids and dates shifted past the end, so
the period grows with them; replicated texts are exact duplicates of the originals and fold in
dedup (``--distinct`` appends a different word pair to each replica so they stay distinct
tweets, the harder case for dedup and clustering). ``--previous`` also passes a previous period
(the same tweets shifted back, new ids) so trend changes are computed.

Each size runs in its own process; prints seconds per stage, total and peak RSS.
Target: 100k tweets <= 30 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import os
import pstats
import resource
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import orjson

SHARED = Path(os.environ.get("TWEETBRIEF_SHARED", Path(__file__).resolve().parents[2] / "shared"))
CORPUS = SHARED / "data/bench/xkit_daily_feed.v2pages.jsonl.gz"
TARGET_100K = 30.0
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"]


def load_corpus():
    from tweetbrief.sources.formats.x_v2 import tweets_from_v2_page

    out = []
    with gzip.open(CORPUS) as fh:
        for line in fh:
            out.extend(tweets_from_v2_page(orjson.loads(line)))
    out.sort(key=lambda t: (t.created_at, t.id))
    return out


def build(n: int, distinct: bool):
    base = load_corpus()
    if n <= len(base):
        return base[:n]
    span = base[-1].created_at - base[0].created_at + timedelta(days=1)
    out = list(base)
    r = 0
    while len(out) < n:
        r += 1
        for t in base[: n - len(out)]:
            text = t.text
            if distinct:
                text = f"{text} {WORDS[(int(t.id) + r) % len(WORDS)]} {WORDS[(int(t.id) // 7 + 3 * r) % len(WORDS)]}{r}"
            out.append(replace(t, id=str(int(t.id) + r * 10**18), created_at=t.created_at + r * span, text=text))
    return out


def shifted_back(tweets, days: int):
    return [replace(t, id=str(int(t.id) + 5 * 10**18), created_at=t.created_at - timedelta(days=days)) for t in tweets]


def run_size(n: int, previous: bool, distinct: bool, profile: int) -> dict:
    from tweetbrief.analysis import Period, analyse
    from tweetbrief.config import load_topic

    t0 = time.perf_counter()
    tweets = build(n, distinct)
    load_s = time.perf_counter() - t0
    topic = load_topic("ai")
    tz = topic.tz
    period = Period(tweets[0].created_at.astimezone(tz).date(), tweets[-1].created_at.astimezone(tz).date(),
                    topic.timezone)
    prev = shifted_back(tweets, period.days) if previous else None
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    if profile:
        prof = cProfile.Profile()
        a = prof.runcall(analyse, tweets, topic, period, previous=prev)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(profile)
    else:
        a = analyse(tweets, topic, period, previous=prev)
    total = time.perf_counter() - t0
    st = a.stats
    return {
        "n": len(tweets),
        "previous": len(prev) if prev else 0,
        "load_s": round(load_s, 2),
        "analyse_s": round(total, 2),
        "stages": a.timings,
        "in_range": st.in_range,
        "relevant": st.relevant,
        "after_dedup": st.after_dedup,
        "duplicates": st.duplicates,
        "trends": len(a.trends),
        "tickers": len(a.tickers),
        "events": len(a.events),
        "rss_before_mb": round(rss0),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,44656,100000")
    ap.add_argument("--previous", action="store_true", help="also pass a previous period of the same size")
    ap.add_argument("--distinct", action="store_true", help="make replicated tweets distinct texts")
    ap.add_argument("--profile", type=int, default=0, help="print the top N cProfile lines")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size in this process
    args = ap.parse_args()
    if not CORPUS.is_file():
        sys.exit(f"bench corpus not found: {CORPUS} (set TWEETBRIEF_SHARED)")
    if args.one:
        print(json.dumps(run_size(args.one, args.previous, args.distinct, args.profile)))
        return
    print(f"{'tweets':>8} {'analyse s':>9} {'peak MB':>8}  relevant→dedup  per stage (s)")
    worst = 0.0
    for n in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(n), *["--previous"] * args.previous,
               *["--distinct"] * args.distinct]
        if args.profile:
            cmd += ["--profile", str(args.profile)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        *head, last = out.rstrip("\n").split("\n")
        if head:
            print("\n".join(head))
        r = json.loads(last)
        stages = " ".join(f"{k}={v:.2f}" for k, v in r["stages"].items())
        print(f"{r['n']:>8} {r['analyse_s']:>9.2f} {r['peak_rss_mb']:>8}  "
              f"{r['relevant']:>6}→{r['after_dedup']:<6}  {stages}")
        if r["n"] >= 100_000:
            worst = max(worst, r["analyse_s"] * 100_000 / r["n"])
    if worst:
        print(f"100k target {TARGET_100K:.0f} s: {'OK' if worst <= TARGET_100K else 'MISSED'} ({worst:.1f} s)")


if __name__ == "__main__":
    main()

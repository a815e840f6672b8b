"""Import throughput: the gzip JSON-lines X API v2 bench file into a temporary store.

    python3 bench/import_bench.py [FILE] [--repeat N] [--profile]

Prints tweets/s end to end (sniff + parse + store, one core) and peak RSS. Target: >= 50k tweets/s.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

from tweetbrief.sources import import_files
from tweetbrief.store import Store

DEFAULT = Path(os.environ.get("TWEETBRIEF_SHARED", Path(__file__).resolve().parents[2] / "shared")) / (
    "data/bench/xkit_daily_feed.v2pages.jsonl.gz")
TARGET = 50_000


def run_once(path: Path) -> tuple[int, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.sqlite")
        t0, c0 = time.perf_counter(), time.process_time()
        summary = import_files([path], store)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        count = store.count()
        store.close()
    if summary.errors or summary.skips or count != summary.new:
        sys.exit(f"bench import went wrong: {summary.as_json()}")
    return summary.new, elapsed, cpu


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kb / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    ap.add_argument("--profile", action="store_true", help="print the top of a cProfile of one run")
    args = ap.parse_args()
    if not args.file.is_file():
        sys.exit(f"bench file not found: {args.file} (set TWEETBRIEF_SHARED)")
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(run_once, args.file)
        pstats.Stats(prof).sort_stats("tottime").print_stats(20)
    rss_before = peak_rss_mb()
    runs = [run_once(args.file) for _ in range(max(1, args.repeat))]
    n, best, cpu = runs[0][0], min(r[1] for r in runs), min(r[2] for r in runs)
    rate = n / best
    print(f"file: {args.file.name}")
    print(f"tweets: {n:,}   best of {len(runs)}: {best:.3f} s wall, {cpu:.3f} s CPU   {rate:,.0f} tweets/s "
          f"({'meets' if rate >= TARGET else 'BELOW'} the {TARGET:,}/s target; CPU-bound rate {n / cpu:,.0f}/s)")
    print(f"peak RSS: {peak_rss_mb():.1f} MiB (before importing: {rss_before:.1f} MiB)")


if __name__ == "__main__":
    main()

"""Scale: import + analysis + offline report at 10k, 100k and 1M tweets.

    python3 bench/scale_bench.py [--sizes 10000,100000,1000000] [--repeat N] [--one-process]
                                 [--profile STAGE] [--keep]

Replication design (the bench corpus has 44,656 real tweets over 2024-12-15..2026-05-20, ~86 a
day, busiest local day 2025-01-17 with 191):

* **Same span, denser feed.** Replica r of the corpus keeps every tweet's date (plus a
  deterministic jitter of under +-30 min), so N tweets cover the same 17 months at N/44,656 times
  the density -- a much busier feed, not a 30-year one. 1M tweets = ~1,900 a day, ~4,300 on
  the busiest day. Sizes below a whole number of replicas take a seeded random subset of the last
  replica, so every size spans the whole range (10k = a 22% sample of the corpus).
* **New tweets, new people.** Every replica gets new snowflake ids (consistent with the new
  timestamp; unique, checked) and new author ids and handles (``handle_r``, shortened to stay a
  valid 15-character X handle), so a replica reads like other accounts posting.
* **Distinct texts.** Exact copies would fold in dedup and cost nothing downstream (tokenisation
  caches repeated texts). Replica r >= 1 replaces ~35% of each tweet's non-URL words with words
  drawn from the corpus' own word distribution (seeded): the vocabulary, text lengths, script mix
  (en/zh), noise share and keyword hit rate stay the corpus', while 3-gram Jaccard against the
  original drops well below the 0.7 near-duplicate threshold -- so dedup, tokenisation and
  clustering see ~N distinct tweets, the hard case. The corpus' own duplicates stay duplicated.

Files are gzip JSON lines of X API v2 pages (100 tweets a page), written to ``bench/out/scale/``
(git-ignored; reused when present). Each stage runs in its own process, as a user runs CLI
commands: ``import`` (``import_files``, the CLI path), ``day`` (``make_report`` with the offline
writer for the busiest day) and ``range`` (``make_report`` over the whole span). Prints seconds
per stage, the analysis stages, each process's peak RSS and the time per tweet between sizes.
Targets: 1M import + day + range <= 300 s and <= 2 GB peak RSS; analysis of 100k <= 30 s.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import orjson

SHARED = Path(os.environ.get("TWEETBRIEF_SHARED", Path(__file__).resolve().parents[2] / "shared"))
CORPUS = SHARED / "data/bench/xkit_daily_feed.v2pages.jsonl.gz"
OUT = Path(__file__).resolve().parent / "out" / "scale"
VERSION = 1  # bump when the generator changes (invalidates cached files)
EPOCH_MS = 1288834974657
PAGE = 100
VARY = 0.35  # share of words replaced in replicas
BUSY_DAY = date(2025, 1, 17)  # the corpus' busiest local (Asia/Shanghai) day
TARGET_TOTAL_S, TARGET_RSS_MB, TARGET_100K_S = 300.0, 2048, 30.0


# --- generation -------------------------------------------------------------------------------



def replica_handle(handle: str, r: int) -> str:
    """``handle_r``, kept a valid X handle (at most 15 characters): the handle is shortened first."""
    suffix = f"_{r}"
    return handle[: 15 - len(suffix)] + suffix

def load_corpus() -> tuple[list[dict], dict[str, dict]]:
    tweets, users = [], {}
    with gzip.open(CORPUS) as fh:
        for line in fh:
            page = orjson.loads(line)
            tweets.extend(page["data"])
            for u in page.get("includes", {}).get("users", ()):
                users[u["id"]] = u
    tweets.sort(key=lambda t: (t["created_at"], int(t["id"])))
    return tweets, users


def _vary(texts: list[str], rng: np.random.Generator, pool: list[str]) -> list[str]:
    out = []
    words_per = [t.split(" ") for t in texts]
    total = sum(len(w) for w in words_per)
    swap = rng.random(total) < VARY
    pick = rng.integers(0, len(pool), total)
    k = 0
    for words in words_per:
        new = []
        for w in words:
            new.append(pool[pick[k]] if swap[k] and not w.startswith("http") and w else w)
            k += 1
        out.append(" ".join(new))
    return out


def generate(n: int) -> list[Path]:
    """Write ``n`` tweets as X API v2 pages (cached); return the files."""
    folder = OUT / f"n{n}"
    manifest = folder / "manifest.json"
    if manifest.is_file() and json.loads(manifest.read_text()).get("version") == VERSION:
        return sorted(folder.glob("*.jsonl.gz"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    base, users = load_corpus()
    pool = [w for t in base for w in t["text"].split(" ") if w and not w.startswith(("http", "@"))]
    seen_ids: set[int] = set()
    written, r, files = 0, 0, []
    while written < n:
        rng = np.random.default_rng(1000 + r)
        take = min(len(base), n - written)
        idx = np.arange(len(base)) if take == len(base) else np.sort(rng.permutation(len(base))[:take])
        chosen = [base[i] for i in idx]
        texts = [t["text"] for t in chosen] if r == 0 else _vary([t["text"] for t in chosen], rng, pool)
        jitter = np.zeros(take, dtype=np.int64) if r == 0 else rng.integers(-1800, 1800, take)
        path = folder / f"replica_{r:03d}.jsonl.gz"
        with gzip.open(path, "wb", compresslevel=1) as fh:
            for p0 in range(0, take, PAGE):
                data, page_users = [], {}
                for j in range(p0, min(p0 + PAGE, take)):
                    t = chosen[j]
                    when = datetime.fromisoformat(t["created_at"]) + timedelta(seconds=int(jitter[j]))
                    ms = int(when.timestamp() * 1000)
                    tid = int(t["id"]) if r == 0 else ((ms - EPOCH_MS) << 22) | (r << 12) | (int(t["id"]) & 0xFFF)
                    while tid in seen_ids:
                        tid += 1
                    seen_ids.add(tid)
                    aid = t.get("author_id", "")
                    u = users.get(aid)
                    new_aid = aid if r == 0 else f"{aid}{r:03d}"
                    if u is not None:
                        page_users[new_aid] = u if r == 0 else {**u, "id": new_aid,
                                                                "username": replica_handle(u["username"], r)}
                    data.append({**t, "id": str(tid), "text": texts[j], "author_id": new_aid,
                                 "created_at": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                                 "edit_history_tweet_ids": [str(tid)]})
                fh.write(orjson.dumps({"data": data, "includes": {"users": list(page_users.values())},
                                       "meta": {"result_count": len(data)}}) + b"\n")
        files.append(path)
        written += take
        r += 1
    manifest.write_text(json.dumps({"version": VERSION, "n": n, "replicas": r}))
    return files


def span() -> tuple[date, date]:
    return date(2024, 12, 15), date(2026, 5, 20)


# --- stages (each in its own process unless --one-process) --------------------------------------


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_import(db: Path, files: list[Path]) -> dict:
    from tweetbrief.sources import import_files
    from tweetbrief.store import Store

    t0 = time.perf_counter()
    with Store.open(db) as store:
        summary = import_files(files, store)
    secs = time.perf_counter() - t0
    if summary.errors or summary.skips:
        raise SystemExit(f"import went wrong: {summary.as_json()}")
    return {"seconds": round(secs, 2), "new": summary.new, "parts": {}}


def stage_report(db: Path, start: date, end: date, site: Path) -> dict:
    from tweetbrief.config import load_topic
    from tweetbrief.pipeline import make_report
    from tweetbrief.store import Store

    topic = load_topic("ai")
    t0 = time.perf_counter()
    with Store.open(db) as store:
        res = make_report(store, topic, start, end, site, writer="offline",
                          now=datetime(2026, 5, 21, tzinfo=UTC))
    secs = time.perf_counter() - t0
    a = res.analysis
    assert a is not None
    st = a.stats
    return {"seconds": round(secs, 2), "parts": res.stats["seconds"], "analysis": a.timings,
            "in_range": st.in_range, "relevant": st.relevant, "unique": st.after_dedup,
            "trends": len(a.trends), "previous": st.previous_relevant}


def run_stage(args) -> dict:
    db, site = Path(args.db), Path(args.site)
    if args.stage == "import":
        fn = lambda: stage_import(db, [Path(f) for f in args.files])  # noqa: E731
    else:
        start, end = (BUSY_DAY, BUSY_DAY) if args.stage == "day" else span()
        fn = lambda: stage_report(db, start, end, site)  # noqa: E731
    if args.profile == args.stage:
        prof = cProfile.Profile()
        out = prof.runcall(fn)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    else:
        out = fn()
    out["peak_mb"] = round(peak_mb())
    return out


def child(stage: str, db: Path, site: Path, files: list[Path], profile: str | None) -> dict:
    cmd = [sys.executable, __file__, "--stage", stage, "--db", str(db), "--site", str(site)]
    cmd += ["--files", *map(str, files)] if stage == "import" else []
    cmd += ["--profile", profile] if profile else []
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    if proc.returncode:
        raise SystemExit(f"{stage} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_size(n: int, one_process: bool, profile: str | None, keep: bool) -> dict:
    t0 = time.perf_counter()
    files = generate(n)
    gen_s = time.perf_counter() - t0
    tmp = Path(tempfile.mkdtemp(prefix=f"scale{n}-", dir=OUT))
    db, site = tmp / "bench.sqlite", tmp / "site"
    results: dict = {}
    try:
        for stage in ("import", "day", "range"):
            if one_process:
                ns = argparse.Namespace(stage=stage, db=db, site=site, files=files, profile=profile)
                results[stage] = run_stage(ns)
            else:
                results[stage] = child(stage, db, site, files, profile)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return {**results, "generate_s": round(gen_s, 1), "n": n}


def fmt(d: dict) -> str:
    return " ".join(f"{k}={v:.2f}" for k, v in d.items())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest of each stage is kept")
    ap.add_argument("--one-process", action="store_true", help="run the three stages in this process")
    ap.add_argument("--profile", choices=("import", "day", "range"), help="cProfile one stage (to stderr)")
    ap.add_argument("--keep", action="store_true", help="keep the database and site under bench/out/scale")
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--site", help=argparse.SUPPRESS)
    ap.add_argument("--files", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        print(json.dumps(run_stage(args)))
        return
    if not CORPUS.is_file():
        sys.exit(f"bench corpus not found: {CORPUS} (set TWEETBRIEF_SHARED)")
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"load average {os.getloadavg()[0]:.2f}; {'one process' if args.one_process else 'a process per stage'}")
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        runs = [run_size(n, args.one_process, args.profile, args.keep) for _ in range(max(1, args.repeat))]
        r = {**runs[0]}
        for stage in ("import", "day", "range"):
            r[stage] = min((x[stage] for x in runs), key=lambda s: s["seconds"])
            r[stage]["peak_mb"] = max(x[stage]["peak_mb"] for x in runs)
        rows.append(r)
        total = sum(r[s]["seconds"] for s in ("import", "day", "range"))
        peak = max(r[s]["peak_mb"] for s in ("import", "day", "range"))
        print(f"\n== {n:,} tweets (generated in {r['generate_s']} s; best of {len(runs)})  "
              f"total {total:.1f} s, peak RSS {peak} MB")
        imp = r["import"]
        rate = imp["new"] / imp["seconds"]
        print(f"  import  {imp['seconds']:7.2f} s  {rate:>9,.0f}/s   peak {imp['peak_mb']:>5} MB")
        for s in ("day", "range"):
            x = r[s]
            print(f"  {s:<6}  {x['seconds']:7.2f} s  {x['in_range']:>8,} in range -> {x['relevant']:,} relevant -> "
                  f"{x['unique']:,} unique, {x['trends']} trends   peak {x['peak_mb']:>5} MB")
            print(f"          report: {fmt(x['parts'])}")
            print(f"          analyse: {fmt(x['analysis'])}")
        if n >= 1_000_000:
            print(f"  1M target {TARGET_TOTAL_S:.0f} s / {TARGET_RSS_MB} MB: "
                  f"{'OK' if total <= TARGET_TOTAL_S and peak <= TARGET_RSS_MB else 'MISSED'}")
        if n == 100_000:
            a = r["range"]["parts"]["analyse"]
            met = "OK" if a <= TARGET_100K_S else "MISSED"
            print(f"  100k analysis target {TARGET_100K_S:.0f} s: {met} ({a:.1f} s)")
    if len(rows) > 1:
        print("\ntime per tweet, relative to the previous size (1.0 = linear; n log n allows ~1.2 per x10):")
        for prev, cur in zip(rows, rows[1:]):
            parts = []
            for s in ("import", "range"):
                per_prev = prev[s]["seconds"] / prev["n"]
                per_cur = cur[s]["seconds"] / cur["n"]
                parts.append(f"{s} {per_cur / per_prev:.2f}")
            a0, a1 = prev["range"]["parts"]["analyse"] / prev["n"], cur["range"]["parts"]["analyse"] / cur["n"]
            parts.append(f"range analyse {a1 / a0:.2f}")
            print(f"  {prev['n']:>9,} -> {cur['n']:>9,}: " + ", ".join(parts))


if __name__ == "__main__":
    main()

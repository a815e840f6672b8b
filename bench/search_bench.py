"""Search: trigram vs jieba on the bench corpus, and latency / index build on the scale store.

    python3 bench/search_bench.py compare            # 44,656 real tweets: trigram vs jieba-segmented FTS5
    python3 bench/search_bench.py scale [--n 1000000] [--repeat 5] [--no-rebuild]
    python3 bench/search_bench.py import             # import throughput, then the first search's index catch-up

``compare`` builds both candidate indexes over the bench corpus (bench/scale_bench.py's corpus,
the real tweets) and, for a fixed list of zh and en queries, counts the hits of each against the
tweets that contain the query word (case-insensitive substring), the build time and the index size,
and prints examples of tweets the jieba index misses.

``scale`` imports the synthesised N-tweet store (bench/scale_bench.py ``generate``: same span,
replicas with new ids, authors and ~35% of words swapped; cached in bench/out/scale/), then times:
the import (no indexing since migration m005), the first search after it (which catches the index
up: ``ensure_index``), the migration's full rebuild of the index, the index size (``dbstat``), and
each query of ``QUERIES`` (median of ``--repeat`` runs, warm cache), through
``tweetbrief.search.search`` -- the code the CLI and the MCP server call. Goal: a typical query
(every word 3+ characters, whole archive, top 20) under 100 ms.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale_bench  # noqa: E402  (the corpus path and the scale-store generator)

OUT = Path(__file__).resolve().parent / "out" / "search"
# typical queries: product / company names and topic words someone asks the archive about
QUERIES = ["OpenAI", "Claude", "DeepSeek", "agent", "GPT", "大模型", "人工智能", "英伟达", "开源 模型", "Cursor 编程"]
SHORT = ["AI", "模型"]  # under 3 characters: no trigram can match; LIKE over the range (see search.py)
MONTH = (datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC))
COMPARE = ["大模型", "模型", "人工智能", "智能体", "算力", "开源", "推理", "英伟达", "芯片", "编程", "融资",
           "DeepSeek", "OpenAI", "Claude", "agent", "model", "GPT", "Cursor", "open source", "AI"]


def corpus_texts() -> list[str]:
    texts: list[str] = []
    with gzip.open(scale_bench.CORPUS) as fh:
        for line in fh:
            texts.extend(t["text"] for t in orjson.loads(line)["data"])
    return texts


def index_size(db: sqlite3.Connection, prefix: str) -> int:
    return db.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE ?", (prefix + "%",)).fetchone()[0] or 0


def build_trigram(texts: list[str]) -> tuple[sqlite3.Connection, float]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE tri USING fts5(text, tokenize='trigram')")
    t0 = time.perf_counter()
    with db:
        db.executemany("INSERT INTO tri(rowid, text) VALUES (?, ?)", enumerate(texts, 1))
    return db, time.perf_counter() - t0


def build_jieba(texts: list[str]) -> tuple[sqlite3.Connection, float]:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE jb USING fts5(text, tokenize='unicode61')")
    t0 = time.perf_counter()
    rows = ((i, " ".join(w for w in jieba.cut_for_search(t) if w.strip())) for i, t in enumerate(texts, 1))
    with db:
        db.executemany("INSERT INTO jb(rowid, text) VALUES (?, ?)", rows)
    return db, time.perf_counter() - t0


def compare() -> dict:
    import jieba

    texts = corpus_texts()
    lowered = [t.lower() for t in texts]
    tri, tri_s = build_trigram(texts)
    jb, jb_s = build_jieba(texts)
    rows, examples = [], {}
    for q in COMPARE:
        truth = {i for i, t in enumerate(lowered, 1) if q.lower() in t}
        if len(q) >= 3:
            tri_hits = {r[0] for r in tri.execute("SELECT rowid FROM tri WHERE tri MATCH ?", (f'"{q}"',))}
        else:
            tri_hits = truth  # search.py: LIKE on the rows for words under 3 characters
        jq = " ".join(f'"{w}"' for w in jieba.cut_for_search(q) if w.strip()) if not q.isascii() else f'"{q}"'
        jb_hits = {r[0] for r in jb.execute("SELECT rowid FROM jb WHERE jb MATCH ?", (jq,))}
        missed = sorted(truth - jb_hits)
        rows.append({"query": q, "contain": len(truth), "trigram": len(tri_hits & truth),
                     "trigram_extra": len(tri_hits - truth), "jieba": len(jb_hits & truth),
                     "jieba_extra": len(jb_hits - truth),
                     "jieba_recall": round(len(jb_hits & truth) / max(len(truth), 1), 3)})
        examples[q] = [texts[i - 1][:90].replace("\n", " ") for i in missed[:2]]
    return {"tweets": len(texts), "build_s": {"trigram": round(tri_s, 2), "jieba": round(jb_s, 2)},
            "size_mb": {"trigram": round(index_size(tri, "tri") / 2**20, 1),
                        "jieba": round(index_size(jb, "jb") / 2**20, 1)},
            "queries": rows, "jieba_misses": examples}


def _store_columns(db: sqlite3.Connection) -> list[str]:
    return [r[1] for r in db.execute("PRAGMA table_info(tweets)")]


def scale(n: int, repeat: int, rebuild: bool = True) -> dict:
    from tweetbrief.search import ensure_index, search
    from tweetbrief.sources import import_files
    from tweetbrief.store import Store

    files = scale_bench.generate(n)
    OUT.mkdir(parents=True, exist_ok=True)
    db_path = OUT / f"n{n}.sqlite"
    out: dict = {"n": n}
    if not db_path.exists():
        t0 = time.perf_counter()
        with Store.open(db_path) as store:
            summary = import_files(files, store)
        out["import_s"] = round(time.perf_counter() - t0, 1)
        out["imported"] = summary.new
    store = Store.open(db_path)
    db = store.db
    short = n - store.count()
    if short > 0:
        # The importer now rejects replica handles longer than 15 characters (``handle_r``), so the
        # generated files store fewer than n tweets: top up with copies of stored rows under new
        # (20-digit) ids, indexed by the first search like any import.
        t0 = time.perf_counter()
        cols = ", ".join(c for c in _store_columns(db) if c != "id")
        with db:
            db.execute(f"INSERT INTO tweets (id, {cols}) SELECT id || '9', {cols} FROM tweets "
                       f"WHERE length(id) = 19 ORDER BY rowid LIMIT ?", (short,))
        out["topped_up"] = short
        out["top_up_s"] = round(time.perf_counter() - t0, 1)
    out["tweets"] = store.count()
    t0 = time.perf_counter()
    out["first_search_indexed"] = ensure_index(db, progress=None)  # what the first search after an import does
    out["first_search_catch_up_s"] = round(time.perf_counter() - t0, 1)
    out["db_mb"] = round(db_path.stat().st_size / 2**20)
    out["index_mb"] = round(index_size(db, "tweets_fts") / 2**20)
    out["table_mb"] = round(index_size(db, "tweets") / 2**20 - out["index_mb"])
    if rebuild:
        t0 = time.perf_counter()
        with db:
            db.execute("INSERT INTO tweets_fts(tweets_fts) VALUES ('rebuild')")  # what m003 runs on an existing store
        out["rebuild_s"] = round(time.perf_counter() - t0, 1)
    lat = {}
    kw: dict[str, datetime]
    for label, queries, kw in (("all", QUERIES, {}), ("month", QUERIES, {"start": MONTH[0], "end": MONTH[1]}),
                               ("short_all", SHORT, {}), ("short_month", SHORT, {"start": MONTH[0], "end": MONTH[1]})):
        for q in queries:
            search(db, q, limit=20, **kw)  # warm
            times, cpu = [], []
            for _ in range(repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                hits = search(db, q, limit=20, **kw)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            # wall time, and this process's CPU time (less sensitive to other load on the machine)
            lat[f"{label}:{q}"] = {"ms": round(statistics.median(times), 1), "cpu_ms": round(statistics.median(cpu), 1),
                                   "hits": len(hits)}
    out["latency"] = lat
    typical = [v for k, v in lat.items() if k.startswith("all:") and all(len(w) >= 3 for w in k[4:].split())]
    out["typical_median_ms"] = round(statistics.median(v["ms"] for v in typical), 1)
    out["typical_median_cpu_ms"] = round(statistics.median(v["cpu_ms"] for v in typical), 1)
    out["typical_max_ms"] = round(max(v["ms"] for v in typical), 1)
    store.close()
    return out


def import_cost(repeat: int) -> dict:
    """The corpus imported into a fresh store as ``tweetbrief import`` does (no indexing since m005),
    then the first search, which catches the index up with every imported tweet, then a second
    search (index current: the query alone); best of ``repeat`` each."""
    import tempfile

    from tweetbrief.search import search
    from tweetbrief.sources import import_files
    from tweetbrief.store import Store

    best = {"import": float("inf"), "first_search": float("inf"), "second_search": float("inf")}
    n = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store.open(Path(tmp) / "b.sqlite")
            t0 = time.perf_counter()
            n = import_files([scale_bench.CORPUS], store).new
            t1 = time.perf_counter()
            search(store.db, "大模型", limit=20)
            t2 = time.perf_counter()
            search(store.db, "大模型", limit=20)
            t3 = time.perf_counter()
            store.close()
        for key, secs in (("import", t1 - t0), ("first_search", t2 - t1), ("second_search", t3 - t2)):
            best[key] = min(best[key], secs)
    return {"tweets": n, "import_per_s": round(n / best["import"]),
            "catch_up_us_per_tweet": round((best["first_search"] - best["second_search"]) / n * 1e6, 1),
            **{f"{k}_s": round(v, 3) for k, v in best.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["compare", "scale", "import"])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-rebuild", action="store_true", help="scale: skip timing the full index rebuild")
    args = ap.parse_args()
    result = {"compare": compare, "scale": lambda: scale(args.n, args.repeat, not args.no_rebuild),
              "import": lambda: import_cost(args.repeat)}[args.mode]()
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

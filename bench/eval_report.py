"""Quality of the analysis engine against hand labels: relevance (stage 2) and sentiment (stage 6).

    python3 bench/eval_report.py [--split dev|test|all] [--errors] [--sample-relevance]

Labels live in ``tests/data/labels/`` (tweet ids + labels only); the tweet texts are read from
``../shared`` (``TWEETBRIEF_SHARED``) at run time. Prints precision/recall/F1 of the ``keywords``
relevance stage for the built-in ``ai`` topic, accuracy/macro-F1 of the ``lexicon`` sentiment
stage against an all-neutral baseline, and confusion matrices, per language and per split.
``--errors`` also lists the misclassified ids of the dev split (never the held-out test split:
tune on dev, report test). ``--sample-relevance`` re-draws the relevance sample (ids only) to
show it is reproducible. Method and figures: docs/evaluation.md. Tests: tests/test_eval_*.py.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TWEETBRIEF_SHARED", REPO.parent / "shared"))
LABELS = REPO / "tests" / "data" / "labels"
BENCH = "data/bench/xkit_daily_feed.v2pages.jsonl.gz"
SEED = 20240601  # relevance sample: 180 zh + 180 en distinct texts, alternate draws dev/test
PER_LANG = 180
SENTIMENTS = ("positive", "neutral", "negative")


# --- labels and texts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    tweet_id: str
    label: str
    lang: str
    split: str
    source: str
    worried: bool = False
    note: str = ""


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"))) for ln in lines[1:]]


def relevance_labels(path: Path = LABELS / "relevance_ai.tsv") -> list[Label]:
    return [Label(r["tweet_id"], r["label"], r["lang"], r["split"], BENCH, note=r["note"]) for r in _rows(path)]


def sentiment_labels(path: Path = LABELS / "sentiment.tsv") -> list[Label]:
    return [
        Label(r["tweet_id"], r["label"], r["lang"], r["split"], r["source"], r["worried"] == "1", r.get("note", ""))
        for r in _rows(path)
    ]


@cache
def tweets_in(source: str) -> dict:
    """id -> Tweet of one file under ../shared (the bench corpus or a fixture), via our importers."""
    path = SHARED / source
    if source == BENCH:  # 7 MB of v2 pages: the page reader directly is ~3x faster than sniffing
        from tweetbrief.sources.formats.x_v2 import tweets_from_v2_page

        out = {}
        with gzip.open(path) as fh:
            for line in fh:
                for t in tweets_from_v2_page(orjson.loads(line)):
                    out[t.id] = t
        return out
    from tweetbrief.sources import detect_format
    from tweetbrief.sources.base import ImportOptions, Skip

    return {t.id: t for t in detect_format(path).parse(path, ImportOptions()) if not isinstance(t, Skip)}


def tweets_for(labels: list[Label]) -> dict:
    """id -> Tweet for every label (KeyError names a label whose id is not in its source file)."""
    return {lb.tweet_id: tweets_in(lb.source)[lb.tweet_id] for lb in labels}


def sample_relevance(seed: int = SEED, per_lang: int = PER_LANG) -> list[tuple[str, str, str]]:
    """(tweet_id, lang, split) of the relevance sample: distinct texts (dedup key) of the bench
    corpus in id order, ``per_lang`` drawn at random from each of zh and en; draws alternate
    dev/test so both halves are balanced by language."""
    from tweetbrief.analysis.normalise import normalise_one
    from tweetbrief.analysis.text import dedup_key, detect_lang, norm_lang

    seen: set[str] = set()
    strata: dict[str, list[str]] = {"zh": [], "en": []}
    for t in sorted(tweets_in(BENCH).values(), key=lambda t: int(t.id)):
        text = normalise_one(t.text, t.urls)
        lang = norm_lang(t.lang) or detect_lang(text)
        key = dedup_key(text)
        if lang in strata and key and key not in seen:
            seen.add(key)
            strata[lang].append(t.id)
    rng = random.Random(seed)
    out = []
    for lang in ("zh", "en"):
        for i, tid in enumerate(rng.sample(strata[lang], per_lang)):
            out.append((tid, lang, "dev" if i % 2 == 0 else "test"))
    return out


# --- running the stages --------------------------------------------------------------------------


def _context(tweets: list):
    from tweetbrief.analysis.base import Context, get_stage
    from tweetbrief.analysis.model import Period
    from tweetbrief.config import load_topic

    ctx = Context(topic=load_topic("ai"), period=Period(date(2000, 1, 1), date(2000, 1, 1)), tweets=tweets, previous=[])
    get_stage("normalise", "basic").run(ctx)
    return ctx


def predict_relevance(labels: list[Label]) -> dict[str, str]:
    """id -> "1"/"0" from the default ``keywords`` relevance stage on the ``ai`` topic."""
    from tweetbrief.analysis.base import get_stage

    by_id = tweets_for(labels)
    ctx = _context(list(by_id.values()))
    get_stage("relevance", "keywords").run(ctx)
    kept = {t.id for t in ctx.relevant}
    return {i: "1" if i in kept else "0" for i in by_id}


def predict_sentiment(labels: list[Label]) -> dict[str, tuple[str, bool, float]]:
    """id -> (class, worried, score) from the ``lexicon`` stage's per-tweet scorer."""
    from tweetbrief.analysis.sentiment import NEG, POS, score_text

    by_id = tweets_for(labels)
    ctx = _context(list(by_id.values()))
    out = {}
    for t in by_id.values():
        score, worried = score_text(ctx.text_of(t), ctx.lang_of(t))
        cls = "positive" if score > POS else "negative" if score < NEG else "neutral"
        out[t.id] = (cls, worried, score)
    return out


# --- metrics -------------------------------------------------------------------------------------


def prf(gold: list[str], pred: list[str], positive: str = "1") -> dict[str, float]:
    tp = sum(g == positive and p == positive for g, p in zip(gold, pred))
    fp = sum(g != positive and p == positive for g, p in zip(gold, pred))
    fn = sum(g == positive and p != positive for g, p in zip(gold, pred))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn, "n": len(gold)}


def classes(gold: list[str], pred: list[str], labels=SENTIMENTS) -> dict[str, float]:
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    f1s = [prf(gold, pred, c)["f1"] for c in labels]
    return {"accuracy": acc, "macro_f1": sum(f1s) / len(f1s), "n": len(gold)}


def confusion(gold: list[str], pred: list[str], labels) -> str:
    c = Counter(zip(gold, pred))
    width = max(max(len(x) for x in labels), 4) + 2
    lines = ["gold \\ pred".ljust(width + 2) + "".join(x.rjust(width) for x in labels)]
    for g in labels:
        lines.append(g.ljust(width + 2) + "".join(str(c[(g, p)]).rjust(width) for p in labels))
    return "\n".join(lines)


def pick(labels: list[Label], split: str, lang: str | None = None) -> list[Label]:
    return [lb for lb in labels if (split == "all" or lb.split == split) and (lang is None or lb.lang == lang)]


def relevance_report(split: str) -> dict[str, dict[str, float]]:
    labels = relevance_labels()
    pred = predict_relevance(labels)
    return {
        lang or "all": prf([lb.label for lb in sub], [pred[lb.tweet_id] for lb in sub])
        for lang in (None, "zh", "en")
        for sub in [pick(labels, split, lang)]
    }


def sentiment_report(split: str) -> dict[str, dict[str, float]]:
    labels = sentiment_labels()
    pred = predict_sentiment(labels)
    out = {}
    for lang in (None, "zh", "en"):
        sub = pick(labels, split, lang)
        gold = [lb.label for lb in sub]
        m = classes(gold, [pred[lb.tweet_id][0] for lb in sub])
        base = classes(gold, ["neutral"] * len(gold))
        m["baseline_accuracy"], m["baseline_macro_f1"] = base["accuracy"], base["macro_f1"]
        worry = prf(["1" if lb.worried else "0" for lb in sub], ["1" if pred[lb.tweet_id][1] else "0" for lb in sub])
        m["worried_precision"], m["worried_recall"], m["worried_f1"] = worry["precision"], worry["recall"], worry["f1"]
        out[lang or "all"] = m
    return out


# --- printing ------------------------------------------------------------------------------------


def _print_relevance(split: str, errors: bool) -> None:
    labels = relevance_labels()
    pred = predict_relevance(labels)
    print(f"== relevance (keywords stage, topic 'ai') split={split} ==")
    for lang in (None, "zh", "en"):
        sub = pick(labels, split, lang)
        m = prf([lb.label for lb in sub], [pred[lb.tweet_id] for lb in sub])
        pos = sum(lb.label == "1" for lb in sub)
        print(f"  {lang or 'all':>3}  n={m['n']:<4} on-topic={pos:<4} P={m['precision']:.3f} R={m['recall']:.3f} "
              f"F1={m['f1']:.3f}  (tp={m['tp']} fp={m['fp']} fn={m['fn']})")
    sub = pick(labels, split)
    table = confusion([lb.label for lb in sub], [pred[lb.tweet_id] for lb in sub], ("1", "0"))
    print("  " + table.replace("\n", "\n  "))
    if errors:
        texts = tweets_for(labels)
        for lb in pick(labels, "dev"):
            if pred[lb.tweet_id] != lb.label:
                kind = "FN" if lb.label == "1" else "FP"
                print(f"  {kind} {lb.tweet_id} [{lb.note}] {texts[lb.tweet_id].text[:160]!r}")


def _print_sentiment(split: str, errors: bool) -> None:
    labels = sentiment_labels()
    pred = predict_sentiment(labels)
    print(f"== sentiment (lexicon stage: VADER en, zh lexicon) split={split} ==")
    for lang in (None, "zh", "en"):
        sub = pick(labels, split, lang)
        gold = [lb.label for lb in sub]
        m = classes(gold, [pred[lb.tweet_id][0] for lb in sub])
        b = classes(gold, ["neutral"] * len(gold))
        w = prf(["1" if lb.worried else "0" for lb in sub], ["1" if pred[lb.tweet_id][1] else "0" for lb in sub])
        dist = Counter(gold)
        print(f"  {lang or 'all':>3}  n={m['n']:<4} acc={m['accuracy']:.3f} macroF1={m['macro_f1']:.3f} | all-neutral "
              f"baseline acc={b['accuracy']:.3f} macroF1={b['macro_f1']:.3f} | worried P={w['precision']:.2f} "
              f"R={w['recall']:.2f} | gold {dict(dist)}")
        if lang:
            print("    " + confusion(gold, [pred[lb.tweet_id][0] for lb in sub], SENTIMENTS).replace("\n", "\n    "))
    if errors:
        for lb in pick(labels, "dev"):
            cls, worried, score = pred[lb.tweet_id]
            if cls != lb.label or worried != lb.worried:
                text = tweets_in(lb.source)[lb.tweet_id].text
                print(f"  {lb.label[:3]}->{cls[:3]} w{int(lb.worried)}->{int(worried)} {score:+.2f} {lb.tweet_id} "
                      f"{text[:150]!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "test", "all"), default=None, help="default: dev and test")
    ap.add_argument("--errors", action="store_true", help="list dev-split errors (ids and texts, local only)")
    ap.add_argument("--only", choices=("relevance", "sentiment"), default=None)
    ap.add_argument("--sample-relevance", action="store_true", help="re-draw the relevance sample and compare")
    args = ap.parse_args(argv)
    if not (SHARED / BENCH).is_file():
        print(f"../shared not found at {SHARED}; set TWEETBRIEF_SHARED", file=sys.stderr)
        return 2
    if args.sample_relevance:
        drawn = sample_relevance()
        stored = [(lb.tweet_id, lb.lang, lb.split) for lb in relevance_labels()]
        print(f"sample of {len(drawn)} ids; identical to the labelled file: {drawn == stored}")
        return 0 if drawn == stored else 1
    splits = [args.split] if args.split else ["dev", "test"]
    for split in splits:
        if args.only in (None, "relevance"):
            _print_relevance(split, args.errors and split == "dev")
        if args.only in (None, "sentiment"):
            _print_sentiment(split, args.errors and split == "dev")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

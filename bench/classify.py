"""Classifier speed: transcripts per second and latency per transcript, vs lemmatising alone.

The floor in the same run is tokenising + lemmatising the same text (pymorphy3, cached) — what
any Russian-text classifier must do; the ratios show what the rules, and the rules plus the
statistical model (as shipped), add. Cold = first sight of each word (empty caches); warm = steady
state. Prints one JSON object.

    .venv/bin/python bench/classify.py [--rounds 5]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/queue.py is named like the stdlib module `queue`; keep this folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(fn, texts) -> list[float]:
    out = []
    for t in texts:
        t0 = time.perf_counter()
        fn(t)
        out.append(time.perf_counter() - t0)
    return out


def summary(lat: list[float]) -> dict:
    q = statistics.quantiles(lat, n=100)
    return {"n": len(lat), "per_second": round(len(lat) / sum(lat), 1),
            "median_ms": round(statistics.median(lat) * 1000, 3), "p99_ms": round(q[98] * 1000, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    from classification.classifier import Classifier
    from classification.evaluate import read_jsonl
    from classification.model import StoryModel, embeddings, read_rows
    from classification.rules import load_rules
    from classification import text as text_mod

    data = ROOT / "classification" / "data"
    stories = [r["text"] for f in ("dev.jsonl", "test.jsonl") for r in read_jsonl(data / f)]
    long = [" ".join(stories[i:i + 6]) for i in range(0, len(stories) - 6, 6)]  # ~ a 1-minute story
    t0 = time.perf_counter()
    rules = Classifier(load_rules(ROOT / "classification" / "rules.yaml"))
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    vectors = embeddings()
    vectors_load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    model = StoryModel.train(read_rows([data / "dev.jsonl"]), vectors)
    train_s = time.perf_counter() - t0
    clf = Classifier(rules.rules, model)

    cold = timed(clf.classify, stories)          # caches start empty
    warm, warm_rules, floor = [], [], []
    for _ in range(args.rounds):
        warm += timed(clf.classify, stories)
        warm_rules += timed(rules.classify, stories)
        floor += timed(clf.lemmatiser.tokens, stories)
    warm_long = timed(clf.classify, long * args.rounds)
    floor_long = timed(clf.lemmatiser.tokens, long * args.rounds)
    w, r, f = summary(warm), summary(warm_rules), summary(floor)
    print(json.dumps({
        "benchmark": "classify", "rules_load_s": round(load_s, 3), "model_train_s": round(train_s, 3),
        "vectors_load_s": round(vectors_load_s, 3),
        "cold_first_pass": summary(cold),
        "warm": w, "warm_rules_only": r, "floor_lemmatise_only": f,
        "ratio_median_vs_floor": round(w["median_ms"] / f["median_ms"], 2),
        "ratio_median_rules_only_vs_floor": round(r["median_ms"] / f["median_ms"], 2),
        "long_stories_warm": summary(warm_long), "long_floor": summary(floor_long),
        "words_per_story": round(statistics.mean(len(text_mod.words(s)) for s in stories), 1),
        "words_per_long_story": round(statistics.mean(len(text_mod.words(s)) for s in long), 1),
    }))


if __name__ == "__main__":
    main()

"""How good the classifier is on a labelled set: accuracy, F1 per label, crisis recall, confusions."""

from __future__ import annotations

import json
import math
import random
import time
from pathlib import Path
from typing import Any, Iterable

from classification.classifier import Classifier
from classification.text import words
from domain import CATEGORIES, NEEDS, URGENCIES


class DatasetError(Exception):
    """A labelled file that cannot be read; the message names the line."""


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{n}: not JSON: {exc}") from exc
        missing = [k for k in ("text", "category", "needs", "urgency") if k not in row]
        if missing:
            raise DatasetError(f"{path}:{n}: missing field(s) {', '.join(missing)}")
        if row["category"] not in CATEGORIES or row["urgency"] not in URGENCIES or \
                not isinstance(row["needs"], list) or any(x not in NEEDS for x in row["needs"]):
            raise DatasetError(f"{path}:{n}: unknown label in {row}")
        rows.append(row)
    return rows


def near_repeats(rows: list[dict[str, Any]], known: Iterable[str], threshold: float = 0.5) -> list[int]:
    """Indexes of the stories that nearly repeat a known one (the data the rules were tuned on and the
    model learnt from): at least `threshold` of their words in common (Jaccard), exact copies included.
    A figure over such stories measures memory, not generalisation. Prefix filtering keeps it fast: two
    sets that similar share one of their rarest len - ceil(threshold * len) + 1 words."""
    known_sets = [w for w in {frozenset(words(t)) for t in known} if w]
    freq: dict[str, int] = {}
    for ws in known_sets:
        for w in ws:
            freq[w] = freq.get(w, 0) + 1

    def prefix(ws: frozenset[str]) -> list[str]:
        return sorted(ws, key=lambda w: (freq.get(w, 0), w))[:len(ws) - math.ceil(threshold * len(ws)) + 1]

    by_word: dict[str, list[int]] = {}
    for i, ws in enumerate(known_sets):
        for w in prefix(ws):
            by_word.setdefault(w, []).append(i)
    found = []
    for n, row in enumerate(rows):
        ws = frozenset(words(row["text"]))
        candidates = {i for w in prefix(ws) for i in by_word.get(w, ())}
        if any(len(ws & known_sets[i]) / len(ws | known_sets[i]) >= threshold for i in candidates):
            found.append(n)
    return found


_CONFUSED = [("о", "а"), ("е", "и"), ("т", "д"), ("с", "з"), ("б", "п"), ("в", "ф"), ("г", "к"), ("ж", "ш"),
             ("я", "е")]


def damage(text: str, rate: float, rnd: random.Random) -> str:
    """The text as a worse recogniser might hear it: with probability `rate` a word of four or more
    letters gets a vowel or voicing confusion, is split in two or loses its last letter, and a word
    of one or two letters is lost (at 0.3 x rate). Seeded, so a figure can be reproduced. The
    confusions are the ones `text.sound` folds, so that part flatters the rules; splits, lost
    endings and lost little words («не»!) do not."""
    out = []
    for w in text.split():
        r = rnd.random()
        if r < rate and len(w) >= 4:
            kind = rnd.choice(["confuse", "confuse", "split", "cut"])
            spots = [i for i, ch in enumerate(w) for a, b in _CONFUSED if ch in (a, b)]
            if kind == "confuse" and spots:
                i = rnd.choice(spots)
                w = w[:i] + next(b if w[i] == a else a for a, b in _CONFUSED if w[i] in (a, b)) + w[i + 1:]
            elif kind == "split":
                i = rnd.randint(2, len(w) - 2)
                w = f"{w[:i]} {w[i:]}"
            elif kind == "cut":
                w = w[:-1]
        elif r < rate * 1.3 and len(w) <= 2:
            continue
        out.append(w)
    return " ".join(out)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def _single_label(gold: list[str], pred: list[str], labels: Iterable[str]) -> tuple[dict, float, list]:
    per = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred))
        per[lab] = _prf(tp, fp, fn)
    present = [lab for lab in labels if per[lab]["support"] > 0]
    macro = sum(per[lab]["f1"] for lab in present) / len(present) if present else 0.0
    confusion = [[sum(g == a and p == b for g, p in zip(gold, pred)) for b in labels] for a in labels]
    return per, round(macro, 4), confusion


def evaluate(classifier: Classifier, rows: list[dict[str, Any]]) -> dict[str, Any]:
    preds, latencies = [], []
    for row in rows:
        t0 = time.perf_counter()
        preds.append(classifier.classify(row["text"]))
        latencies.append(time.perf_counter() - t0)
    gold_cat, pred_cat = [r["category"] for r in rows], [p.category for p in preds]
    cat_per, cat_macro, cat_conf = _single_label(gold_cat, pred_cat, list(CATEGORIES))
    gold_urg, pred_urg = [r["urgency"] for r in rows], [p.urgency for p in preds]
    urg_per, urg_macro, urg_conf = _single_label(gold_urg, pred_urg, list(URGENCIES))
    need_per = {}
    tps = fps = fns = 0
    for lab in NEEDS:
        tp = sum(lab in r["needs"] and lab in p.needs for r, p in zip(rows, preds))
        fp = sum(lab not in r["needs"] and lab in p.needs for r, p in zip(rows, preds))
        fn = sum(lab in r["needs"] and lab not in p.needs for r, p in zip(rows, preds))
        need_per[lab] = _prf(tp, fp, fn)
        tps, fps, fns = tps + tp, fps + fp, fns + fn
    micro = _prf(tps, fps, fns)
    errors = [{"id": r.get("id"), "text": r["text"], "gold": {k: r[k] for k in ("category", "needs", "urgency")},
               "predicted": {"category": p.category, "needs": p.needs, "urgency": p.urgency}}
              for r, p in zip(rows, preds)
              if p.category != r["category"] or p.urgency != r["urgency"] or set(p.needs) != set(r["needs"])]
    lat = sorted(latencies)
    return {
        "n": len(rows),
        "category_accuracy": round(sum(g == p for g, p in zip(gold_cat, pred_cat)) / len(rows), 4) if rows else 0,
        "category_macro_f1": cat_macro,
        "needs_micro_f1": micro["f1"],
        "urgency_macro_f1": urg_macro,
        "crisis_recall": urg_per["crisis"]["recall"],
        "crisis_precision": urg_per["crisis"]["precision"],
        "category": cat_per, "needs": need_per, "urgency": urg_per,
        "confusion_matrix": {"labels": list(CATEGORIES), "rows_gold_cols_predicted": cat_conf},
        "urgency_confusion_matrix": {"labels": list(URGENCIES), "rows_gold_cols_predicted": urg_conf},
        "latency_ms": {"median": round(lat[len(lat) // 2] * 1000, 3) if lat else 0,
                       "p99": round(lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000, 3) if lat else 0},
        "errors": errors,
    }

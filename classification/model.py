"""A statistical second opinion beside the rules, trained from the labelled stories: needs and crisis.

Rules only see the phrases someone wrote down; a story told in other words still resembles stories
already labelled. Logistic regressions over lemma words, word pairs and letter groups give
probabilities for each need and for a crisis. The classifier adds a need the model is sure of,
takes the model's needs where no rule named one, and raises urgency to crisis when the model is
sure — always as named evidence with the words that weighed most. Trained in each process from the
JSON Lines files in settings (never the test split), deterministically, in ~5 s at start.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

import numpy as np

from classification.text import lemma, words
from domain import NEEDS

log = logging.getLogger(__name__)


def features_text(text: str) -> str:
    return " ".join(lemma(w) for w in words(text or ""))


@dataclass(frozen=True)
class Limits:
    """How sure the model must be: to add a need beside the rules' ones, to name needs where no rule
    did, to call a story a crisis the rules missed."""
    need: float = 0.6
    guess: float = 0.5
    crisis: float = 0.5


@dataclass(frozen=True)
class Opinion:
    needs: dict[str, float]   # need -> probability
    crisis: float
    words: Callable[[str], list[str]]  # label ("crisis" or a need) -> the story's words that weighed most


class StoryModel:
    def __init__(self, rows: Sequence[dict]):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion

        texts = [features_text(r["text"]) for r in rows]
        parts = [TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                 TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)]
        x = FeatureUnion([("words", parts[0]), ("letters", parts[1])]).fit_transform(texts)
        self.needs = [n for n in NEEDS if any(n in r["needs"] for r in rows)]
        models = [LogisticRegression(C=10, max_iter=3000).fit(x, [n in r["needs"] for r in rows])
                  for n in self.needs]
        models.append(LogisticRegression(C=10, class_weight="balanced", max_iter=3000).fit(
            x, [r["urgency"] == "crisis" for r in rows]))
        self.labels = [*self.needs, "crisis"]
        # sklearn's transform costs ~3 ms per story; the same arithmetic by hand costs ~0.1 ms
        self._parts: list[tuple] = []
        offset = 0
        for vec in parts:
            self._parts.append((vec.build_analyzer(), vec.vocabulary_, vec.idf_, offset))
            offset += len(vec.vocabulary_)
        self.n_words = len(parts[0].vocabulary_)
        self.word_names = parts[0].get_feature_names_out()
        self.weights = np.vstack([m.coef_[0] for m in models]).T.copy()     # features x labels
        self.bias = np.array([m.intercept_[0] for m in models])
        self.size = len(rows)
        self.seen = frozenset(r["text"] for r in rows)   # to warn when evaluated on its own lessons

    def _features(self, ftext: str) -> tuple[np.ndarray, np.ndarray]:
        """Like the fitted TfidfVectorizers: log-scaled counts times idf, each part L2-normalised."""
        idx: list[np.ndarray] = []
        val: list[np.ndarray] = []
        for analyse, vocabulary, idf, offset in self._parts:
            counts = Counter(i for i in map(vocabulary.get, analyse(ftext)) if i is not None)
            if not counts:
                continue
            keys = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            part = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * idf[keys]
            idx.append(keys + offset)
            val.append(part / np.linalg.norm(part))
        if not idx:
            return np.array([], dtype=np.intp), np.array([])
        return np.concatenate(idx), np.concatenate(val)

    def opinion(self, text: str) -> Optional[Opinion]:
        ftext = features_text(text)
        idx, val = self._features(ftext) if ftext else (np.array([], dtype=np.intp), np.array([]))
        if not len(idx):
            return None
        contributions = self.weights[idx] * val[:, None]           # features x labels
        probs = 1.0 / (1.0 + np.exp(-(contributions.sum(axis=0) + self.bias)))

        def words(label: str) -> list[str]:
            j = self.labels.index(label)
            order = np.argsort(-contributions[:, j], kind="stable")
            return [str(self.word_names[idx[k]]) for k in order
                    if idx[k] < self.n_words and contributions[k, j] > 0][:3]

        return Opinion({n: float(p) for n, p in zip(self.needs, probs)}, float(probs[-1]), words)


def read_rows(paths: Iterable[Path]) -> list[dict]:
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    rows.append({"text": r["text"], "needs": list(r["needs"]), "urgency": r["urgency"]})
    return rows


_cache: dict[tuple, StoryModel] = {}
_lock = threading.Lock()


def model_for(paths: Sequence[Path]) -> Optional[StoryModel]:
    """The model for these files as they are now; trained once per process and file version."""
    if not paths:
        return None
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    with _lock:
        if key not in _cache:
            _cache.clear()
            rows = read_rows(paths)
            _cache[key] = StoryModel(rows)
            log.info("classification model trained on %d labelled stories from %s",
                     len(rows), ", ".join(str(p) for p in paths))
        return _cache[key]

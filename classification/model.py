"""A statistical second opinion beside the rules, trained from the labelled stories: needs and crisis.

Rules only see the phrases someone wrote down; a story told in other words still resembles stories
already labelled. Logistic regressions over lemma words, word pairs and letter groups give
probabilities for each need and for a crisis. The classifier adds a need the model is sure of,
takes the model's needs where no rule named one, and raises urgency to crisis when the model is
sure — always as named evidence with the words that weighed most. Trained from the JSON Lines files
in settings (never the test split), deterministically, in ~6 s; then kept on disk and loaded.
"""

from __future__ import annotations

import hashlib
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


_WORDS = dict(ngram_range=(1, 2), sublinear_tf=True)
_LETTERS = dict(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)
VERSION = 1   # bump when features, lemmas or training change: kept models of other versions are retrained


class StoryModel:
    """Weights and vocabularies of the fitted models; `train` fits them, `save`/`load` keep them."""

    def __init__(self, state: dict):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.needs: list[str] = state["needs"]
        self.labels = [*self.needs, "crisis"]
        self.weights: np.ndarray = state["weights"]          # features x labels
        self.bias: np.ndarray = state["bias"]
        self.size: int = state["size"]
        self.seen = frozenset(state["texts"])                # to warn when evaluated on its own lessons
        # sklearn's transform costs ~3 ms per story; the same arithmetic by hand costs ~0.1 ms
        self._parts: list[tuple] = []
        offset = 0
        for params, vocabulary, idf in ((_WORDS, state["words"], state["words_idf"]),
                                        (_LETTERS, state["letters"], state["letters_idf"])):
            self._parts.append((TfidfVectorizer(**params).build_analyzer(), vocabulary, idf, offset))
            offset += len(vocabulary)
        self.n_words = len(state["words"])
        self.word_names = sorted(state["words"], key=state["words"].get)

    @classmethod
    def train(cls, rows: Sequence[dict]) -> "StoryModel":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion

        words, letters = TfidfVectorizer(**_WORDS), TfidfVectorizer(**_LETTERS)
        x = FeatureUnion([("words", words), ("letters", letters)]).fit_transform(
            [features_text(r["text"]) for r in rows])
        needs = [n for n in NEEDS if any(n in r["needs"] for r in rows)]
        models = [LogisticRegression(C=10, max_iter=3000).fit(x, [n in r["needs"] for r in rows]) for n in needs]
        models.append(LogisticRegression(C=10, class_weight="balanced", max_iter=3000).fit(
            x, [r["urgency"] == "crisis" for r in rows]))
        return cls({
            "needs": needs, "size": len(rows), "texts": [r["text"] for r in rows],
            "weights": np.vstack([m.coef_[0] for m in models]).T.copy(),
            "bias": np.array([m.intercept_[0] for m in models]),
            "words": {k: int(v) for k, v in words.vocabulary_.items()}, "words_idf": words.idf_,
            "letters": {k: int(v) for k, v in letters.vocabulary_.items()}, "letters_idf": letters.idf_,
        })

    def save(self, path: Path) -> None:
        (w, wv, wi, _), (_, lv, li, _) = self._parts
        meta = {"needs": self.needs, "size": self.size, "texts": sorted(self.seen), "words": wv, "letters": lv}
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, weights=self.weights, bias=self.bias, words_idf=wi, letters_idf=li,
                 meta=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> "StoryModel":
        with np.load(path) as f:
            meta = json.loads(f["meta"].tobytes().decode())
            return cls({**meta, "weights": f["weights"], "bias": f["bias"],
                        "words_idf": f["words_idf"], "letters_idf": f["letters_idf"]})

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


def model_for(paths: Sequence[Path], cache_dir: Optional[Path] = None) -> Optional[StoryModel]:
    """The model for these files as they are now: kept per process, and on disk in `cache_dir`
    under the hash of the files' contents, so a restarted worker loads it in milliseconds."""
    if not paths:
        return None
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    with _lock:
        if key not in _cache:
            _cache.clear()
            _cache[key] = _load_or_train(paths, cache_dir)
        return _cache[key]


def _load_or_train(paths: Sequence[Path], cache_dir: Optional[Path]) -> StoryModel:
    import sklearn

    digest = hashlib.sha256(f"v{VERSION} sklearn {sklearn.__version__}".encode())
    for p in paths:
        digest.update(p.read_bytes())
    stored = cache_dir / f"classification-model-{digest.hexdigest()[:16]}.npz" if cache_dir else None
    if stored is not None and stored.exists():
        try:
            return StoryModel.load(stored)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("cached classification model %s unreadable (%s); training again", stored, exc)
    rows = read_rows(paths)
    model = StoryModel.train(rows)
    log.info("classification model trained on %d labelled stories from %s", len(rows),
             ", ".join(str(p) for p in paths))
    if stored is not None:
        try:
            stored.parent.mkdir(parents=True, exist_ok=True)
            model.save(stored)
        except OSError as exc:
            log.warning("could not keep the classification model in %s: %s", stored, exc)
    return model

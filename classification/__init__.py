"""Pre-classification of callers' stories: category, needs and urgency from Russian transcripts."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Optional

from flask import Flask

from classification.classifier import Classifier
from classification.model import Limits, model_for
from classification.rules import RulesInvalid, load_rules

log = logging.getLogger(__name__)


class RulesStore:
    """The classifier for the current rules file; an admin's edit is picked up, a broken one refused."""

    def __init__(self, path: Path, check_every: float, model_data: list[Path] = (), limits: Limits = Limits(),
                 cache_dir: Optional[Path] = None, vectors: bool = True):
        self.path = path
        self.check_every = check_every
        self.model_data = list(model_data)
        self.limits = limits
        self.cache_dir = cache_dir
        self.vectors = vectors
        self.error: Optional[RulesInvalid] = None
        self._classifier: Optional[Classifier] = None
        self._stamp: Optional[tuple[int, int]] = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def classifier(self) -> Classifier:
        now = time.monotonic()
        if self._classifier is None or now - self._checked >= self.check_every:
            with self._lock:
                self._refresh()
                self._checked = now
        if self._classifier is None:
            raise RulesInvalid(str(self.path), self.error.problems if self.error else [])
        return self._classifier

    def status(self) -> dict:
        """For /health: ready once rules (and the model) are loaded; never loads anything itself."""
        clf = self._classifier
        return {"ready": clf is not None, "model": bool(clf and clf.model),
                "vectors": bool(clf and clf.model and clf.model.vectors),
                "error": str(self.error) if self.error else None}

    def warm_up(self) -> None:
        """Load rules, dictionaries and train the model before the first caller hangs up."""
        try:
            clf = self.classifier()
            clf.lemmatiser.prepare()
            if clf.model is not None:
                clf.model.reader.prepare()
        except RulesInvalid:
            pass  # already logged; the health page shows it
        except Exception:  # noqa: BLE001 — a warm-up must never take the process down
            log.exception("classification warm-up failed")

    def _refresh(self) -> None:
        stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in [self.path, *self.model_data])
        if stamp == self._stamp:
            return
        self._stamp = stamp
        try:
            rules = load_rules(self.path)
        except RulesInvalid as exc:
            self.error = exc
            log.error("classification rules are INVALID; %s:\n%s",
                      "keeping the previous rules" if self._classifier else "no rules to classify with", exc)
            return
        self.error = None
        self._classifier = Classifier(rules, model_for(self.model_data, self.cache_dir, self.vectors), self.limits)
        log.info("classification rules loaded from %s", self.path)


def init_app(app: Flask) -> None:
    from classification import cli

    settings = app.config["SETTINGS"]
    cfg = settings.classification
    app.extensions["classification"] = RulesStore(
        settings.path(cfg.rules), cfg.reload_check_seconds, [settings.path(p) for p in cfg.model.data],
        Limits(need=cfg.model.need, guess=cfg.model.guess, crisis=cfg.model.crisis, category=cfg.model.category),
        settings.path(settings.instance_dir), cfg.model.vectors)
    if cfg.warm_up:
        threading.Thread(target=app.extensions["classification"].warm_up, name="classifier-warm-up",
                         daemon=True).start()
    app.cli.add_command(cli.classify_cli)

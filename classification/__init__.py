"""Pre-classification of callers' stories: category, needs and urgency from Russian transcripts."""

from __future__ import annotations

import logging
import os
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
    """The classifier for the current rules file; an admin's edit is picked up, a broken one refused.
    The model is loaded from disk when it was trained before; otherwise, and when new labelled stories
    (coordinators' corrections) arrive, it is trained in a process of its own (`classification.training`)
    while calls are classified with the rules and the previous model, if any."""

    def __init__(self, path: Path, check_every: float, model_data: list[Path] = (), limits: Limits = Limits(),
                 cache_dir: Optional[Path] = None, vectors: bool = True, corrections: Optional[Path] = None):
        self.path = path
        self.check_every = check_every
        self.model_data = list(model_data)
        self.limits = limits
        self.cache_dir = cache_dir
        self.vectors = vectors
        self.corrections = corrections
        self._training: Optional[threading.Thread] = None
        self.error: Optional[RulesInvalid] = None
        self.model_error: Optional[str] = None
        self._classifier: Optional[Classifier] = None
        self._rules_stamp: Optional[tuple] = None
        self._data_stamp: Optional[tuple] = None
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

    def trained(self, timeout: float = 1800) -> Classifier:
        """The classifier once its model is ready, however long training takes: for command-line
        tools, never for a request path."""
        deadline = time.monotonic() + timeout
        clf = self.classifier()
        while self._training is not None and self._training.is_alive() and time.monotonic() < deadline:
            self._training.join(deadline - time.monotonic())
            clf = self.classifier()   # new data while it trained starts another round
        return clf

    def status(self) -> dict:
        """For /health: ready once rules (and the model) are loaded; never loads anything itself."""
        clf = self._classifier
        return {"ready": clf is not None, "model": bool(clf and clf.model),
                "vectors": bool(clf and clf.model and clf.model.vectors),
                "stories": clf.model.size if clf and clf.model else 0,
                "retraining": bool(self._training and self._training.is_alive()),
                "error": str(self.error) if self.error else None, "model_error": self.model_error}

    def warm_up(self) -> None:
        """Load rules, dictionaries and the model (or start training it) before the first caller hangs up."""
        try:
            clf = self.classifier()
            clf.lemmatiser.prepare()
            if clf.model is not None:
                clf.model.reader.prepare()
        except RulesInvalid:
            pass  # already logged; the health page shows it
        except Exception:  # noqa: BLE001 — a warm-up must never take the process down
            log.exception("classification warm-up failed")

    def _data(self) -> list[Path]:
        """What the model learns from: the configured files, and the corrections once exported
        (with no configured files the model is off, corrections or not)."""
        exported = bool(self.model_data) and self.corrections is not None and self.corrections.exists()
        return [*self.model_data, *([self.corrections] if exported else [])]

    def _refresh(self) -> None:
        data = self._data()
        rules_stamp, data_stamp = _stamps([self.path]), _stamps(data)
        if self._classifier is not None and (rules_stamp, data_stamp) == (self._rules_stamp, self._data_stamp):
            return
        rules = self._classifier.rules if self._classifier is not None else None
        if rules_stamp != self._rules_stamp:
            self._rules_stamp = rules_stamp
            try:
                rules = load_rules(self.path)
            except RulesInvalid as exc:
                self.error = exc
                log.error("classification rules are INVALID; %s:\n%s",
                          "keeping the previous rules" if self._classifier else "no rules to classify with", exc)
                return
            self.error = None
            log.info("classification rules loaded from %s", self.path)
        if rules is None:
            return   # no valid rules yet; the error is on /health until the file is fixed
        if self._classifier is None:
            self._data_stamp = data_stamp
            model = model_for(data, self.cache_dir, self.vectors, train=False)
            self._classifier = Classifier(rules, model, self.limits)
            if model is None and data:
                self._train_in_background(data)
            return
        if rules is not self._classifier.rules:
            self._classifier = Classifier(rules, self._classifier.model, self.limits)
        if data_stamp != self._data_stamp:
            self._data_stamp = data_stamp
            self._train_in_background(data)

    def _train_in_background(self, data: list[Path]) -> None:
        """Load or train the model for these labelled files off the request path, then swap it in."""
        if self._training is not None and self._training.is_alive():
            self._data_stamp = None   # look again once the running one is done
            return

        def train() -> None:
            from classification.training import train_apart   # not at import: the child runs that module

            try:
                model = model_for(data, self.cache_dir, self.vectors, train=False)
                if model is None:
                    model = (train_apart(data, self.cache_dir, self.vectors) if self.cache_dir is not None
                             else model_for(data, None, self.vectors))
                if model is not None:
                    model.reader.prepare()
                rules = self._classifier.rules
                fresh = Classifier(rules, model, self.limits)
                fresh.lemmatiser.prepare()
            except Exception as exc:  # noqa: BLE001 — a failed retraining must leave the working model alone
                self.model_error = str(exc)
                log.exception("training the classification model failed; the previous model, if any, stays")
                return
            with self._lock:
                self.model_error = None
                same_rules = self._classifier.rules is rules
                self._classifier = fresh if same_rules else Classifier(self._classifier.rules, model, self.limits)
            log.info("classification model now learnt from %d labelled stories", model.size if model else 0)

        self._training = threading.Thread(target=train, name="classifier-training", daemon=True)
        self._training.start()


def _stamps(paths: list[Path]) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)


def init_app(app: Flask) -> None:
    from classification import cli

    settings = app.config["SETTINGS"]
    cfg = settings.classification
    app.extensions["classification"] = RulesStore(
        settings.path(cfg.rules), cfg.reload_check_seconds, [settings.path(p) for p in cfg.model.data],
        Limits(need=cfg.model.need, guess=cfg.model.guess, crisis=cfg.model.crisis, high=cfg.model.high,
               category=cfg.model.category, doubt=cfg.model.doubt),
        settings.path(settings.instance_dir), cfg.model.vectors,
        settings.path(settings.instance_dir) / cfg.model.corrections if cfg.model.corrections else None)
    # Web workers (gunicorn imports the app) warm up here, the rq worker in `jobs.preload`; the other
    # command-line processes (the scheduler, `serve` itself, `flask db …`) never classify and would hold
    # the model (~300 MB each) for nothing.
    if cfg.warm_up and os.environ.get("FLASK_RUN_FROM_CLI") != "true":
        threading.Thread(target=app.extensions["classification"].warm_up, name="classifier-warm-up",
                         daemon=True).start()
    app.cli.add_command(cli.classify_cli)

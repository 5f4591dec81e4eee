"""Pre-classification of callers' stories: category, needs and urgency from Russian transcripts."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Optional

from flask import Flask

from classification.classifier import Classifier
from classification.rules import RulesInvalid, load_rules

log = logging.getLogger(__name__)


class RulesStore:
    """The classifier for the current rules file; an admin's edit is picked up, a broken one refused."""

    def __init__(self, path: Path, check_every: float):
        self.path = path
        self.check_every = check_every
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

    def _refresh(self) -> None:
        st = self.path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
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
        self._classifier = Classifier(rules)
        log.info("classification rules loaded from %s", self.path)


def init_app(app: Flask) -> None:
    from classification import cli

    settings = app.config["SETTINGS"]
    app.extensions["classification"] = RulesStore(settings.path(settings.classification.rules),
                                                  settings.classification.reload_check_seconds)
    app.cli.add_command(cli.classify_cli)

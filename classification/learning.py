"""Coordinators' corrections become labelled stories the model learns from.

Each time a coordinator corrects a request's category, needs or urgency, the story and the corrected
labels are kept (`callbacks.models.LabelCorrection`). Real callers' stories labelled by the people
who worked them are the best data there is, so the cron scheduler exports them (the latest
correction per request) to `classification.model.corrections` at most every `corrections_every_hours`;
the model then trains on that file beside `classification.model.data`, in the background.
A correction keeps the caller's story `corrections_keep_days`, then only its labels (152-ФЗ).
"""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

import database

log = logging.getLogger(__name__)


def corrected_stories(s: Session) -> list[dict]:
    """The latest correction of each request with a story, in the `classify eval` format."""
    from callbacks.models import LabelCorrection

    latest: dict[int, dict] = {}
    for fix in s.scalars(select(LabelCorrection).order_by(LabelCorrection.id)):
        if fix.story.strip():
            latest[fix.request_id] = {"id": f"correction-{fix.id}", "text": fix.story, **fix.after,
                                      "was": fix.before, "request_id": fix.request_id}
    return sorted(latest.values(), key=lambda r: r["request_id"])


def forget_old_stories(s: Session, keep_days: int) -> int:
    """Erase the story from corrections older than `keep_days`: the caller's words are health data and
    are kept no longer than needed; who corrected what, and to which labels, stays. How many were erased."""
    from callbacks.models import LabelCorrection

    cutoff = database.utcnow() - timedelta(days=keep_days)
    result = s.execute(update(LabelCorrection).where(LabelCorrection.at < cutoff, LabelCorrection.story != "")
                       .values(story=""))
    return result.rowcount or 0


def as_jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def write_atomically(text: str, path: Path) -> None:
    """All at once: a reader (the model's trainer) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def export_corrections() -> int:
    """Cron job: refresh the corrections file when it is due and something changed; how many stories
    it now holds (-1 when it was left as it was)."""
    settings = current_app.config["SETTINGS"]
    cfg = settings.classification.model
    if not cfg.corrections:
        return -1
    path = settings.path(settings.instance_dir) / cfg.corrections
    if path.exists() and time.time() - path.stat().st_mtime < cfg.corrections_every_hours * 3600:
        return -1
    s = database.session()
    forgotten = forget_old_stories(s, cfg.corrections_keep_days)
    rows = corrected_stories(s)
    s.commit()
    if forgotten:
        log.info("classification: the stories of %d corrections older than %d days erased", forgotten,
                 cfg.corrections_keep_days)
    old = path.read_text(encoding="utf-8") if path.exists() else None
    new = as_jsonl(rows)
    if old == new or (old is None and not rows):
        return -1
    write_atomically(new, path)
    log.info("classification: %d corrected stories exported to %s; the model retrains on them", len(rows), path)
    return len(rows)

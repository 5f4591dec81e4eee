"""Putting the classifier's reading on a callback request: category, needs, urgency, priority.

Runs when a call is finalized (with whatever transcript exists, or the menu choices alone) and
again whenever a transcript arrives. The caller's own menu choices are kept; urgency only rises;
a crisis anywhere moves the request to the top of the queue at once.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from callbacks.models import CallbackRequest
from callbacks.queue import due_at
from classification.rules import RulesInvalid
from domain import URGENCY_RANK
from ivr.models import Call
from transcripts.models import Transcript

log = logging.getLogger(__name__)


def story_text(s: Session, req: CallbackRequest) -> str:
    """The transcripts of all the request's calls, oldest first."""
    rows = s.execute(
        select(Transcript.text).join(Call, Call.id == Transcript.call_id)
        .where(Call.callback_request_id == req.id, Transcript.status == "done")
        .order_by(Call.started_at, Transcript.created_at)
    ).scalars()
    return " ".join(t for t in rows if t)


def priority_of(urgency: str, category: str | None) -> int:
    cfg = current_app.config["SETTINGS"].classification
    return cfg.priority.get(urgency, 0) + cfg.category_bonus.get(category or "", 0)


def classify_request(s: Session, req: CallbackRequest) -> None:
    """Classify and update; broken rules never block a request (it keeps the menu's values)."""
    try:
        classifier = current_app.extensions["classification"].classifier()
    except RulesInvalid as exc:
        log.error("request %s not classified: the rules are invalid:\n%s", req.id, exc)
        req.priority = priority_of(req.urgency, req.category)
        req.due_at = due_at(req)
        return
    s.flush()
    text = story_text(s, req)
    menu = dict(req.menu_choices or {})
    menu_urgency = menu.get("urgency") or "normal"
    if URGENCY_RANK.get(req.urgency, 0) > URGENCY_RANK.get(menu_urgency, 0):
        menu_urgency = req.urgency  # what earlier calls or readings established is never lowered
    known_needs = sorted(set(menu.get("needs") or []) | set(req.needs or []))  # needs are never lost
    result = classifier.classify(text, {**menu, "needs": known_needs, "urgency": menu_urgency})
    was_crisis = req.urgency == "crisis"
    req.category = result.category
    req.needs = result.needs
    req.urgency = result.urgency
    req.priority = priority_of(result.urgency, result.category)
    req.due_at = due_at(req)
    req.classification = {**result.as_dict(), "source": "transcript" if text else "menu",
                          "menu": {k: menu.get(k) for k in ("category", "needs", "urgency")}}
    if req.urgency == "crisis" and not was_crisis:
        log.warning("callback request %s: CRISIS in the caller's story — moved to the top of the queue "
                    "(%s)", req.id, "; ".join(e.why for e in result.evidence if e.label == "crisis"))

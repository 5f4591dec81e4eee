"""Putting the classifier's reading on a callback request: category, needs, urgency, priority.

Runs when a call is finalized (with whatever transcript exists, or the menu choices alone) and
again whenever a transcript arrives, and once more when the model arrives for a request read by the
rules alone. The caller's own menu choices are kept; urgency only rises; a coordinator's correction
stands; a crisis anywhere moves the request to the top of the queue at once.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from callbacks.models import OPEN_STATUSES, CallbackRequest, LabelCorrection
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


def _corrected_story(s: Session, req: CallbackRequest) -> str | None:
    """The story as it was when a coordinator last corrected the labels; None if nobody did."""
    if req.corrected_at is None:
        return None
    return s.scalars(select(LabelCorrection.story).where(LabelCorrection.request_id == req.id)
                     .order_by(LabelCorrection.id.desc()).limit(1)).first() or ""


def classify_request(s: Session, req: CallbackRequest) -> None:
    """Classify and update; broken rules never block a request (it keeps the menu's values), and a
    coordinator's correction is never overwritten by a later reading."""
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
    corrected = _corrected_story(s, req)
    if corrected is None:
        req.category, req.needs, req.urgency = result.category, result.needs, result.urgency
    elif result.crisis_said and text != corrected:
        req.urgency = "crisis"   # the coordinator's labels stand, but a crisis told since then still jumps the queue
    req.priority = priority_of(req.urgency, req.category)
    req.due_at = due_at(req)
    req.classification = {**result.as_dict(), "source": "transcript" if text else "menu",
                          "menu": {k: menu.get(k) for k in ("category", "needs", "urgency")},
                          "model": classifier.model is not None, "corrected": corrected is not None}
    if req.urgency == "crisis" and not was_crisis:
        log.warning("callback request %s: CRISIS in the caller's story — moved to the top of the queue "
                    "(%s)", req.id, "; ".join(e.why for e in result.evidence if e.label == "crisis"))


def classify_again_with_the_model(s: Session, limit: int = 200) -> int:
    """Sweeper step: open requests read by the rules alone while the model was training (a fresh
    install, new labelled data) get its second opinion once it is in — a crisis only the model
    recognises must not wait for a coordinator to read the story. How many were read again."""
    try:
        classifier = current_app.extensions["classification"].classifier()
    except RulesInvalid:
        return 0
    if classifier.model is None:
        return 0
    ids = list(s.scalars(select(CallbackRequest.id).where(
        CallbackRequest.status.in_(OPEN_STATUSES),
        CallbackRequest.classification["model"].as_boolean().is_(False)).order_by(CallbackRequest.id).limit(limit)))
    for rid in ids:
        classify_request(s, s.get(CallbackRequest, rid))
    return len(ids)

"""The callback queue: who is called back next, claims that cannot collide, outcomes and retries.

Order: crisis first, then the SLA due time (urgency and category), then who called first.
A request is suggested only inside the caller's callback window in their *local* time. "Claim
next" is atomic: PostgreSQL skips rows another coordinator is locking (FOR UPDATE SKIP LOCKED);
SQLite runs write transactions one at a time (BEGIN IMMEDIATE), which gives the same guarantee.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Optional
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from accounts.models import User
from callbacks.models import Attempt, CallbackRequest, Transition
from ivr import hours
from ivr.flow_schema import parse_days, parse_time_range

log = logging.getLogger(__name__)
BATCH = 10
OUTCOMES = {
    "reached": "дозвонились",
    "no_answer": "не ответили",
    "voicemail": "автоответчик",
    "busy": "занято",
    "wrong_number": "неверный номер",
    "refused": "отказ от помощи",
}
STATUS_NAMES = {
    "queued": "в очереди", "claimed": "в работе", "calling": "звонок", "waiting_retry": "повторный звонок",
    "reached": "дозвонились", "wrong_number": "неверный номер", "refused": "отказ от помощи",
    "unreachable": "не дозвонились", "in-progress": "идёт", "completed": "завершён",
    "callback_queued": "заявка создана", "merged": "добавлен к открытой заявке", "no_number": "нет номера",
}
RETRY_OUTCOMES = {"no_answer", "voicemail", "busy", "failed"}   # voicemail is not "reached"


class QueueError(Exception):
    """The action does not fit the request's state; the message is shown to the coordinator."""


def _settings():
    return current_app.config["SETTINGS"].callbacks


def transition(s: Session, req: CallbackRequest, to: str, user: Optional[User], now: datetime,
               reason: Optional[str] = None) -> None:
    s.add(Transition(request_id=req.id, from_status=req.status, to_status=to,
                     user_id=user.id if user else None, reason=reason, at=now))
    req.status = to
    req.updated_at = now


def due_at(req: CallbackRequest) -> datetime:
    cfg = _settings()
    hours_ = cfg.sla_hours.get(req.urgency, cfg.sla_hours.get("normal", 48))
    return req.first_call_at + timedelta(hours=hours_ * cfg.category_sla_factor.get(req.category or "", 1.0))


def callback_window() -> dict[int, list[tuple[int, int]]]:
    cfg = _settings()
    span = parse_time_range(cfg.window)
    return {day: [span] for day in parse_days(cfg.window_days)}


def in_window(req: CallbackRequest, now: datetime) -> bool:
    """May we call now? In the caller's local time; a crisis may be called at any hour."""
    if req.urgency == "crisis" and _settings().crisis_ignores_window:
        return True
    if req.preferred_after is not None and now < req.preferred_after:
        return False
    tz = ZoneInfo(req.timezone or current_app.config["SETTINGS"].ivr.default_timezone)
    local = now.astimezone(tz)
    if not hours.is_open(callback_window(), local):
        return False
    slot = _settings().time_slots.get((req.menu_choices or {}).get("callback_time") or "any")
    return slot is None or hours.is_open({local.weekday(): [parse_time_range(slot)]}, local)


def queue_order():
    return (CallbackRequest.queue_band.asc(), CallbackRequest.due_at.asc(), CallbackRequest.first_call_at.asc(),
            CallbackRequest.id.asc())


def visible_to(user: User):
    """The regions a user works: coordinators their own, supervisors and admins all."""
    if user.sees_all_regions():
        return True
    regions = list(user.regions or [])
    clause = CallbackRequest.region.in_(regions)
    return or_(clause, CallbackRequest.region.is_(None)) if "other" in regions else clause


def waiting(s: Session, user: User, now: datetime, limit: int = 200) -> list[CallbackRequest]:
    """What is waiting, in queue order (for the queue page; not claimed by this)."""
    return list(s.scalars(
        select(CallbackRequest).where(CallbackRequest.status.in_(("queued", "waiting_retry")), visible_to(user))
        .order_by(*queue_order()).limit(limit)))


def held_by(s: Session, user: User, now: datetime) -> Optional[CallbackRequest]:
    return s.scalars(select(CallbackRequest).where(
        CallbackRequest.claimed_by_id == user.id, CallbackRequest.status.in_(("claimed", "calling")),
        or_(CallbackRequest.status == "calling", CallbackRequest.claim_expires_at > now))).first()


def claim_next(s: Session, user: User, now: datetime) -> Optional[CallbackRequest]:
    """Hand the next request to this coordinator — never the same one to two people.

    A coordinator holds one request at a time (so no more people are dialled than coordinators
    are free); asking again returns the one already held.
    """
    held = held_by(s, user, now)
    if held is not None:
        return held
    expire_claims(s, now)
    # status = 'queued' first, then queue order: the database walks ix_callback_requests_queue_order
    query = (select(CallbackRequest).where(CallbackRequest.status == "queued", visible_to(user))
             .order_by(*queue_order()).limit(BATCH))
    if s.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    for req in s.scalars(query):
        if not in_window(req, now):
            continue
        transition(s, req, "claimed", user, now)
        req.claimed_by_id, req.claimed_at = user.id, now
        req.claim_expires_at = now + timedelta(minutes=_settings().claim_minutes)
        return req
    return None


def _held(req: CallbackRequest, user: User, now: datetime) -> None:
    if req.claimed_by_id != user.id or req.status not in ("claimed", "calling"):
        raise QueueError("Эта заявка не закреплена за вами — возьмите её из очереди.")


def release(s: Session, req: CallbackRequest, user: User, now: datetime, reason: str = "returned") -> None:
    _held(req, user, now)
    transition(s, req, "queued", user, now, reason=reason)
    req.claimed_by_id = req.claim_expires_at = None


def start_call(s: Session, req: CallbackRequest, user: User, now: datetime, method: str = "manual",
               call_sid: Optional[str] = None) -> Attempt:
    _held(req, user, now)
    if req.status == "calling":
        open_attempt = s.scalars(select(Attempt).where(Attempt.request_id == req.id,
                                                       Attempt.ended_at.is_(None))).first()
        if open_attempt is not None:
            return open_attempt
    attempt = Attempt(request_id=req.id, user_id=user.id, method=method, twilio_call_sid=call_sid,
                      status="calling", started_at=now)
    s.add(attempt)
    transition(s, req, "calling", user, now, reason=method)
    req.claim_expires_at = now + timedelta(minutes=_settings().claim_minutes)
    s.flush()
    return attempt


def record_outcome(s: Session, req: CallbackRequest, outcome: str, user: Optional[User], now: datetime,
                   attempt: Optional[Attempt] = None) -> None:
    """The result of a callback attempt; no answer and voicemail are retried on a schedule."""
    if outcome not in OUTCOMES and outcome != "failed":
        raise QueueError(f"Неизвестный исход звонка: {outcome}")
    if user is not None:
        _held(req, user, now)
    elif req.status not in ("claimed", "calling"):
        return  # a late status callback for a request already settled
    if attempt is None:
        attempt = s.scalars(select(Attempt).where(Attempt.request_id == req.id, Attempt.ended_at.is_(None))
                            .order_by(Attempt.id.desc())).first()
    if attempt is None:
        attempt = Attempt(request_id=req.id, user_id=user.id if user else None, method="manual", started_at=now)
        s.add(attempt)
    attempt.outcome, attempt.status, attempt.ended_at = outcome, outcome, now
    req.attempts += 1
    req.claimed_by_id = req.claim_expires_at = None
    if outcome in RETRY_OUTCOMES:
        cfg = _settings()
        if req.attempts >= cfg.max_attempts:
            transition(s, req, "unreachable", user, now, reason=f"{outcome}; attempts: {req.attempts}")
            req.closed_at = now
            return
        delay = cfg.retry_delays_minutes[min(req.attempts - 1, len(cfg.retry_delays_minutes) - 1)]
        req.next_attempt_at = now + timedelta(minutes=delay)
        transition(s, req, "waiting_retry", user, now, reason=f"{outcome}; next try {req.next_attempt_at:%d.%m %H:%M} UTC")
        return
    transition(s, req, outcome, user, now)
    req.closed_at = now


def requeue_due(s: Session, now: datetime, request_id: Optional[int] = None) -> int:
    """Return requests whose retry time has come to the queue (the rq scheduled job; the sweeper too)."""
    query = select(CallbackRequest).where(CallbackRequest.status == "waiting_retry",
                                          CallbackRequest.next_attempt_at <= now)
    if request_id is not None:
        query = query.where(CallbackRequest.id == request_id)
    n = 0
    for req in s.scalars(query.with_for_update()):
        transition(s, req, "queued", None, now, reason=f"retry {req.attempts + 1}")
        n += 1
    return n


def expire_claims(s: Session, now: datetime) -> int:
    """Claims a coordinator walked away from go back to the queue (rows being changed are skipped)."""
    n = 0
    query = select(CallbackRequest).where(CallbackRequest.status == "claimed", CallbackRequest.claim_expires_at <= now)
    if s.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    for req in s.scalars(query):
        transition(s, req, "queued", None, now, reason="claim expired")
        req.claimed_by_id = req.claim_expires_at = None
        n += 1
    return n


def requeue_job(request_id: int) -> int:
    """rq scheduled job: the retry time of one request has come."""
    import database
    from database import utcnow

    s = database.session()
    n = requeue_due(s, utcnow(), request_id)
    s.commit()
    return n


def schedule_retry(req: CallbackRequest) -> None:
    import jobs

    if req.status == "waiting_retry" and req.next_attempt_at is not None:
        jobs.enqueue_at(req.next_attempt_at, requeue_job, req.id, job_id=f"requeue-{req.id}-{req.attempts}")

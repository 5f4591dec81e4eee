"""Turning a finished call into exactly one callback request — the promise that no caller is lost.

`finalize_call` is called when the flow says goodbye, when Twilio reports the call ended, when
a webhook fails, and by the sweeper for calls that went silent; only the first does anything.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callbacks.models import OPEN_STATUSES, CallbackRequest
from domain import URGENCY_RANK
from ivr.models import Call

log = logging.getLogger(__name__)


def callback_number(call: Call) -> tuple[Optional[str], Optional[str]]:
    """The number to call back and where it came from: confirmed/entered by the caller, or caller ID."""
    vars_ = call.vars
    if vars_.get("callback_number"):
        return vars_["callback_number"], vars_.get("callback_number_source", "entered")
    if call.caller_e164:
        return call.caller_e164, "caller_id"
    return None, None


def menu_choices(call: Call) -> dict:
    vars_ = call.vars
    return {
        "call_sid": call.sid,
        "category": vars_.get("category"),
        "needs": list(vars_.get("needs", [])),
        "urgency": vars_.get("urgency", "normal"),
        "region": vars_.get("region"),
        "keys": vars_.get("choices", []),
        "transfer_status": vars_.get("transfer_status"),
        "callback_time": vars_.get("callback_time"),
    }


def _open_request(s: Session, phone: str) -> Optional[CallbackRequest]:
    return s.scalars(
        select(CallbackRequest)
        .where(CallbackRequest.phone_e164 == phone, CallbackRequest.status.in_(OPEN_STATUSES))
        .with_for_update()
    ).first()


def _merge(req: CallbackRequest, call: Call, source: str, now: datetime) -> None:
    """A repeat call adds what it learned; it never lowers urgency or loses a need."""
    vars_ = call.vars
    req.call_count += 1
    req.needs = sorted(set(req.needs) | set(vars_.get("needs", [])))
    urgency = vars_.get("urgency", "normal")
    if URGENCY_RANK[urgency] > URGENCY_RANK[req.urgency]:
        req.urgency = urgency
    if vars_.get("category"):
        req.category = vars_["category"]
    if not req.region and vars_.get("region"):
        req.region = vars_["region"]
        req.timezone = _timezone(req.region, req.phone_e164)
    if source in ("confirmed", "entered"):
        req.phone_source = source
    req.menu_choices = menu_choices(call)
    req.updated_at = now


def _timezone(region: Optional[str], phone: str) -> Optional[str]:
    """The caller's time zone: the region's, else the number's own (landlines), else unknown."""
    from flask import current_app

    from ivr.phones import timezone_for

    known = current_app.config["SETTINGS"].regions.get(region or "")
    return known.timezone if known else timezone_for(phone)


def finalize_call(s: Session, call: Call, now: datetime, reason: str) -> Optional[CallbackRequest]:
    """Create or merge the call's callback request once; later calls for the same call do nothing.

    Runs inside the caller's transaction, with the call row locked by the caller.
    """
    if call.finalized_at is not None:
        return s.get(CallbackRequest, call.callback_request_id) if call.callback_request_id else None
    call.finalized_at = now
    phone, source = callback_number(call)
    if phone is None:
        call.outcome = "no_number"
        log.warning("call %s ended (%s) without a reachable number: no callback possible", call.sid, reason)
        return None

    req = _open_request(s, phone)
    if req is None:
        vars_ = call.vars
        req = CallbackRequest(
            phone_e164=phone,
            timezone=_timezone(vars_.get("region"), phone),
            phone_source=source,
            region=vars_.get("region"),
            category=vars_.get("category"),
            needs=sorted(set(vars_.get("needs", []))),
            urgency=vars_.get("urgency", "normal"),
            status="queued",
            menu_choices=menu_choices(call),
            call_count=1,
            first_call_at=call.started_at,
            created_at=now,
            updated_at=now,
        )
        try:
            with s.begin_nested():
                s.add(req)
                s.flush()
        except IntegrityError:
            # Another call from this number opened a request in the same instant: join it.
            req = _open_request(s, phone)
            if req is None:
                raise
            _merge(req, call, source, now)
        call.outcome = "callback_queued"
    else:
        _merge(req, call, source, now)
        call.outcome = "merged"
    call.callback_request_id = req.id
    from classification.triage import classify_request
    from transcripts.pipeline import refresh_request

    refresh_request(s, req)
    classify_request(s, req)
    log.info("call %s (%s) -> callback request %s (%s)", call.sid, reason, req.id, call.outcome)
    return req

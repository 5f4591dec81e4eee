"""Click to call: Twilio rings the coordinator, then bridges to the citizen with the hotline as caller ID.

The attempt's outcome comes back on Twilio's callbacks: no answer, busy, failure or an answering
machine are retried on the schedule (voicemail is not "reached"); a conversation that happened is
left for the coordinator to record (reached, refused, wrong number).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Optional

from flask import current_app
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioException
from twilio.twiml.voice_response import VoiceResponse

from accounts.models import User
from callbacks.models import Attempt, CallbackRequest
from callbacks.queue import QueueError, record_outcome, schedule_retry, start_call
from ivr import rest

log = logging.getLogger(__name__)
DIAL_OUTCOMES = {"no-answer": "no_answer", "busy": "busy", "failed": "failed", "canceled": "no_answer"}


def available(user: User) -> bool:
    settings = current_app.config["SETTINGS"]
    return bool(settings.twilio.account_sid and settings.twilio.auth_token and user.phone)


def click_to_call(s: Session, req: CallbackRequest, user: User, now: datetime, base_url: str) -> Attempt:
    if not available(user):
        raise QueueError("Звонок через Twilio недоступен (не настроен Twilio или ваш телефон) — "
                         "наберите номер вручную и отметьте результат.")
    settings = current_app.config["SETTINGS"]
    attempt = start_call(s, req, user, now, method="twilio")
    try:
        call = rest.client(settings).calls.create(
            to=user.phone, from_=settings.callbacks.hotline_number,
            url=f"{base_url}/voice/bridge?attempt={attempt.id}", method="POST",
            status_callback=f"{base_url}/voice/attempt-status?attempt={attempt.id}",
            status_callback_method="POST", status_callback_event=["completed"],
        )
    except (TwilioException, rest.TwilioUnavailable) as exc:
        log.warning("click-to-call for request %s failed: %s", req.id, exc)
        raise QueueError(f"Twilio не принял звонок ({exc}); наберите номер вручную.")
    attempt.twilio_call_sid = call.sid
    return attempt


def bridge_twiml(req: CallbackRequest, attempt: Attempt, base_url: str) -> str:
    """What the coordinator hears when they pick up: a cue, then the citizen's phone ringing."""
    settings = current_app.config["SETTINGS"]
    resp = VoiceResponse()
    resp.say("Соединяем с заявителем.", voice=settings.ivr.error_voice, language=settings.ivr.error_language)
    dial = resp.dial(caller_id=settings.callbacks.hotline_number, timeout=30, method="POST",
                     action=f"{base_url}/voice/bridge-result?attempt={attempt.id}")
    dial.number(req.phone_e164, machine_detection="Enable")
    return resp.to_xml()


def dial_result(s: Session, attempt: Attempt, dial_status: str, answered_by: Optional[str], now: datetime) -> None:
    """The citizen's leg ended: retry what did not reach a person; the rest the coordinator records."""
    req = s.get(CallbackRequest, attempt.request_id)
    attempt.answered_by = answered_by
    if answered_by and answered_by.startswith(("machine", "fax")):
        outcome = "voicemail"
    else:
        outcome = DIAL_OUTCOMES.get(dial_status)
    if outcome is None:  # a real conversation happened
        attempt.status = "answered"
        return
    record_outcome(s, req, outcome, None, now, attempt=attempt)
    schedule_retry(req)

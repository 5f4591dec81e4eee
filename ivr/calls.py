"""A call's life in the database: each webhook becomes one short transaction and one call event.

Idempotency: every TwiML answer is stored under the step number its action URL carries, so a
Twilio retry of step N gets exactly the answer it got the first time and changes nothing.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from twilio.twiml.voice_response import VoiceResponse

from callbacks.intake import finalize_call
from ivr import phones
from ivr.engine import CallContext, Engine, Input, Step, initial_state
from ivr.flow_store import FlowStore
from ivr.models import Call, CallEvent, Recording
from settings import Settings

log = logging.getLogger(__name__)

CALL_SID = re.compile(r"^CA[0-9a-fA-F]{32}$")
RECORDING_SID = re.compile(r"^RE[0-9a-fA-F]{32}$")
TERMINAL_STATUSES = {"completed", "busy", "failed", "no-answer", "canceled"}
RECORDING_PATH = "/voice/recording"
STREAM_PATH = "/voice/stream"


# The statements of the hot path, built once: Twilio waits for every webhook.
_calls, _events = Call.__table__, CallEvent.__table__
_SELECT_CALL = (select(_calls.c.id, _calls.c.seq, _calls.c.state, _calls.c.flow_version_id, _calls.c.from_raw)
                .where(_calls.c.sid == bindparam("sid")).with_for_update())
_UPDATE_CALL = _calls.update().where(_calls.c.id == bindparam("id_"))
_INSERT_EVENT = _events.insert()


class BadRequest(Exception):
    """The request is not one Twilio would send; answered with 400 and this message."""


@dataclass
class Answer:
    twiml: str
    call_sid: str
    finished: bool = False


def require(params: dict[str, str], name: str, pattern: Optional[re.Pattern] = None) -> str:
    value = (params.get(name) or "").strip()
    if not value:
        raise BadRequest(f"missing parameter {name}")
    if pattern is not None and not pattern.match(value):
        raise BadRequest(f"malformed parameter {name}")
    return value


def safe_twiml(settings: Settings) -> str:
    """What a caller hears when anything fails: an apology and the callback promise."""
    resp = VoiceResponse()
    resp.say(settings.ivr.error_prompt, voice=settings.ivr.error_voice, language=settings.ivr.error_language)
    resp.hangup()
    return resp.to_xml()


def _input_from(params: dict[str, str]) -> Input:
    duration = params.get("RecordingDuration") or ""
    return Input(
        digits=params.get("Digits"),
        speech=params.get("SpeechResult"),
        recording_sid=params.get("RecordingSid"),
        recording_url=params.get("RecordingUrl"),
        recording_duration=int(duration) if duration.isdigit() else None,
        dial_status=params.get("DialCallStatus"),
    )


def _locked_call(s: Session, sid: str) -> Optional[Call]:
    return s.scalars(select(Call).where(Call.sid == sid).with_for_update()).first()


def _remember_recording(s: Session, call_id: int, params: dict[str, str], now: datetime) -> Recording:
    """The Recording row for RecordingSid (created once), from the record action or its callback."""
    rec_sid = require(params, "RecordingSid", RECORDING_SID)
    rec = s.scalars(select(Recording).where(Recording.sid == rec_sid)).first()
    if rec is None:
        url = require(params, "RecordingUrl")
        if not url.startswith(("https://", "http://")):
            raise BadRequest("RecordingUrl is not an http(s) URL")
        duration = params.get("RecordingDuration", "")
        rec = Recording(sid=rec_sid, call_id=call_id, url=url[:500], status="pending",
                        duration_seconds=int(duration) if duration.isdigit() else None, created_at=now)
        s.add(rec)
        s.flush()
    return rec


def _has_event(s: Session, call_id: int, key: str) -> bool:
    return s.scalars(
        select(CallEvent.id).where(CallEvent.call_id == call_id, CallEvent.dedupe_key == key)
    ).first() is not None


def _stored_answer(s: Session, call_id: int, key: str) -> Optional[str]:
    return s.scalars(
        select(CallEvent.response).where(CallEvent.call_id == call_id, CallEvent.dedupe_key == key)
    ).first()


def _once_more_on_conflict(s: Session, work):
    """Two deliveries of the same new call raced on its unique SID: the second re-reads it."""
    try:
        return work()
    except IntegrityError:
        s.rollback()
        return work()


class CallHandler:
    """Handles Twilio's voice webhooks for one app: flows, settings and a session factory."""

    def __init__(self, settings: Settings, flows: FlowStore):
        self.settings = settings
        self.flows = flows
        # Parsing a number costs more than the rest of a step; a call's number never changes.
        self.caller = functools.lru_cache(maxsize=4096)(lambda raw: phones.inspect(raw, settings.regions))

    def _context(self, caller: phones.PhoneInfo, now: datetime, next_seq: int, base_url: str) -> CallContext:
        ws_base = "ws" + base_url[4:] if base_url.startswith("http") else ""
        return CallContext(
            caller=caller, now=now, regions=self.settings.regions, step_seq=next_seq,
            recording_callback_url=RECORDING_PATH, max_nodes=self.settings.ivr.max_nodes_per_step,
            stream_url=f"{ws_base.rstrip('/')}{STREAM_PATH}" if ws_base else None,
        )

    def _record_step(self, s: Session, call_id: int, seq: int, step: Step, params: dict, kind: str,
                     now: datetime) -> str:
        """Store the step's answer and the call's new state: one UPDATE and one INSERT.

        Plain SQL statements rather than the ORM's unit of work: this runs on nearly every
        webhook, and Twilio waits for it.
        """
        xml = step.response.to_xml()
        s.execute(_UPDATE_CALL, {"id_": call_id, "seq": seq + 1, "state": step.state, "last_event_at": now})
        s.execute(_INSERT_EVENT, {
            "call_id": call_id, "dedupe_key": f"step:{seq + 1}", "kind": kind, "node": step.node,
            "params": params, "response": xml, "created_at": now,
            "detail": " → ".join(step.visited) or None})
        if step.finished:
            call = s.get(Call, call_id, populate_existing=True, with_for_update=True)
            finalize_call(s, call, now, reason="flow finished")
        return xml

    def _new_call(self, s: Session, sid: str, params: dict[str, str], now: datetime) -> Call:
        caller = self.caller(params.get("From") or "")
        call = Call(sid=sid, from_raw=params.get("From", "")[:64], caller_e164=caller.e164,
                    to_number=params.get("To", "")[:64], seq=0, state=initial_state(caller),
                    started_at=now, last_event_at=now)
        s.add(call)
        s.flush()
        return call

    # --- webhooks -----------------------------------------------------------------------

    def incoming(self, s: Session, params: dict[str, str], now: datetime, base_url: str = "") -> Answer:
        """`base_url` is the public https URL of the service (for the live-transcription stream)."""
        sid = require(params, "CallSid", CALL_SID)
        # Before the transaction: a new flow version is stored in a session of its own.
        flow = self.flows.current(self.settings.ivr.numbers.get(params.get("To", ""), "default"))
        return _once_more_on_conflict(s, lambda: self._incoming(s, sid, flow, params, now, base_url))

    def _incoming(self, s: Session, sid: str, flow, params: dict[str, str], now: datetime,
                  base_url: str) -> Answer:
        with s.begin():
            call = _locked_call(s, sid)
            if call is not None:  # a retry of the first request, or a restart after a lost step
                xml = _stored_answer(s, call.id, "step:1")
                if xml is not None:
                    return Answer(xml, sid)
            caller = self.caller(params.get("From") or "")
            if call is None:
                call = self._new_call(s, sid, params, now)
            call.flow_version_id = flow.version_id
            s.flush()
            step = Engine(flow, self._context(caller, now, call.seq + 1, base_url)).start()
            xml = self._record_step(s, call.id, call.seq, step, params, "incoming", now)
            return Answer(xml, sid, step.finished)

    def step(self, s: Session, params: dict[str, str], seq_raw: str, now: datetime,
             base_url: str = "") -> Answer:
        sid = require(params, "CallSid", CALL_SID)
        if not seq_raw.isdigit() or int(seq_raw) < 1:
            raise BadRequest("malformed step number")
        seq = int(seq_raw)
        with s.begin():
            call = s.execute(_SELECT_CALL, {"sid": sid}).first()
            if call is not None and call.flow_version_id is not None:
                if seq < call.seq:  # Twilio retried a step we already answered
                    xml = _stored_answer(s, call.id, f"step:{seq + 1}")
                    if xml is not None:
                        return Answer(xml, sid)
                if seq != call.seq:
                    raise BadRequest(f"step {seq} does not match the call (at step {call.seq})")
                flow = self.flows.version(call.flow_version_id, s)
                caller = self.caller(call.from_raw)
                engine = Engine(flow, self._context(caller, now, call.seq + 1, base_url))
                if params.get("Interrupt") == "crisis" and not call.state.get("vars", {}).get("crisis_heard"):
                    step = engine.interrupt_for_crisis(call.state)
                else:
                    step = engine.resume(call.state, _input_from(params))
                if params.get("RecordingSid") and params.get("RecordingUrl"):
                    _remember_recording(s, call.id, params, now)  # in case its callback never comes
                xml = self._record_step(s, call.id, call.seq, step, params, "step", now)
                return Answer(xml, sid, step.finished)
        log.warning("step %s for unknown call %s: starting the flow from the top", seq, sid)
        return self.incoming(s, params, now, base_url)

    def status(self, s: Session, params: dict[str, str], now: datetime) -> None:
        """Call status callback: keeps Twilio's view of the call; a terminal status finalizes it."""
        sid = require(params, "CallSid", CALL_SID)
        status = require(params, "CallStatus")
        key = f"status:{status}:{params.get('SequenceNumber', '')}"[:100]
        _once_more_on_conflict(s, lambda: self._status(s, sid, status, key, params, now))

    def _status(self, s: Session, sid: str, status: str, key: str, params: dict[str, str],
                now: datetime) -> None:
        with s.begin():
            call = _locked_call(s, sid)
            if call is None:  # the incoming webhook never reached us; the caller still counts
                call = self._new_call(s, sid, params, now)
            elif _has_event(s, call.id, key):
                return  # a duplicate status callback
            s.add(CallEvent(call_id=call.id, dedupe_key=key, kind="status", node=call.state.get("node"),
                            params=params, created_at=now))
            call.twilio_status = status[:20]
            call.last_event_at = now
            duration = params.get("CallDuration", "")
            if duration.isdigit():
                call.duration_seconds = int(duration)
            if status in TERMINAL_STATUSES:
                call.ended_at = call.ended_at or now
                finalize_call(s, call, now, reason=f"status {status}")

    def recording(self, s: Session, params: dict[str, str], now: datetime) -> Optional[int]:
        """Recording status callback: remember the recording; return its id when a download is due."""
        sid = require(params, "CallSid", CALL_SID)
        rec_sid = require(params, "RecordingSid", RECORDING_SID)
        status = params.get("RecordingStatus", "completed")
        return _once_more_on_conflict(s, lambda: self._recording(s, sid, rec_sid, status, params, now))

    def _recording(self, s: Session, sid: str, rec_sid: str, status: str, params: dict[str, str],
                   now: datetime) -> Optional[int]:
        with s.begin():
            call = _locked_call(s, sid)
            if call is None:
                raise BadRequest("recording for an unknown call")
            key = f"recording:{rec_sid}:{status}"[:100]
            if not _has_event(s, call.id, key):
                s.add(CallEvent(call_id=call.id, dedupe_key=key, kind="recording",
                                node=call.state.get("node"), params=params, created_at=now))
            if status != "completed":
                log.warning("recording %s of call %s: status %s", rec_sid, sid, status)
                return None
            rec = _remember_recording(s, call.id, params, now)
            return rec.id if rec.status == "pending" and rec.enqueued_at is None else None

    def fail(self, s: Session, params: dict[str, str], seq: Optional[str], exc: BaseException,
             now: datetime) -> str:
        """After a failed webhook: record the error, queue the callback, answer the apology.

        The apology is stored as the step's answer, so a Twilio retry hears the same thing.
        """
        xml = safe_twiml(self.settings)
        sid = params.get("CallSid", "")
        if not CALL_SID.match(sid):
            return xml
        s.rollback()
        with s.begin():
            call = _locked_call(s, sid)
            if call is None:
                call = self._new_call(s, sid, params, now)
            key = f"step:{int(seq) + 1}" if seq and seq.isdigit() else f"step:{call.seq + 1}"
            if _stored_answer(s, call.id, key) is None:
                s.add(CallEvent(call_id=call.id, dedupe_key=key, kind="error", node=call.state.get("node"),
                                params=params, response=xml, created_at=now,
                                detail=f"{type(exc).__name__}: {exc}"[:2000]))
                call.seq = max(call.seq, int(key.split(":")[1]))
            call.last_event_at = now
            finalize_call(s, call, now, reason="webhook error")
        return xml

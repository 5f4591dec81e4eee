"""Twilio's voice webhooks. Thin: check the request, hand it to CallHandler, answer TwiML.

Whatever fails inside, the caller hears an apology and the callback promise (never a 500, which
Twilio reads to the caller as "an application error has occurred").
"""

from __future__ import annotations

import logging
from typing import Callable

from flask import Blueprint, Response, current_app, request
from twilio.twiml.voice_response import VoiceResponse

import database
from database import utcnow
from ivr import signature
from ivr.calls import BadRequest, CallHandler, safe_twiml
from ivr.recordings import enqueue_download

log = logging.getLogger(__name__)
bp = Blueprint("voice", __name__, url_prefix="/voice")
FORM = "application/x-www-form-urlencoded"


def _now():
    """The current time; the call simulator may pin it (`--at`) to try working hours."""
    return current_app.config.get("CLOCK", utcnow)()


def _base_url() -> str:
    return signature.public_root(request, current_app.config["SETTINGS"])


def _handler() -> CallHandler:
    return current_app.extensions["calls"]


def _xml(body: str, status: int = 200) -> Response:
    return Response(body, status=status, mimetype="text/xml")


def _plain(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


@bp.before_request
def _check_request():
    if request.method != "POST":
        return _plain("use POST", 405)
    if request.mimetype != FORM:
        return _plain(f"expected {FORM}", 415)
    if not signature.is_valid(request, current_app.config["SETTINGS"]):
        log.warning("rejected %s: bad or missing X-Twilio-Signature (url checked: %s)",
                    request.path, signature.public_url(request, current_app.config["SETTINGS"]))
        return _plain("invalid Twilio signature", 403)
    return None


def _voice(work: Callable[[dict, object], str]) -> Response:
    """Run a call-changing webhook; on any failure answer the safe TwiML and queue the callback."""
    params = request.form.to_dict()
    s = database.session()
    now = _now()
    try:
        return _xml(work(params, now))
    except BadRequest as exc:
        s.rollback()
        return _plain(str(exc), 400)
    except Exception as exc:
        log.exception("webhook %s failed for call %s", request.path, params.get("CallSid"))
        try:
            return _xml(_handler().fail(s, params, request.args.get("seq"), exc, now))
        except Exception:
            log.exception("could not record the failure of call %s", params.get("CallSid"))
            s.rollback()
            return _xml(safe_twiml(current_app.config["SETTINGS"]))


def _report(work: Callable[[dict, object], str | None], on_error: str | None = None) -> Response:
    """Run a callback that does not change the caller's flow (status, recording, click-to-call legs);
    failures are logged, answered with `on_error` (or nothing), and left to the sweeper."""
    params = request.form.to_dict()
    s = database.session()
    try:
        xml = work(params, _now())
    except BadRequest as exc:
        s.rollback()
        return _plain(str(exc), 400)
    except Exception:
        log.exception("callback %s failed for call %s; the sweeper will catch up",
                      request.path, params.get("CallSid"))
        s.rollback()
        xml = on_error
    return _xml(xml or VoiceResponse().to_xml())


@bp.route("/incoming", methods=["GET", "POST"])
def incoming():
    return _voice(lambda p, now: _handler().incoming(database.session(), p, now, _base_url()).twiml)


@bp.route("/step", methods=["GET", "POST"])
def step():
    seq = request.args.get("seq", "")
    speech = request.args.get("speech")  # a menu answer heard by our own recogniser (transcripts.stream)
    interrupt = request.args.get("interrupt")  # a crisis heard in the live transcript (transcripts.stream)

    def work(p, now):
        if speech:
            p = {**p, "SpeechResult": speech[:200], "SpeechSource": "vosk"}
        if interrupt == "crisis":
            p = {**p, "Interrupt": "crisis"}
        return _handler().step(database.session(), p, seq, now, _base_url()).twiml

    return _voice(work)


@bp.route("/status", methods=["GET", "POST"])
def status():
    return _report(lambda p, now: _handler().status(database.session(), p, now))


@bp.route("/recording", methods=["GET", "POST"])
def recording():
    def work(p, now):
        recording_id = _handler().recording(database.session(), p, now)
        if recording_id is not None:
            enqueue_download(recording_id)

    return _report(work)


# --- click-to-call legs (callbacks.dialer) ---------------------------------------------------

def _attempt():
    from callbacks.models import Attempt

    raw = request.args.get("attempt", "")
    attempt = database.session().get(Attempt, int(raw)) if raw.isdigit() else None
    if attempt is None:
        raise BadRequest("unknown attempt")
    return attempt


@bp.route("/bridge", methods=["GET", "POST"])
def bridge():
    """The coordinator answered Twilio's call: connect them to the citizen."""
    from callbacks.dialer import bridge_twiml
    from callbacks.models import CallbackRequest

    def work(p, now):
        attempt = _attempt()
        req = database.session().get(CallbackRequest, attempt.request_id)
        return bridge_twiml(req, attempt, _base_url())

    return _report(work, safe_twiml(current_app.config["SETTINGS"]))


@bp.route("/bridge-result", methods=["GET", "POST"])
def bridge_result():
    from callbacks.dialer import dial_result

    def work(p, now):
        s = database.session()
        dial_result(s, _attempt(), p.get("DialCallStatus", ""), p.get("AnsweredBy"), now)
        s.commit()
        resp = VoiceResponse()
        resp.hangup()
        return resp.to_xml()

    return _report(work, safe_twiml(current_app.config["SETTINGS"]))


@bp.route("/attempt-status", methods=["GET", "POST"])
def attempt_status():
    """Status of the leg to the coordinator: if they never picked up, the request stays theirs."""
    from callbacks.models import CallbackRequest
    from callbacks.queue import transition

    def work(p, now):
        s = database.session()
        attempt = _attempt()
        status = p.get("CallStatus", "")
        if attempt.ended_at is None and attempt.status == "calling" and status in ("no-answer", "busy", "failed",
                                                                                 "canceled"):
            attempt.status, attempt.ended_at = f"coordinator_{status}", now
            req = s.get(CallbackRequest, attempt.request_id)
            if req.status == "calling":
                transition(s, req, "claimed", None, now, reason=f"coordinator's phone: {status}")
        s.commit()
        return VoiceResponse().to_xml()

    return _report(work, safe_twiml(current_app.config["SETTINGS"]))

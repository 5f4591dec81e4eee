"""Live transcription: Twilio Media Streams over a WebSocket, decoded while the caller speaks.

Twilio sends JSON messages — connected, start, media (base64 8 kHz μ-law), mark, stop. Frames
are put back in order by sequence number; a gap is skipped after a short wait; a dropped socket
still stores what was heard. The transcript is ready when the caller hangs up.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from typing import Any, Callable, Optional
from urllib.parse import urlencode

import numpy as np
from flask import Blueprint, current_app, request
from flask_sock import Sock
from sqlalchemy import select

import database
from ivr import rest, signature
from ivr.models import Call
from transcripts import recogniser
from transcripts.audio import Dither, StreamConverter

log = logging.getLogger(__name__)
bp = Blueprint("media_stream", __name__)
sock = Sock()
REORDER_WINDOW = 25          # frames (20 ms each) to wait for a missing one before skipping it
RECEIVE_TIMEOUT = 120        # seconds without a message before the stream is given up


class LiveStream:
    """One media stream: frames in (any order), partial and final text out.

    A stream started by the record step transcribes the story; one started by a menu
    (parameter purpose=menu) listens only for the menu's phrases and reports the first heard.
    """

    def __init__(self, loaded: recogniser.LoadedModel, chunk_seconds: float,
                 on_phrase: Optional[Callable[["LiveStream", str], None]] = None,
                 on_story: Optional[Callable[["LiveStream", str], None]] = None):
        self.loaded = loaded
        self.on_story = on_story
        self.recogniser = None
        self.phrases: tuple[str, ...] = ()
        self.menu_seq: Optional[str] = None
        self.answer: Optional[str] = None
        self.on_phrase = on_phrase
        self.converter = StreamConverter(loaded.rate)
        self.dither = Dither()
        # Fed to Vosk in the same blocks as a recorded file, so both give the same text.
        self.block = int(loaded.rate * chunk_seconds) * 2
        self.buffer = bytearray()
        self.collector = recogniser.ResultCollector()
        self.call_sid: Optional[str] = None
        self.stream_sid: Optional[str] = None
        self.partial = ""
        self.expected: Optional[int] = None
        self.pending: dict[int, bytes] = {}
        self.frames = self.skipped = self.rejected = 0
        self.audio_bytes = 0
        self.stopped = False

    def handle(self, message: dict[str, Any]) -> None:
        event = message.get("event")
        if event == "start":
            start = message.get("start") or {}
            params = start.get("customParameters") or {}
            self.call_sid = start.get("callSid")
            self.stream_sid = message.get("streamSid") or start.get("streamSid")
            if params.get("purpose") == "menu" and self.recogniser is None:
                self.phrases = recogniser.grammar_of(str(params.get("phrases", "")).split("|"))
                self.menu_seq = str(params.get("seq", ""))
            fmt = start.get("mediaFormat") or {}
            if fmt and (fmt.get("encoding") != "audio/x-mulaw" or int(fmt.get("sampleRate", 8000)) != 8000):
                raise ValueError(f"unsupported media format {fmt}")
            if str(message.get("sequenceNumber", "")).isdigit() and self.expected is None:
                self.expected = int(message["sequenceNumber"]) + 1  # media follow the start message
                self._drain()
        elif event == "media":
            self._media(message)
        elif event == "stop":
            self.stopped = True

    def _media(self, message: dict[str, Any]) -> None:
        media = message.get("media") or {}
        if media.get("track", "inbound") != "inbound":
            return
        try:
            seq = int(message.get("sequenceNumber"))
            payload = base64.b64decode(media.get("payload", ""), validate=True)
        except (TypeError, ValueError, binascii.Error):
            self.rejected += 1
            return
        self.stream_sid = self.stream_sid or message.get("streamSid")
        if (self.expected is not None and seq < self.expected) or seq in self.pending:
            return  # a duplicate or a frame we already gave up on
        self.pending[seq] = payload
        if self.expected is None:  # no start message (yet): wait for a window, then begin at the lowest
            if len(self.pending) < REORDER_WINDOW:
                return
            self.expected = min(self.pending)
        self._drain()
        if len(self.pending) > REORDER_WINDOW:  # the missing frame is not coming
            self.skipped += min(self.pending) - self.expected
            self.expected = min(self.pending)
            self._drain()

    def _drain(self) -> None:
        while self.expected in self.pending:
            self._decode(self.converter.feed(self.pending.pop(self.expected)))
            self.expected += 1
            self.frames += 1

    @property
    def is_menu(self) -> bool:
        return bool(self.phrases)

    def _decode(self, pcm: bytes, last: bool = False) -> None:
        if self.recogniser is None:
            self.recogniser = recogniser.new_grammar_recogniser(self.loaded, self.phrases) if self.is_menu \
                else recogniser.new_recogniser(self.loaded)
        self.audio_bytes += len(pcm)
        self.buffer += self.loaded.prepare(np.frombuffer(pcm, dtype="<i2"), self.dither)
        while len(self.buffer) >= self.block or (last and self.buffer):
            block, self.buffer = bytes(self.buffer[:self.block]), self.buffer[self.block:]
            if self.recogniser.AcceptWaveform(block):
                result = self.recogniser.Result()
                self.collector.add(result)
                self.partial = ""
                self._maybe_answer(json.loads(result).get("text", ""))
                if not self.is_menu and self.on_story is not None:
                    self.on_story(self, " ".join(self.collector.texts))
            else:
                self.partial = json.loads(self.recogniser.PartialResult()).get("partial", "")

    def _maybe_answer(self, text: str) -> None:
        if not self.is_menu or self.answer is not None:
            return
        phrase = recogniser.match_phrase(text, self.phrases)
        if phrase is not None:
            self.answer = phrase
            if self.on_phrase is not None:
                self.on_phrase(self, phrase)

    def finish(self) -> recogniser.Transcription:
        for seq in sorted(self.pending):
            self._decode(self.converter.feed(self.pending.pop(seq)))
        self._decode(self.converter.flush(), last=True)
        final = self.recogniser.FinalResult()
        self.collector.add(final)
        self._maybe_answer(json.loads(final).get("text", ""))
        seconds = self.audio_bytes / 2 / self.loaded.rate
        return self.collector.finish(self.loaded.name, seconds, 0.0)


def init_app(app) -> None:
    app.register_blueprint(bp)
    sock.init_app(app)


def _websocket_url() -> str:
    url = signature.public_url(request, current_app.config["SETTINGS"])
    return "ws" + url[4:] if url.startswith("http") else url


@bp.before_request
def _check_signature():
    """Twilio signs the WebSocket handshake like any webhook (URL, no parameters)."""
    settings = current_app.config["SETTINGS"]
    if not settings.twilio.validate_signatures:
        return None
    from twilio.request_validator import RequestValidator

    sig = request.headers.get("X-Twilio-Signature", "")
    if not sig or not settings.twilio.auth_token or \
            not RequestValidator(settings.twilio.auth_token).validate(_websocket_url(), {}, sig):
        log.warning("media stream rejected: bad or missing X-Twilio-Signature")
        return "invalid Twilio signature\n", 403
    return None


@sock.route("/voice/stream", bp=bp)
def media_stream(ws) -> None:
    settings = current_app.config["SETTINGS"]
    try:
        loaded = recogniser.load_model(settings)
    except recogniser.ModelUnavailable as exc:
        log.warning("media stream refused: %s (the recorded file stays the fallback)", exc)
        ws.close(reason=1011, message="transcription unavailable")
        return
    root = signature.public_root(request, settings)

    def answer(stream: LiveStream, phrase: str) -> None:
        """A menu answer was heard: have Twilio fetch the menu's step with it, as if keyed."""
        url = f"{root}/voice/step?{urlencode({'seq': stream.menu_seq, 'speech': phrase})}"
        try:
            rest.redirect_call(settings, stream.call_sid or "", url)
            log.info("call %s: heard «%s» in menu step %s", stream.call_sid, phrase, stream.menu_seq)
        except rest.TwilioUnavailable as exc:
            log.warning("heard «%s» but could not redirect the call (keys still work): %s", phrase, exc)

    def story(stream: LiveStream, text: str) -> None:
        """While the caller speaks: a threat to life moves the call to the crisis part of the flow."""
        if not getattr(stream, "crisis_warned", False):
            stream.crisis_warned = warn_if_crisis(stream.call_sid, text, root)

    stream = LiveStream(loaded, settings.transcription.chunk_seconds, on_phrase=answer, on_story=story)
    from simple_websocket import ConnectionClosed

    try:
        while not stream.stopped:
            raw = ws.receive(timeout=RECEIVE_TIMEOUT)
            if raw is None:
                log.warning("media stream %s: no message for %s s; closing", stream.stream_sid, RECEIVE_TIMEOUT)
                break
            try:
                stream.handle(json.loads(raw))
            except (json.JSONDecodeError, AttributeError, ValueError) as exc:
                stream.rejected += 1
                log.warning("media stream %s: ignoring a bad message (%s)", stream.stream_sid, exc)
    except ConnectionClosed:
        log.info("media stream %s: socket dropped; keeping what was heard", stream.stream_sid)
    finally:
        _store(stream)


def warn_if_crisis(call_sid: Optional[str], text: str, root: str) -> bool:
    """Classify what was heard so far; on a crisis the caller named, redirect the live call to the flow's
    crisis node. The model's resemblance alone does not cut a caller's story short (it is wrong about
    one in four such stories); it still puts the request at the top of the queue at hang-up."""
    from classification.rules import RulesInvalid

    try:
        classifier = current_app.extensions["classification"].classifier()
    except RulesInvalid:
        return False
    if not call_sid or not classifier.classify(text).crisis_said:
        return False
    s = database.session()
    call = s.scalars(select(Call).where(Call.sid == call_sid)).first()
    s.commit()
    if call is None or call.finalized_at is not None:
        return False
    try:
        rest.redirect_call(current_app.config["SETTINGS"], call_sid,
                           f"{root}/voice/step?{urlencode({'seq': call.seq, 'interrupt': 'crisis'})}")
    except rest.TwilioUnavailable as exc:
        log.warning("call %s: crisis heard but the call could not be redirected: %s", call_sid, exc)
        return False
    log.warning("call %s: CRISIS heard in the live story; call moved to the crisis node", call_sid)
    return True


def _store(stream: LiveStream) -> None:
    from transcripts.pipeline import store_transcript, transcript_ready

    result = stream.finish()
    if stream.is_menu:
        return  # a menu answer, not the caller's story
    s = database.session()
    call = s.scalars(select(Call).where(Call.sid == (stream.call_sid or ""))).first()
    if call is None:
        log.warning("media stream %s for unknown call %s: transcript dropped", stream.stream_sid, stream.call_sid)
        return
    row = store_transcript(s, call.id, None, "live", "done", result)
    s.commit()
    log.info("live transcript for call %s: %d frames (%d skipped, %d bad), %d words", call.sid, stream.frames,
             stream.skipped, stream.rejected, len(result.words))
    transcript_ready(s, row.id)

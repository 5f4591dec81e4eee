"""From a stored recording to a transcript on the caller's callback request, as an rq job.

A recording that cannot be transcribed (no model, corrupt audio) never blocks or loses the
request: it stays queued with "no transcript: <reason>". Silence gives an empty transcript.
"""

from __future__ import annotations

import logging
from typing import Optional

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

import database
import jobs
from callbacks.models import CallbackRequest
from database import utcnow
from ivr.models import Call, Recording
from transcripts import audio, recogniser
from transcripts.models import Transcript

log = logging.getLogger(__name__)


def enqueue_transcription(recording_id: int) -> bool:
    settings = current_app.config["SETTINGS"]
    return jobs.enqueue(
        transcribe_recording, recording_id, queue_name="transcribe",
        job_id=f"transcribe-recording-{recording_id}",
        retry=jobs.retry_policy(settings.transcription.retry_intervals),
        timeout=settings.transcription.job_timeout_seconds,
    )


def store_transcript(s: Session, call_id: int, recording_id: Optional[int], source: str, status: str,
           result: Optional[recogniser.Transcription] = None, error: Optional[str] = None) -> Transcript:
    query = select(Transcript).where(Transcript.recording_id == recording_id) if recording_id else \
        select(Transcript).where(Transcript.call_id == call_id, Transcript.source == source)
    row = s.scalars(query).first() or Transcript(call_id=call_id, recording_id=recording_id, source=source)
    row.status, row.error, row.created_at = status, error, utcnow()
    if result is not None:
        row.text, row.words, row.confidence = result.text, result.words, result.confidence
        row.model, row.audio_seconds, row.decode_seconds = result.model, result.audio_seconds, result.decode_seconds
    s.add(row)
    s.flush()
    return row


def transcribe_recording(recording_id: int) -> dict:
    """rq job: decode one stored recording with the process's Vosk model and store the result."""
    settings = current_app.config["SETTINGS"]
    s = database.session()
    rec = s.get(Recording, recording_id)
    if rec is None or rec.status != "stored" or not rec.path:
        raise ValueError(f"recording {recording_id} is not stored yet")
    live = s.scalars(select(Transcript).where(Transcript.call_id == rec.call_id, Transcript.source == "live",
                                              Transcript.status == "done")).first()
    s.commit()
    if live is not None and live.text:
        log.info("recording %s: the call already has a live transcript; file decoding skipped", rec.sid)
        return {"status": "live", "transcript_id": live.id}
    try:
        loaded = recogniser.load_model(settings)
        with open(rec.path, "rb") as fh:
            pcm = audio.load(fh.read(), loaded.rate, settings.transcription.max_audio_seconds)
        result = recogniser.transcribe(pcm, settings)
    except recogniser.ModelUnavailable as exc:
        return _failed(s, rec, "unavailable", str(exc))
    except (audio.AudioError, OSError) as exc:
        return _failed(s, rec, "failed", str(exc))
    row = store_transcript(s, rec.call_id, rec.id, "file", "done", result)
    s.commit()
    log.info("recording %s transcribed: %d words, %.1f s audio, RTF %.3f", rec.sid, len(result.words),
             result.audio_seconds, result.real_time_factor)
    transcript_ready(s, row.id)
    return {"status": "done", "transcript_id": row.id, **result.as_dict()}


def _failed(s: Session, rec: Recording, status: str, reason: str) -> dict:
    log.warning("recording %s: no transcript: %s", rec.sid, reason)
    row = store_transcript(s, rec.call_id, rec.id, "file", status, error=reason)
    s.commit()
    transcript_ready(s, row.id)
    return {"status": status, "reason": reason}


def transcript_ready(s: Session, transcript_id: int) -> None:
    """A transcript (or the reason there is none) exists: bring the callback request up to date."""
    call_changed(s, s.get(Transcript, transcript_id).call_id)


def call_changed(s: Session, call_id: int) -> None:
    """The call's recording or transcript changed: refresh its request, if it has one yet."""
    from classification.triage import classify_request

    call = s.get(Call, call_id)
    if call.callback_request_id is not None:
        req = s.get(CallbackRequest, call.callback_request_id)
        refresh_request(s, req)
        classify_request(s, req)
        s.commit()


def refresh_request(s: Session, req: CallbackRequest) -> None:
    """transcript_status of a request from its calls' recordings and transcripts."""
    s.flush()
    call_ids = list(s.scalars(select(Call.id).where(Call.callback_request_id == req.id)))
    transcripts = s.scalars(select(Transcript).where(Transcript.call_id.in_(call_ids))
                            .order_by(Transcript.created_at)).all() if call_ids else []
    recordings = s.scalars(select(Recording).where(Recording.call_id.in_(call_ids))).all() if call_ids else []
    done = [t for t in transcripts if t.status == "done"]
    transcribed = {t.recording_id for t in transcripts}
    if done:
        req.transcript_status, req.transcript_note = "done", None
    elif any(r.status in ("pending", "stored") and r.id not in transcribed for r in recordings):
        req.transcript_status, req.transcript_note = "pending", None
    elif transcripts:
        req.transcript_status = transcripts[-1].status
        req.transcript_note = f"no transcript: {transcripts[-1].error}"
    elif any(r.status == "failed" for r in recordings):
        req.transcript_status, req.transcript_note = "failed", "no transcript: the recording could not be downloaded"
    else:
        req.transcript_status, req.transcript_note = "none", None

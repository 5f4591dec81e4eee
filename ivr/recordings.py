"""Fetching the caller's recorded story from Twilio into our own storage, as an rq job.

The Recording row is written by the webhook before any job exists, so a download that could not
be enqueued (Redis down) or failed for good is never forgotten: the sweeper and the console see it.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import requests
from flask import current_app
from sqlalchemy import and_, or_, select

import database
import jobs
from database import utcnow
from ivr.models import Recording

log = logging.getLogger(__name__)
CALLBACK_GRACE = timedelta(minutes=2)
REENQUEUE_AFTER = timedelta(minutes=30)


class RecordingFetchError(Exception):
    """The recording could not be fetched or is not audio; the job retries with backoff."""


def enqueue_download(recording_id: int) -> bool:
    settings = current_app.config["SETTINGS"]
    ok = jobs.enqueue(
        download_recording, recording_id, queue_name="default",
        job_id=f"recording-download-{recording_id}",
        retry=jobs.retry_policy(settings.recordings.retry_intervals),
        timeout=settings.recordings.job_timeout_seconds,
    )
    if ok:
        s = database.session()
        rec = s.get(Recording, recording_id)
        if rec is not None:
            rec.enqueued_at = utcnow()
        s.commit()
    return ok


def _media_url(url: str, api_base: str) -> str:
    """Twilio's RecordingUrl without extension serves WAV with '.wav'; only Twilio's host is fetched."""
    if urlsplit(url).netloc != urlsplit(api_base).netloc:
        raise RecordingFetchError(f"recording URL host {urlsplit(url).netloc!r} is not the Twilio API host")
    return url if url.endswith((".wav", ".mp3")) else url + ".wav"


def download_recording(recording_id: int) -> str:
    """rq job: fetch one recording with the account's credentials and store it as a file."""
    settings = current_app.config["SETTINGS"]
    s = database.session()
    rec = s.get(Recording, recording_id)
    if rec is None:
        raise RecordingFetchError(f"recording {recording_id} does not exist")
    s.commit()  # no transaction (on SQLite: no write lock) while the network is slow
    if rec.status == "stored":
        return rec.path or ""
    target_dir = settings.path(settings.recordings.dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{rec.sid}.wav"
    partial = target.with_suffix(".part")
    auth = (settings.twilio.account_sid, settings.twilio.auth_token) if settings.twilio.account_sid else None
    try:
        url = _media_url(rec.url, settings.twilio.api_base_url)
        with requests.get(url, auth=auth, stream=True, timeout=settings.recordings.download_timeout_seconds) as r:
            if r.status_code != 200:
                raise RecordingFetchError(f"Twilio answered {r.status_code} for {url}")
            size = 0
            with open(partial, "wb") as fh:
                for chunk in r.iter_content(64 * 1024):
                    fh.write(chunk)
                    size += len(chunk)
        with open(partial, "rb") as fh:
            head = fh.read(12)
        if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise RecordingFetchError(f"{url} did not return a WAV file ({size} bytes)")
        os.replace(partial, target)
    except (requests.RequestException, OSError, RecordingFetchError) as exc:
        partial.unlink(missing_ok=True)
        _record_failure(s, rec, exc, settings.recordings.retry_intervals)
        raise
    rec.status, rec.path, rec.size_bytes = "stored", str(target), size
    rec.attempts += 1
    rec.error = None
    rec.stored_at = utcnow()
    s.commit()
    log.info("recording %s stored at %s (%d bytes)", rec.sid, target, size)
    from transcripts import recording_stored

    recording_stored(rec.id)
    return str(target)


def _record_failure(s, rec: Recording, exc: BaseException, intervals: list[int]) -> None:
    s.rollback()
    rec.attempts += 1
    rec.error = f"{type(exc).__name__}: {exc}"[:2000]
    if rec.attempts > len(intervals):
        rec.status = "failed"
        log.error("recording %s: giving up after %d attempts: %s", rec.sid, rec.attempts, exc)
    else:
        log.warning("recording %s: attempt %d failed, will retry: %s", rec.sid, rec.attempts, exc)
    s.commit()
    if rec.status == "failed":
        from transcripts.pipeline import call_changed

        call_changed(s, rec.call_id)
        s.commit()


def pending_downloads(s, now: datetime) -> list[int]:
    """Recordings no job is working on: never enqueued (after a grace period for the status
    callback), or enqueued long ago and still not stored (the job or Redis was lost)."""
    return list(s.scalars(
        select(Recording.id).where(
            Recording.status == "pending",
            or_(
                and_(Recording.enqueued_at.is_(None), Recording.created_at < now - CALLBACK_GRACE),
                Recording.enqueued_at < now - REENQUEUE_AFTER,
            ),
        )
    ))

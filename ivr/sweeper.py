"""The safety net: calls that went silent get their callback request, stuck recordings a job, requests
read while the classification model was training its second opinion.

Twilio retries nothing by default, so a lost status callback or a Redis outage must not lose a
caller. Runs every minute from the rq cron scheduler, and on demand: `flask --app app sweep`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import click
from flask.cli import with_appcontext
from flask import current_app
from sqlalchemy import select

import database
from callbacks.intake import finalize_call
from database import utcnow
from ivr.models import Call
from ivr.recordings import enqueue_download, pending_downloads

log = logging.getLogger(__name__)


def finalize_silent_calls(now: datetime) -> int:
    settings = current_app.config["SETTINGS"].ivr
    s = database.session()
    cutoff = now - timedelta(minutes=settings.finalize_after_minutes)
    transfer_cutoff = now - timedelta(minutes=settings.transfer_finalize_after_minutes)
    ids = list(s.scalars(select(Call.id).where(Call.finalized_at.is_(None), Call.last_event_at < cutoff)))
    s.commit()
    done = 0
    for call_id in ids:
        call = s.scalars(select(Call).where(Call.id == call_id).with_for_update()).one()
        in_transfer = call.state.get("wait") == "transfer"
        if call.finalized_at is None and not (in_transfer and call.last_event_at >= transfer_cutoff):
            finalize_call(s, call, now, reason="no activity")
            done += 1
        s.commit()
    return done


def enqueue_stuck_recordings(now: datetime) -> int:
    s = database.session()
    ids = pending_downloads(s, now)
    s.commit()
    return sum(enqueue_download(rid) for rid in ids)


def settle_queue(now: datetime) -> dict[str, int]:
    """Expired claims back to the queue; retries whose time has come (if their rq job was lost)."""
    from callbacks.queue import expire_claims, requeue_due

    s = database.session()
    result = {"claims_expired": expire_claims(s, now), "retries_requeued": requeue_due(s, now)}
    s.commit()
    return result


def read_again_with_the_model() -> int:
    from classification.triage import classify_again_with_the_model

    s = database.session()
    done = classify_again_with_the_model(s)
    s.commit()
    return done


def sweep(now: datetime | None = None) -> dict[str, int]:
    now = now or utcnow()
    result = {"calls_finalized": finalize_silent_calls(now), "recordings_enqueued": enqueue_stuck_recordings(now),
              **settle_queue(now), "requests_read_again": read_again_with_the_model()}
    if any(result.values()):
        log.info("sweep: %s", result)
    return result


@click.command("sweep", help="Finalize silent calls and re-enqueue stuck recordings once.")
@with_appcontext
def sweep_command() -> None:
    click.echo(sweep())

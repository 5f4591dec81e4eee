"""`flask callbacks list`: the callback requests as coordinators and scripts need them."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import database
from callbacks.models import CallbackRequest
from ivr.models import Call


def request_summaries(s: Session, status: str | None = None, limit: int = 1000) -> list[dict]:
    query = (select(CallbackRequest)
             .options(selectinload(CallbackRequest.calls).selectinload(Call.recordings))
             .order_by(CallbackRequest.first_call_at, CallbackRequest.id).limit(limit))
    if status:
        query = query.where(CallbackRequest.status == status)
    out = []
    for req in s.scalars(query):
        recordings = [rec for call in req.calls for rec in call.recordings]
        statuses = {rec.status for rec in recordings}
        out.append({
            "id": req.id,
            "phone": req.phone_e164,
            "phone_source": req.phone_source,
            "category": req.category,
            "needs": list(req.needs),
            "urgency": req.urgency,
            "region": req.region,
            "status": req.status,
            "created_at": req.created_at.isoformat(),
            "first_call_at": req.first_call_at.isoformat(),
            "call_count": req.call_count,
            "call_sids": [call.sid for call in req.calls],
            "has_recording": "stored" in statuses,
            "recording_status": next((st for st in ("stored", "pending", "failed") if st in statuses), None),
            "has_transcript": req.transcript_status == "done",
        })
    return out


@click.group("callbacks", cls=AppGroup, help="Callback requests.")
def callbacks_cli() -> None:
    pass


@callbacks_cli.command("list", help="List callback requests, oldest first.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one array).")
@click.option("--status", default=None, help="Only this status (queued, claimed, …).")
def list_command(as_json: bool, status: str | None) -> None:
    rows = request_summaries(database.session(), status)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("заявок нет")
    for r in rows:
        click.echo(f"#{r['id']:<5} {r['phone']:<14} {r['status']:<8} {r['urgency']:<7} "
                   f"{r['category'] or '—':<26} {','.join(r['needs']) or '—':<22} {r['region'] or '—':<12} "
                   f"{r['created_at'][:16]} запись:{'да' if r['has_recording'] else 'нет'}")

"""Admin commands: check a flow file, and play a whole call against the real webhooks."""

from __future__ import annotations

import secrets
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import click
from flask.cli import AppGroup
from flask import current_app

from ivr.flow_loader import FlowInvalid, load_flow_file
from ivr.simulator import Heard, RecordingServer, SimulatedCall

ICONS = {"say": "🔊", "play": "🎵", "gather": "⌨ ждём ввода:", "pressed": "   ← нажато", "silence": "   ← тишина",
         "record": "⏺ запись", "dial": "☎ перевод", "hangup": "⏹", "hung_up": "✂", "error": "⚠"}


@click.group("callflow", cls=AppGroup, help="Call flows (YAML).")
def callflow_cli() -> None:
    pass


@callflow_cli.command("validate", help="Check a flow file; exit 1 and list every error with its line.")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def validate_command(path: Path) -> None:
    regions = list(current_app.config["SETTINGS"].regions)
    try:
        flow = load_flow_file(path, regions)
    except FlowInvalid as exc:
        click.echo(f"{path}: найдено ошибок: {len(exc.problems)}", err=True)
        for problem in exc.problems:
            click.echo(problem.format(str(path)), err=True)
        sys.exit(1)
    click.echo(f"{path}: OK — сценарий «{flow.name}», узлов: {len(flow.nodes)}")


@click.group("call", cls=AppGroup, help="Try calls without a phone.")
def call_cli() -> None:
    pass


@call_cli.command("simulate", help="Drive the real webhooks as Twilio would and print what the caller hears.")
@click.option("--digits", default="", help="Keys for each menu in order, comma-separated; empty = silence. "
                                           "When they run out, the caller hangs up.")
@click.option("--from", "caller", default="+79270000000", help="Caller ID; 'anonymous' for a withheld number.")
@click.option("--to", "to", default="+78003033030", help="The hotline number called.")
@click.option("--record", "record", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="WAV file the caller 'says' at the recording step.")
@click.option("--flow", "flow_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Try this flow file instead of the live one (an edit before it goes live).")
@click.option("--dial-status", default="no-answer", help="What a transfer to an operator ends with.")
@click.option("--at", "at", default=None, help="Pretend it is this UTC time, e.g. 2026-11-23T07:00.")
@click.option("--use-database", is_flag=True, help="Write the call into the configured database "
                                                   "(default: a throwaway one).")
def simulate_command(digits, caller, to, record, flow_path, dial_status, at, use_database) -> None:
    from app import create_app
    from callbacks.cli import request_summaries
    import database

    settings = current_app.config["SETTINGS"]
    server = RecordingServer(record) if record else None
    tmp = tempfile.TemporaryDirectory(prefix="hotline-sim-")
    overrides: dict = {
        "twilio": {"auth_token": settings.twilio.auth_token or secrets.token_hex(16),
                   "api_base_url": server.url if server else settings.twilio.api_base_url},
        "worker": {"run_jobs_inline": True},
        "recordings": {"dir": str(Path(tmp.name) / "recordings")},
    }
    if flow_path:
        overrides["ivr"] = {"flows": {**settings.ivr.flows, "default": str(flow_path.resolve())}}
    if not use_database:
        overrides["database_url"] = f"sqlite:///{Path(tmp.name) / 'sim.db'}"
    app = create_app(overrides)
    if at:
        fixed = datetime.fromisoformat(at).replace(tzinfo=timezone.utc)
        app.config["CLOCK"] = lambda: fixed
    try:
        with app.app_context():
            if not use_database:
                database.create_schema()
            call = SimulatedCall(app, caller=caller, to=to, recording_host=server.url if server else None,
                                 on_heard=_print_heard)
            click.echo(f"☎ звонок {call.sid} с номера {caller} на {to}")
            call.run([d.strip() for d in digits.split(",")] if digits else [], record=record,
                     dial_status=dial_status)
            rows = [r for r in request_summaries(database.session()) if call.sid in r["call_sids"]]
            if rows:
                r = rows[0]
                click.echo(f"\n✔ заявка на обратный звонок #{r['id']}: {r['phone']}, категория {r['category']},"
                           f" нужды {', '.join(r['needs']) or '—'}, срочность {r['urgency']},"
                           f" регион {r['region'] or '—'}, запись: {r['recording_status'] or 'нет'}")
            else:
                click.echo("\n✘ заявка не создана: нет номера для обратного звонка")
    finally:
        if server:
            server.close()
        app.extensions["database"].dispose()
        tmp.cleanup()


def _print_heard(item: Heard) -> None:
    click.echo(f"  {ICONS.get(item.kind, item.kind)} {item.text}")

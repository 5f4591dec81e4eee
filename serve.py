"""`flask --app app serve`: the whole service on one machine — what `make run` starts.

Checks the flows, migrates the database, starts an embedded Redis when no REDIS_URL is given,
then runs gunicorn (web), an rq worker and the cron scheduler (sweeper) until stopped.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import click
from flask.cli import with_appcontext
from flask import Flask, current_app

import database
import jobs
from ivr.flow_loader import FlowInvalid, load_flow_file


def init_app(app: Flask) -> None:
    app.cli.add_command(serve_command)
    app.cli.add_command(cron_command)


@click.command("cron", help="Run the rq cron scheduler: the sweeper every minute, the corrections export hourly.")
@with_appcontext
def cron_command() -> None:
    from rq.cron import CronScheduler

    from classification.learning import export_corrections
    from ivr.sweeper import sweep

    settings = current_app.config["SETTINGS"]
    scheduler = CronScheduler(connection=jobs.redis())
    scheduler.register(sweep, queue_name="low", interval=settings.worker.sweep_every_seconds, job_timeout=300)
    scheduler.register(export_corrections, queue_name="low", interval=3600, job_timeout=600)
    scheduler.start()


def _check_flows(settings) -> None:
    for name, path in settings.ivr.flows.items():
        try:
            load_flow_file(settings.path(path), list(settings.regions))
        except FlowInvalid as exc:
            click.echo(f"flow {name!r} is invalid (the last valid stored version, if any, is served):\n{exc}",
                       err=True)


@click.command("serve", help="Migrate, then run web + worker + scheduler (embedded Redis if no REDIS_URL).")
@with_appcontext
@click.option("--no-worker", is_flag=True, help="Only the web server.")
def serve_command(no_worker: bool) -> None:
    settings = current_app.config["SETTINGS"]
    _check_flows(settings)
    database.upgrade(current_app.extensions["database"].url)
    env = dict(os.environ)
    env.pop("FLASK_RUN_FROM_CLI", None)   # set by this command line; gunicorn's workers are not one
    embedded = None
    if not settings.redis_url:
        embedded, env["REDIS_URL"] = jobs.start_embedded_redis(settings.path(settings.instance_dir))
        click.echo(f"embedded Redis at {env['REDIS_URL']}")
    python = sys.executable
    web = settings.web
    commands = [[python, "-m", "gunicorn", "--bind", f"{web.host}:{web.port}", "--workers", str(web.workers),
                 "--worker-class", "gthread", "--threads", str(web.threads), "--timeout", "30",
                 "--access-logfile", "-", "app:create_app()"]]
    if not no_worker:
        commands += [[python, "-m", "flask", "--app", "app", "worker"],
                     [python, "-m", "flask", "--app", "app", "cron"]]
    procs = [subprocess.Popen(cmd, env=env, cwd=str(database.ROOT)) for cmd in commands]
    click.echo(f"hotline: http://{web.host}:{web.port}  (voice webhook: /voice/incoming); Ctrl+C stops")
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = 0
    try:
        while not stopping:
            dead = [p for p in procs if p.poll() is not None]
            if dead:
                click.echo(f"a process exited ({dead[0].args[2:5]}, code {dead[0].returncode}); stopping", err=True)
                code = 1
                break
            time.sleep(0.5)
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        if embedded is not None:
            jobs.stop_embedded_redis(embedded)
    sys.exit(code)

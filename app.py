"""The «Социальный координатор» hotline service: build the app, load its config, register the parts."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import callbacks
import classification
import console
import database
import ivr
import jobs
import serve
import transcripts
from settings import Settings, load_settings

log = logging.getLogger("hotline")


def create_app(test_config: dict | None = None) -> Flask:
    """`test_config` overrides settings with the same shape as config.yaml (tests, simulator)."""
    settings = load_settings(overrides=test_config)
    app = Flask(__name__, instance_path=str(settings.path(settings.instance_dir)))
    app.config.from_mapping(
        SETTINGS=settings,
        SECRET_KEY=settings.secret_key or _instance_secret(Path(app.instance_path)),
        MAX_CONTENT_LENGTH=settings.web.max_request_bytes,
        TESTING=test_config is not None,
    )
    _configure_logging(settings)
    if settings.web.trusted_proxies:
        n = settings.web.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)

    database.init_app(app)
    jobs.init_app(app)
    ivr.init_app(app)
    callbacks.init_app(app)
    transcripts.init_app(app)
    classification.init_app(app)
    console.init_app(app)
    serve.init_app(app)

    @app.get("/health")
    def health():
        from ivr.flow_store import FlowUnavailable
        from transcripts.recogniser import status

        flows = app.extensions["flows"]
        for name in flows.paths:
            try:
                flows.current(name)
            except FlowUnavailable:
                pass
        return {"status": "ok", "flows": {n: flows.errors.get(n) is None for n in flows.paths},
                "transcription": status(settings), "classification": app.extensions["classification"].status()}

    return app


def _instance_secret(instance: Path) -> str:
    """A session key kept in the instance folder, so sessions survive restarts without config."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _configure_logging(settings: Settings) -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not settings.twilio.validate_signatures:
        log.warning("TWILIO SIGNATURE CHECK IS OFF (twilio.validate_signatures=false): "
                    "anyone can post to the voice webhooks. Never run a real number like this.")
    elif not settings.twilio.auth_token:
        log.warning("TWILIO_AUTH_TOKEN is not set: every voice webhook will be rejected with 403.")

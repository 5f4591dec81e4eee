"""The coordinators' web console (Russian UI)."""

from flask import Flask
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    from accounts import auth
    from console.views import bp
    from ivr.webhooks import bp as voice_bp

    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # the session's own expiry bounds the token
    csrf.init_app(app)
    csrf.exempt(voice_bp)          # Twilio signs its requests instead
    auth.init_app(app)
    app.register_blueprint(bp)

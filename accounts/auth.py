"""Logging in: argon2 password hashes, lockout after repeated failures, sessions that expire."""

from __future__ import annotations

import functools
import logging
from datetime import datetime, timedelta
from typing import Callable, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, abort, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy import func, select

import database
from accounts.models import ROLES, AuditEvent, User
from database import utcnow

log = logging.getLogger(__name__)
_hasher = PasswordHasher()
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_LIFETIME = timedelta(hours=10)
MIN_PASSWORD = 10


class LoginRefused(Exception):
    """Why a login did not succeed, in words safe to show (never which of name/password was wrong)."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"пароль должен быть не короче {MIN_PASSWORD} символов")
    return _hasher.hash(password)


def create_user(s, username: str, password: str, role: str, full_name: str = "", regions: list[str] = (),
                phone: Optional[str] = None) -> User:
    if role not in ROLES:
        raise ValueError(f"роль должна быть одной из: {', '.join(ROLES)}")
    if s.scalars(select(User).where(func.lower(User.username) == username.lower())).first():
        raise ValueError(f"пользователь {username} уже есть")
    user = User(username=username, full_name=full_name or username, password_hash=hash_password(password),
                role=role, regions=list(regions), phone=phone)
    s.add(user)
    s.flush()
    return user


def audit(action: str, object_type: Optional[str] = None, object_id: Optional[int] = None,
          user: Optional[User] = None, **detail) -> None:
    """Write who opened what — before anything is shown. On a page that only reads, the record is
    committed on its own at once; otherwise it joins the caller's transaction."""
    who = user if user is not None else (current_user if current_user and current_user.is_authenticated else None)
    event = AuditEvent(user_id=who.id if who else None, action=action, object_type=object_type,
                       object_id=object_id, detail=detail, ip=request.remote_addr if request else None, at=utcnow())
    if request and request.method in ("GET", "HEAD"):
        database.write_now(event)
    else:
        database.session().add(event)


def authenticate(username: str, password: str, now: datetime) -> User:
    s = database.session()
    user = s.scalars(select(User).where(func.lower(User.username) == (username or "").strip().lower())).first()
    if user is None or not user.is_active:
        _hasher.hash("timing-equaliser")  # the same work for unknown names as for known ones
        audit("login_failed", detail_username=(username or "")[:80])
        s.commit()
        raise LoginRefused("Неверное имя пользователя или пароль.")
    if user.locked_until and user.locked_until > now:
        audit("login_locked", "user", user.id, user=user)
        s.commit()
        minutes = int((user.locked_until - now).total_seconds() // 60) + 1
        raise LoginRefused(f"Слишком много неудачных попыток. Попробуйте через {minutes} мин.")
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            log.warning("user %s locked for %s after repeated failed logins", user.username, LOCKOUT)
        audit("login_failed", "user", user.id, user=user)
        s.commit()
        raise LoginRefused("Неверное имя пользователя или пароль.")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    audit("login", "user", user.id, user=user)
    s.commit()
    return user


def start_session(user: User) -> None:
    session.clear()
    session.permanent = True
    login_user(user)
    session["seen"] = utcnow().timestamp()


def end_session() -> None:
    logout_user()
    session.clear()


def require_role(*roles: str) -> Callable:
    """Every console view says who may use it; anyone else gets 403, the logged-out a login page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("console.login", next=request.full_path.rstrip("?")))
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.roles = roles
        return wrapped

    return decorator


def init_app(app: Flask) -> None:
    manager = LoginManager()
    manager.login_view = "console.login"
    manager.login_message = "Войдите, чтобы продолжить."
    manager.init_app(app)
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", SESSION_LIFETIME)
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("SESSION_COOKIE_SECURE", bool(app.config["SETTINGS"].public_base_url.startswith("https")))

    @manager.user_loader
    def load_user(user_id: str) -> Optional[User]:
        user = database.session().get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.is_active else None

    @app.before_request
    def _idle_timeout():
        """A console left open expires after a while without clicks."""
        if current_user.is_authenticated:
            seen = session.get("seen", 0)
            now = utcnow().timestamp()
            if now - seen > IDLE_TIMEOUT.total_seconds():
                end_session()
                if request.blueprint == "console":
                    return redirect(url_for("console.login", next=request.full_path.rstrip("?"), expired=1))
                return None
            session["seen"] = now
        return None

    from accounts.cli import users_cli

    app.cli.add_command(users_cli)

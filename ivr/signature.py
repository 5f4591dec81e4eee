"""Twilio request signatures, checked against the public URL Twilio actually called.

Behind a TLS proxy the app sees http://127.0.0.1:5000/...; Twilio signed https://public/...,
so `public_base_url` (or trusted X-Forwarded-* headers) gives the URL to check against.
"""

from __future__ import annotations

import logging

from flask import Request
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)

from settings import Settings

log = logging.getLogger(__name__)


def public_url(request: Request, settings: Settings) -> str:
    if not settings.public_base_url:
        return request.url
    query = request.query_string.decode("latin-1")
    return settings.public_base_url.rstrip("/") + request.path + (f"?{query}" if query else "")


def public_root(request: Request, settings: Settings) -> str:
    """The service's public root URL as Twilio reaches it, without a trailing slash."""
    return settings.public_base_url.rstrip("/") or request.host_url.rstrip("/")


def is_valid(request: Request, settings: Settings) -> bool:
    if not settings.twilio.validate_signatures:
        return True
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not signature or not settings.twilio.auth_token:
        return False
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
    return RequestValidator(settings.twilio.auth_token).validate(
        public_url(request, settings), request.form, signature, algorithm=algorithm
    )


def sign(url: str, params: dict[str, str], auth_token: str) -> str:
    """The signature Twilio would send; used by the call simulator and the benchmark."""
    return RequestValidator(auth_token).compute_signature(url, params)

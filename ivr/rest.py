"""Twilio's REST API, through the official client: redirecting a live call (and, later, dialling)."""

from __future__ import annotations

import logging

from twilio.base.exceptions import TwilioException
from twilio.rest import Client

from settings import Settings

log = logging.getLogger(__name__)


class TwilioUnavailable(Exception):
    """Twilio's API could not be used (no credentials, network, or an error answer)."""


def client(settings: Settings) -> Client:
    if not (settings.twilio.account_sid and settings.twilio.auth_token):
        raise TwilioUnavailable("TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN are not set")
    c = Client(settings.twilio.account_sid, settings.twilio.auth_token)
    c.api.base_url = settings.twilio.api_base_url.rstrip("/")
    return c


def redirect_call(settings: Settings, call_sid: str, url: str) -> None:
    """Make a call in progress fetch new TwiML from `url` (POST), interrupting what it plays."""
    try:
        client(settings).calls(call_sid).update(url=url, method="POST")
    except TwilioException as exc:
        raise TwilioUnavailable(f"redirecting call {call_sid} failed: {exc}") from exc

"""Callback requests: the one row a coordinator works from, whatever happened during the call."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from database import Base, UTCDateTime, utcnow
from ivr.models import Call

# queued -> claimed -> calling -> reached | wrong_number | refused | waiting_retry -> queued … -> unreachable
OPEN_STATUSES = ("queued", "claimed", "calling", "waiting_retry")
CLOSED_STATUSES = ("reached", "wrong_number", "refused", "unreachable")


class CallbackRequest(Base):
    __tablename__ = "callback_requests"
    # At most one open request per number: a repeat call merges into it, even when two calls
    # from the same number end in the same instant.
    __table_args__ = (
        Index(
            "uq_callback_requests_open_phone",
            "phone_e164",
            unique=True,
            sqlite_where=text("status IN ('queued', 'claimed', 'calling', 'waiting_retry')"),
            postgresql_where=text("status IN ('queued', 'claimed', 'calling', 'waiting_retry')"),
        ),
        # "Claim next" walks this index in queue order instead of sorting the whole queue.
        Index("ix_callback_requests_queue_order", "status", "queue_band", "due_at", "first_call_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone_e164: Mapped[str] = mapped_column(String(20), index=True)
    phone_source: Mapped[str] = mapped_column(String(20))  # confirmed | entered | caller_id
    region: Mapped[Optional[str]] = mapped_column(String(50), index=True)
    category: Mapped[Optional[str]] = mapped_column(String(40))
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
    queue_band: Mapped[int] = mapped_column(Integer, default=1)   # 0 = crisis: ahead of everyone
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    menu_choices: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    call_count: Mapped[int] = mapped_column(Integer, default=1)
    # Transcription and classification (their own issues) fill these in later.
    transcript_status: Mapped[str] = mapped_column(String(20), default="none")
    transcript_note: Mapped[Optional[str]] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(Integer, default=10, index=True)
    # The classifier's reading of the story: evidence, scores, the story's own category and any
    # disagreement with the caller's menu choice (shown to the coordinator).
    classification: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The queue: who holds it, until when; SLA due time; retries; the caller's local time zone.
    claimed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    claimed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    claim_expires_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    due_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime, index=True)
    timezone: Mapped[Optional[str]] = mapped_column(String(64))
    preferred_after: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    closed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    corrected_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    first_call_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    calls: Mapped[list[Call]] = relationship(order_by=Call.started_at)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @validates("urgency")
    def _band(self, _key: str, urgency: str) -> str:
        self.queue_band = 0 if urgency == "crisis" else 1
        return urgency


class Transition(Base):
    """Every change of a request's status, with who made it and when."""

    __tablename__ = "request_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("callback_requests.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[Optional[str]] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[Optional[str]] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attempt(Base):
    """One try to call the citizen back, by hand or through Twilio."""

    __tablename__ = "callback_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("callback_requests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    method: Mapped[str] = mapped_column(String(10))                  # manual | twilio
    twilio_call_sid: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="calling")
    answered_by: Mapped[Optional[str]] = mapped_column(String(30))
    outcome: Mapped[Optional[str]] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class LabelCorrection(Base):
    """A coordinator's correction of the pre-classification: kept, it is labelled data."""

    __tablename__ = "label_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("callback_requests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    story: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

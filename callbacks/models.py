"""Callback requests: the one row a coordinator works from, whatever happened during the call."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database import Base, UTCDateTime, utcnow
from ivr.models import Call

OPEN_STATUSES = ("queued", "claimed", "calling")


class CallbackRequest(Base):
    __tablename__ = "callback_requests"
    # At most one open request per number: a repeat call merges into it, even when two calls
    # from the same number end in the same instant.
    __table_args__ = (
        Index(
            "uq_callback_requests_open_phone",
            "phone_e164",
            unique=True,
            sqlite_where=text("status IN ('queued', 'claimed', 'calling')"),
            postgresql_where=text("status IN ('queued', 'claimed', 'calling')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone_e164: Mapped[str] = mapped_column(String(20), index=True)
    phone_source: Mapped[str] = mapped_column(String(20))  # confirmed | entered | caller_id
    region: Mapped[Optional[str]] = mapped_column(String(50), index=True)
    category: Mapped[Optional[str]] = mapped_column(String(40))
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
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
    first_call_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    calls: Mapped[list[Call]] = relationship(order_by=Call.started_at)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

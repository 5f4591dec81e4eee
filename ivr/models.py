"""What the IVR stores: flow versions, calls with their state, the call history, recordings."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database import Base, UTCDateTime, utcnow


class FlowVersion(Base):
    """Every valid flow text ever served, so a call finishes on the version it started with."""

    __tablename__ = "flow_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Call(Base):
    """One inbound call; `state` is where the caller is in the flow and what they chose."""

    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid: Mapped[str] = mapped_column(String(64), unique=True)
    from_raw: Mapped[str] = mapped_column(String(64), default="")
    caller_e164: Mapped[Optional[str]] = mapped_column(String(20), index=True)
    to_number: Mapped[str] = mapped_column(String(64), default="")
    flow_version_id: Mapped[Optional[int]] = mapped_column(ForeignKey("flow_versions.id"))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    twilio_status: Mapped[str] = mapped_column(String(20), default="in-progress")
    duration_seconds: Mapped[Optional[int]] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_event_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    ended_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    finalized_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime, index=True)
    outcome: Mapped[Optional[str]] = mapped_column(String(40))
    callback_request_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("callback_requests.id"), index=True
    )

    flow_version: Mapped[Optional[FlowVersion]] = relationship()
    events: Mapped[list["CallEvent"]] = relationship(
        back_populates="call", order_by="CallEvent.id", cascade="all, delete-orphan"
    )
    recordings: Mapped[list["Recording"]] = relationship(back_populates="call")

    @property
    def vars(self) -> dict[str, Any]:
        return dict(self.state.get("vars", {}))


class CallEvent(Base):
    """One webhook hit or system step; (call, dedupe_key) makes Twilio retries harmless."""

    __tablename__ = "call_events"
    __table_args__ = (UniqueConstraint("call_id", "dedupe_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    dedupe_key: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    node: Mapped[Optional[str]] = mapped_column(String(100))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    response: Mapped[Optional[str]] = mapped_column(Text)
    detail: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    call: Mapped[Call] = relationship(back_populates="events")


class Recording(Base):
    """A caller's recorded story: known when Twilio reports it, stored by an rq job."""

    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid: Mapped[str] = mapped_column(String(64), unique=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    duration_seconds: Mapped[Optional[int]] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    path: Mapped[Optional[str]] = mapped_column(String(500))
    size_bytes: Mapped[Optional[int]] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[Optional[str]] = mapped_column(Text)
    enqueued_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    stored_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    call: Mapped[Call] = relationship(back_populates="recordings")

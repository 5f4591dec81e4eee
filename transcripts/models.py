"""Transcripts of callers' stories: from the recorded file, or live from the media stream."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from database import Base, UTCDateTime, utcnow


class Transcript(Base):
    __tablename__ = "transcripts"
    __table_args__ = (
        UniqueConstraint("recording_id"),
        # One live transcript per call: a reconnecting stream updates it.
        Index("uq_transcripts_live_call", "call_id", unique=True,
              sqlite_where=text("source = 'live'"), postgresql_where=text("source = 'live'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    recording_id: Mapped[Optional[int]] = mapped_column(ForeignKey("recordings.id"))
    source: Mapped[str] = mapped_column(String(10))          # file | live
    status: Mapped[str] = mapped_column(String(12))          # done | failed | unavailable
    text: Mapped[str] = mapped_column(Text, default="")
    words: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    confidence: Mapped[Optional[float]] = mapped_column(Float)
    model: Mapped[Optional[str]] = mapped_column(String(200))
    audio_seconds: Mapped[Optional[float]] = mapped_column(Float)
    decode_seconds: Mapped[Optional[float]] = mapped_column(Float)
    error: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def real_time_factor(self) -> Optional[float]:
        if not self.audio_seconds or self.decode_seconds is None:
            return None
        return self.decode_seconds / self.audio_seconds

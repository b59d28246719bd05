"""The rate-limit counters, when no Redis is configured: one row per caller and window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


class RateLimitWindow(Base):
    """How many requests one caller made in one window of the rate limit.

    ``bucket`` is the caller's key and the window's number (``address:203.0.113.7:29012345``);
    rows whose window ended (``expires_at``) are deleted now and then. Not part of the domain:
    nothing else reads it.
    """

    __tablename__ = "rate_limit_window"

    bucket: Mapped[str] = mapped_column(String(120), unique=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

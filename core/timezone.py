"""Local time of the Pôle: every day and hour of the domain is in Europe/Paris."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris_datetime(day: date, at: time, kind: type[datetime] = datetime) -> datetime:
    """The aware instant of ``at`` o'clock on ``day`` in Paris (summer or winter time), as a
    ``kind`` (a subclass of ``datetime``, if need be)."""
    return kind.combine(day, at, tzinfo=PARIS)

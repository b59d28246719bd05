"""Local time of the Pôle: every day and hour of the domain is in Europe/Paris."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris_datetime(day: date, at: time) -> datetime:
    """The aware instant of ``at`` o'clock on ``day`` in Paris (summer or winter time)."""
    return datetime.combine(day, at, tzinfo=PARIS)

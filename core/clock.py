"""The service's one clock: what time it is, and which day it is in Paris.

Rules that depend on the date (registration closes once a session has begun, a department's
"closed 7 days before"), the feeds (a cancelled day shows until its date has passed) and the
derived stage of a session all ask this clock, never ``datetime.now()``. The application gets
one in ``create_app`` and hands it on; tests give a ``SettableClock`` and move it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from core.timezone import PARIS


class Clock:
    """The real clock."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """The day it is in Paris (the Pôle's days all are)."""
        return self.now().astimezone(PARIS).date()


class SettableClock(Clock):
    """A clock that stands still at an instant a test chooses, until moved."""

    def __init__(self, instant: datetime | None = None) -> None:
        self._instant = instant

    def set(self, instant: datetime) -> None:
        """Stop the clock at ``instant`` (aware; a naive one is read as Paris time)."""
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=PARIS)
        self._instant = instant.astimezone(UTC)

    def set_day(self, day: date) -> None:
        """Stop the clock at 08:00 (Paris) on ``day``."""
        self.set(datetime(day.year, day.month, day.day, 8, 0, tzinfo=PARIS))

    def now(self) -> datetime:
        """The instant set, or the real one while none is."""
        return self._instant if self._instant is not None else datetime.now(UTC)

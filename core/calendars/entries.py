"""The entries of a calendar feed as plain values, before they become iCalendar text."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from core.timezone import PARIS

# DTSTAMP and LAST-MODIFIED of an added entry that does not say when it last changed: a fixed
# instant, so that the feed stays the same from one poll to the next.
UNKNOWN_CHANGE_TIME = datetime(2000, 1, 1, tzinfo=UTC)


class EntryStatus(enum.StrEnum):
    """The ``STATUS`` of an entry."""

    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One ``VEVENT``: every value it shows, so that equal entries give equal text.

    ``start`` and ``end`` are aware datetimes (written in Europe/Paris), or dates for an
    all-day entry (``end`` is then the day after the last one, as RFC 5545 wants).
    ``last_modified`` is the latest change of any row the entry shows (UTC); it is also the
    entry's ``DTSTAMP``. Frozen and hashable: the renderer caches each entry's text under the
    entry itself, so a changed entry can never be served from a stale cache.
    """

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    status: EntryStatus
    sequence: int
    last_modified: datetime
    location: str | None = None
    description: str | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()

    @property
    def cancelled(self) -> bool:
        """True for a cancelled session day or event, or a day taken out of its session."""
        return self.status is EntryStatus.CANCELLED

    @property
    def first_day(self) -> date:
        """The entry's first day in Europe/Paris, which decides when a cancelled entry leaves."""
        if isinstance(self.start, datetime):
            return self.start.astimezone(PARIS).date()
        return self.start


class ExtraEntryLike(Protocol):
    """What a department's plugin contributes to its calendar (``core.hooks``' CalendarEntry).

    ``start``/``end`` are aware datetimes, ``status`` is ``"CONFIRMED"``, ``"TENTATIVE"`` or
    ``"CANCELLED"``, ``last_modified`` may be None.
    """

    uid: str
    summary: str
    start: datetime
    end: datetime
    location: str | None
    description: str | None
    sequence: int
    last_modified: datetime | None
    status: str


@dataclass(frozen=True)
class ExtraEntry:
    """An entry added to a department's feed that is not a session or event of the database."""

    uid: str
    summary: str
    start: datetime
    end: datetime
    location: str | None = None
    description: str | None = None
    sequence: int = 0
    last_modified: datetime | None = None
    status: str = "CONFIRMED"


def entry_from_extra(extra: ExtraEntryLike, categories: tuple[str, ...] = ()) -> CalendarEntry:
    """The feed entry of an added entry; its start and end are written in Europe/Paris."""
    return CalendarEntry(
        uid=extra.uid,
        summary=extra.summary,
        start=extra.start.astimezone(PARIS),
        end=extra.end.astimezone(PARIS),
        status=EntryStatus(getattr(extra.status, "value", extra.status)),
        sequence=extra.sequence,
        last_modified=(extra.last_modified or UNKNOWN_CHANGE_TIME).astimezone(UTC),
        location=extra.location,
        description=extra.description,
        categories=categories,
    )

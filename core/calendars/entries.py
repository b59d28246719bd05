"""The entries of a calendar feed, before they become iCalendar text.

Every entry, a training day, an event, an action or what a department's plugin adds, is a
``core.hooks.CalendarEntry``: the plugin API's type, plain values and no ORM, so a plugin's
entries go into the feed as they are (with the feed's category added).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from core.hooks.types import CalendarEntry, CalendarStatus

__all__ = ["UNKNOWN_CHANGE_TIME", "CalendarEntry", "CalendarStatus", "entry_order", "last_change"]

# DTSTAMP and LAST-MODIFIED of an added entry that does not say when it last changed: a fixed
# instant, so that the feed stays the same from one poll to the next.
UNKNOWN_CHANGE_TIME = datetime(2000, 1, 1, tzinfo=UTC)


def last_change(entry: CalendarEntry) -> datetime:
    """When the entry last changed, or ``UNKNOWN_CHANGE_TIME`` when it does not say."""
    return entry.last_modified or UNKNOWN_CHANGE_TIME


def entry_order(entry: CalendarEntry) -> tuple[date, time, str]:
    """Where an entry goes in its feed: its local date and time (all-day first), then UID."""
    start = entry.start
    return (entry.first_day, start.time() if isinstance(start, datetime) else time.min, entry.uid)

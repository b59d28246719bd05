"""A session's or event's calendar file for an e-mail: an iTIP ``REQUEST`` or ``CANCEL``.

Built from the same entries as the object's feed (``build.feed_content``), so each day has
the feed's UID and SEQUENCE: a calendar application that already holds the entry (from an
earlier e-mail or a subscription) updates or removes it instead of adding a second one. Only
the iTIP lines are added: ``METHOD``, and on each entry the ``ORGANIZER`` (the Pôle's sender)
and the ``ATTENDEE`` (the recipient) that RFC 5546 asks for.
"""

from __future__ import annotations

from datetime import date
from email.utils import parseaddr

import icalendar
from sqlalchemy.ext.asyncio import AsyncSession

from core.calendars import build, links
from core.calendars.render import EntryRenderer
from core.calendars.keys import FeedKey, FeedKind
from core.calendars.rows import feed_rows
from core.calendars.scope import feed_scope

METHODS = ("REQUEST", "CANCEL")


async def invitation(
    db: AsyncSession,
    feed: FeedKey,
    *,
    base_url: str,
    method: str,
    organizer: str,
    attendee: str,
) -> bytes | None:
    """The calendar file of the session or event ``feed`` names, as an iTIP ``method``
    message from ``organizer`` to ``attendee`` (e-mail addresses, display names allowed);
    ``None`` when the object no longer exists."""
    assert feed.kind in (FeedKind.SESSION, FeedKind.EVENT) and method in METHODS
    rows = await feed_rows(db, feed, feed_scope(feed))
    if rows.subject is None:
        return None
    # Every entry of the object, a removed or cancelled day included, whatever the date: the
    # calendar application must learn of the removal.
    content = build.feed_content(
        feed,
        rows,
        base_url=base_url,
        url=links.feed_url(base_url, feed),
        today=date.min,
        include_cancelled=True,
    )
    calendar = icalendar.Calendar.from_ical(
        EntryRenderer().calendar(content.header, content.entries)
    )
    calendar["METHOD"] = icalendar.vText(method)
    organizer_name, organizer_address = parseaddr(organizer)
    for entry in calendar.walk("VEVENT"):
        entry.add(
            "ORGANIZER",
            icalendar.vCalAddress(f"mailto:{organizer_address}"),
            parameters={"CN": organizer_name} if organizer_name else {},
        )
        entry.add(
            "ATTENDEE",
            icalendar.vCalAddress(f"mailto:{parseaddr(attendee)[1]}"),
            parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"},
        )
        if method == "CANCEL":
            entry["STATUS"] = icalendar.vText("CANCELLED")
    return calendar.to_ical()

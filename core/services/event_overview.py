"""Events as the back-office lists and shows them: a year's events with their registrations,
one event with who a change of it would e-mail.

Department staff see the events of their departments only (a regional event, with no
department, is regional staff's); what they may change is decided by the commands
(``core.commands.events``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.hooks.types import TargetKind
from core.models import Event
from core.services import registration_mail, registrations
from core.services.staff_events import event_by_public_id


@dataclass(frozen=True)
class EventSummary:
    """An event with its registrations' counts."""

    row: Event
    seats: registrations.SeatCount


async def events_of_year(db: AsyncSession, viewer: Viewer, year: int) -> list[EventSummary]:
    """The events of ``year`` the viewer may manage, by date and hour."""
    query = select(Event).where(Event.year == year)
    if not viewer.is_regional:
        query = query.where(Event.department_code.in_(sorted(viewer.department_codes)))
    rows = list(await db.scalars(query.order_by(Event.date, Event.start_time, Event.id)))
    seats = await registrations.seat_counts(db, TargetKind.EVENT, [row.id for row in rows])
    return [EventSummary(row, count) for row, count in zip(rows, seats, strict=True)]


async def years_with_events(db: AsyncSession) -> list[int]:
    """Every year that has events, newest first."""
    return list(await db.scalars(select(Event.year).distinct().order_by(Event.year.desc())))


async def event_summary(db: AsyncSession, public_id: str) -> EventSummary:
    """One event with its counts; ``InputError`` ``EVENT_NOT_FOUND`` when there is none."""
    row = await event_by_public_id(db, public_id)
    [seats] = await registrations.seat_counts(db, TargetKind.EVENT, [row.id])
    return EventSummary(row, seats)


async def told_of_event_changes(db: AsyncSession, event: Event) -> int:
    """How many registrants a change or cancellation of ``event`` would e-mail."""
    return await registration_mail.told_count(db, TargetKind.EVENT, event.id)

"""Events of the departments and of the region."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import Event, EventLeader
from core.models.enums import EventKind, SessionStatus
from core.services.lookup import children_by_parent, rows_by_key
from core.services.pagination import Page, PageRequest, paginate
from core.services.stages import Stage, event_stage_conditions, standing_conditions

SORT_KEYS = (Event.date, Event.id)


@dataclass(frozen=True)
class EventFilter:
    """Which events to list; every criterion given must hold."""

    department_code: str | None = None
    kinds: tuple[EventKind, ...] | None = None
    date_from: date | None = None
    date_to: date | None = None
    year: int | None = None
    statuses: tuple[SessionStatus, ...] | None = None
    updated_since: datetime | None = None
    # Where the events stand at ``now`` (``core.services.stages``).
    stages: tuple[Stage, ...] | None = None
    registration_open: bool | None = None
    now: datetime | None = None


def events_query(criteria: EventFilter, *, include_private: bool = False) -> Select:
    """The ``select`` of the events matching ``criteria``; public ones unless asked otherwise."""
    statement = select(Event)
    if not include_private:
        statement = statement.where(Event.is_public.is_(True))
    if criteria.department_code is not None:
        statement = statement.where(Event.department_code == criteria.department_code)
    if criteria.kinds:
        statement = statement.where(Event.kind.in_(criteria.kinds))
    if criteria.date_from is not None:
        statement = statement.where(Event.date >= criteria.date_from)
    if criteria.date_to is not None:
        statement = statement.where(Event.date <= criteria.date_to)
    if criteria.year is not None:
        statement = statement.where(Event.year == criteria.year)
    if criteria.statuses:
        statement = statement.where(Event.status.in_(criteria.statuses))
    if criteria.updated_since is not None:
        statement = statement.where(Event.updated_at >= criteria.updated_since)
    return statement.where(*standing_conditions(criteria, event_stage_conditions))


async def list_events(
    db: AsyncSession, criteria: EventFilter, request: PageRequest, *, with_total: bool = False
) -> Page[Event]:
    """A page of public events matching ``criteria``, by date."""
    return await paginate(db, events_query(criteria), SORT_KEYS, request, with_total=with_total)


async def public_events_by_public_ids(db: AsyncSession, ids: Sequence[str]) -> list[Event | None]:
    """Public events by public ID; a private event's ID gives ``None``."""
    return await rows_by_key(
        db, Event, Event.public_id, ids, where=[Event.is_public.is_(True)]
    )


async def leader_links_by_event(
    db: AsyncSession, event_ids: Sequence[int]
) -> list[list[EventLeader]]:
    """The leader links of each event, in their order."""
    return await children_by_parent(
        db, EventLeader, EventLeader.event_id, event_ids, EventLeader.position
    )

"""Events of the departments and of the region."""

from __future__ import annotations

from typing import Any

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
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
    # Who asks: staff also see the private events of their departments (regional staff, all).
    viewer: Viewer = Viewer()


def visible_to(viewer: Viewer) -> ColumnElement[bool]:
    """The events ``viewer`` may read: the public ones; for staff, also the private ones of
    their departments (every one for regional staff). Anonymous callers and partners never
    see a private event."""
    if viewer.is_regional:
        return true()
    if viewer.is_staff:
        return or_(Event.is_public.is_(True), Event.department_code.in_(viewer.department_codes))
    return Event.is_public.is_(True)


def may_read(viewer: Viewer, event: Event) -> bool:
    """``visible_to`` for one event already read."""
    return (
        event.is_public
        or viewer.is_regional
        or (viewer.is_staff and event.department_code in viewer.department_codes)
    )


def events_query(criteria: EventFilter, *, include_private: bool = False) -> Select[Any]:
    """The ``select`` of the events matching ``criteria`` that its viewer may read (every one
    when ``include_private``)."""
    statement = select(Event)
    if not include_private:
        statement = statement.where(visible_to(criteria.viewer))
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
    """A page of the events matching ``criteria`` its viewer may read, by date."""
    return await paginate(db, events_query(criteria), SORT_KEYS, request, with_total=with_total)


async def events_by_public_ids(db: AsyncSession, ids: Sequence[str]) -> list[Event | None]:
    """Events by public ID, private ones included: the caller checks ``may_read``."""
    return await rows_by_key(db, Event, Event.public_id, ids)


async def leader_links_by_event(
    db: AsyncSession, event_ids: Sequence[int]
) -> list[list[EventLeader]]:
    """The leader links of each event, in their order."""
    return await children_by_parent(
        db, EventLeader, EventLeader.event_id, event_ids, EventLeader.position
    )

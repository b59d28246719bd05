"""Training sessions: listing with filters, and their days, places and trainers in batches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import (
    Person,
    SessionDay,
    SessionPlace,
    SessionTrainer,
    TrainingModule,
    TrainingSession,
)
from core.models.enums import SessionStatus
from core.services.lookup import children_by_parent, rows_by_key
from core.services.pagination import Page, PageRequest, paginate
from core.text import search_key

SORT_KEYS = (TrainingSession.starts_on, TrainingSession.id)


@dataclass(frozen=True)
class SessionFilter:
    """Which sessions to list; every criterion given must hold.

    ``department_code`` matches the holding department and, for a tentative place, each
    department among its alternatives. ``date_from``/``date_to`` keep the sessions with at least
    one day in that range (days are not always consecutive).
    """

    department_code: str | None = None
    module_number: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    city: str | None = None
    trainer_public_id: str | None = None
    statuses: tuple[SessionStatus, ...] | None = None
    year: int | None = None
    updated_since: datetime | None = None


def sessions_query(criteria: SessionFilter) -> Select:
    """The ``select`` of the sessions matching ``criteria``, unordered."""
    statement = select(TrainingSession)
    if criteria.department_code is not None:
        statement = statement.where(
            or_(
                TrainingSession.department_code == criteria.department_code,
                exists().where(
                    SessionPlace.session_id == TrainingSession.id,
                    SessionPlace.department_code == criteria.department_code,
                ),
            )
        )
    if criteria.module_number is not None:
        statement = statement.where(
            TrainingSession.module_id
            == select(TrainingModule.id)
            .where(TrainingModule.number == criteria.module_number)
            .scalar_subquery()
        )
    if criteria.date_from is not None or criteria.date_to is not None:
        day_in_range = [SessionDay.session_id == TrainingSession.id]
        if criteria.date_from is not None:
            day_in_range.append(SessionDay.date >= criteria.date_from)
            # Cheap index-friendly bound before the exact test on the days.
            statement = statement.where(TrainingSession.ends_on >= criteria.date_from)
        if criteria.date_to is not None:
            day_in_range.append(SessionDay.date <= criteria.date_to)
            statement = statement.where(TrainingSession.starts_on <= criteria.date_to)
        statement = statement.where(exists().where(*day_in_range))
    if criteria.city:
        statement = statement.where(
            exists().where(
                SessionPlace.session_id == TrainingSession.id,
                SessionPlace.city_search.startswith(search_key(criteria.city)),
            )
        )
    if criteria.trainer_public_id is not None:
        statement = statement.where(
            exists().where(
                SessionTrainer.session_id == TrainingSession.id,
                SessionTrainer.person_id == Person.id,
                Person.public_id == criteria.trainer_public_id,
            )
        )
    if criteria.statuses:
        statement = statement.where(TrainingSession.status.in_(criteria.statuses))
    if criteria.year is not None:
        statement = statement.where(TrainingSession.year == criteria.year)
    if criteria.updated_since is not None:
        statement = statement.where(TrainingSession.updated_at >= criteria.updated_since)
    return statement


async def list_sessions(
    db: AsyncSession, criteria: SessionFilter, request: PageRequest, *, with_total: bool = False
) -> Page[TrainingSession]:
    """A page of sessions matching ``criteria``, by first day."""
    return await paginate(db, sessions_query(criteria), SORT_KEYS, request, with_total=with_total)


async def sessions_by_public_ids(
    db: AsyncSession, ids: Sequence[str]
) -> list[TrainingSession | None]:
    """Sessions by public ID."""
    return await rows_by_key(db, TrainingSession, TrainingSession.public_id, ids)


async def days_by_session(db: AsyncSession, session_ids: Sequence[int]) -> list[list[SessionDay]]:
    """The days of each session, in date order; a day taken out of its session is left out."""
    grouped = await children_by_parent(
        db, SessionDay, SessionDay.session_id, session_ids, SessionDay.date, plain=True
    )
    return [[day for day in days if day.cancelled_at is None] for days in grouped]


async def places_by_session(
    db: AsyncSession, session_ids: Sequence[int]
) -> list[list[SessionPlace]]:
    """The place, or the alternative places, of each session."""
    return await children_by_parent(
        db, SessionPlace, SessionPlace.session_id, session_ids, SessionPlace.position, plain=True
    )


async def trainer_links_by_session(
    db: AsyncSession, session_ids: Sequence[int]
) -> list[list[SessionTrainer]]:
    """The trainer links of each session, in their order."""
    return await children_by_parent(
        db,
        SessionTrainer,
        SessionTrainer.session_id,
        session_ids,
        SessionTrainer.position,
        plain=True,
    )

"""Training sessions: listing with filters, and their days, places and trainers in batches."""

from __future__ import annotations

from collections import defaultdict, namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, String, cast, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Base, Reader
from core.models import (
    Department,
    Organization,
    Person,
    SessionDay,
    SessionPlace,
    SessionTrainer,
    TrainingModule,
    TrainingSession,
)
from core.models.enums import SessionStatus
from core.services.key_list import keys_in
from core.services.lookup import group_by_parent, require_public_id, rows_by_key
from core.services.pagination import Page, PageRequest, paginate
from core.services.stages import Stage, session_stage_conditions, standing_conditions
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
    # Where the sessions stand at ``now`` (``core.services.stages``).
    stages: tuple[Stage, ...] | None = None
    registration_open: bool | None = None
    now: datetime | None = None


def sessions_query(criteria: SessionFilter) -> Select[Any]:
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
    return statement.where(*standing_conditions(criteria, session_stage_conditions))


def _row_type(name: str, model: type[Base]) -> type[Any]:
    """A named tuple with the attribute names of ``model``'s plain rows."""
    return namedtuple(name, [column.key for column in model.__table__.columns])  # noqa: PYI024


# Rows read in the statement of another table (joined in), shaped like the plain rows of
# ``modules_by_ids``, ``departments_by_codes`` and ``organizations_by_ids``.
ModuleRow = _row_type("ModuleRow", TrainingModule)
DepartmentRow = _row_type("DepartmentRow", Department)
OrganizationRow = _row_type("OrganizationRow", Organization)


def _labelled(model: type[Base], prefix: str) -> list[Any]:
    return [column.label(f"{prefix}__{column.key}") for column in model.__table__.columns]


@dataclass(frozen=True)
class SessionPage:
    """A page of sessions, and the modules and departments its statement joined in."""

    page: Page[Any]  # plain rows of ``training_session``
    modules: dict[int, Any]
    departments: dict[str, Any]


async def list_sessions(
    db: Reader,
    criteria: SessionFilter,
    request: PageRequest,
    *,
    with_total: bool = False,
    with_module: bool = False,
    with_department: bool = False,
) -> SessionPage:
    """A page of sessions matching ``criteria``, by first day, as plain (read-only) rows;
    ``with_module`` and ``with_department`` read each session's module and department in the
    same statement. Raises ``InputError`` ``UNKNOWN_ID`` for a trainer that does not exist."""
    await require_public_id(db, Person, criteria.trainer_public_id, "trainer", "aucune personne")
    columns = TrainingSession.__table__.columns
    statement = sessions_query(criteria).with_only_columns(*columns)
    if with_module:
        statement = statement.join(
            TrainingModule, TrainingModule.id == TrainingSession.module_id
        ).add_columns(*_labelled(TrainingModule, "module"))
    if with_department:
        statement = statement.outerjoin(
            Department, Department.code == TrainingSession.department_code
        ).add_columns(*_labelled(Department, "department"))
    page = await paginate(
        db, statement, SORT_KEYS, request, with_total=with_total, plain_width=len(columns)
    )
    modules: dict[int, Any] = {}
    departments: dict[str, Any] = {}
    module_width = len(ModuleRow._fields) if with_module else 0
    for extra in page.extras or ():
        if with_module and extra[0] not in modules:
            modules[extra[0]] = ModuleRow._make(extra[:module_width])
        if with_department:
            department = extra[module_width:]
            code = department[DepartmentRow._fields.index("code")]
            if code is not None and code not in departments:
                departments[code] = DepartmentRow._make(department)
    return SessionPage(page, modules, departments)


async def sessions_by_public_ids(
    db: AsyncSession, ids: Sequence[str]
) -> list[TrainingSession | None]:
    """Sessions by public ID."""
    return await rows_by_key(db, TrainingSession, TrainingSession.public_id, ids)


# What a session's days are read for (GraphQL's ``SessionDay``): its date and hours.
_SESSION_DAYS = (
    select(SessionDay.session_id, SessionDay.date, SessionDay.start_time, SessionDay.end_time)
    .where(
        keys_in(SessionDay.session_id, "sessions"),
        SessionDay.cancelled_at.is_(None),
    )
    .order_by(SessionDay.date)
)


async def days_by_session(db: Reader, session_ids: Sequence[int]) -> list[list[Any]]:
    """The days of each session in date order (``session_id date start_time end_time``); a
    day taken out of its session is left out."""
    rows = (await db.execute(_SESSION_DAYS, {"sessions": list(set(session_ids))})).all()
    return group_by_parent(rows, "session_id", session_ids)


# What a session's places are read for (GraphQL's ``Place``, the place label, departments).
_SESSION_PLACES = (
    select(
        SessionPlace.session_id,
        SessionPlace.city,
        SessionPlace.venue,
        SessionPlace.postal_code,
        SessionPlace.department_code,
    )
    .where(keys_in(SessionPlace.session_id, "sessions"))
    .order_by(SessionPlace.position)
)


async def places_by_session(db: Reader, session_ids: Sequence[int]) -> list[list[Any]]:
    """The place, or the alternative places, of each session, in their order
    (``session_id city venue postal_code department_code``)."""
    rows = (await db.execute(_SESSION_PLACES, {"sessions": list(set(session_ids))})).all()
    return group_by_parent(rows, "session_id", session_ids)


def _trainers_statement(with_organizations: bool) -> Select[Any]:
    """Each trainer of the sessions bound as ``sessions`` once (with their organization), with
    their links to those sessions aggregated into ``trainer_links`` (``session:position``,
    comma-separated): one statement, and a trainer's columns read once however many sessions
    they lead."""
    link = cast(SessionTrainer.session_id, String) + ":" + cast(SessionTrainer.position, String)
    statement = (
        select(
            func.aggregate_strings(link, ",").label("trainer_links"), *Person.__table__.columns
        )
        .select_from(SessionTrainer)
        .join(Person, Person.id == SessionTrainer.person_id)
        .where(keys_in(SessionTrainer.session_id, "sessions"))
        .group_by(Person.id)
    )
    if with_organizations:
        statement = (
            statement.add_columns(*_labelled(Organization, "organization"))
            .outerjoin(Organization, Organization.id == Person.organization_id)
            .group_by(Organization.id)
        )
    return statement


# Built once: a statement object keeps its cache key, which is costly to compute.
_TRAINERS = _trainers_statement(with_organizations=False)
_TRAINERS_WITH_ORGANIZATIONS = _trainers_statement(with_organizations=True)


async def trainers_with_organizations(
    db: Reader, session_ids: Sequence[int], *, with_organizations: bool = True
) -> tuple[list[list[Any]], dict[int, Any]]:
    """The trainers of each session in their order (plain rows of ``person``, one per person)
    and, ``with_organizations``, their organizations by ID.

    One statement (``_trainers_statement``): each person once, with their links."""
    statement = _TRAINERS_WITH_ORGANIZATIONS if with_organizations else _TRAINERS
    width = len(OrganizationRow._fields)
    links: list[tuple[int, int, int, Any]] = []
    found: dict[int, Any] = {}
    for row in await db.execute(statement, {"sessions": list(set(session_ids))}):
        for link in row.trainer_links.split(","):
            session_id, position = link.split(":")
            links.append((int(session_id), int(position), row.id, row))
        if with_organizations and row.organization_id is not None:
            if row.organization_id not in found:
                found[row.organization_id] = OrganizationRow._make(row[-width:])
    links.sort(key=lambda link: link[:3])
    grouped: dict[int, list[Any]] = defaultdict(list)
    for session_id, _, _, person in links:
        grouped[session_id].append(person)
    return [grouped.get(session_id, []) for session_id in session_ids], found


async def trainers_by_session(db: Reader, session_ids: Sequence[int]) -> list[list[Any]]:
    """The trainers of each session, in their order, as plain rows of ``person``."""
    groups, _ = await trainers_with_organizations(db, session_ids, with_organizations=False)
    return groups

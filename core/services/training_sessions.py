"""Training sessions: listing with filters, and their days, places and trainers in batches."""

from __future__ import annotations

from collections import defaultdict, namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, Select, String, bindparam, cast, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Base, Reader, on_postgresql
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
from core.services import session_lists
from core.services.key_list import keys_in
from core.services.lookup import group_by_parent, require_public_id, rows_by_key
from core.services.pagination import Page, PageRequest, paginate
from core.services.plain_rows import plain_rows
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


def filter_values(criteria: SessionFilter) -> dict[str, Any]:
    """The values ``sessions_query`` binds for ``criteria``, by parameter name: one per criterion
    given (the stages and registration aside, which are conditions on the clock)."""
    given = {
        "department_code": criteria.department_code,
        "module_number": criteria.module_number,
        "date_from": criteria.date_from,
        "date_to": criteria.date_to,
        "city": search_key(criteria.city) if criteria.city else None,
        "trainer_public_id": criteria.trainer_public_id,
        "statuses": list(criteria.statuses) if criteria.statuses else None,
        "year": criteria.year,
        "updated_since": criteria.updated_since,
    }
    return {name: value for name, value in given.items() if value is not None}


def _bound(values: dict[str, Any], name: str, column: Any, **options: Any) -> BindParameter[Any]:
    return bindparam(name, values[name], type_=column.type, **options)


def sessions_query(criteria: SessionFilter) -> Select[Any]:
    """The ``select`` of the sessions matching ``criteria``, unordered.

    Each criterion's value is a bound parameter named as in ``filter_values``, so that a
    statement made for one filter answers any other of the same shape (the same criteria
    given) with those values bound at execution (``list_sessions``)."""
    values = filter_values(criteria)
    statement = select(TrainingSession)
    if "department_code" in values:
        department = _bound(values, "department_code", TrainingSession.department_code)
        statement = statement.where(
            or_(
                TrainingSession.department_code == department,
                exists().where(
                    SessionPlace.session_id == TrainingSession.id,
                    SessionPlace.department_code == department,
                ),
            )
        )
    if "module_number" in values:
        statement = statement.where(
            TrainingSession.module_id
            == select(TrainingModule.id)
            .where(TrainingModule.number == _bound(values, "module_number", TrainingModule.number))
            .scalar_subquery()
        )
    if "date_from" in values or "date_to" in values:
        day_in_range = [SessionDay.session_id == TrainingSession.id]
        if "date_from" in values:
            date_from = _bound(values, "date_from", SessionDay.date)
            day_in_range.append(SessionDay.date >= date_from)
            # Cheap index-friendly bound before the exact test on the days.
            statement = statement.where(TrainingSession.ends_on >= date_from)
        if "date_to" in values:
            date_to = _bound(values, "date_to", SessionDay.date)
            day_in_range.append(SessionDay.date <= date_to)
            statement = statement.where(TrainingSession.starts_on <= date_to)
        statement = statement.where(exists().where(*day_in_range))
    if "city" in values:
        statement = statement.where(
            exists().where(
                SessionPlace.session_id == TrainingSession.id,
                SessionPlace.city_search.startswith(
                    _bound(values, "city", SessionPlace.city_search)
                ),
            )
        )
    if "trainer_public_id" in values:
        statement = statement.where(
            exists().where(
                SessionTrainer.session_id == TrainingSession.id,
                SessionTrainer.person_id == Person.id,
                Person.public_id == _bound(values, "trainer_public_id", Person.public_id),
            )
        )
    if "statuses" in values:
        statement = statement.where(
            TrainingSession.status.in_(
                _bound(values, "statuses", TrainingSession.status, expanding=True)
            )
        )
    if "year" in values:
        statement = statement.where(
            TrainingSession.year == _bound(values, "year", TrainingSession.year)
        )
    if "updated_since" in values:
        statement = statement.where(
            TrainingSession.updated_at
            >= _bound(values, "updated_since", TrainingSession.updated_at)
        )
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


def _listing_statement(criteria: SessionFilter, joins: _Joins) -> Select[Any]:
    """The sessions list's statement for ``criteria``: the sessions' columns, then those of
    ``joins`` in this order (``_session_page`` reads them)."""
    statement = sessions_query(criteria).with_only_columns(*TrainingSession.__table__.columns)
    if joins.module:
        statement = statement.join(
            TrainingModule, TrainingModule.id == TrainingSession.module_id
        ).add_columns(*_labelled(TrainingModule, "module"))
    if joins.department:
        statement = statement.outerjoin(
            Department, Department.code == TrainingSession.department_code
        ).add_columns(*_labelled(Department, "department"))
    if joins.days:
        statement = statement.add_columns(session_lists.days_json())
    if joins.places:
        statement = statement.add_columns(session_lists.places_json())
    return statement


class _Joins(NamedTuple):
    """What the sessions list's statement reads besides the sessions."""

    module: bool
    department: bool
    days: bool  # as JSON, on PostgreSQL only
    places: bool  # as JSON, on PostgreSQL only


# The sessions list's statements, one per shape: the criteria given (``filter_values``'
# names, in their order) and the joins. Built once, they are run with each filter's values
# bound (``paginate``'s ``bound``), sparing their construction and cache key at each request.
_LISTINGS: dict[tuple[tuple[str, ...], _Joins], Select[Any]] = {}


@dataclass(frozen=True)
class SessionPage:
    """A page of sessions, and what its statement read with them: the modules and departments
    joined in and, where asked on PostgreSQL, each session's days and places (``None`` where
    not read: ``days_by_session`` and ``places_by_session`` give them)."""

    page: Page[Any]  # plain rows of ``training_session``
    modules: dict[int, Any]
    departments: dict[str, Any]
    days: list[list[Any]] | None = None
    places: list[list[Any]] | None = None


async def list_sessions(
    db: Reader,
    criteria: SessionFilter,
    request: PageRequest,
    *,
    with_total: bool = False,
    with_module: bool = False,
    with_department: bool = False,
    with_days: bool = False,
    with_places: bool = False,
) -> SessionPage:
    """A page of sessions matching ``criteria``, by first day, as plain (read-only) rows;
    ``with_module`` and ``with_department`` read each session's module and department in the
    same statement. So do ``with_days`` and ``with_places`` on PostgreSQL, which builds the
    lists as JSON (``json_agg``): two statements and their round trips fewer for a partner's
    query. Raises ``InputError`` ``UNKNOWN_ID`` for a trainer that does not exist."""
    await require_public_id(db, Person, criteria.trainer_public_id, "trainer", "aucune personne")
    nested = on_postgresql(db)
    joins = _Joins(with_module, with_department, with_days and nested, with_places and nested)
    values = filter_values(criteria)
    # The stages are conditions on the clock, written into the statement: made each time.
    kept = not criteria.stages and criteria.registration_open is None
    shape = (tuple(values), joins)
    statement = _LISTINGS.get(shape) if kept else None
    if statement is None:
        statement = _listing_statement(criteria, joins)
        if kept:
            _LISTINGS[shape] = statement
    page = await paginate(
        db,
        statement,
        SORT_KEYS,
        request,
        with_total=with_total,
        plain_width=len(TrainingSession.__table__.columns),
        bound=values if kept else None,
    )
    return _session_page(page, joins)


def _session_page(page: Page[Any], joins: _Joins) -> SessionPage:
    """The page with what its rows' extra columns hold, in ``_listing_statement``'s order."""
    modules: dict[int, Any] = {}
    departments: dict[str, Any] = {}
    days: list[list[Any]] | None = [] if joins.days else None
    places: list[list[Any]] | None = [] if joins.places else None
    module_width = len(ModuleRow._fields) if joins.module else 0
    department_width = len(DepartmentRow._fields) if joins.department else 0
    code_index = module_width + DepartmentRow._fields.index("code")
    nested_at = module_width + department_width
    for row, extra in zip(page.rows, page.extras or (), strict=True):
        if joins.module and extra[0] not in modules:
            modules[extra[0]] = ModuleRow._make(extra[:module_width])
        if joins.department:
            code = extra[code_index]
            if code is not None and code not in departments:
                departments[code] = DepartmentRow._make(extra[module_width:nested_at])
        nested = iter(extra[nested_at:])
        if days is not None:
            days.append(list(session_lists.days_from_json(row.id, next(nested))))
        if places is not None:
            places.append(list(session_lists.places_from_json(row.id, next(nested))))
    return SessionPage(page, modules, departments, days, places)


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
    rows = plain_rows(await db.execute(_SESSION_DAYS, {"sessions": list(set(session_ids))}))
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
    rows = plain_rows(await db.execute(_SESSION_PLACES, {"sessions": list(set(session_ids))}))
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
    for row in plain_rows(await db.execute(statement, {"sessions": list(set(session_ids))})):
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

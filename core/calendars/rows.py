"""The rows a feed is built from, read in a few statements whatever the number of entries.

Each kind of row is a named tuple (an attribute costs ten times less than on a SQLAlchemy row,
per day and field), grouped by its parent's ID in ``FeedRows``. A private feed's rows also
hold the registration counts of its sessions and events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.calendars.keys import FeedKey, FeedKind
from core.calendars.scope import FeedScope
from core.models import (
    Action,
    Department,
    Event,
    EventLeader,
    ModulePrerequisite,
    Person,
    Registration,
    SessionDay,
    SessionPlace,
    SessionTrainer,
    TrainingModule,
    TrainingSession,
)
from core.models.enums import (
    ActionKind,
    EventKind,
    Programme,
    RecordStatus,
    SessionStatus,
)
from core.services.registration_counts import RegistrationCounts, registration_counts


class SessionRow(NamedTuple):
    """A session, as its days' entries need it."""

    id: int
    public_id: str
    year: int
    number: int
    module_id: int
    status: SessionStatus
    place_tentative: bool
    updated_at: datetime
    capacity: int | None


class DayRow(NamedTuple):
    """A training day; ``removed`` when it was taken out of its session."""

    session_id: int
    public_id: str
    date: date
    start_time: time
    end_time: time
    sequence: int
    removed: bool
    updated_at: datetime


class PlaceRow(NamedTuple):
    """A session's place, or one of its alternatives."""

    session_id: int
    city: str
    venue: str | None
    postal_code: str
    updated_at: datetime


class PersonLinkRow(NamedTuple):
    """A person who leads a session or an event (``parent_id``), and when the link changed."""

    parent_id: int
    given_name: str
    family_name: str
    updated_at: datetime
    link_updated_at: datetime


class ModuleRow(NamedTuple):
    """A module."""

    id: int
    number: int
    title: str
    updated_at: datetime


class PrerequisiteRow(NamedTuple):
    """A module's prerequisite."""

    module_id: int
    label: str
    updated_at: datetime


class EventRow(NamedTuple):
    """An event (a private one only in a private feed)."""

    id: int
    public_id: str
    kind: EventKind
    title: str
    description: str | None
    date: date
    start_time: time
    end_time: time
    city: str | None
    venue: str | None
    postal_code: str | None
    access_conditions: list[str]
    status: SessionStatus
    sequence: int
    updated_at: datetime
    is_public: bool


class ActionRow(NamedTuple):
    """An active action of a department."""

    public_id: str
    kind: ActionKind
    programme: Programme | None
    title: str
    description: str | None
    period_start: date
    period_end: date | None
    sequence: int
    updated_at: datetime


@dataclass
class FeedRows:
    """The rows a feed is built from, as named tuples, grouped by their parent's ID.

    ``session_registrations`` and ``event_registrations`` are None unless the feed shows the
    registration counts (private feeds); a session or event missing from them has none.
    """

    subject: Row[Any] | None = None
    sessions: dict[int, SessionRow] = field(default_factory=dict)
    days: list[DayRow] = field(default_factory=list)
    places: dict[int, list[PlaceRow]] = field(default_factory=lambda: defaultdict(list))
    trainers: dict[int, list[PersonLinkRow]] = field(default_factory=lambda: defaultdict(list))
    modules: dict[int, ModuleRow] = field(default_factory=dict)
    prerequisites: dict[int, list[PrerequisiteRow]] = field(
        default_factory=lambda: defaultdict(list)
    )
    events: list[EventRow] = field(default_factory=list)
    leaders: dict[int, list[PersonLinkRow]] = field(default_factory=lambda: defaultdict(list))
    actions: list[ActionRow] = field(default_factory=list)
    session_registrations: dict[int, RegistrationCounts] | None = None
    event_registrations: dict[int, RegistrationCounts] | None = None


_ROW = TypeVar("_ROW")


def _columns(fields: tuple[str, ...], *columns: Any) -> Select[*tuple[Any, ...]]:
    """A ``select`` of ``columns`` labelled with ``fields`` (a named tuple's), in order."""
    labelled = zip(columns, fields, strict=True)
    return select(*(column.label(name) for column, name in labelled))


async def _read(
    db: AsyncSession, make: Callable[[Iterable[Any]], _ROW], statement: Select[*tuple[Any, ...]]
) -> list[_ROW]:
    """The rows of ``statement``, each made into a named tuple by ``make``."""
    return [make(row) for row in await db.execute(statement)]


def _grouped(rows: list[Any], key: str) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def _subject_statement(feed: FeedKey) -> Select[*tuple[Any, ...]] | None:
    if feed.kind is FeedKind.DEPARTMENT:
        return select(Department.code, Department.name).where(Department.code == feed.key)
    if feed.kind is FeedKind.TRAINER:
        return select(Person.given_name, Person.family_name).where(Person.public_id == feed.key)
    if feed.kind is FeedKind.MODULE:
        number = int(feed.key) if feed.key.isdigit() else -1
        return select(TrainingModule.number, TrainingModule.title).where(
            TrainingModule.number == number
        )
    if feed.kind is FeedKind.SESSION:
        return (
            select(
                TrainingSession.year,
                TrainingSession.number,
                TrainingModule.number.label("module"),
            )
            .join(TrainingModule, TrainingModule.id == TrainingSession.module_id)
            .where(TrainingSession.public_id == feed.key)
        )
    if feed.kind is FeedKind.EVENT:
        return select(Event.title).where(Event.public_id == feed.key, Event.is_public.is_(True))
    return None


async def feed_rows(db: AsyncSession, feed: FeedKey, scope: FeedScope) -> FeedRows:
    """Every row the feed is built from: a few statements, whatever the number of entries.

    Sessions come with all their days (removed ones too: the feed decides what shows) so that
    each day can say which day of how many it is.
    """
    rows = FeedRows()
    subject = _subject_statement(feed)
    if subject is not None:
        rows.subject = (await db.execute(subject)).first()
    if scope.sessions is not None:
        await _read_sessions(db, scope, rows)
    if scope.events is not None:
        await _read_events(db, scope, rows)
    if scope.registrations:
        await _read_registrations(db, scope, rows)
    if scope.actions is not None:
        rows.actions = await _read(
            db,
            ActionRow._make,
            _columns(
                ActionRow._fields,
                Action.public_id,
                Action.kind,
                Action.programme,
                Action.title,
                Action.description,
                Action.period_start,
                Action.period_end,
                Action.sequence,
                Action.updated_at,
            )
            .where(scope.actions, Action.status == RecordStatus.ACTIVE)
            .order_by(Action.period_start, Action.id),
        )
    return rows


async def _read_sessions(db: AsyncSession, scope: FeedScope, rows: FeedRows) -> None:
    """The sessions in scope, then (if any) their days, places, trainers and modules."""
    sessions = await _read(
        db,
        SessionRow._make,
        _columns(
            SessionRow._fields,
            TrainingSession.id,
            TrainingSession.public_id,
            TrainingSession.year,
            TrainingSession.number,
            TrainingSession.module_id,
            TrainingSession.status,
            TrainingSession.place_tentative,
            TrainingSession.updated_at,
            TrainingSession.capacity,
        ).where(scope.sessions_condition()),
    )
    rows.sessions = {row.id: row for row in sessions}
    if not rows.sessions:
        return
    session_ids = scope.session_ids()
    rows.days = await _read(
        db,
        DayRow._make,
        _columns(
            DayRow._fields,
            SessionDay.session_id,
            SessionDay.public_id,
            SessionDay.date,
            SessionDay.start_time,
            SessionDay.end_time,
            SessionDay.sequence,
            SessionDay.cancelled_at.is_not(None),
            SessionDay.updated_at,
        )
        .where(SessionDay.session_id.in_(session_ids))
        .order_by(SessionDay.session_id, SessionDay.date, SessionDay.start_time, SessionDay.id),
    )
    places = await _read(
        db,
        PlaceRow._make,
        _columns(
            PlaceRow._fields,
            SessionPlace.session_id,
            SessionPlace.city,
            SessionPlace.venue,
            SessionPlace.postal_code,
            SessionPlace.updated_at,
        )
        .where(SessionPlace.session_id.in_(session_ids))
        .order_by(SessionPlace.session_id, SessionPlace.position),
    )
    rows.places = _grouped(places, "session_id")
    rows.trainers = await _read_people(
        db, SessionTrainer, SessionTrainer.session_id, session_ids
    )
    await _read_modules(db, rows)


async def _read_modules(db: AsyncSession, rows: FeedRows) -> None:
    """The modules of the sessions read, and their prerequisites."""
    module_ids = {row.module_id for row in rows.sessions.values()}
    modules = await _read(
        db,
        ModuleRow._make,
        _columns(
            ModuleRow._fields,
            TrainingModule.id,
            TrainingModule.number,
            TrainingModule.title,
            TrainingModule.updated_at,
        ).where(TrainingModule.id.in_(module_ids)),
    )
    rows.modules = {row.id: row for row in modules}
    prerequisites = await _read(
        db,
        PrerequisiteRow._make,
        _columns(
            PrerequisiteRow._fields,
            ModulePrerequisite.module_id,
            ModulePrerequisite.label,
            ModulePrerequisite.updated_at,
        )
        .where(ModulePrerequisite.module_id.in_(module_ids))
        .order_by(ModulePrerequisite.module_id, ModulePrerequisite.position),
    )
    rows.prerequisites = _grouped(prerequisites, "module_id")


async def _read_events(db: AsyncSession, scope: FeedScope, rows: FeedRows) -> None:
    """The events in scope, then (if any) the people who lead them."""
    rows.events = await _read(
        db,
        EventRow._make,
        _columns(
            EventRow._fields,
            Event.id,
            Event.public_id,
            Event.kind,
            Event.title,
            Event.description,
            Event.date,
            Event.start_time,
            Event.end_time,
            Event.city,
            Event.venue,
            Event.postal_code,
            Event.access_conditions,
            Event.status,
            Event.sequence,
            Event.updated_at,
            Event.is_public,
        )
        .where(scope.events_condition())
        .order_by(Event.date, Event.start_time, Event.id),
    )
    if not rows.events:
        return
    rows.leaders = await _read_people(db, EventLeader, EventLeader.event_id, scope.event_ids())


async def _read_people(
    db: AsyncSession,
    link: type[SessionTrainer] | type[EventLeader],
    parent: Any,
    parent_ids: Select[int],
) -> dict[int, list[PersonLinkRow]]:
    """The people ``link`` rows tie to the parents in ``parent_ids`` (by ``parent``, the link's
    column), in their order, by parent."""
    people = await _read(
        db,
        PersonLinkRow._make,
        _columns(
            PersonLinkRow._fields,
            parent,
            Person.given_name,
            Person.family_name,
            Person.updated_at,
            link.updated_at,
        )
        .join(Person, Person.id == link.person_id)
        .where(parent.in_(parent_ids))
        .order_by(parent, link.position),
    )
    return _grouped(people, "parent_id")


async def _read_registrations(db: AsyncSession, scope: FeedScope, rows: FeedRows) -> None:
    """The registration counts of the sessions and events read (private feeds)."""
    rows.session_registrations = (
        await registration_counts(db, Registration.session_id, scope.session_ids())
        if rows.sessions
        else {}
    )
    rows.event_registrations = (
        await registration_counts(db, Registration.event_id, scope.event_ids())
        if rows.events
        else {}
    )

"""What each calendar feed contains, read from the database: its stamp, its rows, the feed list.

A feed is a ``FeedKey`` (which calendar: the region, a department, a trainer, a module, a
session, an event) narrowed by ``FeedFilter`` (one module, some kinds of entries). Both turn into
SQL conditions on sessions, events and actions, and three things are read with them:

- ``feed_stamp``: one statement of aggregates (count, latest ``updated_at``, sum of
  ``sequence``…) over every row the feed shows or draws text from, which changes whenever the
  feed's content does. The feed's ETag and ``Last-Modified`` derive from it, never from the
  clock. A row is never deleted in this service (a removed day or a cancelled event stays), and
  a service that deletes a link row (a trainer taken off a session) touches its parent, so the
  stamp sees every change.
- ``feed_rows``: the rows themselves, as plain tuples, to build the feed.
- ``list_feeds``: every published feed, as a keyset-paginated list.

A private feed (``FeedFilter.include_private``) also shows the registration counts of its
sessions and events (``core.services.registration_counts``): its stamp then covers every
registration of them, whatever its status, and its rows hold the counts.
"""

from __future__ import annotations

import enum
import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Row,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

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
    RegistrationStatus,
    SessionStatus,
)
from core.services.pagination import Page, PageRequest, decode_cursor
from core.services.registration_counts import RegistrationCounts, registration_counts


class FeedKind(enum.StrEnum):
    """Which calendar a feed is."""

    REGION = "REGION"
    DEPARTMENT = "DEPARTMENT"
    TRAINER = "TRAINER"
    MODULE = "MODULE"
    SESSION = "SESSION"
    EVENT = "EVENT"


class EntryKind(enum.StrEnum):
    """The kinds of entries a feed can hold; ``LOCAL`` is what a department's plugin adds."""

    SESSIONS = "sessions"
    EVENTS = "events"
    ACTIONS = "actions"
    LOCAL = "local"


# What each feed holds when no filter narrows it.
FEED_CONTENTS: dict[FeedKind, frozenset[EntryKind]] = {
    FeedKind.REGION: frozenset({EntryKind.SESSIONS, EntryKind.EVENTS}),
    FeedKind.DEPARTMENT: frozenset(EntryKind),
    FeedKind.TRAINER: frozenset({EntryKind.SESSIONS, EntryKind.EVENTS}),
    FeedKind.MODULE: frozenset({EntryKind.SESSIONS}),
    FeedKind.SESSION: frozenset({EntryKind.SESSIONS}),
    FeedKind.EVENT: frozenset({EntryKind.EVENTS}),
}


@dataclass(frozen=True)
class FeedKey:
    """One calendar: its kind and the natural key of its subject.

    ``key`` is a department code (``"44"``), a module number (``"1"``) or the public ID of a
    person, session or event; ``""`` for the region.
    """

    kind: FeedKind
    key: str = ""


@dataclass(frozen=True)
class FeedFilter:
    """What a feed's query string narrows it to.

    ``contents`` is the kinds of entries kept (within what the feed holds); ``module_number``
    keeps the sessions of one module only; ``include_cancelled`` False leaves cancelled entries
    out.
    """

    contents: frozenset[EntryKind] | None = None
    module_number: int | None = None
    include_cancelled: bool = True
    # Private feeds (a staff subscription's token) add the events that are not public.
    include_private: bool = False


@dataclass(frozen=True)
class FeedScope:
    """The SQL conditions a feed puts on sessions, events and actions (None: none of them).

    ``registrations`` True when the feed shows the registration counts of its sessions and
    events (private feeds).
    """

    subject: Select | None
    sessions: ColumnElement[bool] | None
    events: ColumnElement[bool] | None
    actions: ColumnElement[bool] | None
    registrations: bool = False

    def session_ids(self) -> Select:
        """The IDs of the sessions in scope."""
        return select(TrainingSession.id).where(self.sessions)

    def event_ids(self) -> Select:
        """The IDs of the events in scope."""
        return select(Event.id).where(self.events)


def _person_id(public_id: str) -> Any:
    return select(Person.id).where(Person.public_id == public_id).scalar_subquery()


def feed_scope(feed: FeedKey, criteria: FeedFilter = FeedFilter()) -> FeedScope:
    """The conditions of ``feed`` narrowed by ``criteria``; only public events count, unless
    ``criteria.include_private`` (a staff member's private feed, which also counts the
    registrations)."""
    contents = FEED_CONTENTS[feed.kind]
    if criteria.contents is not None:
        contents = contents & criteria.contents
    public = true() if criteria.include_private else Event.is_public.is_(True)
    subject: Select | None = None
    sessions: ColumnElement[bool] | None = None
    events: ColumnElement[bool] | None = None
    actions: ColumnElement[bool] | None = None
    if feed.kind is FeedKind.REGION:
        sessions, events = true(), public
    elif feed.kind is FeedKind.DEPARTMENT:
        subject = _aggregate(Department, Department.code == feed.key)
        sessions = or_(
            TrainingSession.department_code == feed.key,
            exists().where(
                SessionPlace.session_id == TrainingSession.id,
                SessionPlace.department_code == feed.key,
            ),
        )
        events = and_(public, Event.department_code == feed.key)
        # An action that restates an event (its practice-exchange day) is the event's entry.
        actions = and_(Action.department_code == feed.key, Action.event_id.is_(None))
    elif feed.kind is FeedKind.TRAINER:
        subject = _aggregate(Person, Person.public_id == feed.key)
        person_id = _person_id(feed.key)
        sessions = exists().where(
            SessionTrainer.session_id == TrainingSession.id, SessionTrainer.person_id == person_id
        )
        events = and_(
            public,
            exists().where(EventLeader.event_id == Event.id, EventLeader.person_id == person_id),
        )
    elif feed.kind is FeedKind.MODULE:
        number = int(feed.key) if feed.key.isdigit() else -1
        subject = _aggregate(TrainingModule, TrainingModule.number == number)
        sessions = TrainingSession.module_id == (
            select(TrainingModule.id).where(TrainingModule.number == number).scalar_subquery()
        )
    elif feed.kind is FeedKind.SESSION:
        subject = _aggregate(TrainingSession, TrainingSession.public_id == feed.key)
        sessions = TrainingSession.public_id == feed.key
    elif feed.kind is FeedKind.EVENT:
        subject = _aggregate(Event, Event.public_id == feed.key, public)
        events = and_(public, Event.public_id == feed.key)
    if criteria.module_number is not None and sessions is not None:
        sessions = and_(
            sessions,
            TrainingSession.module_id
            == select(TrainingModule.id)
            .where(TrainingModule.number == criteria.module_number)
            .scalar_subquery(),
        )
        events = actions = None
    return FeedScope(
        subject=subject,
        sessions=sessions if EntryKind.SESSIONS in contents else None,
        events=events if EntryKind.EVENTS in contents else None,
        actions=actions if EntryKind.ACTIONS in contents else None,
        registrations=criteria.include_private,
    )


# The tables each part of a feed reads (its stamp and its rows); see ``feed_tables``.
_SUBJECT_TABLES: dict[FeedKind, tuple[str, ...]] = {
    FeedKind.REGION: (),
    FeedKind.DEPARTMENT: ("department",),
    FeedKind.TRAINER: ("person",),
    FeedKind.MODULE: ("training_module",),
    FeedKind.SESSION: ("training_session", "training_module"),
    FeedKind.EVENT: ("event",),
}
_CONTENT_TABLES: dict[EntryKind, tuple[str, ...]] = {
    EntryKind.SESSIONS: (
        "training_session",
        "session_day",
        "session_place",
        "session_trainer",
        "person",
        "training_module",
        "module_prerequisite",
    ),
    EntryKind.EVENTS: ("event", "event_leader", "person"),
    EntryKind.ACTIONS: ("action",),
    EntryKind.LOCAL: (),
}


@functools.cache
def feed_tables(kind: FeedKind, criteria: FeedFilter = FeedFilter()) -> tuple[str, ...]:
    """The tables a feed of ``kind`` narrowed by ``criteria`` reads, sorted: a write to any
    other table leaves its stamp as it was (``core.models.revision`` counts writes per table).
    """
    contents = FEED_CONTENTS[kind]
    if criteria.contents is not None:
        contents = contents & criteria.contents
    tables = set(_SUBJECT_TABLES[kind])
    for content in contents:
        tables.update(_CONTENT_TABLES[content])
    if criteria.include_private:
        tables.add("registration")
    return tuple(sorted(tables))


# --- The stamp ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedStamp:
    """The aggregates of a feed's rows; equal stamps mean equal feeds.

    ``parts`` holds, for each kind of row, its count, latest ``updated_at``, sum of ``sequence``,
    number of cancelled entries still shown and last date of those no longer shown.
    ``exists`` is False when the feed's subject (a department, a trainer…) does not exist.
    """

    parts: tuple[tuple[Any, ...], ...]
    exists: bool
    changed_at: datetime | None
    # The last date of a cancelled entry that left the feed because its date has passed.
    last_expired_on: date | None

    def fingerprint(self) -> str:
        """A canonical text of the stamp, to hash into an ETag."""
        return repr(
            tuple(
                tuple(value.isoformat() if isinstance(value, date) else value for value in part)
                for part in self.parts
            )
        )


def _aggregate(
    model: Any,
    *where: ColumnElement[bool],
    sequence: Any = None,
    cancelled: ColumnElement[bool] | None = None,
    on: Any = None,
    today: Any = None,
    join: Any = None,
) -> Select:
    """One row of aggregates over ``model``'s rows matching ``where`` (see ``FeedStamp``)."""
    columns = [
        func.count().label("n"),
        func.max(model.updated_at).label("changed_at"),
        (func.coalesce(func.sum(sequence), 0) if sequence is not None else literal(0, Integer))
        .label("sequences"),
    ]
    if cancelled is not None:
        columns.append(
            func.coalesce(func.sum(case((and_(cancelled, on >= today), 1), else_=0)), 0).label(
                "pending"
            )
        )
        columns.append(func.max(case((and_(cancelled, on < today), on))).label("expired_on"))
    else:
        columns.append(literal(0, Integer).label("pending"))
        columns.append(cast(null(), Date).label("expired_on"))
    statement = select(*columns).select_from(model)
    if join is not None:
        statement = statement.join(*join)
    return statement.where(*where)


def _stamp_statement(scope: FeedScope, today: date) -> Select:
    on_day = literal(today, Date)
    parts: list[tuple[str, Select]] = []
    if scope.subject is not None:
        parts.append(("subject", scope.subject))
    if scope.sessions is not None:
        session_ids = scope.session_ids()
        module_ids = select(TrainingSession.module_id).where(scope.sessions)
        trainer_ids = select(SessionTrainer.person_id).where(
            SessionTrainer.session_id.in_(session_ids)
        )
        parts += [
            ("sessions", _aggregate(TrainingSession, scope.sessions)),
            (
                "days",
                _aggregate(
                    SessionDay,
                    scope.sessions,
                    sequence=SessionDay.sequence,
                    cancelled=or_(
                        SessionDay.cancelled_at.is_not(None),
                        TrainingSession.status == SessionStatus.CANCELLED,
                    ),
                    on=SessionDay.date,
                    today=on_day,
                    join=(TrainingSession, TrainingSession.id == SessionDay.session_id),
                ),
            ),
            ("places", _aggregate(SessionPlace, SessionPlace.session_id.in_(session_ids))),
            (
                "trainer_links",
                _aggregate(SessionTrainer, SessionTrainer.session_id.in_(session_ids)),
            ),
            ("trainers", _aggregate(Person, Person.id.in_(trainer_ids))),
            ("modules", _aggregate(TrainingModule, TrainingModule.id.in_(module_ids))),
            (
                "prerequisites",
                _aggregate(ModulePrerequisite, ModulePrerequisite.module_id.in_(module_ids)),
            ),
        ]
    if scope.events is not None:
        event_ids = scope.event_ids()
        leader_ids = select(EventLeader.person_id).where(EventLeader.event_id.in_(event_ids))
        parts += [
            (
                "events",
                _aggregate(
                    Event,
                    scope.events,
                    sequence=Event.sequence,
                    cancelled=Event.status == SessionStatus.CANCELLED,
                    on=Event.date,
                    today=on_day,
                ),
            ),
            ("leader_links", _aggregate(EventLeader, EventLeader.event_id.in_(event_ids))),
            ("leaders", _aggregate(Person, Person.id.in_(leader_ids))),
        ]
    if scope.actions is not None:
        parts.append(("actions", _aggregate(Action, scope.actions, sequence=Action.sequence)))
    if scope.registrations:
        parts += _registration_parts(scope)
    return union_all(
        *(
            statement.add_columns(literal(name, String).label("part"))
            for name, statement in parts
        )
    )


def _registration_parts(scope: FeedScope) -> list[tuple[str, Select]]:
    """One part per status (counted or not) over the registrations of the feed's sessions and
    events: any registration written, or moved from one status to another, changes a count or
    a latest change time, so the stamp moves with the counts the feed shows."""
    targets = []
    if scope.sessions is not None:
        targets.append(Registration.session_id.in_(scope.session_ids()))
    if scope.events is not None:
        targets.append(Registration.event_id.in_(scope.event_ids()))
    if not targets:
        return []
    return [
        (
            f"registrations:{status.value}",
            _aggregate(Registration, or_(*targets), Registration.status == status),
        )
        for status in RegistrationStatus
    ]


async def feed_stamp(db: AsyncSession, scope: FeedScope, today: date) -> FeedStamp:
    """The stamp of the feed ``scope`` describes, on ``today`` (Europe/Paris), in one statement.

    Cancelled entries show until their date has passed, so ``today`` is part of the question.
    """
    rows = sorted((await db.execute(_stamp_statement(scope, today))).all(), key=lambda r: r.part)
    changed = [row.changed_at for row in rows if row.changed_at is not None]
    expired = [row.expired_on for row in rows if row.expired_on is not None]
    subject = next((row for row in rows if row.part == "subject"), None)
    return FeedStamp(
        parts=tuple(
            (row.part, row.n, row.changed_at, row.sequences, row.pending, row.expired_on)
            for row in rows
        ),
        exists=subject is None or subject.n > 0,
        changed_at=max(changed) if changed else None,
        last_expired_on=max(expired) if expired else None,
    )


# --- The rows -----------------------------------------------------------------------------------


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

    subject: Row | None = None
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


_ROW = TypeVar("_ROW", bound=tuple)


def _columns(shape: type[tuple], *columns: Any) -> Select:
    """A ``select`` of ``columns`` labelled with the fields of ``shape``, in its order."""
    labelled = zip(columns, shape._fields, strict=True)
    return select(*(column.label(name) for column, name in labelled))


async def _read(db: AsyncSession, shape: type[_ROW], statement: Select) -> list[_ROW]:
    # Named tuples, not SQLAlchemy rows: an attribute costs ten times less, per day and field.
    return [shape._make(row) for row in await db.execute(statement)]


def _grouped(rows: list[Any], key: str) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def _subject_statement(feed: FeedKey) -> Select | None:
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
        session_ids = scope.session_ids()
        sessions = await _read(
            db,
            SessionRow,
            _columns(
                SessionRow,
                TrainingSession.id,
                TrainingSession.public_id,
                TrainingSession.year,
                TrainingSession.number,
                TrainingSession.module_id,
                TrainingSession.status,
                TrainingSession.place_tentative,
                TrainingSession.updated_at,
                TrainingSession.capacity,
            ).where(scope.sessions),
        )
        rows.sessions = {row.id: row for row in sessions}
    if rows.sessions:
        rows.days = await _read(
            db,
            DayRow,
            _columns(
                DayRow,
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
            PlaceRow,
            _columns(
                PlaceRow,
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
        trainers = await _read(
            db,
            PersonLinkRow,
            _columns(
                PersonLinkRow,
                SessionTrainer.session_id,
                Person.given_name,
                Person.family_name,
                Person.updated_at,
                SessionTrainer.updated_at,
            )
            .join(Person, Person.id == SessionTrainer.person_id)
            .where(SessionTrainer.session_id.in_(session_ids))
            .order_by(SessionTrainer.session_id, SessionTrainer.position),
        )
        rows.trainers = _grouped(trainers, "parent_id")
        module_ids = {row.module_id for row in rows.sessions.values()}
        modules = await _read(
            db,
            ModuleRow,
            _columns(
                ModuleRow,
                TrainingModule.id,
                TrainingModule.number,
                TrainingModule.title,
                TrainingModule.updated_at,
            ).where(TrainingModule.id.in_(module_ids)),
        )
        rows.modules = {row.id: row for row in modules}
        prerequisites = await _read(
            db,
            PrerequisiteRow,
            _columns(
                PrerequisiteRow,
                ModulePrerequisite.module_id,
                ModulePrerequisite.label,
                ModulePrerequisite.updated_at,
            )
            .where(ModulePrerequisite.module_id.in_(module_ids))
            .order_by(ModulePrerequisite.module_id, ModulePrerequisite.position),
        )
        rows.prerequisites = _grouped(prerequisites, "module_id")
    if scope.events is not None:
        rows.events = await _read(
            db,
            EventRow,
            _columns(
                EventRow,
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
            .where(scope.events)
            .order_by(Event.date, Event.start_time, Event.id),
        )
    if rows.events:
        leaders = await _read(
            db,
            PersonLinkRow,
            _columns(
                PersonLinkRow,
                EventLeader.event_id,
                Person.given_name,
                Person.family_name,
                Person.updated_at,
                EventLeader.updated_at,
            )
            .join(Person, Person.id == EventLeader.person_id)
            .where(EventLeader.event_id.in_(scope.event_ids()))
            .order_by(EventLeader.event_id, EventLeader.position),
        )
        rows.leaders = _grouped(leaders, "parent_id")
    if scope.registrations:
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
    if scope.actions is not None:
        rows.actions = await _read(
            db,
            ActionRow,
            _columns(
                ActionRow,
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


# --- The list of feeds --------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedListing:
    """One published feed, with what its name is made of."""

    feed: FeedKey
    # The subject's words: a department's name, a person's names, a module's title,
    # a session's year, number and module number, an event's title.
    words: tuple[str | None, ...]


_NO_TEXT = cast(null(), String)


def _listing_statement() -> Any:
    def row(rank: int, sort_key: Any, key: Any, *words: Any) -> list[Any]:
        padded = list(words) + [_NO_TEXT] * (3 - len(words))
        return [
            literal(rank, Integer).label("rank"),
            cast(sort_key, String).label("sort_key"),
            cast(key, String).label("key"),
            *(cast(word, String).label(f"word{index}") for index, word in enumerate(padded)),
        ]

    return union_all(
        select(*row(0, literal(""), literal(""))),
        select(*row(1, Department.code, Department.code, Department.name)),
        select(*row(2, TrainingModule.number, TrainingModule.number, TrainingModule.title)),
        select(*row(3, Person.sort_name, Person.public_id, Person.given_name, Person.family_name)),
        select(
            *row(
                4,
                TrainingSession.starts_on,
                TrainingSession.public_id,
                TrainingSession.year,
                TrainingSession.number,
                TrainingModule.number,
            )
        ).join(TrainingModule, TrainingModule.id == TrainingSession.module_id),
        select(*row(5, Event.date, Event.public_id, Event.title)).where(Event.is_public.is_(True)),
    ).subquery("feeds")


_RANKS = (
    FeedKind.REGION,
    FeedKind.DEPARTMENT,
    FeedKind.MODULE,
    FeedKind.TRAINER,
    FeedKind.SESSION,
    FeedKind.EVENT,
)


async def list_feeds(
    db: AsyncSession,
    request: PageRequest,
    *,
    kinds: Sequence[FeedKind] | None = None,
    with_total: bool = False,
) -> Page[FeedListing]:
    """A page of every published feed (of ``kinds`` only, when given): the region, departments,
    modules, trainers, sessions, then public events, each in its natural order."""
    feeds = _listing_statement()
    keys = (feeds.c.rank, feeds.c.sort_key, feeds.c.key)
    key_tuple = tuple_(*keys)
    statement = select(feeds)
    if kinds:
        statement = statement.where(feeds.c.rank.in_([_RANKS.index(kind) for kind in kinds]))
    if request.after is not None:
        statement = statement.where(key_tuple > tuple(decode_cursor(request.after, keys, "after")))
    if request.before is not None:
        statement = statement.where(
            key_tuple < tuple(decode_cursor(request.before, keys, "before"))
        )
    size = request.size()
    ordering = [key.desc() for key in keys] if request.backwards else list(keys)
    rows = list((await db.execute(statement.order_by(*ordering).limit(size + 1))).all())
    has_more = len(rows) > size
    rows = rows[:size]
    if request.backwards:
        rows.reverse()
        has_next, has_previous = request.before is not None, has_more
    else:
        has_next, has_previous = has_more, request.after is not None
    total = None
    if with_total:
        counted = select(func.count()).select_from(feeds)
        if kinds:
            counted = counted.where(feeds.c.rank.in_([_RANKS.index(kind) for kind in kinds]))
        total = await db.scalar(counted)
    return Page(
        rows=[
            FeedListing(
                feed=FeedKey(_RANKS[row.rank], row.key),
                words=(row.word0, row.word1, row.word2),
            )
            for row in rows
        ],
        sort_keys=keys,
        cursor_sources=list(rows),
        has_next_page=has_next,
        has_previous_page=has_previous,
        total_count=total,
    )


"""The agenda as people read it: sessions and public events together, by first day.

The public site's pages (``core.web``) show these records. Each list is read in a fixed
number of statements whatever its length: the sessions with their modules, their days, their
places, then the events; a session's or an event's own page adds its trainers or leaders, its
module's prerequisites and its seat counts.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import exists, select

from core.db import Reader
from core.timezone import paris_datetime
from core.models import (
    Department,
    Event,
    EventLeader,
    ModulePrerequisite,
    Organization,
    Person,
    TrainingModule,
    TrainingSession,
)
from core.models.enums import EventKind, PrerequisiteKind, RecordStatus, SessionStatus
from core.services.events import EventFilter, events_query
from core.services.people import TrainerFilter, trainers_query
from core.services.stages import Standing, event_standing, session_standing
from core.services.training_sessions import (
    SessionFilter,
    days_by_session,
    places_by_session,
    sessions_query,
    trainers_with_organizations,
)

# A page never lists more than this many sessions, nor as many events.
MAX_ITEMS = 200

# Events a visitor of the public site may look for (a COTER meeting is never public).
PUBLIC_EVENT_KINDS = (
    EventKind.PRACTICE_EXCHANGE_DAY,
    EventKind.DEPARTMENT_EVENT,
    EventKind.AWARENESS_SESSION,
)

EVENT_KIND_LABELS = {
    EventKind.PRACTICE_EXCHANGE_DAY: "Journée d'échanges de pratique",
    EventKind.DEPARTMENT_EVENT: "Évènement départemental",
    EventKind.AWARENESS_SESSION: "Sensibilisation",
    EventKind.COTER_MEETING: "Réunion du COTER",
}


class ItemKind(enum.StrEnum):
    """What an agenda item is."""

    SESSION = "session"
    EVENT = "event"


class Period(enum.StrEnum):
    """Which part of the agenda to show."""

    UPCOMING = "upcoming"  # every item with a day from today on (under way included)
    PAST = "past"
    ALL = "all"


@dataclass(frozen=True)
class AgendaCriteria:
    """What the agenda is narrowed to; ``None`` keeps everything."""

    department_code: str | None = None
    module_number: int | None = None
    kind: ItemKind | None = None
    period: Period = Period.UPCOMING
    # The sessions this person trains and the events they lead.
    person_public_id: str | None = None


@dataclass(frozen=True)
class Day:
    """One day of a session or an event, with its hours (Europe/Paris)."""

    date: date
    starts_at: time
    ends_at: time


@dataclass(frozen=True)
class Place:
    """A place: the town, its postal code and department, the venue when known."""

    city: str
    postal_code: str | None
    department_code: str | None
    venue: str | None = None


@dataclass(frozen=True)
class AgendaItem:
    """A session or an event as the agenda shows it."""

    kind: ItemKind
    public_id: str
    title: str
    subtitle: str
    days: tuple[Day, ...]
    places: tuple[Place, ...]
    tentative: bool
    department_codes: tuple[str, ...]
    status: SessionStatus
    year: int = 0
    number: int | None = None
    module_number: int | None = None
    event_kind: EventKind | None = None
    row_id: int = field(default=0, compare=False, repr=False)

    @property
    def first_day(self) -> date | None:
        """The first day, or ``None`` for a session whose days were all removed."""
        return self.days[0].date if self.days else None

    @property
    def last_day(self) -> date | None:
        """The last day."""
        return self.days[-1].date if self.days else None

    @property
    def cancelled(self) -> bool:
        """Whether the session or event was cancelled."""
        return self.status is SessionStatus.CANCELLED

    def over(self, today: date) -> bool:
        """Whether its last day is before ``today``."""
        return self.last_day is not None and self.last_day < today

    @property
    def place_label(self) -> str:
        """The place in words: "Angers", "Nantes ou La Roche-sur-Yon"."""
        return " ou ".join(place.city for place in self.places) or "Lieu à préciser"


def standing_of(item: AgendaItem, now: datetime) -> Standing | None:
    """Where ``item`` stands at ``now`` and whether registration is open, as GraphQL and the
    feeds say it (``core.services.stages``); ``None`` for a session without days."""
    if not item.days:
        return None
    if item.kind is ItemKind.SESSION:
        days = [SimpleNamespace(date=d.date, start_time=d.starts_at, end_time=d.ends_at) for d in item.days]
        return session_standing(item.status, days, now)
    day = item.days[0]
    return event_standing(
        item.status, paris_datetime(day.date, day.starts_at), paris_datetime(day.date, day.ends_at), now
    )


def session_title(number: int, year: int, module_number: int) -> str:
    """A session's title, as GraphQL and the feeds give it: "Session 1 (2025) — Module 2"."""
    return f"Session {number} ({year}) — Module {module_number}"


def _session_filter(criteria: AgendaCriteria, today: date) -> SessionFilter:
    return SessionFilter(
        department_code=criteria.department_code,
        module_number=criteria.module_number,
        date_from=today if criteria.period is Period.UPCOMING else None,
        date_to=today - timedelta(days=1) if criteria.period is Period.PAST else None,
        trainer_public_id=criteria.person_public_id,
    )


def _event_filter(criteria: AgendaCriteria, today: date) -> EventFilter:
    return EventFilter(
        department_code=criteria.department_code,
        kinds=PUBLIC_EVENT_KINDS,
        date_from=today if criteria.period is Period.UPCOMING else None,
        date_to=today - timedelta(days=1) if criteria.period is Period.PAST else None,
    )


async def _session_items(db: Reader, rows: Sequence[Any]) -> list[AgendaItem]:
    ids = [row.id for row in rows]
    days = await days_by_session(db, ids) if ids else []
    places = await places_by_session(db, ids) if ids else []
    items = []
    for row, its_days, its_places in zip(rows, days, places, strict=True):
        codes = list(dict.fromkeys(place.department_code for place in its_places))
        if row.department_code is not None and row.department_code not in codes:
            codes.insert(0, row.department_code)
        items.append(
            AgendaItem(
                kind=ItemKind.SESSION,
                public_id=row.public_id,
                title=session_title(row.number, row.year, row.module_number),
                subtitle=row.module_title,
                days=tuple(Day(day.date, day.start_time, day.end_time) for day in its_days),
                places=tuple(
                    Place(place.city, place.postal_code, place.department_code, place.venue)
                    for place in its_places
                ),
                tentative=row.place_tentative,
                department_codes=tuple(codes),
                status=row.status,
                year=row.year,
                number=row.number,
                module_number=row.module_number,
                row_id=row.id,
            )
        )
    return items


def _session_statement(criteria: SessionFilter):
    return (
        sessions_query(criteria)
        .with_only_columns(
            TrainingSession.id,
            TrainingSession.public_id,
            TrainingSession.number,
            TrainingSession.year,
            TrainingSession.department_code,
            TrainingSession.place_tentative,
            TrainingSession.status,
            TrainingSession.starts_on,
            TrainingModule.number.label("module_number"),
            TrainingModule.title.label("module_title"),
        )
        .join(TrainingModule, TrainingModule.id == TrainingSession.module_id)
    )


def _event_item(row: Any) -> AgendaItem:
    place = (
        (Place(row.city, row.postal_code, row.department_code, row.venue),) if row.city else ()
    )
    return AgendaItem(
        kind=ItemKind.EVENT,
        public_id=row.public_id,
        title=row.title,
        subtitle=EVENT_KIND_LABELS[row.kind],
        days=(Day(row.date, row.start_time, row.end_time),),
        places=place,
        tentative=False,
        department_codes=(row.department_code,) if row.department_code else (),
        status=row.status,
        year=row.year,
        event_kind=row.kind,
        row_id=row.id,
    )


def _led_by(person_public_id: str):
    return exists().where(
        EventLeader.event_id == Event.id,
        EventLeader.person_id == Person.id,
        Person.public_id == person_public_id,
    )


async def agenda(db: Reader, criteria: AgendaCriteria, today: date) -> list[AgendaItem]:
    """The sessions and public events that ``criteria`` keep, by first day (latest first for
    the past), in four statements; at most ``MAX_ITEMS`` of each."""
    items: list[AgendaItem] = []
    newest_first = criteria.period is Period.PAST
    if criteria.kind in (None, ItemKind.SESSION):
        order = TrainingSession.starts_on.desc() if newest_first else TrainingSession.starts_on
        statement = (
            _session_statement(_session_filter(criteria, today))
            .order_by(order, TrainingSession.id)
            .limit(MAX_ITEMS)
        )
        items += await _session_items(db, (await db.execute(statement)).all())
    if criteria.kind in (None, ItemKind.EVENT) and criteria.module_number is None:
        statement = (
            events_query(_event_filter(criteria, today))
            .with_only_columns(*Event.__table__.columns)
            .order_by(Event.date.desc() if newest_first else Event.date, Event.id)
            .limit(MAX_ITEMS)
        )
        if criteria.person_public_id is not None:
            statement = statement.where(_led_by(criteria.person_public_id))
        items += [_event_item(row) for row in (await db.execute(statement)).all()]
    return sorted(
        items,
        key=lambda item: (item.first_day or date.max, item.title),
        reverse=newest_first,
    )


@dataclass(frozen=True)
class PersonName:
    """A trainer or a leader as a page names them, with their organisation."""

    full_name: str
    public_id: str
    organization: str | None


@dataclass(frozen=True)
class Prerequisite:
    """A condition to join a module, in the seed's words, with the kind of answer it asks
    (the registration form gives each kind its field)."""

    label: str
    minimum_score: float | None
    kind: PrerequisiteKind
    requires_interactions_member: bool


@dataclass(frozen=True)
class SessionDetail:
    """Everything a session's page shows."""

    item: AgendaItem
    module_title: str
    module_description: str | None
    module_length_days: int
    prerequisites: tuple[Prerequisite, ...]
    trainers: tuple[PersonName, ...]
    department_names: dict[str, str]
    capacity: int | None
    requires_approval: bool


async def session_detail(db: Reader, public_id: str) -> SessionDetail | None:
    """The page of the session with that public ID, or ``None``."""
    row = (
        await db.execute(
            _session_statement(SessionFilter())
            .add_columns(
                TrainingSession.capacity,
                TrainingSession.requires_approval,
                TrainingSession.module_id,
                TrainingModule.description.label("module_description"),
                TrainingModule.length_days.label("module_length_days"),
            )
            .where(TrainingSession.public_id == public_id)
        )
    ).first()
    if row is None:
        return None
    (item,) = await _session_items(db, [row])
    prerequisites = (
        await db.execute(
            select(
                ModulePrerequisite.label,
                ModulePrerequisite.minimum_score,
                ModulePrerequisite.kind,
                ModulePrerequisite.requires_interactions_member,
            )
            .where(ModulePrerequisite.module_id == row.module_id)
            .order_by(ModulePrerequisite.position)
        )
    ).all()
    (trainers,), organizations = await trainers_with_organizations(db, [row.id])
    return SessionDetail(
        item=item,
        module_title=row.module_title,
        module_description=row.module_description,
        module_length_days=row.module_length_days,
        prerequisites=tuple(
            Prerequisite(p.label, p.minimum_score, p.kind, p.requires_interactions_member)
            for p in prerequisites
        ),
        trainers=tuple(
            _person(trainer, organizations.get(trainer.organization_id)) for trainer in trainers
        ),
        department_names=await department_names(db, item.department_codes),
        capacity=row.capacity,
        requires_approval=row.requires_approval,
    )


@dataclass(frozen=True)
class EventDetail:
    """Everything an event's page shows."""

    item: AgendaItem
    description: str | None
    access_conditions: tuple[str, ...]
    leaders: tuple[PersonName, ...]
    department_names: dict[str, str]


async def event_detail(db: Reader, public_id: str) -> EventDetail | None:
    """The page of the public event with that public ID, or ``None`` (a private one too)."""
    row = (
        await db.execute(
            events_query(EventFilter())
            .with_only_columns(*Event.__table__.columns)
            .where(Event.public_id == public_id, Event.kind.in_(PUBLIC_EVENT_KINDS))
        )
    ).first()
    if row is None:
        return None
    leaders = (
        await db.execute(
            select(*Person.__table__.columns, Organization.name.label("organization_name"))
            .join(EventLeader, EventLeader.person_id == Person.id)
            .outerjoin(Organization, Organization.id == Person.organization_id)
            .where(EventLeader.event_id == row.id)
            .order_by(EventLeader.position)
        )
    ).all()
    item = _event_item(row)
    return EventDetail(
        item=item,
        description=row.description,
        access_conditions=tuple(row.access_conditions or ()),
        leaders=tuple(_person(leader, leader) for leader in leaders),
        department_names=await department_names(db, item.department_codes),
    )


def _person(row: Any, organization: Any) -> PersonName:
    name = getattr(organization, "organization_name", None) or getattr(organization, "name", None)
    return PersonName(f"{row.given_name} {row.family_name}", row.public_id, name)


@dataclass(frozen=True)
class Trainer:
    """A trainer whose calendar can be subscribed to."""

    full_name: str
    public_id: str


async def trainers_with_calendars(db: Reader) -> list[Trainer]:
    """The active trainers and referents, by name: each has a feed of what they lead."""
    statement = (
        trainers_query(TrainerFilter(statuses=(RecordStatus.ACTIVE,)))
        .with_only_columns(Person.given_name, Person.family_name, Person.public_id)
        .order_by(Person.sort_name)
    )
    return [
        Trainer(f"{row.given_name} {row.family_name}", row.public_id)
        for row in (await db.execute(statement)).all()
    ]


@dataclass(frozen=True)
class PublicPage:
    """A session or public event that has a page, and when it last changed."""

    kind: ItemKind
    public_id: str
    updated_at: Any


async def public_pages(db: Reader) -> list[PublicPage]:
    """Every session and public event with a page (for the sitemap), in two statements."""
    sessions = select(TrainingSession.public_id, TrainingSession.updated_at).order_by(
        TrainingSession.starts_on, TrainingSession.id
    )
    events = (
        events_query(EventFilter(kinds=PUBLIC_EVENT_KINDS))
        .with_only_columns(Event.public_id, Event.updated_at)
        .order_by(Event.date, Event.id)
    )
    return [
        PublicPage(ItemKind.SESSION, row.public_id, row.updated_at)
        for row in (await db.execute(sessions)).all()
    ] + [
        PublicPage(ItemKind.EVENT, row.public_id, row.updated_at)
        for row in (await db.execute(events)).all()
    ]


async def trainer_name(db: Reader, public_id: str) -> str | None:
    """The full name of the active person with that public ID, or ``None``."""
    row = (
        await db.execute(
            select(Person.given_name, Person.family_name).where(
                Person.public_id == public_id, Person.status == RecordStatus.ACTIVE
            )
        )
    ).first()
    return f"{row.given_name} {row.family_name}" if row else None


async def module_titles(db: Reader) -> dict[int, str]:
    """The title of each module, by number."""
    statement = select(TrainingModule.number, TrainingModule.title).order_by(TrainingModule.number)
    return {number: title for number, title in (await db.execute(statement)).all()}


async def department_names(db: Reader, codes: Sequence[str] = ()) -> dict[str, str]:
    """The names of the departments, by code: those of ``codes``, or all five."""
    statement = select(Department.code, Department.name).order_by(Department.code)
    if codes:
        statement = statement.where(Department.code.in_(list(codes)))
    return {code: name for code, name in (await db.execute(statement)).all()}


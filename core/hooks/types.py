"""What plugins and the core hand each other: frozen dataclasses, no ORM rows and no GraphQL.

A plugin never sees a database row. The core reads what a rule needs (the target of a
registration, the other events of a department's year) and passes it in these shapes; a plugin
returns its content and its verdicts in these shapes too. Department codes are strings ("44"),
text people read is French, and every date and hour is Europe/Paris.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from core.enums import (
    ActionKind,
    EventKind,
    InstitutionKind,
    PrerequisiteKind,
    Programme,
    RecordStatus,
    SessionStatus,
)
from core.places.departments import department_of
from core.timezone import PARIS

__all__ = [
    "ActionKind",
    "CalendarEntry",
    "CalendarStatus",
    "Coter",
    "DayDraft",
    "DepartmentInfo",
    "EventDraft",
    "EventKind",
    "InstitutionKind",
    "LocalAction",
    "LocalEvent",
    "PlaceDraft",
    "PluginFailure",
    "Prerequisite",
    "PrerequisiteKind",
    "PriorTraining",
    "Programme",
    "RecordStatus",
    "RegistrationDraft",
    "RegistrationTarget",
    "Rule",
    "RuleSubject",
    "SessionDraft",
    "SessionStatus",
    "SteeringInstitution",
    "TargetKind",
    "Violation",
]


# --- Rules ---------------------------------------------------------------------------------------


class RuleSubject(enum.StrEnum):
    """What a rule checks: a registration, a training session or an event."""

    REGISTRATION = "REGISTRATION"
    SESSION = "SESSION"
    EVENT = "EVENT"


class TargetKind(enum.StrEnum):
    """What a registration is for."""

    SESSION = "SESSION"
    EVENT = "EVENT"


@dataclass(frozen=True)
class Rule:
    """One entry of a plugin's rule catalogue.

    ``code`` is stable and unique across every plugin (a department's codes start with
    ``DEPT_NN_``); ``description`` is one French line, as ``cps plugins`` lists it. For a
    registration rule, ``targets`` says what it concerns (registrations to sessions, to events);
    empty, it concerns every registration. Only the rules concerning a registration's target
    are reported as evaluated.
    """

    code: str
    subject: RuleSubject
    description: str
    targets: frozenset[TargetKind] = frozenset()


@dataclass(frozen=True)
class Violation:
    """A rule not met: which rule (``code``), which input field, and why, in French.

    ``field`` names the input field concerned as the GraphQL input spells it
    (``departmentCode``, ``questionnaireScore``, ``places``…). ``plugin`` is filled in by the core
    with the name of the plugin that found the violation; a plugin leaves it empty.
    """

    code: str
    field: str
    message: str
    plugin: str | None = None


@dataclass(frozen=True)
class PluginFailure:
    """A plugin raised (or returned something unusable) while the core called one of its hooks,
    or its rules are unavailable (it failed to load or is disabled).

    ``message`` is French and safe to show to anyone; ``detail`` (the error, for the command
    line and the log only) may name files; the traceback goes to the log only in debug.
    ``code`` is the stable code a write refused for this failure carries:
    ``RULES_UNDETERMINED`` (a rule raised), ``DEPARTMENT_RULES_UNAVAILABLE`` (the plugin of a
    department concerned is not loaded) or ``REGIONAL_RULES_UNAVAILABLE`` (a plugin that may
    speak for every department is not loaded).
    """

    plugin: str
    hook: str
    message: str
    code: str = "RULES_UNDETERMINED"
    detail: str = ""


# --- The department a plugin speaks for ---------------------------------------------------------


@dataclass(frozen=True)
class SteeringInstitution:
    """An institution that steers a department's COTER (DT ARS, DSDEN, Conseil départemental)."""

    key: str
    kind: InstitutionKind
    name: str
    short_name: str


@dataclass(frozen=True)
class Coter:
    """A department's territorial committee: its name, who steers it, who to contact.

    ``referents`` are keys of the regional directory (``"audrey-pavageau"``): the Pôle CPS
    referents who follow the department and are its committee's contacts.
    """

    name: str
    steering: tuple[SteeringInstitution, ...]
    referents: tuple[str, ...]


@dataclass(frozen=True)
class DepartmentInfo:
    """The department a plugin speaks for."""

    code: str
    name: str
    coter: Coter


# --- Content a department contributes ------------------------------------------------------------


@dataclass(frozen=True)
class LocalEvent:
    """An event a department's plugin publishes (practice-exchange day, yearly event, meeting).

    ``key`` is its natural key, unique across plugins and never changed once published: the
    event's global ID derives from it (``event:<key>``). ``year`` is the year the event belongs
    to (the 2025 practice-exchange days belong to 2025). ``leaders`` are directory keys.
    """

    key: str
    kind: EventKind
    year: int
    date: date
    start_time: time
    end_time: time
    title: str
    department_code: str | None
    description: str | None = None
    city: str | None = None
    postal_code: str | None = None
    venue: str | None = None
    access_conditions: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    is_public: bool = True
    status: SessionStatus = SessionStatus.PLANNED


@dataclass(frozen=True)
class LocalAction:
    """A deployment-pack action a department's COTER prioritised, over a period.

    ``key`` is its natural key, unique across plugins (``action:<key>`` gives its global ID).
    ``event_key`` names the event of the same plugin that the action restates, if any.
    """

    key: str
    kind: ActionKind
    title: str
    period_start: date
    department_code: str
    period_end: date | None = None
    description: str | None = None
    programme: Programme | None = None
    status: RecordStatus = RecordStatus.ACTIVE
    # The key of the plugin's event this action restates (a practice-exchange day): the
    # calendars show the event once and leave the action out.
    event_key: str | None = None


class CalendarStatus(enum.StrEnum):
    """The iCalendar status of a calendar entry."""

    TENTATIVE = "TENTATIVE"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class CalendarEntry:
    """One entry of a calendar feed: what a plugin adds to its department's calendar, and the
    type the feeds write every entry from (training days, events, actions) too.

    ``uid`` is stable across feeds and updates; ``start`` and ``end`` are timezone-aware
    datetimes, kept in Europe/Paris, or two dates for an all-day entry (``end`` is then the day
    after the last one, as RFC 5545 wants); ``sequence`` grows each time the entry changes;
    ``last_modified`` None means unknown. ``url`` links to the entry's page and ``categories``
    name what it is (a department's feed adds its own category before a plugin's). A malformed
    entry raises ``ValueError`` when built, which the core reports as the plugin's failure.
    Frozen and hashable: equal entries give equal text.
    """

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    location: str | None = None
    description: str | None = None
    sequence: int = 0
    last_modified: datetime | None = None
    status: CalendarStatus = CalendarStatus.CONFIRMED
    url: str | None = None
    categories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.uid.strip() or not self.summary.strip():
            raise ValueError("a calendar entry needs a uid and a summary")
        if isinstance(self.start, datetime) != isinstance(self.end, datetime):
            raise ValueError(f"calendar entry {self.uid}: start and end are not of one kind")
        if isinstance(self.start, datetime) and isinstance(self.end, datetime):
            object.__setattr__(self, "start", _in_paris(self.uid, "start", self.start))
            object.__setattr__(self, "end", _in_paris(self.uid, "end", self.end))
        if self.last_modified is not None and self.last_modified.tzinfo is None:
            raise ValueError(f"calendar entry {self.uid}: last_modified has no time zone")
        if self.end <= self.start:
            raise ValueError(f"calendar entry {self.uid}: end is not after start")
        if self.sequence < 0:
            raise ValueError(f"calendar entry {self.uid}: negative sequence")

    @property
    def cancelled(self) -> bool:
        """True for a cancelled entry (a cancelled session day or event, a removed day)."""
        return self.status == CalendarStatus.CANCELLED

    @property
    def first_day(self) -> date:
        """The entry's first day in Europe/Paris, which decides when a cancelled entry leaves."""
        if isinstance(self.start, datetime):
            return self.start.date()
        return self.start


def _in_paris(uid: str, name: str, value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"calendar entry {uid}: {name} has no time zone")
    return value.astimezone(PARIS)


# --- What rules check ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorTraining:
    """A CPS training the person already followed, and whether its organization is a member of
    InteractionS Pays de la Loire (Promotion Santé, Addictions France)."""

    organization_name: str
    interactions_member: bool


@dataclass(frozen=True)
class RegistrationDraft:
    """A would-be registration, as a professional declares it.

    The eligibility query and the registration mutations build the same draft and run the same
    rules on it. Identity fields are optional: a partner site may ask whether someone is eligible
    without sending who they are.

    - ``department_code``: the department where the person practises ("72").
    - ``prior_cps_training``: the CPS training already followed, or ``None``.
    - ``questionnaire_score``: share of right answers to the CPS concepts questionnaire, from 0
      to 1 (0.8 for 80 %), or ``None`` when not taken.
    - ``employer_commitment``: the employer committed to what the module asks.
    - ``confirmed_trainer_training_years``: the years whose trainer training the person's
      participation is confirmed for (``{2025}``).
    """

    department_code: str
    full_name: str | None = None
    email: str | None = None
    employer: str | None = None
    prior_cps_training: PriorTraining | None = None
    questionnaire_score: float | None = None
    employer_commitment: bool = False
    confirmed_trainer_training_years: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Prerequisite:
    """A prerequisite of a module, as the directory of modules states it."""

    code: str
    kind: PrerequisiteKind
    label: str
    minimum_score: float | None = None
    requires_interactions_member: bool = False


@dataclass(frozen=True)
class RegistrationTarget:
    """The session or event a registration is for, as the core read it.

    ``department_code`` is the department holding it (``None`` for a regional event or while a
    session's place is tentative across departments); ``department_codes`` lists every
    department concerned, whose plugins are the ones called. ``year`` is the year it belongs to.
    For a session, ``module_number`` and ``prerequisites`` are set; for an event, ``event_kind``.
    ``seats_taken`` counts the seats held: registrations confirmed or awaiting approval (0 until
    registrations exist); ``requires_approval`` says a session's registrations wait for staff.
    """

    kind: TargetKind
    title: str
    year: int
    starts_on: date
    ends_on: date
    department_code: str | None
    department_codes: tuple[str, ...]
    status: SessionStatus = SessionStatus.PLANNED
    public_id: str | None = None
    module_number: int | None = None
    prerequisites: tuple[Prerequisite, ...] = ()
    event_kind: EventKind | None = None
    capacity: int | None = None
    seats_taken: int = 0
    requires_approval: bool = False


@dataclass(frozen=True)
class PlaceDraft:
    """A place a session is held at, or one of its alternatives while tentative."""

    city: str
    postal_code: str
    venue: str | None = None

    @property
    def department_code(self) -> str:
        """The department of the postal code ("44000" gives "44")."""
        return department_of(self.postal_code)


@dataclass(frozen=True)
class DayDraft:
    """One training day and its hours (Europe/Paris)."""

    date: date
    start_time: time
    end_time: time


@dataclass(frozen=True)
class SessionDraft:
    """A training session as it would be written (created or changed).

    ``department_code`` is the holding department, ``None`` while the place is tentative across
    departments; ``seats_taken`` lets a rule refuse a capacity below the seats already given.
    """

    year: int
    module_number: int
    department_code: str | None
    places: tuple[PlaceDraft, ...]
    days: tuple[DayDraft, ...]
    place_tentative: bool = False
    capacity: int | None = None
    status: SessionStatus = SessionStatus.PLANNED
    seats_taken: int = 0
    public_id: str | None = None

    @property
    def department_codes(self) -> tuple[str, ...]:
        """Every department concerned: the holding one and those of the places."""
        return _unique(
            [self.department_code] if self.department_code else [],
            (place.department_code for place in self.places),
        )


@dataclass(frozen=True)
class EventDraft:
    """An event as it would be written (created or changed); also how other events are shown."""

    kind: EventKind
    year: int
    date: date
    start_time: time
    end_time: time
    title: str
    department_code: str | None
    city: str | None = None
    postal_code: str | None = None
    venue: str | None = None
    status: SessionStatus = SessionStatus.PLANNED
    public_id: str | None = None

    @property
    def department_codes(self) -> tuple[str, ...]:
        """The department concerned, if any."""
        return (self.department_code,) if self.department_code else ()


def _unique(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(code for group in groups for code in group))

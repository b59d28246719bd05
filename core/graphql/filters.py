"""Filter input types of the lists; each turns into the services' criteria."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

from core.graphql.enums import (
    ActionKind,
    EventKind,
    ModuleNumber,
    PersonRole,
    Programme,
    RecordStatus,
    ResourceKind,
    SessionStatus,
    Stage,
)
from core.services.actions import ActionFilter
from core.services.departments import DepartmentFilter
from core.places.communes import DEPARTMENT_NAMES
from core.services.errors import InputError
from core.services.events import EventFilter
from core.services.people import TrainerFilter
from core.services.resources import ResourceFilter
from core.services.training_sessions import SessionFilter
from core.text import search_key

UPDATED_SINCE = (
    "Only what changed at or after this instant (archived and cancelled entries included), "
    "so that a partner site can keep its copy in sync."
)
DEPARTMENT = 'Department code ("44", "49", "53", "72" or "85").'
STAGE = "Any of these stages, by the service's clock."
REGISTRATION_OPEN = (
    "true: only those still open to registration (before the first day starts, not cancelled; "
    "a full session is open to its waiting list); false: only those closed."
)


def node_id_of(value: relay.GlobalID | None, type_name: str, argument: str) -> str | None:
    """The public ID inside a global ID, checked to be of ``type_name``."""
    if value is None:
        return None
    if value.type_name != type_name:
        raise InputError(
            "INVALID_ID",
            f"L'identifiant « {argument} » doit désigner un objet {type_name}, "
            f"pas {value.type_name}.",
            field=argument,
        )
    return value.node_id


def department_code(value: str | None, argument: str = "department") -> str | None:
    """A department code of the region, or ``InputError`` ``UNKNOWN_DEPARTMENT`` naming the
    codes (and the code of a department given by its name): a typo never reads as "none"."""
    if value is None or value in DEPARTMENT_NAMES:
        return value
    accepted = ", ".join(f"{code} ({name})" for code, name in DEPARTMENT_NAMES.items())
    by_name = {search_key(name): code for code, name in DEPARTMENT_NAMES.items()}
    hint = (
        f" Pour {DEPARTMENT_NAMES[by_name[search_key(value)]]}, le code est "
        f"« {by_name[search_key(value)]} »."
        if search_key(value) in by_name
        else ""
    )
    raise InputError(
        "UNKNOWN_DEPARTMENT",
        f"Département inconnu : « {value[:40]} ».{hint} Codes acceptés : {accepted}.",
        field=argument,
    )


def _aware(value: datetime | None, argument: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise InputError(
            "DATETIME_WITHOUT_OFFSET",
            f"« {argument} » doit préciser son décalage horaire (par exemple 2025-05-01T00:00:00Z).",
            field=argument,
        )
    return value


def _statuses(values: list | None) -> tuple | None:
    return tuple(values) if values else None


def _check_range(date_from: date | None, date_to: date | None) -> None:
    if date_from is not None and date_to is not None and date_to < date_from:
        raise InputError(
            "INVALID_DATE_RANGE",
            "La date de fin (dateTo) précède la date de début (dateFrom).",
            field="dateTo",
        )


@strawberry.input(description="Which training sessions to list.")
class TrainingSessionFilter:
    """Criteria on training sessions; every one given must hold."""

    department: str | None = strawberry.field(
        default=None,
        description=DEPARTMENT + " A tentative place counts in each of its departments.",
    )
    module: ModuleNumber | None = strawberry.field(default=None, description="Module taught.")
    date_from: date | None = strawberry.field(
        default=None, description="Sessions with a day on or after this date."
    )
    date_to: date | None = strawberry.field(
        default=None, description="Sessions with a day on or before this date."
    )
    city: str | None = strawberry.field(
        default=None, description="City of the place or of an alternative (accents ignored)."
    )
    trainer: relay.GlobalID | None = strawberry.field(
        default=None, description="ID of a trainer who leads the session."
    )
    status: list[SessionStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )
    year: int | None = strawberry.field(default=None, description="Year of the session.")
    updated_since: datetime | None = strawberry.field(default=None, description=UPDATED_SINCE)
    stage: list[Stage] | None = strawberry.field(default=None, description=STAGE)
    registration_open: bool | None = strawberry.field(default=None, description=REGISTRATION_OPEN)

    def to_criteria(self, now: datetime | None = None) -> SessionFilter:
        """The services' criteria; ``now`` (the request's clock) places the sessions in time."""
        _check_range(self.date_from, self.date_to)
        return SessionFilter(
            department_code=department_code(self.department),
            module_number=self.module.value if self.module else None,
            date_from=self.date_from,
            date_to=self.date_to,
            city=self.city,
            trainer_public_id=node_id_of(self.trainer, "Person", "trainer"),
            statuses=_statuses(self.status),
            year=self.year,
            updated_since=_aware(self.updated_since, "updatedSince"),
            stages=_statuses(self.stage),
            registration_open=self.registration_open,
            now=now,
        )


@strawberry.input(name="TrainerFilter", description="Which people of the directory to list.")
class TrainerFilterInput:
    """Criteria on people; every one given must hold."""

    department: str | None = strawberry.field(default=None, description=DEPARTMENT)
    organization: relay.GlobalID | None = strawberry.field(
        default=None, description="ID of their organization."
    )
    role: PersonRole | None = strawberry.field(default=None, description="A role they hold.")
    name: str | None = strawberry.field(
        default=None,
        description='Part of their name, accents, case, spaces and hyphens ignored ("beatrice").',
    )
    status: list[RecordStatus] | None = strawberry.field(
        default=None, description="Any of these statuses (both by default)."
    )
    updated_since: datetime | None = strawberry.field(default=None, description=UPDATED_SINCE)

    def to_criteria(self) -> TrainerFilter:
        """The services' criteria."""
        return TrainerFilter(
            department_code=department_code(self.department),
            organization_public_id=node_id_of(self.organization, "Organization", "organization"),
            role=self.role,
            name=self.name,
            statuses=_statuses(self.status),
            updated_since=_aware(self.updated_since, "updatedSince"),
        )


@strawberry.input(name="EventFilter", description="Which events to list.")
class EventFilterInput:
    """Criteria on events; every one given must hold."""

    department: str | None = strawberry.field(default=None, description=DEPARTMENT)
    kind: list[EventKind] | None = strawberry.field(default=None, description="Any of these kinds.")
    date_from: date | None = strawberry.field(default=None, description="On or after this date.")
    date_to: date | None = strawberry.field(default=None, description="On or before this date.")
    year: int | None = strawberry.field(default=None, description="The year events belong to.")
    status: list[SessionStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )
    updated_since: datetime | None = strawberry.field(default=None, description=UPDATED_SINCE)
    stage: list[Stage] | None = strawberry.field(default=None, description=STAGE)
    registration_open: bool | None = strawberry.field(default=None, description=REGISTRATION_OPEN)

    def to_criteria(self, now: datetime | None = None) -> EventFilter:
        """The services' criteria; ``now`` (the request's clock) places the events in time."""
        _check_range(self.date_from, self.date_to)
        return EventFilter(
            department_code=department_code(self.department),
            kinds=_statuses(self.kind),
            date_from=self.date_from,
            date_to=self.date_to,
            year=self.year,
            statuses=_statuses(self.status),
            updated_since=_aware(self.updated_since, "updatedSince"),
            stages=_statuses(self.stage),
            registration_open=self.registration_open,
            now=now,
        )


@strawberry.input(name="ActionFilter", description="Which deployment-pack actions to list.")
class ActionFilterInput:
    """Criteria on actions; every one given must hold."""

    department: str | None = strawberry.field(default=None, description=DEPARTMENT)
    kind: ActionKind | None = strawberry.field(default=None, description="Kind of action.")
    programme: Programme | None = strawberry.field(
        default=None, description="Evidence-based programme supported."
    )
    active_on: date | None = strawberry.field(
        default=None, description="Only actions whose period contains this date."
    )
    status: list[RecordStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )
    updated_since: datetime | None = strawberry.field(default=None, description=UPDATED_SINCE)

    def to_criteria(self) -> ActionFilter:
        """The services' criteria."""
        return ActionFilter(
            department_code=department_code(self.department),
            kind=self.kind,
            programme=self.programme,
            active_on=self.active_on,
            statuses=_statuses(self.status),
            updated_since=_aware(self.updated_since, "updatedSince"),
        )


@strawberry.input(name="ResourceFilter", description="Which resources to list.")
class ResourceFilterInput:
    """Criteria on resources; every one given must hold."""

    kind: ResourceKind | None = strawberry.field(default=None, description="Kind of resource.")
    theme: str | None = strawberry.field(
        default=None, description='A theme, by label or slug ("milieu-scolaire").'
    )
    text: str | None = strawberry.field(
        default=None,
        description="Words found in the title, description or publisher (accents ignored).",
    )
    status: list[RecordStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )
    updated_since: datetime | None = strawberry.field(default=None, description=UPDATED_SINCE)

    def to_criteria(self) -> ResourceFilter:
        """The services' criteria."""
        return ResourceFilter(
            kind=self.kind,
            theme=self.theme,
            text=self.text,
            statuses=_statuses(self.status),
            updated_since=_aware(self.updated_since, "updatedSince"),
        )


@strawberry.input(name="DepartmentFilter", description="Which departments to list.")
class DepartmentFilterInput:
    """Criteria on departments."""

    updated_since: datetime | None = strawberry.field(default=None, description=UPDATED_SINCE)

    def to_criteria(self) -> DepartmentFilter:
        """The services' criteria."""
        return DepartmentFilter(updated_since=_aware(self.updated_since, "updatedSince"))

"""Registrations, and the public counts of a session's or event's seats.

A registration's personal data (name, email, employer, score, the rules' outcomes) is shown only
to regional staff, to the staff of its departments, and to the person holding its private
reference; anyone else gets null. Registrations are not reachable anonymously by ID.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, ClassVar, Self

import strawberry
from strawberry.types import Info

from core import models
from core.graphql.context import BatchFunction
from core.graphql.eligibility import EvaluatedRuleType
from core.graphql.types.base import Record
from core.models.enums import RegistrationStatus as RegistrationStatusEnum
from core.hooks.types import RuleSubject as RuleSubjectEnum
from core.services.registrations.queries import (
    SeatCount,
    events_by_row_ids,
    registrations_by_public_ids,
    sessions_by_row_ids,
)
from core.services.rule_checks import RuleOutcomeStatus

if TYPE_CHECKING:
    from core.graphql.types.event import EventType
    from core.graphql.types.training_session import TrainingSessionType

TrainingSession = Annotated[
    "TrainingSessionType", strawberry.lazy("core.graphql.types.training_session")
]
Event = Annotated["EventType", strawberry.lazy("core.graphql.types.event")]

if TYPE_CHECKING:  # strawberry.enum gives back the class it marks
    RegistrationStatus = RegistrationStatusEnum
else:
    RegistrationStatus = strawberry.enum(
        RegistrationStatusEnum,
        name="RegistrationStatus",
        description="CONFIRMED (holds a seat), PENDING_APPROVAL (holds a seat until staff confirm "
        "or refuse it, where the session asks for approval), WAITLISTED, REFUSED or CANCELLED.",
    )


@strawberry.type
class SeatCountFields:
    """The public counts of a session's or event's seats, shared by both types.

    A type using it has a ``row_id`` and sets ``seat_counter``, the services' batch of counts.
    """

    seat_counter: ClassVar[BatchFunction]
    if TYPE_CHECKING:
        row_id: int  # a field of each type using it

    async def _seats(self, info: Info) -> SeatCount:
        return await info.context.loaders(type(self).seat_counter).load(self.row_id)

    @strawberry.field(
        description="Seats taken: registrations confirmed or awaiting staff approval."
    )
    async def seats_taken(self, info: Info) -> int:
        return (await self._seats(info)).taken

    @strawberry.field(description="Seats still free; null when the number of seats is unlimited.")
    async def seats_left(self, info: Info) -> int | None:
        return (await self._seats(info)).left

    @strawberry.field(description="Registrations waiting for a seat.")
    async def waitlist_length(self, info: Info) -> int:
        return (await self._seats(info)).waitlisted

    @strawberry.field(
        description="Registrations holding a seat until staff confirm or refuse them."
    )
    async def pending_approval_count(self, info: Info) -> int:
        return (await self._seats(info)).pending_approval


@strawberry.type(name="Registration", description="A person's registration to a session or event.")
class RegistrationType(Record):
    """A registration; its personal fields are null unless the viewer may see them."""

    status: RegistrationStatus = strawberry.field(description="Where the registration stands.")
    session_id: strawberry.Private[int | None]
    event_id: strawberry.Private[int | None]
    row: strawberry.Private[models.Registration]
    disclosed: strawberry.Private[bool]

    lookup = registrations_by_public_ids

    @classmethod
    def from_model(cls, row: models.Registration, disclosed: bool = False) -> Self:
        """The GraphQL object of a registration; ``disclosed`` shows its personal data."""
        return cls(
            **cls.record_fields(row),
            status=row.status,
            session_id=row.session_id,
            event_id=row.event_id,
            row=row,
            disclosed=disclosed and row.erased_at is None,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one body for Strawberry's overloads
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Only the registrations the viewer's departments cover; null for the others."""
        viewer = info.context.viewer
        rows = await info.context.loaders(cls.lookup).load_many(list(node_ids))
        return [
            cls.from_model(row, disclosed=True)
            if row is not None and viewer.covers(row.department_codes)
            else None
            for row in rows
        ]

    def _shown(self, value):
        return value if self.disclosed else None

    @strawberry.field(description="The session registered to, if it is one.")
    async def session(self, info: Info) -> TrainingSession | None:
        from core.graphql.types.training_session import TrainingSessionType

        if self.session_id is None:
            return None
        row = await info.context.loaders(sessions_by_row_ids).load(self.session_id)
        return TrainingSessionType.from_model(row) if row else None

    @strawberry.field(
        description="The event registered to, if it is one; null when the event is no longer "
        "public, except for its staff."
    )
    async def event(self, info: Info) -> Event | None:
        from core.graphql.types.event import EventType

        if self.event_id is None:
            return None
        row = await info.context.loaders(events_by_row_ids).load(self.event_id)
        if row is None:
            return None
        # An event made private after people registered is seen through staff only: the
        # reference of a registration is no key to it.
        if not row.is_public and not info.context.viewer.covers([row.department_code]):
            return None
        return EventType.from_model(row)

    @strawberry.field(description="Given and family name (private).")
    def full_name(self) -> str | None:
        return self._shown(self.row.full_name)

    @strawberry.field(description="Professional email address (private).")
    def email(self) -> str | None:
        return self._shown(self.row.email)

    @strawberry.field(description="Employer (private).")
    def employer(self) -> str | None:
        return self._shown(self.row.employer)

    @strawberry.field(description="Department where the person practises (private).")
    def practice_department_code(self) -> str | None:
        return self._shown(self.row.practice_department_code)

    @strawberry.field(description="Organization of the prior CPS training, if any (private).")
    def prior_cps_training_by(self) -> str | None:
        return self._shown(self.row.prior_training_organization)

    @strawberry.field(description="Score at the CPS concepts questionnaire, 0 to 1 (private).")
    def questionnaire_score(self) -> float | None:
        return self._shown(self.row.questionnaire_score)

    @strawberry.field(description="Whether the employer committed (private).")
    def employer_commitment(self) -> bool | None:
        return self._shown(self.row.employer_commitment)

    @strawberry.field(description="Years of confirmed trainer training (private).")
    def confirmed_trainer_training_years(self) -> list[int] | None:
        return self._shown(self.row.confirmed_trainer_training_years)

    @strawberry.field(description="When the person's data was erased on request; null if not.")
    def erased_at(self) -> datetime | None:
        return self.row.erased_at

    @strawberry.field(
        description="The rules evaluated when the registration was written, with their outcome "
        "(private: empty unless the viewer may see the registration)."
    )
    def evaluated_rules(self) -> list[EvaluatedRuleType]:
        if not self.disclosed:
            return []
        return [
            EvaluatedRuleType(
                plugin=entry["plugin"],
                code=entry["code"],
                subject=RuleSubjectEnum(entry["subject"]),
                description=entry["description"],
                outcome=RuleOutcomeStatus(entry["outcome"]),
            )
            for entry in self.row.rule_outcomes or []
        ]

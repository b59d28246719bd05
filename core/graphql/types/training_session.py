"""Training sessions and their days."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any, Self

import strawberry
from strawberry.types import Info

from core import models
from core.graphql.enums import SessionStatus
from core.graphql.types.base import Record
from core.graphql.types.calendar import CalendarType
from core.graphql.types.department import DepartmentType
from core.graphql.types.module import ModuleType
from core.graphql.types.person import PersonType
from core.graphql.types.place import PlaceType
from core.graphql.types.registration import SeatCountFields
from core.graphql.types.standing import StandingFields
from core.services.stages import session_standing
from core.services.departments import departments_by_codes
from core.services.modules import modules_by_ids
from core.services.registrations.queries import session_seat_counts
from core.services.training_sessions import (
    days_by_session,
    places_by_session,
    sessions_by_public_ids,
    trainers_by_session,
)
from core.graphql.resolution import then, uses_only_context
from core.timezone import paris_datetime


@strawberry.type(name="SessionDay", description="One training day of a session.")
class SessionDayType:
    """A training day, with its hours in Europe/Paris."""

    date: date = strawberry.field(description="The day (Europe/Paris).")
    starts_at: datetime = strawberry.field(description="Start, with its offset from UTC.")
    ends_at: datetime = strawberry.field(description="End, with its offset from UTC.")
    number: int = strawberry.field(description="Which day of the session it is, from 1.")
    of: int = strawberry.field(description="How many days the session has.")


@strawberry.type(name="TrainingSession", description="A session of module 1 or 2.")
class TrainingSessionType(Record, SeatCountFields, StandingFields):
    """A session, held over days that are not always consecutive."""

    year: int = strawberry.field(description="Year of the session.")
    number: int = strawberry.field(description="Number of the session within its year.")
    status: SessionStatus = strawberry.field(description="PLANNED, CONFIRMED or CANCELLED.")
    place_tentative: bool = strawberry.field(
        description="True while the place is not settled: `places` then lists the alternatives."
    )
    capacity: int | None = strawberry.field(description="Number of seats, where set.")
    requires_approval: bool = strawberry.field(
        description="Whether registrations wait for staff approval before they are confirmed."
    )
    day_count_reason: str | None = strawberry.field(
        description="Why the session has another number of days than its module lasts; null when "
        "it has as many."
    )
    starts_on: date = strawberry.field(description="First day.")
    ends_on: date = strawberry.field(description="Last day.")
    module_id: strawberry.Private[int]
    department_code: strawberry.Private[str | None]

    lookup = sessions_by_public_ids
    seat_counter = session_seat_counts

    @classmethod
    def from_model(cls, row: models.TrainingSession) -> Self:
        """The GraphQL object of a session row."""
        return cls(
            **cls.record_fields(row),
            year=row.year,
            number=row.number,
            status=row.status,
            place_tentative=row.place_tentative,
            capacity=row.capacity,
            requires_approval=row.requires_approval,
            day_count_reason=row.day_count_reason,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            module_id=row.module_id,
            department_code=row.department_code,
        )

    def _standing(self, info: Info):
        now = info.context.clock.now()
        return then(
            info.context.loaders.fetch(days_by_session, self.row_id),
            lambda days: session_standing(self.status, days, now),
        )

    # The fields below answer at once when the list that gave this session fetched its
    # relations ahead (core.graphql.query), and through the request's loaders otherwise.

    @strawberry.field(description='A French title: "Session 1 (2025) — Module 2".')
    @uses_only_context
    def title(self, info: Info) -> str:
        return then(
            info.context.loaders.fetch(modules_by_ids, self.module_id),
            lambda module: f"Session {self.number} ({self.year}) — Module {module.number}",
        )

    @strawberry.field(
        description="The session's calendar feed, one entry per day: a file to add it to a calendar."
    )
    @uses_only_context
    def calendar(self, info: Info) -> CalendarType:
        return then(
            info.context.loaders.fetch(modules_by_ids, self.module_id),
            lambda module: CalendarType.session(
                info.context.settings.base_url, self.public_id, self.number, self.year, module.number
            ),
        )

    @strawberry.field(description="The module taught.")
    @uses_only_context
    def module(self, info: Info) -> ModuleType:
        loaders = info.context.loaders
        return then(
            loaders.fetch(modules_by_ids, self.module_id),
            lambda row: loaders.converted(ModuleType.from_model, row),
        )

    @strawberry.field(
        description="The department that holds the session; null while a tentative place spans "
        "several departments (see `departments`)."
    )
    @uses_only_context
    def department(self, info: Info) -> DepartmentType | None:
        if self.department_code is None:
            return None
        loaders = info.context.loaders
        return then(
            loaders.fetch(departments_by_codes, self.department_code),
            lambda row: loaders.converted(DepartmentType.from_model, row) if row else None,
        )

    @strawberry.field(
        description="Every department whose lists and calendars show the session: the holding "
        "department, or each department of a tentative place's alternatives."
    )
    @uses_only_context
    def departments(self, info: Info) -> list[DepartmentType]:
        loaders = info.context.loaders

        def codes_of(places) -> list[str]:
            codes = list(dict.fromkeys(place.department_code for place in places))
            if self.department_code is not None and self.department_code not in codes:
                codes.insert(0, self.department_code)
            return codes

        return then(
            loaders.fetch(places_by_session, self.row_id),
            lambda places: then(
                loaders.fetch_many(departments_by_codes, codes_of(places)),
                lambda rows: [DepartmentType.from_model(row) for row in rows if row is not None],
            ),
        )

    @strawberry.field(
        description="Where the session is held: one place, or the alternatives while tentative."
    )
    @uses_only_context
    def places(self, info: Info) -> list[PlaceType]:
        return then(info.context.loaders.fetch(places_by_session, self.row_id), _places)

    @strawberry.field(description='The place in words: "Nantes ou La Roche-sur-Yon" while tentative.')
    @uses_only_context
    def place_label(self, info: Info) -> str:
        return then(
            info.context.loaders.fetch(places_by_session, self.row_id),
            lambda rows: " ou ".join([row.city for row in rows]),
        )

    @strawberry.field(description="The training days, in date order.")
    @uses_only_context
    def days(self, info: Info) -> list[SessionDayType]:
        return then(info.context.loaders.fetch(days_by_session, self.row_id), _days)

    @strawberry.field(description="The trainers who lead the session.")
    @uses_only_context
    def trainers(self, info: Info) -> list[PersonType]:
        loaders = info.context.loaders
        return then(
            loaders.fetch(trainers_by_session, self.row_id),
            lambda rows: [loaders.converted(PersonType.from_model, row) for row in rows],
        )


def _places(rows) -> list[PlaceType]:
    return [
        PlaceType(
            city=row.city,
            venue=row.venue,
            postal_code=row.postal_code,
            department_code=row.department_code,
        )
        for row in rows
    ]


class _KeptInstant(datetime):
    """An instant that keeps its ISO 8601 text once written. A session's days are kept across
    requests (``_day_objects``) and their hours written in every answer: 0.7 µs each by
    ``datetime.isoformat`` (the time zone's offset looked up again), a thousand in a partner's
    query, against 0.09 µs kept."""

    __slots__ = ("_text",)

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        """The ISO 8601 text, kept from the first time it is written in the usual form."""
        if sep != "T" or timespec != "auto":
            return super().isoformat(sep, timespec)
        try:
            return self._text
        except AttributeError:
            self._text: str = super().isoformat()
            return self._text


def _days(rows) -> list[SessionDayType]:
    return list(_day_objects(tuple(rows)))


# A session's days as GraphQL objects, kept by the values of their rows (at most this many
# sessions, some 2 kB each): every partner site asks for the same next sessions, whose hours are
# then made aware once, not at each request.
@lru_cache(maxsize=16_384)
def _day_objects(rows: tuple[Any, ...]) -> tuple[SessionDayType, ...]:
    return tuple(
        SessionDayType(
            date=row.date,
            starts_at=paris_datetime(row.date, row.start_time, _KeptInstant),
            ends_at=paris_datetime(row.date, row.end_time, _KeptInstant),
            number=number,
            of=len(rows),
        )
        for number, row in enumerate(rows, start=1)
    )

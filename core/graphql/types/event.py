"""Events of the departments and of the region."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Self

import strawberry
from strawberry.types import Info

from core import models
from core.graphql.enums import EventKind, SessionStatus
from core.graphql.types.base import Record
from core.graphql.types.calendar import CalendarType
from core.graphql.types.department import DepartmentType
from core.graphql.types.person import PersonType
from core.graphql.types.place import PlaceType
from core.graphql.types.registration import SeatCountFields
from core.graphql.types.standing import StandingFields
from core.places.departments import department_of
from core.services.departments import departments_by_codes
from core.services.events import events_by_public_ids, leader_links_by_event, may_read
from core.services.people import people_by_ids
from core.services.registrations.queries import event_seat_counts
from core.services.stages import Standing, event_standing
from core.timezone import paris_datetime


@strawberry.type(name="Event", description="An event: practice-exchange day, yearly event, meeting.")
class EventType(Record, SeatCountFields, StandingFields):
    """A dated event on one day."""

    kind: EventKind = strawberry.field(description="What kind of event it is.")
    title: str = strawberry.field(description="Title, in French.")
    description: str | None = strawberry.field(description="Description, in French.")
    year: int = strawberry.field(description="The year the event belongs to.")
    date: date = strawberry.field(description="The day (Europe/Paris).")
    starts_at: datetime = strawberry.field(description="Start, with its offset from UTC.")
    ends_at: datetime = strawberry.field(description="End, with its offset from UTC.")
    place: PlaceType | None = strawberry.field(description="Where it is held, where known.")
    access_conditions: list[str] = strawberry.field(
        description="Conditions to take part, in French."
    )
    is_public: bool = strawberry.field(description="Whether the event is open to the public.")
    status: SessionStatus = strawberry.field(description="PLANNED, CONFIRMED or CANCELLED.")
    department_code: strawberry.Private[str | None]

    lookup = events_by_public_ids
    seat_counter = event_seat_counts

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one body for Strawberry's overloads
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """The events the viewer may read: public ones, and for staff the private ones of their
        departments (all for regional staff); null for the others."""
        viewer = info.context.viewer
        rows = await info.context.loaders(cls.lookup).load_many(list(node_ids))
        return [
            cls.from_model(row) if row is not None and may_read(viewer, row) else None
            for row in rows
        ]

    @classmethod
    def from_model(cls, row: models.Event) -> Self:
        """The GraphQL object of an event row."""
        place = None
        if row.city is not None:
            place = PlaceType(
                city=row.city,
                venue=row.venue,
                postal_code=row.postal_code,
                department_code=department_of(row.postal_code) if row.postal_code else row.department_code,
            )
        return cls(
            **cls.record_fields(row),
            kind=row.kind,
            title=row.title,
            description=row.description,
            year=row.year,
            date=row.date,
            starts_at=paris_datetime(row.date, row.start_time),
            ends_at=paris_datetime(row.date, row.end_time),
            place=place,
            access_conditions=list(row.access_conditions or []),
            is_public=row.is_public,
            status=row.status,
            department_code=row.department_code,
        )

    def _standing(self, info: Info) -> Standing:
        return event_standing(self.status, self.starts_at, self.ends_at, info.context.clock.now())

    @strawberry.field(
        description="The event's calendar feed, a file to add it to a calendar; null for an event "
        "that is not public."
    )
    def calendar(self, info: Info) -> CalendarType | None:
        if not self.is_public:
            return None
        return CalendarType.event(info.context.settings.base_url, self.public_id, self.title)

    @strawberry.field(description="The department of the event; null for a regional event.")
    async def department(self, info: Info) -> DepartmentType | None:
        if self.department_code is None:
            return None
        row = await info.context.loaders(departments_by_codes).load(self.department_code)
        return DepartmentType.from_model(row) if row else None

    @strawberry.field(description="Who leads the event.")
    async def leaders(self, info: Info) -> list[PersonType]:
        links = await info.context.loaders(leader_links_by_event).load(self.row_id)
        rows = await info.context.loaders(people_by_ids).load_many(
            [link.person_id for link in links]
        )
        return [PersonType.from_model(row) for row in rows if row is not None]

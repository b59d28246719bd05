"""Staff mutations of events: create, update (only the fields given), cancel. Each runs the
event rules (``check_event``); nothing is deleted. A regional event (no department) is for
regional staff only."""

from __future__ import annotations

from datetime import date, time

from typing import Annotated

import strawberry
from strawberry import UNSET, relay
from strawberry.types import Info

from core.auth.permissions import require_departments
from core.graphql.eligibility import RuleViolationType
from core.graphql.enums import EventKind, SessionStatus
from core.graphql.mutations.arguments import IdempotencyKey, ObjectId
from core.graphql.mutations.writes import Result, error_types, errors_result, run_write
from core.graphql.types.event import EventType
from core.services import audit, staff_events
from core.services.errors import InputError


@strawberry.input(name="CreateEventInput", description="A new event.")
class CreateEventInput:
    """Everything an event needs; hours in Europe/Paris."""

    kind: EventKind = strawberry.field(description="Its kind.")
    title: str = strawberry.field(description="Title, in French.")
    year: int = strawberry.field(description="The year it belongs to.")
    date: date = strawberry.field(description="Its day.")
    start_time: time = strawberry.field(description="Start (Europe/Paris).")
    end_time: time = strawberry.field(description="End (Europe/Paris).")
    department_code: str | None = strawberry.field(
        default=None, description="Its department; null for a regional event."
    )
    description: str | None = strawberry.field(default=None, description="Description.")
    city: str | None = strawberry.field(default=None, description="City.")
    postal_code: str | None = strawberry.field(default=None, description="Postal code.")
    venue: str | None = strawberry.field(default=None, description="Venue.")
    is_public: bool = strawberry.field(default=True, description="Open to the public.")


@strawberry.input(
    name="UpdateEventInput", description="The fields to change; a field left out keeps its value."
)
class UpdateEventInput:
    """A partial change of an event."""

    title: str | None = strawberry.field(default=UNSET, description="Title.")
    description: str | None = strawberry.field(default=UNSET, description="Description.")
    date: date | None = strawberry.field(default=UNSET, description="Its day.")
    start_time: time | None = strawberry.field(default=UNSET, description="Start.")
    end_time: time | None = strawberry.field(default=UNSET, description="End.")
    city: str | None = strawberry.field(default=UNSET, description="City.")
    postal_code: str | None = strawberry.field(default=UNSET, description="Postal code.")
    venue: str | None = strawberry.field(default=UNSET, description="Venue.")
    is_public: bool | None = strawberry.field(default=UNSET, description="Open to the public.")
    status: SessionStatus | None = strawberry.field(
        default=UNSET, description="PLANNED or CONFIRMED (cancel with cancelEvent)."
    )


CreateEventInputArg = Annotated[
    CreateEventInput,
    strawberry.argument(description="The new object."),
]
UpdateEventInputArg = Annotated[
    UpdateEventInput,
    strawberry.argument(description="The fields to change; a field left out keeps its value."),
]


@strawberry.type(name="EventPayload", description="The answer to a change of event.")
class EventPayload:
    """The event as changed, or why not (then nothing changed)."""

    event: EventType | None = strawberry.field(description="The event.")
    errors: list[RuleViolationType] = strawberry.field(
        description="Every rule not met or input refused, with its field and French message."
    )


_FIELDS = {
    "title": "title",
    "description": "description",
    "city": "city",
    "postal_code": "postal_code",
    "venue": "venue",
    "is_public": "is_public",
    "status": "status",
}


def _event_id(id: relay.GlobalID) -> str:
    if id.type_name != "Event":
        raise InputError("INVALID_ID", "L'identifiant doit désigner un évènement (Event).", field="id")
    return id.node_id


async def _payload(info: Info, result: Result) -> EventPayload:
    event = None
    if result.get("event"):
        async with info.context.session() as db:
            row = await staff_events.event_by_public_id(db, result["event"])
        event = EventType.from_model(row)
    return EventPayload(event=event, errors=error_types(result))


async def _check_access(info: Info, public_id: str) -> None:
    async with info.context.session() as db:
        row = await staff_events.event_by_public_id(db, public_id)
    require_departments(info.context.viewer, [row.department_code])


def _done(public_id: str, violations) -> Result:
    return errors_result(violations) if violations else {"event": public_id, "errors": []}


@strawberry.type
class EventMutation:
    """Event mutations (staff)."""

    @strawberry.mutation(description="Staff: create an event under the event rules.")
    async def create_event(
        self, info: Info, input: CreateEventInputArg, idempotency_key: IdempotencyKey = None
    ) -> EventPayload:
        require_departments(info.context.viewer, [input.department_code])

        async def write(db) -> Result:
            event, violations = await staff_events.create_event(
                db,
                info.context.plugin_manager,
                today=info.context.clock.today(),
                kind=input.kind,
                title=input.title,
                year=input.year,
                date=input.date,
                start_time=input.start_time,
                end_time=input.end_time,
                department_code=input.department_code,
                description=input.description,
                city=input.city,
                postal_code=input.postal_code,
                venue=input.venue,
                is_public=input.is_public,
            )
            if violations:
                return errors_result(violations)
            await audit.record(
                db, info.context.viewer, action="event.create", object_type="Event",
                object_public_id=event.public_id, department_codes=[input.department_code],
                changes={"title": input.title, "date": str(input.date)},
            )
            return _done(event.public_id, [])

        return await _payload(info, await run_write(info, "event.create", idempotency_key, write))

    @strawberry.mutation(
        description="Staff: change an event; only the fields given change. Runs the event rules; "
        "a change its calendar entry shows raises its SEQUENCE."
    )
    async def update_event(
        self,
        info: Info,
        id: ObjectId,
        input: UpdateEventInputArg,
        idempotency_key: IdempotencyKey = None,
    ) -> EventPayload:
        public_id = _event_id(id)
        await _check_access(info, public_id)
        values = {
            column: getattr(input, field)
            for field, column in _FIELDS.items()
            if getattr(input, field) is not UNSET
        }
        if values.get("title", "") is None or values.get("is_public", False) is None:
            raise InputError("NULL_NOT_ALLOWED", "Ce champ ne peut pas être vidé.", field="input")

        def given(value):
            return None if value is UNSET else value

        async def write(db) -> Result:
            event = await staff_events.event_by_public_id(db, public_id)
            changes, violations = await staff_events.update_event(
                db,
                info.context.plugin_manager,
                event,
                today=info.context.clock.today(),
                on=given(input.date),
                start_time=given(input.start_time),
                end_time=given(input.end_time),
                **values,
            )
            if not violations:
                await audit.record(
                    db, info.context.viewer, action="event.update", object_type="Event",
                    object_public_id=public_id, department_codes=[event.department_code],
                    changes=changes,
                )
            return _done(public_id, violations)

        return await _payload(info, await run_write(info, "event.update", idempotency_key, write))

    @strawberry.mutation(
        description="Staff: cancel an event; it stays in the calendars, cancelled, until its date."
    )
    async def cancel_event(
        self, info: Info, id: ObjectId, idempotency_key: IdempotencyKey = None
    ) -> EventPayload:
        public_id = _event_id(id)
        await _check_access(info, public_id)

        async def write(db) -> Result:
            event = await staff_events.event_by_public_id(db, public_id)
            violations = await staff_events.cancel_event(
                db, info.context.plugin_manager, event, today=info.context.clock.today()
            )
            if not violations:
                await audit.record(
                    db, info.context.viewer, action="event.cancel", object_type="Event",
                    object_public_id=public_id, department_codes=[event.department_code],
                    changes={"status": "CANCELLED"},
                )
            return _done(public_id, violations)

        return await _payload(info, await run_write(info, "event.cancel", idempotency_key, write))

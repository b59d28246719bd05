"""Staff mutations of events: create, update (only the fields given), cancel. Each runs the
event rules (``check_event``); nothing is deleted. A regional event (no department) is for
regional staff only."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

import strawberry
from strawberry import UNSET, relay
from strawberry.types import Info

from core.commands import events as commands
from core.commands.results import CommandResult
from core.graphql.eligibility import RuleViolationType
from core.graphql.enums import EventKind, SessionStatus
from core.graphql.mutations.arguments import IdempotencyKey, ObjectId
from core.graphql.mutations.partial_input import none_if_unset, sent_fields
from core.graphql.mutations.writes import command_context, error_types, idempotency_of
from core.graphql.types.event import EventType
from core.services import staff_events
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


_FIELDS = ("title", "description", "city", "postal_code", "venue", "is_public", "status")


def _event_id(id: relay.GlobalID) -> str:
    if id.type_name != "Event":
        raise InputError("INVALID_ID", "L'identifiant doit désigner un évènement (Event).", field="id")
    return id.node_id


async def _payload(info: Info, result: CommandResult[str]) -> EventPayload:
    event = None
    if result.ok and result.value:
        async with info.context.session() as db:
            row = await staff_events.event_by_public_id(db, result.value)
        event = EventType.from_model(row)
    return EventPayload(event=event, errors=error_types(result))


def _changes(input: UpdateEventInput) -> commands.EventChanges:
    """The command's changes: the fields sent (null included), and the new day and hours."""
    return commands.EventChanges(
        values=sent_fields(input, _FIELDS),
        date=none_if_unset(input.date),
        start_time=none_if_unset(input.start_time),
        end_time=none_if_unset(input.end_time),
    )


@strawberry.type
class EventMutation:
    """Event mutations (staff): each maps its input to a command of ``core.commands.events``."""

    @strawberry.mutation(description="Staff: create an event under the event rules.")
    async def create_event(
        self, info: Info, input: CreateEventInputArg, idempotency_key: IdempotencyKey = None
    ) -> EventPayload:
        new = commands.NewEvent(
            kind=input.kind, title=input.title, year=input.year, date=input.date,
            start_time=input.start_time, end_time=input.end_time,
            department_code=input.department_code, description=input.description,
            city=input.city, postal_code=input.postal_code, venue=input.venue,
            is_public=input.is_public,
        )
        result = await commands.create_event(
            command_context(info), new, idempotency=idempotency_of(info, idempotency_key)
        )
        return await _payload(info, result)

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
        result = await commands.update_event(
            command_context(info), _event_id(id), _changes(input),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _payload(info, result)

    @strawberry.mutation(
        description="Staff: cancel an event; it stays in the calendars, cancelled, until its date."
    )
    async def cancel_event(
        self, info: Info, id: ObjectId, idempotency_key: IdempotencyKey = None
    ) -> EventPayload:
        result = await commands.cancel_event(
            command_context(info), _event_id(id),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _payload(info, result)

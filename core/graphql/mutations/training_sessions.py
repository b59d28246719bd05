"""Staff mutations of training sessions: create, update (only the fields given), move or take
out a day, cancel. Each runs the session rules (``check_session``); nothing is deleted."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

import strawberry
from strawberry import UNSET, relay
from strawberry.types import Info

from core.commands import sessions as commands
from core.commands.results import CommandResult, refused
from core.graphql.eligibility import RuleViolationType
from core.graphql.enums import ModuleNumber, SessionStatus
from core.graphql.mutations.arguments import IdempotencyKey, NewTime, ObjectId
from core.graphql.mutations.partial_input import none_if_unset
from core.graphql.mutations.writes import command_context, error_types, idempotency_of
from core.graphql.types.training_session import TrainingSessionType
from core.hooks.types import Violation
from core.services.errors import InputError
from core.services.training_sessions import sessions_by_public_ids


@strawberry.input(name="PlaceInput", description="A place: city, postal code, venue.")
class PlaceInput:
    """Where a session is held (or one of its alternatives while tentative)."""

    city: str = strawberry.field(description="City.")
    postal_code: str = strawberry.field(description="Postal code (5 digits): gives the department.")
    venue: str | None = strawberry.field(default=None, description="Venue, where known.")

    def to_command(self) -> commands.PlaceInput:
        """The command's place."""
        return commands.PlaceInput(self.city, self.postal_code.strip(), self.venue)


@strawberry.input(name="SessionDayInput", description="A training day, hours in Europe/Paris.")
class SessionDayInput:
    """One day."""

    date: date = strawberry.field(description="The day.")
    start_time: time = strawberry.field(default=time(9), description="Start (Europe/Paris).")
    end_time: time = strawberry.field(default=time(17), description="End (Europe/Paris).")

    def to_command(self) -> commands.DayInput:
        """The command's day."""
        return commands.DayInput(self.date, self.start_time, self.end_time)


DAY_COUNT_REASON = (
    "Why the session has another number of days than its module lasts (kept and shown); without "
    "it, such a session is refused with DAY_COUNT_MISMATCH. An empty text removes it."
)
DayCountReason = Annotated[
    str | None, strawberry.argument(description=DAY_COUNT_REASON)
]


@strawberry.input(name="CreateTrainingSessionInput", description="A new training session.")
class CreateTrainingSessionInput:
    """Everything a session needs."""

    year: int = strawberry.field(description="Year of the session.")
    number: int = strawberry.field(description="Number within its year (unique).")
    module: ModuleNumber | None = strawberry.field(
        default=None, description="The module taught (as in every filter)."
    )
    module_number: int | None = strawberry.field(
        default=None,
        description="1 or 2: the module as a number.",
        deprecation_reason="Use `module` (MODULE_1 or MODULE_2), the enum of every other field.",
    )
    places: list[PlaceInput] = strawberry.field(description="The place, or the alternatives.")
    days: list[SessionDayInput] = strawberry.field(description="The training days.")
    place_tentative: bool = strawberry.field(default=False, description="Place not settled.")
    capacity: int | None = strawberry.field(default=None, description="Seats; null: unlimited.")
    requires_approval: bool = strawberry.field(
        default=False,
        description="Registrations wait for staff approval (holding their seat) before they are "
        "confirmed.",
    )
    trainers: list[relay.GlobalID] = strawberry.field(
        default_factory=list, description="IDs of the trainers (Person)."
    )
    day_count_reason: str | None = strawberry.field(default=None, description=DAY_COUNT_REASON)


@strawberry.input(
    name="UpdateTrainingSessionInput",
    description="The fields to change; a field left out keeps its value.",
)
class UpdateTrainingSessionInput:
    """A partial change of a session."""

    capacity: int | None = strawberry.field(
        default=UNSET, description="Seats; null for unlimited."
    )
    place_tentative: bool | None = strawberry.field(default=UNSET, description="Place not settled.")
    requires_approval: bool | None = strawberry.field(
        default=UNSET,
        description="Registrations wait for staff approval; turning it off confirms those "
        "awaiting it.",
    )
    places: list[PlaceInput] | None = strawberry.field(
        default=UNSET, description="The place, or the alternatives (replaces them)."
    )
    trainers: list[relay.GlobalID] | None = strawberry.field(
        default=UNSET, description="IDs of the trainers (replaces them)."
    )
    status: SessionStatus | None = strawberry.field(
        default=UNSET, description="PLANNED or CONFIRMED (cancel with cancelTrainingSession)."
    )
    day_count_reason: str | None = strawberry.field(default=UNSET, description=DAY_COUNT_REASON)


CreateTrainingSessionInputArg = Annotated[
    CreateTrainingSessionInput,
    strawberry.argument(description="The new object."),
]
UpdateTrainingSessionInputArg = Annotated[
    UpdateTrainingSessionInput,
    strawberry.argument(description="The fields to change; a field left out keeps its value."),
]


@strawberry.type(name="TrainingSessionPayload", description="The answer to a change of session.")
class TrainingSessionPayload:
    """The session as changed, or why not (then nothing changed)."""

    training_session: TrainingSessionType | None = strawberry.field(description="The session.")
    errors: list[RuleViolationType] = strawberry.field(
        description="Every rule not met or input refused, with its field and French message."
    )


def _module_number(module: ModuleNumber | None, number: int | None) -> int:
    """The module of a new session, from ``module`` or the deprecated ``moduleNumber``."""
    if module is not None and number is not None and module.value != number:
        raise InputError(
            "MODULE_CONFLICT",
            f"« module » ({module.name}) et « moduleNumber » ({number}) se contredisent : "
            "donnez seulement « module ».",
            field="module",
        )
    if module is not None:
        return module.value
    if number in (1, 2):
        return number
    raise InputError(
        "MODULE_REQUIRED" if number is None else "UNKNOWN_MODULE",
        "Indiquez le module : « module » vaut MODULE_1 ou MODULE_2.",
        field="module",
    )


def _session_id(id: relay.GlobalID) -> str:
    if id.type_name != "TrainingSession":
        raise InputError(
            "INVALID_ID", "L'identifiant doit désigner une session (TrainingSession).", field="id"
        )
    return id.node_id


def _person_ids(ids: list[relay.GlobalID]) -> list[str]:
    if any(id.type_name != "Person" for id in ids):
        raise InputError(
            "INVALID_ID", "Les formateurs sont désignés par des identifiants Person.",
            field="trainers",
        )
    return [id.node_id for id in ids]


async def _payload(info: Info, result: CommandResult[str]) -> TrainingSessionPayload:
    session = None
    if result.ok and result.value:
        async with info.context.session() as db:
            [row] = await sessions_by_public_ids(db, [result.value])
        session = TrainingSessionType.from_model(row) if row else None
    return TrainingSessionPayload(training_session=session, errors=error_types(result))


def _new_session(input: CreateTrainingSessionInput) -> commands.NewSession:
    """The command's input; ``InputError`` for trainers that are not people, then for a module
    given two contradictory ways."""
    trainers = _person_ids(input.trainers)
    return commands.NewSession(
        year=input.year,
        number=input.number,
        module_number=_module_number(input.module, input.module_number),
        places=[place.to_command() for place in input.places],
        days=[day.to_command() for day in input.days],
        place_tentative=input.place_tentative,
        capacity=input.capacity,
        requires_approval=input.requires_approval,
        trainer_public_ids=trainers,
        day_count_reason=input.day_count_reason,
    )


def _changes(input: UpdateTrainingSessionInput) -> commands.SessionChanges:
    """The command's changes: a field left out (UNSET) or null keeps its value, but a null
    capacity makes the session unlimited."""
    places = none_if_unset(input.places)
    trainers = none_if_unset(input.trainers)
    return commands.SessionChanges(
        capacity=none_if_unset(input.capacity),
        clear_capacity=input.capacity is None,
        place_tentative=none_if_unset(input.place_tentative),
        requires_approval=none_if_unset(input.requires_approval),
        places=[p.to_command() for p in places] if places is not None else None,
        trainer_public_ids=_person_ids(trainers) if trainers is not None else None,
        status=none_if_unset(input.status),
        day_count_reason=none_if_unset(input.day_count_reason),
    )


@strawberry.type
class TrainingSessionMutation:
    """Training session mutations (staff): each maps its input to a command of
    ``core.commands.sessions``."""

    @strawberry.mutation(description="Staff: create a training session under the session rules.")
    async def create_training_session(
        self, info: Info, input: CreateTrainingSessionInputArg, idempotency_key: IdempotencyKey = None
    ) -> TrainingSessionPayload:
        ctx = command_context(info)
        commands.require_session_places(ctx.viewer, [p.to_command() for p in input.places])
        try:
            new = _new_session(input)
        except InputError as error:
            if error.field != "module":
                raise
            # A module given two ways is an error of the payload, as a rule's.
            return await _payload(
                info, refused([Violation(error.code, error.field, error.message)])
            )
        result = await commands.create_session(
            ctx, new, idempotency=idempotency_of(info, idempotency_key)
        )
        return await _payload(info, result)

    @strawberry.mutation(
        description="Staff: change a session; only the fields given change. Runs the session "
        "rules; a change of place or trainers raises the days' calendar SEQUENCE."
    )
    async def update_training_session(
        self,
        info: Info,
        id: ObjectId,
        input: UpdateTrainingSessionInputArg,
        idempotency_key: IdempotencyKey = None,
    ) -> TrainingSessionPayload:
        result = await commands.update_session(
            command_context(info), _session_id(id), _changes(input),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _payload(info, result)

    @strawberry.mutation(
        description="Staff: cancel a session. Nothing is deleted: its days stay in the calendars, "
        "cancelled, until their date has passed."
    )
    async def cancel_training_session(
        self, info: Info, id: ObjectId, idempotency_key: IdempotencyKey = None
    ) -> TrainingSessionPayload:
        result = await commands.cancel_session(
            command_context(info), _session_id(id),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _payload(info, result)

    @strawberry.mutation(
        description="Staff: move one day of a session to another date or other hours; its "
        "calendar SEQUENCE grows."
    )
    async def reschedule_session_day(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The session.")],
        date: Annotated[date, strawberry.argument(description="The day to move, as it is now.")],
        new_date: Annotated[
            date | None, strawberry.argument(description="Its new date; null keeps it.")
        ] = None,
        start_time: NewTime = None,
        end_time: NewTime = None,
        idempotency_key: IdempotencyKey = None,
    ) -> TrainingSessionPayload:
        result = await commands.reschedule_session_day(
            command_context(info), _session_id(id), date,
            new_date=new_date, start_time=start_time, end_time=end_time,
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _payload(info, result)

    @strawberry.mutation(
        description="Staff: add a training day to a session, under the session rules; the other "
        "days' calendar entries are renumbered."
    )
    async def add_session_day(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The session.")],
        day: Annotated[SessionDayInput, strawberry.argument(description="The new day.")],
        day_count_reason: DayCountReason = None,
        idempotency_key: IdempotencyKey = None,
    ) -> TrainingSessionPayload:
        result = await commands.add_session_day(
            command_context(info), _session_id(id), day.to_command(),
            day_count_reason=day_count_reason,
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _payload(info, result)

    @strawberry.mutation(
        description="Staff: take one day out of a session; it stays in the calendars, cancelled."
    )
    async def remove_session_day(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The session.")],
        date: Annotated[date, strawberry.argument(description="The day to take out.")],
        day_count_reason: DayCountReason = None,
        idempotency_key: IdempotencyKey = None,
    ) -> TrainingSessionPayload:
        result = await commands.remove_session_day(
            command_context(info), _session_id(id), date,
            day_count_reason=day_count_reason,
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _payload(info, result)

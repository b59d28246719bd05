"""Registering to a session or event, and what the person and staff do with a registration.

``register`` needs no token (a partner site's form); with a staff token it registers someone on
their behalf, within the token's departments. The person gets a private reference with which
``myRegistration`` and ``cancelMyRegistration`` work. Staff confirm, refuse, cancel and move.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import UNSET, relay
from strawberry.types import Info
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.permissions import require_departments
from core.commands import registrations as commands
from core.commands.results import CommandResult, refused
from core.graphql.eligibility import (
    TARGET_KINDS,
    PriorCpsTrainingInput,
    RegistrationDraftInput,
    RuleViolationType,
    _prior_training,
)
from core.graphql.mutations.arguments import (
    IdempotencyKey,
    ObjectId,
    Reference,
    TargetId,
)
from core.graphql.mutations.writes import command_context, error_types, idempotency_of
from core.graphql.types.registration import RegistrationType
from core.hooks.types import TargetKind, Violation
from core.ratelimit import registration_caps
from core.services.registrations import queries
from core.services.registrations.declared import DeclaredChanges
from core.services.eligibility import registration_target
from core.services.errors import InputError

@strawberry.type(name="RegisterPayload", description="The answer to a registration.")
class RegisterPayload:
    """The registration written, or why not (then nothing was written)."""

    registration: RegistrationType | None = strawberry.field(
        description="The registration: CONFIRMED (or PENDING_APPROVAL where the session asks "
        "for staff approval), or WAITLISTED when the session is full."
    )
    reference: str | None = strawberry.field(
        description="The person's private reference, to see or cancel the registration "
        "(`myRegistration`). Shown once: keep it."
    )
    errors: list[RuleViolationType] = strawberry.field(
        description="Every rule not met or input refused, with its field and French message."
    )


@strawberry.type(name="RegistrationPayload", description="The answer to a change of registration.")
class RegistrationPayload:
    """The registration changed, or why not (then nothing changed)."""

    registration: RegistrationType | None = strawberry.field(description="The registration.")
    errors: list[RuleViolationType] = strawberry.field(
        description="Why the change was refused, with the field and a French message."
    )


@strawberry.type(
    name="RegistrationsPayload", description="The answer to a change of several registrations."
)
class RegistrationsPayload:
    """The registrations changed, or why not (then none changed)."""

    registrations: list[RegistrationType] = strawberry.field(
        description="The registrations changed, in the order given."
    )
    errors: list[RuleViolationType] = strawberry.field(
        description="Why the change was refused (`field`: the registration's public ID)."
    )


@strawberry.input(
    name="RegistrationChangesInput",
    description="What the person declared, to correct; a field left out keeps its value.",
)
class RegistrationChangesInput:
    """A partial change of a registration's declared data."""

    department_code: str | None = strawberry.field(
        default=UNSET, description='Department where the person practises ("72").'
    )
    full_name: str | None = strawberry.field(default=UNSET, description="Given and family name.")
    email: str | None = strawberry.field(default=UNSET, description="Professional email address.")
    employer: str | None = strawberry.field(default=UNSET, description="Employer.")
    prior_cps_training: PriorCpsTrainingInput | None = strawberry.field(
        default=UNSET, description="A CPS training already followed; null if none."
    )
    questionnaire_score: float | None = strawberry.field(
        default=UNSET,
        description="Share of right answers to the CPS concepts questionnaire, from 0 to 1; "
        "null if not taken.",
    )
    employer_commitment: bool | None = strawberry.field(
        default=UNSET, description="The employer committed to what the module asks."
    )
    confirmed_trainer_training_years: list[int] | None = strawberry.field(
        default=UNSET,
        description="Years whose trainer training the person's participation is confirmed for.",
    )

    async def to_changes(self, db: AsyncSession) -> DeclaredChanges:
        """The draft fields given, with the prior training looked up (``InputError`` if its
        organization is unknown)."""
        changes: DeclaredChanges = {}
        if self.full_name is not UNSET:
            changes["full_name"] = self.full_name
        if self.email is not UNSET:
            changes["email"] = self.email
        if self.employer is not UNSET:
            changes["employer"] = self.employer
        if self.questionnaire_score is not UNSET:
            changes["questionnaire_score"] = self.questionnaire_score
        if self.department_code not in (UNSET, None):
            changes["department_code"] = self.department_code.strip()
        if self.employer_commitment not in (UNSET, None):
            changes["employer_commitment"] = self.employer_commitment
        if self.confirmed_trainer_training_years is not UNSET:
            changes["confirmed_trainer_training_years"] = frozenset(
                self.confirmed_trainer_training_years or ()
            )
        if self.prior_cps_training is not UNSET:
            changes["prior_cps_training"] = await _prior_training(db, self.prior_cps_training)
        return changes


RegistrationChanges = Annotated[
    RegistrationChangesInput,
    strawberry.argument(description="The declared data to correct; a field left out keeps it."),
]


def _target_kind(target: relay.GlobalID) -> TargetKind:
    kind = TARGET_KINDS.get(target.type_name)
    if kind is None:
        raise InputError(
            "INVALID_ID",
            "L'identifiant « target » doit désigner une session (TrainingSession) ou un "
            f"évènement (Event), pas {target.type_name}.",
            field="target",
        )
    return kind


def _registration_id(id: relay.GlobalID) -> str:
    if id.type_name != "Registration":
        raise InputError(
            "INVALID_ID", "L'identifiant doit désigner une inscription (Registration).", field="id"
        )
    return id.node_id


async def _load(info: Info, public_id: str | None, disclosed: bool) -> RegistrationType | None:
    if public_id is None:
        return None
    async with info.context.session() as db:
        row = await queries.by_public_id(db, public_id)
    if row is None:
        return None
    viewer = info.context.viewer
    return RegistrationType.from_model(row, disclosed=disclosed or viewer.covers(row.department_codes))


async def _payload(
    info: Info, result: CommandResult[str], disclosed: bool = False
) -> RegistrationPayload:
    return RegistrationPayload(
        registration=await _load(info, result.value if result.ok else None, disclosed),
        errors=error_types(result),
    )


async def _declared(
    info: Info, changes: RegistrationChangesInput
) -> DeclaredChanges | CommandResult[str]:
    """The command's changes, or the refusal of a prior training that cannot be found."""
    async with info.context.session() as db:
        try:
            return await changes.to_changes(db)
        except InputError as error:
            return refused([Violation(error.code, error.field or "changes", error.message)])


@strawberry.type
class RegistrationQuery:
    """Reading registrations: one's own by reference; a target's list for its staff."""

    @strawberry.field(
        description="Your own registration, found with the private reference you were given."
    )
    async def my_registration(self, info: Info, reference: Reference) -> RegistrationType | None:
        info.context.answer_depends_on_caller()
        async with info.context.session() as db:
            row = await queries.by_reference(db, reference)
        return RegistrationType.from_model(row, disclosed=True) if row else None

    @strawberry.field(
        description="Every registration of a session or event, oldest first (staff of its "
        "departments and regional staff only)."
    )
    async def registrations(self, info: Info, target: TargetId) -> list[RegistrationType]:
        kind = _target_kind(target)
        async with info.context.session() as db:
            found = await registration_target(db, kind, target.node_id)
            require_departments(info.context.viewer, found.department_codes if found else [None])
            if found is None:
                return []
            row_id = await queries.target_row_id(db, kind, target.node_id)
            if row_id is None:
                return []
            rows = await queries.of_target(db, kind, row_id)
        return [RegistrationType.from_model(row, disclosed=True) for row in rows]


@strawberry.type
class RegistrationMutation:
    """Registration mutations: each maps its input to a command of
    ``core.commands.registrations``."""

    @strawberry.mutation(
        description="Register a person to a session or event. Runs the rules of `eligibility`: "
        "a violation comes back in `errors` and nothing is written. No token needed (a partner "
        "site's form); a staff token registers someone on their behalf within its departments."
    )
    async def register(
        self,
        info: Info,
        target: Annotated[
            relay.GlobalID, strawberry.argument(description="The TrainingSession or Event.")
        ],
        registration: Annotated[
            RegistrationDraftInput, strawberry.argument(description="What the person declares.")
        ],
        idempotency_key: IdempotencyKey = None,
    ) -> RegisterPayload:
        kind = _target_kind(target)
        ctx = command_context(info)
        if ctx.viewer.is_staff:
            async with info.context.session() as db:
                found = await registration_target(db, kind, target.node_id)
            require_departments(ctx.viewer, found.department_codes if found else [None])
        async with info.context.session() as db:
            try:
                prior = await _prior_training(db, registration.prior_cps_training)
            except InputError as error:
                violation = Violation(error.code, error.field or "priorCpsTraining", error.message)
                return RegisterPayload(
                    registration=None, reference=None, errors=error_types(refused([violation]))
                )
        anonymous = ctx.viewer.token_id is None
        request = info.context.request
        if anonymous and (
            capped := await registration_caps.cap_reached(
                request, info.context.settings, target.node_id
            )
        ):
            return RegisterPayload(
                registration=None, reference=None, errors=error_types(refused([capped]))
            )
        result = await commands.register(
            ctx, kind, target.node_id, registration.to_draft(prior),
            idempotency=idempotency_of(info, idempotency_key),
        )
        written = result.value if result.ok else None
        if anonymous and written and not result.replayed:
            await registration_caps.count_registration(request, target.node_id)
        return RegisterPayload(
            registration=await _load(info, written and written["registration"], disclosed=True),
            reference=written and written["reference"],
            errors=error_types(result),
        )

    @strawberry.mutation(
        description="Cancel your own registration with its private reference; a seat it frees "
        "goes to the first on the waitlist."
    )
    async def cancel_my_registration(
        self, info: Info, reference: Reference, idempotency_key: IdempotencyKey = None
    ) -> RegistrationPayload:
        result = await commands.cancel_my_registration(
            command_context(info), reference, idempotency=idempotency_of(info, idempotency_key)
        )
        return await _payload(info, result, disclosed=True)

    @strawberry.mutation(
        description="Correct what you declared, with your private reference. The rules are "
        "evaluated again on the new data: a violation comes back in `errors` and nothing changes."
    )
    async def update_my_registration(
        self,
        info: Info,
        reference: Reference,
        changes: RegistrationChanges,
        idempotency_key: IdempotencyKey = None,
    ) -> RegistrationPayload:
        declared = await _declared(info, changes)
        if isinstance(declared, CommandResult):
            return await _payload(info, declared, disclosed=True)
        result = await commands.update_my_registration(
            command_context(info), reference, declared,
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _payload(info, result, disclosed=True)

    @strawberry.mutation(
        description="Staff: correct what a person declared. The rules are evaluated again on "
        "the new data: a violation comes back in `errors` and nothing changes."
    )
    async def update_registration(
        self,
        info: Info,
        id: ObjectId,
        changes: RegistrationChanges,
        idempotency_key: IdempotencyKey = None,
    ) -> RegistrationPayload:
        public_id = _registration_id(id)
        ctx = command_context(info)
        await commands.require_registration(ctx, public_id)
        declared = await _declared(info, changes)
        if isinstance(declared, CommandResult):
            return await _payload(info, declared)
        result = await commands.update_registration(
            ctx, public_id, declared, idempotency=idempotency_of(info, idempotency_key)
        )
        return await _payload(info, result)

    @strawberry.mutation(
        description="Staff: confirm a registration awaiting approval, waitlisted or refused (the "
        "last two need a free seat)."
    )
    async def confirm_registration(
        self, info: Info, id: ObjectId, idempotency_key: IdempotencyKey = None
    ) -> RegistrationPayload:
        result = await commands.confirm_registration(
            command_context(info), _registration_id(id),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _payload(info, result)

    @strawberry.mutation(description="Staff: refuse a registration (a freed seat is given on).")
    async def refuse_registration(
        self, info: Info, id: ObjectId, idempotency_key: IdempotencyKey = None
    ) -> RegistrationPayload:
        result = await commands.refuse_registration(
            command_context(info), _registration_id(id),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _payload(info, result)

    @strawberry.mutation(description="Staff: cancel a registration (a freed seat is given on).")
    async def cancel_registration(
        self, info: Info, id: ObjectId, idempotency_key: IdempotencyKey = None
    ) -> RegistrationPayload:
        result = await commands.cancel_registration(
            command_context(info), _registration_id(id),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _payload(info, result)

    @strawberry.mutation(
        description="Staff: cancel several registrations at once (500 at most), all or none: "
        "one audit entry each, and the seats freed go to the waitlists."
    )
    async def cancel_registrations(
        self,
        info: Info,
        ids: Annotated[
            list[relay.GlobalID], strawberry.argument(description="IDs of the registrations.")
        ],
        idempotency_key: IdempotencyKey = None,
    ) -> RegistrationsPayload:
        commands.check_bulk_size(len(ids))
        result = await commands.cancel_registrations(
            command_context(info), [_registration_id(id) for id in ids],
            idempotency=idempotency_of(info, idempotency_key),
        )
        loaded = [await _load(info, public_id, False) for public_id in result.value or []]
        return RegistrationsPayload(
            registrations=[row for row in loaded if row is not None], errors=error_types(result)
        )

    @strawberry.mutation(
        description="Staff: move a registration to another session or event, under its rules "
        "and seats; the seat it frees goes to the first on the old waitlist."
    )
    async def move_registration(
        self,
        info: Info,
        id: ObjectId,
        target: TargetId,
        idempotency_key: IdempotencyKey = None,
    ) -> RegistrationPayload:
        result = await commands.move_registration(
            command_context(info), _registration_id(id), _target_kind(target), target.node_id,
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _payload(info, result)

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

from core.auth.permissions import require_departments
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
from core.graphql.mutations.writes import Result, error_types, errors_result, run_write
from core.graphql.types.registration import RegistrationType
from core.hooks.types import TargetKind, Violation
from core.ratelimit import registration_caps
from core.services import registrations as service
from core.services import staff_messages
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


# Most registrations one staff mutation changes at once.
BULK_LIMIT = 500


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

    async def to_changes(self, db) -> dict[str, object]:
        """The draft fields given, with the prior training looked up (``InputError`` if its
        organization is unknown)."""
        changes: dict[str, object] = {}
        for name in ("full_name", "email", "employer", "questionnaire_score"):
            value = getattr(self, name)
            if value is not UNSET:
                changes[name] = value
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
        row = await service.by_public_id(db, public_id)
    if row is None:
        return None
    viewer = info.context.viewer
    return RegistrationType.from_model(row, disclosed=disclosed or viewer.covers(row.department_codes))


async def _payload(info: Info, result: Result, disclosed: bool = False) -> RegistrationPayload:
    return RegistrationPayload(
        registration=await _load(info, result.get("registration"), disclosed),
        errors=error_types(result),
    )


async def _staff_row_check(info: Info, public_id: str) -> None:
    """Refuse (UNAUTHENTICATED or FORBIDDEN) before anything when the viewer may not act."""
    async with info.context.session() as db:
        row = await service.by_public_id(db, public_id)
    require_departments(info.context.viewer, row.department_codes if row else [None])
    if row is None:
        raise InputError("REGISTRATION_NOT_FOUND", staff_messages.REGISTRATION_NOT_FOUND, field="id")


def _outcome_result(outcome: service.RegistrationOutcome) -> Result:
    if outcome.errors:
        return errors_result(outcome.errors)
    return {
        "registration": outcome.registration.public_id,
        "reference": outcome.reference,
        "errors": [],
    }


async def _update_declared(
    info: Info,
    find,
    changes: RegistrationChangesInput,
    key: str | None,
    operation: str,
) -> Result:
    """Correct a registration's declared data; ``find(db)`` gives the registration or None."""
    async with info.context.session() as db:
        try:
            declared = await changes.to_changes(db)
        except InputError as error:
            return errors_result([Violation(error.code, error.field or "changes", error.message)])

    async def write(db) -> Result:
        row = await find(db)
        if row is None:
            return errors_result(
                [Violation("REGISTRATION_NOT_FOUND", "id", staff_messages.REGISTRATION_NOT_FOUND)]
            )
        outcome = await service.update_declared(
            db, info.context.plugin_manager, info.context.viewer, row, declared, today=info.context.clock.today()
        )
        return _outcome_result(outcome)

    return await run_write(info, operation, key, write)


async def _status_change(
    info: Info, operation: str, id: relay.GlobalID, key: str | None
) -> RegistrationPayload:
    public_id = _registration_id(id)
    await _staff_row_check(info, public_id)

    async def write(db) -> Result:
        row = await service.by_public_id(db, public_id)
        return _outcome_result(await service.change_status(db, info.context.viewer, row, operation))

    return await _payload(info, await run_write(info, f"registration.{operation}", key, write))


@strawberry.type
class RegistrationQuery:
    """Reading registrations: one's own by reference; a target's list for its staff."""

    @strawberry.field(
        description="Your own registration, found with the private reference you were given."
    )
    async def my_registration(self, info: Info, reference: Reference) -> RegistrationType | None:
        info.context.answer_depends_on_caller()
        async with info.context.session() as db:
            row = await service.by_reference(db, reference)
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
            row_id = await service.target_row_id(db, kind, target.node_id)
            rows = await service.of_target(db, kind, row_id)
        return [RegistrationType.from_model(row, disclosed=True) for row in rows]


@strawberry.type
class RegistrationMutation:
    """Registration mutations."""

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
        viewer = info.context.viewer
        async with info.context.session() as db:
            if viewer.is_staff:
                found = await registration_target(db, kind, target.node_id)
                require_departments(viewer, found.department_codes if found else [None])
            try:
                prior = await _prior_training(db, registration.prior_cps_training)
            except InputError as error:
                result = errors_result(
                    [Violation(error.code, error.field or "priorCpsTraining", error.message)]
                )
                return RegisterPayload(registration=None, reference=None, errors=error_types(result))
        draft = registration.to_draft(prior)
        anonymous = viewer.token_id is None
        request = info.context.request
        if anonymous and (
            capped := await registration_caps.cap_reached(
                request, info.context.settings, target.node_id
            )
        ):
            return RegisterPayload(
                registration=None, reference=None, errors=error_types(errors_result([capped]))
            )

        async def write(db) -> Result:
            outcome = await service.register(
                db, info.context.plugin_manager, viewer, kind, target.node_id, draft, today=info.context.clock.today()
            )
            return _outcome_result(outcome)

        result = await run_write(info, "registration.register", idempotency_key, write)
        if anonymous and result.get("registration") and not result.get("replayed"):
            await registration_caps.count_registration(request, target.node_id)
        return RegisterPayload(
            registration=await _load(info, result.get("registration"), disclosed=True),
            reference=result.get("reference"),
            errors=error_types(result),
        )

    @strawberry.mutation(
        description="Cancel your own registration with its private reference; a seat it frees "
        "goes to the first on the waitlist."
    )
    async def cancel_my_registration(
        self, info: Info, reference: Reference, idempotency_key: IdempotencyKey = None
    ) -> RegistrationPayload:
        async def write(db) -> Result:
            row = await service.by_reference(db, reference)
            if row is None:
                return errors_result(
                    [
                        Violation(
                            "REGISTRATION_NOT_FOUND",
                            "reference",
                            staff_messages.REGISTRATION_NOT_FOUND,
                        )
                    ]
                )
            return _outcome_result(await service.change_status(db, info.context.viewer, row, "cancel"))

        result = await run_write(info, "registration.cancel_own", idempotency_key, write)
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
        async def find(db):
            return await service.by_reference(db, reference)

        result = await _update_declared(
            info, find, changes, idempotency_key, "registration.update_own"
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
        await _staff_row_check(info, public_id)

        async def find(db):
            return await service.by_public_id(db, public_id)

        result = await _update_declared(info, find, changes, idempotency_key, "registration.update")
        return await _payload(info, result)

    @strawberry.mutation(
        description="Staff: confirm a registration awaiting approval, waitlisted or refused (the "
        "last two need a free seat)."
    )
    async def confirm_registration(
        self, info: Info, id: ObjectId, idempotency_key: IdempotencyKey = None
    ) -> RegistrationPayload:
        return await _status_change(info, "confirm", id, idempotency_key)

    @strawberry.mutation(description="Staff: refuse a registration (a freed seat is given on).")
    async def refuse_registration(
        self, info: Info, id: ObjectId, idempotency_key: IdempotencyKey = None
    ) -> RegistrationPayload:
        return await _status_change(info, "refuse", id, idempotency_key)

    @strawberry.mutation(description="Staff: cancel a registration (a freed seat is given on).")
    async def cancel_registration(
        self, info: Info, id: ObjectId, idempotency_key: IdempotencyKey = None
    ) -> RegistrationPayload:
        return await _status_change(info, "cancel", id, idempotency_key)

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
        if len(ids) > BULK_LIMIT:
            raise InputError(
                "TOO_MANY_IDS",
                f"Au plus {BULK_LIMIT} inscriptions par demande ({len(ids)} reçues).",
                field="ids",
            )
        public_ids = list(dict.fromkeys(_registration_id(id) for id in ids))
        for public_id in public_ids:
            await _staff_row_check(info, public_id)

        async def write(db) -> Result:
            rows = [await service.by_public_id(db, public_id) for public_id in public_ids]
            cancelled, errors = await service.cancel_many(db, info.context.viewer, rows)
            if errors:
                return errors_result(errors)
            return {"registrations": [row.public_id for row in cancelled], "errors": []}

        result = await run_write(info, "registration.cancel_many", idempotency_key, write)
        loaded = [await _load(info, public_id, False) for public_id in result.get("registrations", [])]
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
        public_id = _registration_id(id)
        kind = _target_kind(target)
        await _staff_row_check(info, public_id)
        async with info.context.session() as db:
            found = await registration_target(db, kind, target.node_id)
        require_departments(info.context.viewer, found.department_codes if found else [None])

        async def write(db) -> Result:
            row = await service.by_public_id(db, public_id)
            outcome = await service.move(
                db,
                info.context.plugin_manager,
                info.context.viewer,
                row,
                kind,
                target.node_id,
                today=info.context.clock.today(),
            )
            return _outcome_result(outcome)

        return await _payload(info, await run_write(info, "registration.move", idempotency_key, write))

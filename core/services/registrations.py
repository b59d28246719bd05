"""Registrations: taking a seat or the waitlist under the rules, and what staff do with them.

Every write runs ``rule_checks.check_registration``, the rules of the public eligibility query,
on the registration's declared data (a ``RegistrationDraft``) and its target. A violation or a
malformed input is returned as ``Violation``s and nothing is written; a plugin that fails makes
the write fail the same way (a broken rule never lets a registration through).

Seats: a CONFIRMED registration takes one; with none left (``capacity`` reached) an eligible
registration is WAITLISTED; freeing a seat (cancel, refuse, move) promotes the oldest
waitlisted registration of that target. Callers run these functions inside
``seat_lock.seat_transaction`` and commit; each function locks the targets it counts
(``seat_lock.lock_target``) before counting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.secrets import REFERENCE_PREFIX, digest, new_secret
from core.auth.viewer import SYSTEM, Viewer
from core.db import utcnow
from core.hooks.manager import PluginManager
from core.hooks.types import (
    PriorTraining,
    RegistrationDraft,
    RegistrationTarget,
    TargetKind,
    Violation,
)
from core.models import Event, Registration, TrainingSession
from core.models.enums import RegistrationStatus
from core.services import audit, rule_checks, staff_messages
from core.services.eligibility import registration_target
from core.services.lookup import rows_by_key
from core.services.seat_lock import lock_target

_MODELS = {TargetKind.SESSION: TrainingSession, TargetKind.EVENT: Event}
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


@dataclass(frozen=True)
class RegistrationOutcome:
    """What a registration write did: the row written or changed, the reference (only when a
    registration is created), and the violations when nothing was written."""

    registration: Registration | None = None
    reference: str | None = None
    errors: tuple[Violation, ...] = ()


@dataclass(frozen=True)
class SeatCount:
    """The public counts of a session or event."""

    capacity: int | None
    taken: int
    waitlisted: int

    @property
    def left(self) -> int | None:
        """Seats still free; ``None`` when there is no capacity (unlimited)."""
        return None if self.capacity is None else max(self.capacity - self.taken, 0)


def _refused(*violations: Violation) -> RegistrationOutcome:
    return RegistrationOutcome(errors=tuple(violations))


def draft_of(row: Registration) -> RegistrationDraft:
    """The declared data of a stored registration, as the rules receive it."""
    prior = (
        PriorTraining(
            organization_name=row.prior_training_organization,
            interactions_member=bool(row.prior_training_interactions_member),
        )
        if row.prior_training_organization
        else None
    )
    return RegistrationDraft(
        department_code=row.practice_department_code or "",
        full_name=row.full_name,
        email=row.email,
        employer=row.employer,
        prior_cps_training=prior,
        questionnaire_score=row.questionnaire_score,
        employer_commitment=bool(row.employer_commitment),
        confirmed_trainer_training_years=frozenset(row.confirmed_trainer_training_years or ()),
    )


def _outcomes(check: rule_checks.RuleCheck) -> list[dict[str, str]]:
    return [
        {
            "plugin": outcome.plugin,
            "code": outcome.rule.code,
            "subject": outcome.rule.subject.value,
            "description": outcome.rule.description,
            "outcome": outcome.status.value,
        }
        for outcome in check.outcomes
    ]


def _target_filter(kind: TargetKind, row_id: int):
    column = Registration.session_id if kind is TargetKind.SESSION else Registration.event_id
    return column == row_id


async def _locked_target(
    db: AsyncSession, kind: TargetKind, public_id: str
) -> tuple[int, RegistrationTarget] | None:
    model = _MODELS[kind]
    row_id = await db.scalar(select(model.id).where(model.public_id == public_id))
    if row_id is None:
        return None
    await lock_target(db, model, row_id)
    target = await registration_target(db, kind, public_id)
    if target is None:
        return None
    taken = await _count(db, kind, row_id, RegistrationStatus.CONFIRMED)
    return row_id, replace(target, seats_taken=taken)


async def _count(
    db: AsyncSession, kind: TargetKind, row_id: int, status: RegistrationStatus
) -> int:
    return await db.scalar(
        select(func.count(Registration.id)).where(
            _target_filter(kind, row_id), Registration.status == status
        )
    )


def _required_identity(draft: RegistrationDraft) -> list[Violation]:
    missing = []
    if not (draft.full_name or "").strip():
        missing.append(
            Violation("FULL_NAME_REQUIRED", "fullName", staff_messages.FULL_NAME_REQUIRED)
        )
    if not (draft.email or "").strip():
        missing.append(Violation("EMAIL_REQUIRED", "email", staff_messages.EMAIL_REQUIRED))
    return missing


def _check_failed(check: rule_checks.RuleCheck) -> list[Violation]:
    return [
        Violation(
            "RULES_UNDETERMINED",
            "target",
            staff_messages.RULES_UNDETERMINED.format(plugin=failure.plugin),
            plugin=failure.plugin,
        )
        for failure in check.failures
    ]


def _seat_status(target: RegistrationTarget) -> RegistrationStatus:
    if target.capacity is None or target.seats_taken < target.capacity:
        return RegistrationStatus.CONFIRMED
    return RegistrationStatus.WAITLISTED


async def register(
    db: AsyncSession,
    plugins: PluginManager,
    viewer: Viewer,
    kind: TargetKind,
    target_public_id: str,
    draft: RegistrationDraft,
) -> RegistrationOutcome:
    """Register a person to a session or event if every rule allows it.

    Returns the new registration (CONFIRMED while seats remain, else WAITLISTED) and its
    private reference, or the violations (nothing written). Raises nothing for a plain refusal.
    """
    missing = _required_identity(draft)
    input_errors = rule_checks.registration_input_errors(draft)
    if missing or input_errors:
        return _refused(*missing, *input_errors)
    found = await _locked_target(db, kind, target_public_id)
    if found is None:
        return _refused(Violation("TARGET_NOT_FOUND", "target", staff_messages.TARGET_NOT_FOUND))
    row_id, target = found
    check = rule_checks.check_registration(plugins, draft, target)
    if check.failures:
        return _refused(*_check_failed(check))
    if not check.passed:
        return _refused(*check.violations)
    email = draft.email.strip().lower()
    duplicate = await db.scalar(
        select(Registration.id).where(
            _target_filter(kind, row_id),
            Registration.email == email,
            Registration.status.in_(ACTIVE),
        )
    )
    if duplicate is not None:
        return _refused(
            Violation("ALREADY_REGISTERED", "email", staff_messages.ALREADY_REGISTERED)
        )
    reference = new_secret(REFERENCE_PREFIX)
    prior = draft.prior_cps_training
    row = Registration(
        session_id=row_id if kind is TargetKind.SESSION else None,
        event_id=row_id if kind is TargetKind.EVENT else None,
        status=_seat_status(target),
        department_codes=list(target.department_codes),
        reference_hash=digest(reference),
        full_name=draft.full_name.strip(),
        email=email,
        employer=(draft.employer or "").strip() or None,
        practice_department_code=draft.department_code,
        prior_training_organization=prior.organization_name if prior else None,
        prior_training_interactions_member=prior.interactions_member if prior else None,
        questionnaire_score=draft.questionnaire_score,
        employer_commitment=draft.employer_commitment,
        confirmed_trainer_training_years=sorted(draft.confirmed_trainer_training_years),
        rule_outcomes=_outcomes(check),
        registered_by_token_id=viewer.token_id,
    )
    db.add(row)
    await db.flush()
    await audit.record(
        db,
        viewer,
        action="registration.create",
        object_type="Registration",
        object_public_id=row.public_id,
        department_codes=target.department_codes,
        changes={"status": row.status.value, "target": target_public_id},
    )
    return RegistrationOutcome(registration=row, reference=reference)


async def by_reference(db: AsyncSession, reference: str) -> Registration | None:
    """The registration a private reference stands for (looked up by its hash)."""
    if not reference or len(reference) > 200:
        return None
    return await db.scalar(
        select(Registration).where(Registration.reference_hash == digest(reference))
    )


async def by_public_id(db: AsyncSession, public_id: str) -> Registration | None:
    """A registration by its public ID."""
    return await db.scalar(select(Registration).where(Registration.public_id == public_id))


def target_of(row: Registration) -> tuple[TargetKind, int]:
    """The kind and row ID of a registration's session or event."""
    if row.session_id is not None:
        return TargetKind.SESSION, row.session_id
    return TargetKind.EVENT, row.event_id


async def _promote_first_waitlisted(db: AsyncSession, kind: TargetKind, row_id: int) -> None:
    if await _full(db, kind, row_id):
        return
    first = await db.scalar(
        select(Registration)
        .where(_target_filter(kind, row_id), Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.created_at, Registration.id)
        .limit(1)
    )
    if first is not None:
        first.status = RegistrationStatus.CONFIRMED
        await audit.record(
            db,
            SYSTEM,
            action="registration.promote",
            object_type="Registration",
            object_public_id=first.public_id,
            department_codes=first.department_codes,
            changes={"status": RegistrationStatus.CONFIRMED.value},
        )


async def _full(db: AsyncSession, kind: TargetKind, row_id: int) -> bool:
    """Whether every seat is taken (events have no capacity: never full)."""
    if kind is not TargetKind.SESSION:
        return False
    capacity = await db.scalar(
        select(TrainingSession.capacity).where(TrainingSession.id == row_id)
    )
    taken = await _count(db, kind, row_id, RegistrationStatus.CONFIRMED)
    return capacity is not None and taken >= capacity


async def reevaluate_waitlist(
    db: AsyncSession, plugins: PluginManager, kind: TargetKind, target_public_id: str
) -> list[Registration]:
    """Run the rules again on every waitlisted registration of a session or event whose rules
    or data changed; one that no longer meets them is REFUSED. Returns those refused.

    The target's row must already be locked. A plugin failure leaves the registrations as they
    are (a broken rule neither lets through nor refuses anyone).
    """
    found = await _locked_target(db, kind, target_public_id)
    if found is None:
        return []
    row_id, target = found
    refused = []
    waiting = await db.scalars(
        select(Registration).where(
            _target_filter(kind, row_id), Registration.status == RegistrationStatus.WAITLISTED
        )
    )
    for row in waiting:
        if row.erased_at is not None:
            continue
        check = rule_checks.check_registration(plugins, draft_of(row), target)
        if check.failures:
            continue
        row.rule_outcomes = _outcomes(check)
        if not check.passed:
            row.status = RegistrationStatus.REFUSED
            refused.append(row)
            await audit.record(
                db,
                SYSTEM,
                action="registration.reevaluate",
                object_type="Registration",
                object_public_id=row.public_id,
                department_codes=row.department_codes,
                changes={
                    "status": RegistrationStatus.REFUSED.value,
                    "violations": [v.code for v in check.violations],
                },
            )
    await db.flush()
    return refused


async def fill_free_seats(db: AsyncSession, session_id: int) -> None:
    """Confirm the oldest waitlisted registrations while the session has seats free (after its
    capacity grew). The session's row must already be locked."""
    while True:
        waiting = await _count(db, TargetKind.SESSION, session_id, RegistrationStatus.WAITLISTED)
        if not waiting or await _full(db, TargetKind.SESSION, session_id):
            return
        await _promote_first_waitlisted(db, TargetKind.SESSION, session_id)
        await db.flush()


_ALLOWED = {
    "confirm": (RegistrationStatus.WAITLISTED, RegistrationStatus.REFUSED),
    "refuse": ACTIVE,
    "cancel": ACTIVE,
}
_NEW_STATUS = {
    "confirm": RegistrationStatus.CONFIRMED,
    "refuse": RegistrationStatus.REFUSED,
    "cancel": RegistrationStatus.CANCELLED,
}


async def change_status(
    db: AsyncSession, viewer: Viewer, row: Registration, action: str
) -> RegistrationOutcome:
    """Confirm, refuse or cancel a registration (``action``); a freed seat promotes the first
    waitlisted. Confirming needs a free seat: capacity is never exceeded."""
    kind, row_id = target_of(row)
    await lock_target(db, _MODELS[kind], row_id)
    await db.refresh(row)
    if row.status not in _ALLOWED[action]:
        return _refused(
            Violation(
                "INVALID_TRANSITION",
                "status",
                staff_messages.INVALID_TRANSITION.format(
                    status=staff_messages.STATUS_WORDS[row.status.value],
                    action=staff_messages.ACTION_WORDS[action],
                ),
            )
        )
    if action == "confirm" and await _full(db, kind, row_id):
        return _refused(Violation("NO_SEAT_LEFT", "status", staff_messages.NO_SEAT_LEFT))
    freed = row.status is RegistrationStatus.CONFIRMED
    row.status = _NEW_STATUS[action]
    await audit.record(
        db,
        viewer,
        action=f"registration.{action}",
        object_type="Registration",
        object_public_id=row.public_id,
        department_codes=row.department_codes,
        changes={"status": row.status.value},
    )
    if freed:
        await _promote_first_waitlisted(db, kind, row_id)
    await db.flush()
    return RegistrationOutcome(registration=row)


async def move(
    db: AsyncSession,
    plugins: PluginManager,
    viewer: Viewer,
    row: Registration,
    kind: TargetKind,
    target_public_id: str,
) -> RegistrationOutcome:
    """Move an active registration to another session or event, under that target's rules and
    seats; the seat it frees promotes the first waitlisted of the old target.

    The two targets are locked in row-ID order, so two moves in opposite directions never wait
    for each other forever.
    """
    old_kind, old_id = target_of(row)
    model = _MODELS[kind]
    new_id = await db.scalar(select(model.id).where(model.public_id == target_public_id))
    if new_id is None:
        return _refused(Violation("TARGET_NOT_FOUND", "target", staff_messages.TARGET_NOT_FOUND))
    if (old_kind, old_id) == (kind, new_id):
        return _refused(Violation("SAME_TARGET", "target", staff_messages.SAME_TARGET))
    for lock_kind, lock_id in sorted([(old_kind, old_id), (kind, new_id)]):
        await lock_target(db, _MODELS[lock_kind], lock_id)
    await db.refresh(row)
    if row.status not in ACTIVE:
        return _refused(
            Violation(
                "INVALID_TRANSITION",
                "status",
                staff_messages.INVALID_TRANSITION.format(
                    status=staff_messages.STATUS_WORDS[row.status.value],
                    action=staff_messages.ACTION_WORDS["move"],
                ),
            )
        )
    found = await _locked_target(db, kind, target_public_id)
    if found is None:
        return _refused(Violation("TARGET_NOT_FOUND", "target", staff_messages.TARGET_NOT_FOUND))
    _, target = found
    check = rule_checks.check_registration(plugins, draft_of(row), target)
    if check.failures:
        return _refused(*_check_failed(check))
    if not check.passed:
        return _refused(*check.violations)
    freed = row.status is RegistrationStatus.CONFIRMED
    row.session_id = new_id if kind is TargetKind.SESSION else None
    row.event_id = new_id if kind is TargetKind.EVENT else None
    row.department_codes = list(target.department_codes)
    row.status = _seat_status(target)
    row.rule_outcomes = _outcomes(check)
    await audit.record(
        db,
        viewer,
        action="registration.move",
        object_type="Registration",
        object_public_id=row.public_id,
        department_codes=target.department_codes,
        changes={"status": row.status.value, "target": target_public_id},
    )
    await db.flush()
    if freed:
        await _promote_first_waitlisted(db, old_kind, old_id)
    await db.flush()
    return RegistrationOutcome(registration=row)


async def seat_counts(
    db: AsyncSession, kind: TargetKind, row_ids: Sequence[int]
) -> list[SeatCount]:
    """The public counts of each session (or event) of ``row_ids``, in that order."""
    model = _MODELS[kind]
    column = Registration.session_id if kind is TargetKind.SESSION else Registration.event_id
    capacities: dict[int, int | None] = {}
    if kind is TargetKind.SESSION:
        found = await db.execute(select(model.id, model.capacity).where(model.id.in_(row_ids)))
        capacities = dict(found.all())
    counts: dict[tuple[int, RegistrationStatus], int] = {}
    rows = await db.execute(
        select(column, Registration.status, func.count(Registration.id))
        .where(column.in_(row_ids), Registration.status.in_(ACTIVE))
        .group_by(column, Registration.status)
    )
    for row_id, status, count in rows:
        counts[(row_id, status)] = count
    return [
        SeatCount(
            capacity=capacities.get(row_id),
            taken=counts.get((row_id, RegistrationStatus.CONFIRMED), 0),
            waitlisted=counts.get((row_id, RegistrationStatus.WAITLISTED), 0),
        )
        for row_id in row_ids
    ]


async def of_target(db: AsyncSession, kind: TargetKind, row_id: int) -> list[Registration]:
    """Every registration of a session or event, oldest first."""
    return list(
        await db.scalars(
            select(Registration)
            .where(_target_filter(kind, row_id))
            .order_by(Registration.created_at, Registration.id)
        )
    )


def erase_personal_data(row: Registration) -> None:
    """Null every personal field of a registration; status and counts stay."""
    row.full_name = None
    row.email = None
    row.employer = None
    row.prior_training_organization = None
    row.prior_training_interactions_member = None
    row.questionnaire_score = None
    row.employer_commitment = None
    row.confirmed_trainer_training_years = None
    row.rule_outcomes = []
    row.erased_at = utcnow()


async def registrations_by_public_ids(
    db: AsyncSession, ids: Sequence[str]
) -> list[Registration | None]:
    """Registrations by public ID (a DataLoader batch; the caller checks who may see them)."""
    return await rows_by_key(db, Registration, Registration.public_id, ids)


async def session_seat_counts(db: AsyncSession, row_ids: Sequence[int]) -> list[SeatCount]:
    """The counts of each session of ``row_ids`` (a DataLoader batch)."""
    return await seat_counts(db, TargetKind.SESSION, row_ids)


async def event_seat_counts(db: AsyncSession, row_ids: Sequence[int]) -> list[SeatCount]:
    """The counts of each event of ``row_ids`` (a DataLoader batch)."""
    return await seat_counts(db, TargetKind.EVENT, row_ids)


async def sessions_by_row_ids(
    db: AsyncSession, ids: Sequence[int]
) -> list[TrainingSession | None]:
    """Sessions by row ID (a DataLoader batch)."""
    return await rows_by_key(db, TrainingSession, TrainingSession.id, ids)


async def events_by_row_ids(db: AsyncSession, ids: Sequence[int]) -> list[Event | None]:
    """Events by row ID (a DataLoader batch); a registration's event is always public."""
    return await rows_by_key(db, Event, Event.id, ids)


async def target_row_id(db: AsyncSession, kind: TargetKind, public_id: str) -> int | None:
    """The row ID of the session or event with that public ID."""
    model = _MODELS[kind]
    return await db.scalar(select(model.id).where(model.public_id == public_id))

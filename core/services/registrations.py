"""Registrations: taking a seat or the waitlist under the rules, and what staff do with them.

Every write runs ``rule_checks.check_registration``, the rules of the public eligibility query,
on the registration's declared data (a ``RegistrationDraft``) and its target. A violation or a
malformed input is returned as ``Violation``s and nothing is written; a plugin that fails makes
the write fail the same way (a broken rule never lets a registration through).

Seats: a CONFIRMED registration holds one, and so does one PENDING_APPROVAL (a session that
asks for staff approval puts its eligible registrations there until staff confirm or refuse
them); with none left (``capacity`` reached) an eligible registration is WAITLISTED. Freeing a
seat (cancel, refuse, move) promotes the oldest waitlisted registration of that target, to
PENDING_APPROVAL or CONFIRMED as the session asks. Callers run these functions inside
``seat_lock.seat_transaction`` and commit; each function locks the targets it counts
(``seat_lock.lock_target``) before counting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.secrets import REFERENCE_PREFIX, digest, new_secret
from core.auth.viewer import SYSTEM, Viewer
from core.db import Database, utcnow
from core.email_address import normalise_email
from core.hooks.manager import PluginManager
from core.hooks.types import (
    PriorTraining,
    RegistrationDraft,
    RegistrationTarget,
    TargetKind,
    Violation,
)
from core.models import Event, Registration, TrainingSession
from core.models.enums import RegistrationStatus, SessionStatus
from core.services import (
    address_confirmation,
    audit,
    registration_mail,
    rule_checks,
    staff_messages,
)
from core.services.eligibility import registration_target
from core.services.lookup import rows_by_key
from core.services.seat_lock import lock_target, seat_transaction

_MODELS = {TargetKind.SESSION: TrainingSession, TargetKind.EVENT: Event}
SEAT_HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_APPROVAL)
# Not yet confirmed: what the rules evaluate again when a session or a person's data changes.
PENDING = (RegistrationStatus.PENDING_APPROVAL, RegistrationStatus.WAITLISTED)
ACTIVE = (*SEAT_HOLDING, RegistrationStatus.WAITLISTED)


@dataclass(frozen=True)
class RegistrationOutcome:
    """What a registration write did: the row written or changed, the reference (only when a
    registration is created), and the violations when nothing was written."""

    registration: Registration | None = None
    reference: str | None = None
    errors: tuple[Violation, ...] = ()


@dataclass(frozen=True)
class SeatCount:
    """The public counts of a session or event; ``taken`` counts the seats held (confirmed and
    awaiting approval)."""

    capacity: int | None
    taken: int
    waitlisted: int
    pending_approval: int = 0

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
    taken = await _count(db, kind, row_id, *SEAT_HOLDING)
    return row_id, replace(target, seats_taken=taken)


async def _count(
    db: AsyncSession, kind: TargetKind, row_id: int, *statuses: RegistrationStatus
) -> int:
    return await db.scalar(
        select(func.count(Registration.id)).where(
            _target_filter(kind, row_id), Registration.status.in_(statuses)
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
    return rule_checks.failure_violations(check, "target", staff_messages.RULES_UNDETERMINED)


def _rules_refusal(check: rule_checks.RuleCheck) -> RegistrationOutcome | None:
    """The refusal of a check that did not pass (a plugin failure or a rule violated)."""
    if check.failures:
        return _refused(*_check_failed(check))
    if not check.passed:
        return _refused(*check.violations)
    return None


async def _audit(
    db: AsyncSession,
    viewer: Viewer,
    row: Registration,
    action: str,
    changes: dict[str, object],
    department_codes: Sequence[str] | None = None,
) -> None:
    """Record a change of a registration in the audit log."""
    await audit.record(
        db,
        viewer,
        action=f"registration.{action}",
        object_type="Registration",
        object_public_id=row.public_id,
        department_codes=row.department_codes if department_codes is None else department_codes,
        changes=changes,
    )


def _seated_status(requires_approval: bool) -> RegistrationStatus:
    """The status of a registration given a seat."""
    return RegistrationStatus.PENDING_APPROVAL if requires_approval else RegistrationStatus.CONFIRMED


def _seat_status(target: RegistrationTarget) -> RegistrationStatus:
    if target.capacity is None or target.seats_taken < target.capacity:
        return _seated_status(target.requires_approval)
    return RegistrationStatus.WAITLISTED


def _normalised(draft: RegistrationDraft) -> RegistrationDraft:
    """``draft`` with its e-mail address in canonical form, before it is checked or compared."""
    if draft.email is None:
        return draft
    return replace(draft, email=normalise_email(draft.email))


def _write_declared(row: Registration, draft: RegistrationDraft) -> None:
    """Store the declared data of ``draft`` on ``row``, trimmed (its e-mail already canonical)."""
    prior = draft.prior_cps_training
    row.full_name = draft.full_name.strip()
    row.email = draft.email
    row.employer = (draft.employer or "").strip() or None
    row.practice_department_code = draft.department_code
    row.prior_training_organization = prior.organization_name if prior else None
    row.prior_training_interactions_member = prior.interactions_member if prior else None
    row.questionnaire_score = draft.questionnaire_score
    row.employer_commitment = draft.employer_commitment
    row.confirmed_trainer_training_years = sorted(draft.confirmed_trainer_training_years)


async def _email_taken(
    db: AsyncSession, kind: TargetKind, row_id: int, email: str, *, besides: int | None = None
) -> bool:
    """Whether another active registration of the target has that email."""
    query = select(Registration.id).where(
        _target_filter(kind, row_id),
        Registration.email == normalise_email(email),
        Registration.status.in_(ACTIVE),
    )
    if besides is not None:
        query = query.where(Registration.id != besides)
    return await db.scalar(query.limit(1)) is not None


def _invalid_transition(status: RegistrationStatus, action: str) -> RegistrationOutcome:
    return _refused(
        Violation(
            "INVALID_TRANSITION",
            "status",
            staff_messages.INVALID_TRANSITION.format(
                status=staff_messages.STATUS_WORDS[status.value],
                action=staff_messages.ACTION_WORDS[action],
            ),
        )
    )


async def register(
    db: AsyncSession,
    plugins: PluginManager,
    viewer: Viewer,
    kind: TargetKind,
    target_public_id: str,
    draft: RegistrationDraft,
    *,
    today: date,
) -> RegistrationOutcome:
    """Register a person to a session or event if every rule allows it on ``today``.

    Returns the new registration (CONFIRMED while seats remain, or PENDING_APPROVAL where the
    session asks for staff approval; else WAITLISTED) and its private reference, or the violations (nothing written). Raises nothing for a plain refusal.
    Without a staff token the registration is UNCONFIRMED and holds nothing until its address
    is confirmed (``address_confirmation``); then ``seat_confirmed_address`` seats it.
    """
    draft = _normalised(draft)
    missing = _required_identity(draft)
    input_errors = rule_checks.registration_input_errors(draft)
    if missing or input_errors:
        return _refused(*missing, *input_errors)
    found = await _locked_target(db, kind, target_public_id)
    if found is None:
        return _refused(Violation("TARGET_NOT_FOUND", "target", staff_messages.TARGET_NOT_FOUND))
    row_id, target = found
    check = rule_checks.check_registration(plugins, draft, target, today=today)
    if refusal := _rules_refusal(check):
        return refusal
    taken = await _email_taken(db, kind, row_id, draft.email)
    confirming = address_confirmation.required(viewer)
    # Without a staff token the answer never says whether the address is registered already.
    if taken and not confirming:
        return _refused(
            Violation("ALREADY_REGISTERED", "email", staff_messages.ALREADY_REGISTERED)
        )
    reference = new_secret(REFERENCE_PREFIX)
    row = Registration(
        session_id=row_id if kind is TargetKind.SESSION else None,
        event_id=row_id if kind is TargetKind.EVENT else None,
        status=RegistrationStatus.UNCONFIRMED if confirming else _seat_status(target),
        department_codes=list(target.department_codes),
        reference_hash=digest(reference),
        rule_outcomes=_outcomes(check),
        registered_by_token_id=viewer.token_id,
    )
    _write_declared(row, draft)
    db.add(row)
    await db.flush()
    changes = {"status": row.status.value, "target": target_public_id}
    await _audit(db, viewer, row, "create", changes, target.department_codes)
    if confirming:
        await address_confirmation.ask(db, row, already_registered=taken)
    else:
        await registration_mail.registration_written(db, row)
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


async def _requires_approval(db: AsyncSession, kind: TargetKind, row_id: int) -> bool:
    if kind is not TargetKind.SESSION:
        return False
    return bool(
        await db.scalar(
            select(TrainingSession.requires_approval).where(TrainingSession.id == row_id)
        )
    )


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
        first.status = _seated_status(await _requires_approval(db, kind, row_id))
        await _audit(db, SYSTEM, first, "promote", {"status": first.status.value})
        await registration_mail.registration_promoted(db, first)


async def _full(db: AsyncSession, kind: TargetKind, row_id: int) -> bool:
    """Whether every seat is taken (events have no capacity: never full)."""
    if kind is not TargetKind.SESSION:
        return False
    capacity = await db.scalar(
        select(TrainingSession.capacity).where(TrainingSession.id == row_id)
    )
    taken = await _count(db, kind, row_id, *SEAT_HOLDING)
    return capacity is not None and taken >= capacity


async def reevaluate_pending(
    db: AsyncSession,
    plugins: PluginManager,
    kind: TargetKind,
    target_public_id: str,
    *,
    today: date,
) -> list[Registration]:
    """Run the rules again on every registration of a session or event that is not yet
    confirmed (waitlisted or awaiting approval), after its rules or data changed; one that no
    longer meets them is REFUSED, and a seat it held goes to the waitlist. Returns those refused.

    The target's row must already be locked. A plugin failure leaves the registrations as they
    are (a broken rule neither lets through nor refuses anyone).
    """
    found = await _locked_target(db, kind, target_public_id)
    if found is None:
        return []
    row_id, target = found
    refused = []
    pending = await db.scalars(
        select(Registration)
        .where(_target_filter(kind, row_id), Registration.status.in_(PENDING))
        .order_by(Registration.created_at, Registration.id)
    )
    for row in pending:
        if row.erased_at is not None:
            continue
        check = rule_checks.check_registration(plugins, draft_of(row), target, today=today)
        if check.failures:
            continue
        row.rule_outcomes = _outcomes(check)
        if not check.passed:
            row.status = RegistrationStatus.REFUSED
            refused.append(row)
            changes = {
                "status": row.status.value,
                "violations": [v.code for v in check.violations],
            }
            await _audit(db, SYSTEM, row, "reevaluate", changes)
            # A cancelled target tells its registrants itself (registration_mail.target_cancelled).
            if target.status is not SessionStatus.CANCELLED:
                reasons = [violation.message for violation in check.violations]
                await registration_mail.registration_written(db, row, reasons)
    await db.flush()
    if refused:
        await fill_free_seats(db, kind, row_id)
    return refused


async def reevaluate_every_pending(
    database: Database, plugins: PluginManager, *, today: date
) -> int:
    """Run the rules again on every registration not yet confirmed, one session or event per
    transaction: at start, a department's plugin may bring new or changed rules. Returns how
    many were refused. Registrations still allowed only get their rules' outcomes rewritten."""
    async with database.sessions() as db:
        targets = (
            await db.execute(
                select(Registration.session_id, Registration.event_id)
                .where(Registration.status.in_(PENDING))
                .distinct()
            )
        ).all()
    refused = 0
    for session_id, event_id in targets:
        kind = TargetKind.SESSION if session_id is not None else TargetKind.EVENT
        model = _MODELS[kind]
        async with seat_transaction(database) as db:
            public_id = await db.scalar(
                select(model.public_id).where(model.id == (session_id or event_id))
            )
            refused += len(await reevaluate_pending(db, plugins, kind, public_id, today=today))
            await db.commit()
    return refused


async def release_seats_of_cancelled(db: AsyncSession, kind: TargetKind, row_id: int) -> None:
    """Cancel the registrations still holding a seat of a session or event just cancelled: the
    seats no longer exist. (Those not yet confirmed were refused by the rules already.)"""
    holding = await db.scalars(
        select(Registration).where(
            _target_filter(kind, row_id), Registration.status.in_(SEAT_HOLDING)
        )
    )
    for row in holding:
        row.status = RegistrationStatus.CANCELLED
        await _audit(db, SYSTEM, row, "target_cancelled", {"status": row.status.value})
    await db.flush()


async def approve_pending(db: AsyncSession, session_id: int) -> None:
    """Confirm every registration awaiting approval of a session that no longer asks for it
    (their seats are already held). The session's row must already be locked."""
    waiting = await db.scalars(
        select(Registration).where(
            Registration.session_id == session_id,
            Registration.status == RegistrationStatus.PENDING_APPROVAL,
        )
    )
    for row in waiting:
        row.status = RegistrationStatus.CONFIRMED
        await _audit(db, SYSTEM, row, "approval_lifted", {"status": row.status.value})
    await db.flush()


async def fill_free_seats(db: AsyncSession, kind: TargetKind, row_id: int) -> None:
    """Give free seats to the oldest waitlisted registrations (after a capacity grew or seats
    were freed). The target's row must already be locked."""
    while True:
        waiting = await _count(db, kind, row_id, RegistrationStatus.WAITLISTED)
        if not waiting or await _full(db, kind, row_id):
            return
        await _promote_first_waitlisted(db, kind, row_id)
        await db.flush()


_ALLOWED = {
    "confirm": (
        RegistrationStatus.PENDING_APPROVAL,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.REFUSED,
    ),
    "refuse": ACTIVE,
    "cancel": ACTIVE,
}
_NEW_STATUS = {
    "confirm": RegistrationStatus.CONFIRMED,
    "refuse": RegistrationStatus.REFUSED,
    "cancel": RegistrationStatus.CANCELLED,
}


async def change_status(
    db: AsyncSession,
    viewer: Viewer,
    row: Registration,
    action: str,
    reasons: Sequence[str] = (),
) -> RegistrationOutcome:
    """Confirm, refuse or cancel a registration (``action``); a freed seat promotes the first
    waitlisted. Confirming needs a free seat unless the registration already holds one (it
    awaited approval): capacity is never exceeded. ``reasons`` (French, staff's words) are told
    to the person in the e-mail of the change; the audit entry only says that there were some,
    as it keeps nothing a person wrote about another."""
    kind, row_id = target_of(row)
    await lock_target(db, _MODELS[kind], row_id)
    await db.refresh(row)
    if row.status not in _ALLOWED[action]:
        return _invalid_transition(row.status, action)
    freed = row.status in SEAT_HOLDING
    if action == "confirm" and not freed and await _full(db, kind, row_id):
        return _refused(Violation("NO_SEAT_LEFT", "status", staff_messages.NO_SEAT_LEFT))
    if action == "confirm":
        freed = False
    row.status = _NEW_STATUS[action]
    changes: dict[str, object] = {"status": row.status.value}
    if reasons:
        changes["reasonGiven"] = True
    await _audit(db, viewer, row, action, changes)
    await registration_mail.registration_written(db, row, reasons)
    if freed:
        await _promote_first_waitlisted(db, kind, row_id)
    await db.flush()
    return RegistrationOutcome(registration=row)


async def cancel_many(
    db: AsyncSession, viewer: Viewer, rows: Sequence[Registration]
) -> tuple[list[Registration], list[Violation]]:
    """Cancel every registration of ``rows`` (one audit entry each; freed seats go to the
    waitlists). All or nothing: the refusals of those that may not be cancelled, and the
    caller rolls back, or every row cancelled."""
    cancelled: list[Registration] = []
    errors: list[Violation] = []
    for row in rows:
        outcome = await change_status(db, viewer, row, "cancel")
        if outcome.errors:
            errors += [replace(error, field=row.public_id) for error in outcome.errors]
        else:
            cancelled.append(row)
    return cancelled, errors


async def move(
    db: AsyncSession,
    plugins: PluginManager,
    viewer: Viewer,
    row: Registration,
    kind: TargetKind,
    target_public_id: str,
    *,
    today: date,
) -> RegistrationOutcome:
    """Move an active registration to another session or event, under that target's rules (on
    ``today``) and seats; the seat it frees promotes the first waitlisted of the old target.

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
        return _invalid_transition(row.status, "move")
    found = await _locked_target(db, kind, target_public_id)
    if found is None:
        return _refused(Violation("TARGET_NOT_FOUND", "target", staff_messages.TARGET_NOT_FOUND))
    _, target = found
    check = rule_checks.check_registration(plugins, draft_of(row), target, today=today)
    if refusal := _rules_refusal(check):
        return refusal
    freed = row.status in SEAT_HOLDING
    row.session_id = new_id if kind is TargetKind.SESSION else None
    row.event_id = new_id if kind is TargetKind.EVENT else None
    row.department_codes = list(target.department_codes)
    row.status = _seat_status(target)
    row.rule_outcomes = _outcomes(check)
    changes = {"status": row.status.value, "target": target_public_id}
    await _audit(db, viewer, row, "move", changes, target.department_codes)
    await db.flush()
    if freed:
        await _promote_first_waitlisted(db, old_kind, old_id)
    await db.flush()
    return RegistrationOutcome(registration=row)


async def update_declared(
    db: AsyncSession,
    plugins: PluginManager,
    viewer: Viewer,
    row: Registration,
    changes: dict[str, object],
    *,
    today: date,
) -> RegistrationOutcome:
    """Change what the person declared (``changes`` maps ``RegistrationDraft`` fields to their
    new values) on an active registration, after evaluating the rules again on the new data.

    A violation, a malformed value or a plugin failure is returned and nothing is written; else
    the new data and the rules' new outcomes are stored. The status stays: a seat held is kept.
    The audit entry names the fields changed, never their values (personal data).
    """
    kind, row_id = target_of(row)
    await lock_target(db, _MODELS[kind], row_id)
    await db.refresh(row)
    if row.erased_at is not None:
        return _refused(Violation("ERASED", "id", staff_messages.ERASED))
    if row.status not in ACTIVE:
        return _invalid_transition(row.status, "update")
    draft = _normalised(replace(draft_of(row), **changes))
    missing = _required_identity(draft)
    input_errors = rule_checks.registration_input_errors(draft)
    if missing or input_errors:
        return _refused(*missing, *input_errors)
    target_public_id = await db.scalar(
        select(_MODELS[kind].public_id).where(_MODELS[kind].id == row_id)
    )
    _, target = await _locked_target(db, kind, target_public_id)
    check = rule_checks.check_registration(plugins, draft, target, today=today)
    if refusal := _rules_refusal(check):
        return refusal
    if await _email_taken(db, kind, row_id, draft.email, besides=row.id):
        return _refused(
            Violation("ALREADY_REGISTERED", "email", staff_messages.ALREADY_REGISTERED)
        )
    _write_declared(row, draft)
    row.rule_outcomes = _outcomes(check)
    await _audit(db, viewer, row, "update", {"fields": sorted(changes)})
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
            taken=sum(counts.get((row_id, status), 0) for status in SEAT_HOLDING),
            waitlisted=counts.get((row_id, RegistrationStatus.WAITLISTED), 0),
            pending_approval=counts.get((row_id, RegistrationStatus.PENDING_APPROVAL), 0),
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
    """Events by row ID (a DataLoader batch), public or not: the caller checks who may see a
    private one."""
    return await rows_by_key(db, Event, Event.id, ids)


async def target_row_id(db: AsyncSession, kind: TargetKind, public_id: str) -> int | None:
    """The row ID of the session or event with that public ID."""
    model = _MODELS[kind]
    return await db.scalar(select(model.id).where(model.public_id == public_id))


async def seat_confirmed_address(
    db: AsyncSession, plugins: PluginManager, row: Registration, *, today: date
) -> RegistrationOutcome:
    """Seat an UNCONFIRMED registration whose address was just confirmed, under the rules and
    seats of now: CONFIRMED, PENDING_APPROVAL or WAITLISTED, REFUSED when a rule is no longer
    met (the violations are returned with it), CANCELLED when the address got an active
    registration of that target meanwhile (``ALREADY_REGISTERED``)."""
    kind, row_id = target_of(row)
    public_id = await db.scalar(select(_MODELS[kind].public_id).where(_MODELS[kind].id == row_id))
    found = await _locked_target(db, kind, public_id)
    await db.refresh(row)
    if found is None or row.status is not RegistrationStatus.UNCONFIRMED:
        return _invalid_transition(row.status, "confirm")
    _, target = found
    check = rule_checks.check_registration(plugins, draft_of(row), target, today=today)
    if check.failures:
        return _refused(*_check_failed(check))
    row.rule_outcomes = _outcomes(check)
    violations: tuple[Violation, ...] = ()
    if not check.passed:
        row.status, violations = RegistrationStatus.REFUSED, tuple(check.violations)
    elif await _email_taken(db, kind, row_id, row.email, besides=row.id):
        row.status = RegistrationStatus.CANCELLED
        violations = (
            Violation("ALREADY_REGISTERED", "email", staff_messages.ALREADY_REGISTERED),
        )
    else:
        row.status = _seat_status(target)
    await _audit(db, SYSTEM, row, "address_confirmed", {"status": row.status.value})
    await db.flush()
    if row.status is not RegistrationStatus.CANCELLED:
        reasons = [violation.message for violation in violations]
        await registration_mail.registration_written(db, row, reasons)
    return RegistrationOutcome(registration=row, errors=violations)

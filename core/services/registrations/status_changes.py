"""Status changes of an existing registration: confirmed, refused or cancelled by staff or by the
person, and seated once its address is confirmed. A seat freed goes to the waitlist."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import SYSTEM, Viewer
from core.hooks.manager import PluginManager
from core.hooks.types import Violation
from core.models import Registration
from core.models.enums import RegistrationStatus
from core.services import registration_mail, rule_checks, staff_messages
from core.services.registrations.declared import draft_of, email_taken
from core.services.registrations.outcomes import (
    RegistrationOutcome,
    already_registered,
    check_failed,
    invalid_transition,
    record_change,
    refused,
    rule_outcomes,
)
from core.services.registrations.seats import (
    ACTIVE,
    SEAT_HOLDING,
    TARGET_MODELS,
    is_full,
    locked_target,
    public_id_of,
    seat_status,
    target_of,
)
from core.services.registrations.waitlist import promote_first_waitlisted
from core.services.seat_lock import lock_target

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
    await lock_target(db, TARGET_MODELS[kind], row_id)
    await db.refresh(row)
    if row.status not in _ALLOWED[action]:
        return invalid_transition(row.status, action)
    freed = row.status in SEAT_HOLDING
    if action == "confirm" and not freed and await is_full(db, kind, row_id):
        return refused(Violation("NO_SEAT_LEFT", "status", staff_messages.NO_SEAT_LEFT))
    if action == "confirm":
        freed = False
    row.status = _NEW_STATUS[action]
    changes: dict[str, object] = {"status": row.status.value}
    if reasons:
        changes["reasonGiven"] = True
    await record_change(db, viewer, row, action, changes)
    await registration_mail.registration_written(db, row, reasons)
    if freed:
        await promote_first_waitlisted(db, kind, row_id)
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


async def seat_confirmed_address(
    db: AsyncSession, plugins: PluginManager, row: Registration, *, today: date
) -> RegistrationOutcome:
    """Seat an UNCONFIRMED registration whose address was just confirmed, under the rules and
    seats of now: CONFIRMED, PENDING_APPROVAL or WAITLISTED, REFUSED when a rule is no longer
    met (the violations are returned with it), CANCELLED when the address got an active
    registration of that target meanwhile (``ALREADY_REGISTERED``)."""
    kind, row_id = target_of(row)
    public_id = await public_id_of(db, kind, row_id)
    found = None if public_id is None else await locked_target(db, kind, public_id)
    await db.refresh(row)
    if found is None or row.status is not RegistrationStatus.UNCONFIRMED:
        return invalid_transition(row.status, "confirm")
    _, target = found
    check = rule_checks.check_registration(plugins, draft_of(row), target, today=today)
    if check.failures:
        return refused(*check_failed(check))
    row.rule_outcomes = rule_outcomes(check)
    violations: tuple[Violation, ...] = ()
    if not check.passed:
        row.status, violations = RegistrationStatus.REFUSED, tuple(check.violations)
    elif row.email is not None and await email_taken(db, kind, row_id, row.email, besides=row.id):
        row.status = RegistrationStatus.CANCELLED
        violations = (already_registered(),)
    else:
        row.status = seat_status(target)
    await record_change(db, SYSTEM, row, "address_confirmed", {"status": row.status.value})
    await db.flush()
    if row.status is not RegistrationStatus.CANCELLED:
        reasons = [violation.message for violation in violations]
        await registration_mail.registration_written(db, row, reasons)
    return RegistrationOutcome(registration=row, errors=violations)

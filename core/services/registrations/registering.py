"""A new registration: the declared data and the rules checked, then a seat, the waitlist, or
(without a staff token) a wait for the address to be confirmed."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.secrets import REFERENCE_PREFIX, digest, new_secret
from core.auth.viewer import Viewer
from core.hooks.manager import PluginManager
from core.hooks.types import RegistrationDraft, TargetKind
from core.models import Registration
from core.models.enums import RegistrationStatus
from core.services import address_confirmation, registration_mail, rule_checks
from core.services.registrations.declared import (
    email_taken,
    missing_identity,
    normalised,
    write_declared,
)
from core.services.registrations.outcomes import (
    RegistrationOutcome,
    already_registered,
    record_change,
    refused,
    rule_outcomes,
    rules_refusal,
    target_not_found,
)
from core.services.registrations.seats import locked_target, seat_status


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
    session asks for staff approval; else WAITLISTED) and its private reference, or the
    violations (nothing written). Raises nothing for a plain refusal.
    Without a staff token the registration is UNCONFIRMED and holds nothing until its address
    is confirmed (``address_confirmation``); then ``status_changes.seat_confirmed_address``
    seats it.
    """
    draft = normalised(draft)
    missing = missing_identity(draft)
    input_errors = rule_checks.registration_input_errors(draft)
    if missing or input_errors or draft.email is None:
        return refused(*missing, *input_errors)
    found = await locked_target(db, kind, target_public_id)
    if found is None:
        return target_not_found()
    row_id, target = found
    check = rule_checks.check_registration(plugins, draft, target, today=today)
    if refusal := rules_refusal(check):
        return refusal
    taken = await email_taken(db, kind, row_id, draft.email)
    confirming = address_confirmation.required(viewer)
    # Without a staff token the answer never says whether the address is registered already.
    if taken and not confirming:
        return refused(already_registered())
    reference = new_secret(REFERENCE_PREFIX)
    row = Registration(
        session_id=row_id if kind is TargetKind.SESSION else None,
        event_id=row_id if kind is TargetKind.EVENT else None,
        status=RegistrationStatus.UNCONFIRMED if confirming else seat_status(target),
        department_codes=list(target.department_codes),
        reference_hash=digest(reference),
        rule_outcomes=rule_outcomes(check),
        registered_by_token_id=viewer.token_id,
    )
    write_declared(row, draft)
    db.add(row)
    await db.flush()
    changes = {"status": row.status.value, "target": target_public_id}
    await record_change(db, viewer, row, "create", changes, target.department_codes)
    if confirming:
        await address_confirmation.ask(db, row, already_registered=taken)
    else:
        await registration_mail.registration_written(db, row)
    return RegistrationOutcome(registration=row, reference=reference)

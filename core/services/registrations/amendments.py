"""Amending an active registration: moving it to another session or event, or changing what the
person declared; either way under the rules of the target it ends on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.hooks.manager import PluginManager
from core.hooks.types import TargetKind, Violation
from core.models import Registration
from core.services import rule_checks, staff_messages
from core.services.registrations.declared import (
    DeclaredChanges,
    draft_of,
    email_taken,
    missing_identity,
    normalised,
    write_declared,
)
from core.services.registrations.outcomes import (
    RegistrationOutcome,
    already_registered,
    invalid_transition,
    record_change,
    refused,
    rule_outcomes,
    rules_refusal,
    target_not_found,
)
from core.services.registrations.seats import (
    ACTIVE,
    SEAT_HOLDING,
    TARGET_MODELS,
    locked_target,
    public_id_of,
    seat_status,
    target_of,
)
from core.services.registrations.waitlist import promote_first_waitlisted
from core.services.seat_lock import lock_target


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
    model = TARGET_MODELS[kind]
    new_id = await db.scalar(select(model.id).where(model.public_id == target_public_id))
    if new_id is None:
        return target_not_found()
    if (old_kind, old_id) == (kind, new_id):
        return refused(Violation("SAME_TARGET", "target", staff_messages.SAME_TARGET))
    for lock_kind, lock_id in sorted([(old_kind, old_id), (kind, new_id)]):
        await lock_target(db, TARGET_MODELS[lock_kind], lock_id)
    await db.refresh(row)
    if row.status not in ACTIVE:
        return invalid_transition(row.status, "move")
    found = await locked_target(db, kind, target_public_id)
    if found is None:
        return target_not_found()
    _, target = found
    check = rule_checks.check_registration(plugins, draft_of(row), target, today=today)
    if refusal := rules_refusal(check):
        return refusal
    freed = row.status in SEAT_HOLDING
    row.session_id = new_id if kind is TargetKind.SESSION else None
    row.event_id = new_id if kind is TargetKind.EVENT else None
    row.department_codes = list(target.department_codes)
    row.status = seat_status(target)
    row.rule_outcomes = rule_outcomes(check)
    changes = {"status": row.status.value, "target": target_public_id}
    await record_change(db, viewer, row, "move", changes, target.department_codes)
    await db.flush()
    if freed:
        await promote_first_waitlisted(db, old_kind, old_id)
    await db.flush()
    return RegistrationOutcome(registration=row)


async def update_declared(
    db: AsyncSession,
    plugins: PluginManager,
    viewer: Viewer,
    row: Registration,
    changes: DeclaredChanges,
    *,
    today: date,
) -> RegistrationOutcome:
    """Change what the person declared (``changes`` gives new values of ``RegistrationDraft``
    fields) on an active registration, after evaluating the rules again on the new data.

    A violation, a malformed value or a plugin failure is returned and nothing is written; else
    the new data and the rules' new outcomes are stored. The status stays: a seat held is kept.
    The audit entry names the fields changed, never their values (personal data).
    """
    kind, row_id = target_of(row)
    await lock_target(db, TARGET_MODELS[kind], row_id)
    await db.refresh(row)
    if row.erased_at is not None:
        return refused(Violation("ERASED", "id", staff_messages.ERASED))
    if row.status not in ACTIVE:
        return invalid_transition(row.status, "update")
    draft = normalised(replace(draft_of(row), **changes))
    missing = missing_identity(draft)
    input_errors = rule_checks.registration_input_errors(draft)
    if missing or input_errors or draft.email is None:
        return refused(*missing, *input_errors)
    public_id = await public_id_of(db, kind, row_id)
    found = None if public_id is None else await locked_target(db, kind, public_id)
    if found is None:
        return target_not_found()
    _, target = found
    check = rule_checks.check_registration(plugins, draft, target, today=today)
    if refusal := rules_refusal(check):
        return refusal
    if await email_taken(db, kind, row_id, draft.email, besides=row.id):
        return refused(already_registered())
    write_declared(row, draft)
    row.rule_outcomes = rule_outcomes(check)
    await record_change(db, viewer, row, "update", {"fields": sorted(changes)})
    await db.flush()
    return RegistrationOutcome(registration=row)

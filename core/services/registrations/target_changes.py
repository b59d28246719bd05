"""What a change of a session or event does to its registrations: the rules evaluated again on
those not yet confirmed, seats released when it is cancelled, approval lifted."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import SYSTEM
from core.db import Database
from core.hooks.manager import PluginManager
from core.hooks.types import TargetKind
from core.models import Registration
from core.models.enums import RegistrationStatus, SessionStatus
from core.services import registration_mail, rule_checks
from core.services.registrations.declared import draft_of
from core.services.registrations.outcomes import record_change, rule_outcomes
from core.services.registrations.seats import (
    PENDING,
    SEAT_HOLDING,
    locked_target,
    public_id_of,
    target_clause,
    target_of_ids,
)
from core.services.registrations.waitlist import fill_free_seats
from core.services.seat_lock import seat_transaction


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
    found = await locked_target(db, kind, target_public_id)
    if found is None:
        return []
    row_id, target = found
    refused = []
    pending = await db.scalars(
        select(Registration)
        .where(target_clause(kind, row_id), Registration.status.in_(PENDING))
        .order_by(Registration.created_at, Registration.id)
    )
    for row in pending:
        if row.erased_at is not None:
            continue
        check = rule_checks.check_registration(plugins, draft_of(row), target, today=today)
        if check.failures:
            continue
        row.rule_outcomes = rule_outcomes(check)
        if not check.passed:
            row.status = RegistrationStatus.REFUSED
            refused.append(row)
            changes = {
                "status": row.status.value,
                "violations": [v.code for v in check.violations],
            }
            await record_change(db, SYSTEM, row, "reevaluate", changes)
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
        kind, row_id = target_of_ids(session_id, event_id)
        async with seat_transaction(database) as db:
            public_id = await public_id_of(db, kind, row_id)
            if public_id is not None:
                refused += len(await reevaluate_pending(db, plugins, kind, public_id, today=today))
            await db.commit()
    return refused


async def release_seats_of_cancelled(db: AsyncSession, kind: TargetKind, row_id: int) -> None:
    """Cancel the registrations still holding a seat of a session or event just cancelled: the
    seats no longer exist. (Those not yet confirmed were refused by the rules already.)"""
    holding = await db.scalars(
        select(Registration).where(
            target_clause(kind, row_id), Registration.status.in_(SEAT_HOLDING)
        )
    )
    for row in holding:
        row.status = RegistrationStatus.CANCELLED
        await record_change(db, SYSTEM, row, "target_cancelled", {"status": row.status.value})
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
        await record_change(db, SYSTEM, row, "approval_lifted", {"status": row.status.value})
    await db.flush()

"""The waitlist of a session or event: free seats go to the oldest waitlisted registrations."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import SYSTEM
from core.hooks.types import TargetKind
from core.models import Registration, TrainingSession
from core.models.enums import RegistrationStatus
from core.services import registration_mail
from core.services.registrations.outcomes import record_change
from core.services.registrations.seats import count, is_full, seated_status, target_clause


async def _requires_approval(db: AsyncSession, kind: TargetKind, row_id: int) -> bool:
    if kind is not TargetKind.SESSION:
        return False
    return bool(
        await db.scalar(
            select(TrainingSession.requires_approval).where(TrainingSession.id == row_id)
        )
    )


async def promote_first_waitlisted(db: AsyncSession, kind: TargetKind, row_id: int) -> None:
    """Give a free seat, if there is one, to the oldest waitlisted registration of the target,
    and tell that person."""
    if await is_full(db, kind, row_id):
        return
    first = await db.scalar(
        select(Registration)
        .where(target_clause(kind, row_id), Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.created_at, Registration.id)
        .limit(1)
    )
    if first is not None:
        first.status = seated_status(await _requires_approval(db, kind, row_id))
        await record_change(db, SYSTEM, first, "promote", {"status": first.status.value})
        await registration_mail.registration_promoted(db, first)


async def fill_free_seats(db: AsyncSession, kind: TargetKind, row_id: int) -> None:
    """Give free seats to the oldest waitlisted registrations (after a capacity grew or seats
    were freed). The target's row must already be locked."""
    while True:
        waiting = await count(db, kind, row_id, RegistrationStatus.WAITLISTED)
        if not waiting or await is_full(db, kind, row_id):
            return
        await promote_first_waitlisted(db, kind, row_id)
        await db.flush()

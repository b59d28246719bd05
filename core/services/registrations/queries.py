"""Reading registrations and their targets: by reference or public ID, every registration of a
target, the public seat counts, and the DataLoader batches of the GraphQL types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.secrets import digest
from core.hooks.types import TargetKind
from core.models import Event, Registration, TrainingSession
from core.models.enums import RegistrationStatus
from core.services.lookup import rows_by_key
from core.services.registrations.seats import (
    ACTIVE,
    SEAT_HOLDING,
    TARGET_MODELS,
    target_clause,
)


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


async def of_target(db: AsyncSession, kind: TargetKind, row_id: int) -> list[Registration]:
    """Every registration of a session or event, oldest first."""
    return list(
        await db.scalars(
            select(Registration)
            .where(target_clause(kind, row_id))
            .order_by(Registration.created_at, Registration.id)
        )
    )


async def target_row_id(db: AsyncSession, kind: TargetKind, public_id: str) -> int | None:
    """The row ID of the session or event with that public ID."""
    model = TARGET_MODELS[kind]
    return await db.scalar(select(model.id).where(model.public_id == public_id))


async def seat_counts(
    db: AsyncSession, kind: TargetKind, row_ids: Sequence[int]
) -> list[SeatCount]:
    """The public counts of each session (or event) of ``row_ids``, in that order."""
    column = Registration.session_id if kind is TargetKind.SESSION else Registration.event_id
    capacities: dict[int, int | None] = {}
    if kind is TargetKind.SESSION:
        found = await db.execute(
            select(TrainingSession.id, TrainingSession.capacity).where(
                TrainingSession.id.in_(row_ids)
            )
        )
        capacities = {row_id: capacity for row_id, capacity in found}
    counts: dict[tuple[int | None, RegistrationStatus], int] = {}
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


async def session_seat_counts(db: AsyncSession, row_ids: Sequence[int]) -> list[SeatCount]:
    """The counts of each session of ``row_ids`` (a DataLoader batch)."""
    return await seat_counts(db, TargetKind.SESSION, row_ids)


async def event_seat_counts(db: AsyncSession, row_ids: Sequence[int]) -> list[SeatCount]:
    """The counts of each event of ``row_ids`` (a DataLoader batch)."""
    return await seat_counts(db, TargetKind.EVENT, row_ids)


async def registrations_by_public_ids(
    db: AsyncSession, ids: Sequence[str]
) -> list[Registration | None]:
    """Registrations by public ID (a DataLoader batch; the caller checks who may see them)."""
    return await rows_by_key(db, Registration, Registration.public_id, ids)


async def sessions_by_row_ids(
    db: AsyncSession, ids: Sequence[int]
) -> list[TrainingSession | None]:
    """Sessions by row ID (a DataLoader batch)."""
    return await rows_by_key(db, TrainingSession, TrainingSession.id, ids)


async def events_by_row_ids(db: AsyncSession, ids: Sequence[int]) -> list[Event | None]:
    """Events by row ID (a DataLoader batch), public or not: the caller checks who may see a
    private one."""
    return await rows_by_key(db, Event, Event.id, ids)

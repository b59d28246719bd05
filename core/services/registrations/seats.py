"""Seats of a session or event: which statuses hold one, the target locked and counted, and the
status a registration given a place gets."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.hooks.types import RegistrationTarget, TargetKind
from core.models import Event, Registration, TrainingSession
from core.models.enums import RegistrationStatus
from core.services.eligibility import registration_target
from core.services.seat_lock import lock_target

TARGET_MODELS: dict[TargetKind, type[TrainingSession] | type[Event]] = {
    TargetKind.SESSION: TrainingSession,
    TargetKind.EVENT: Event,
}
SEAT_HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_APPROVAL)
# Not yet confirmed: what the rules evaluate again when a session or a person's data changes.
PENDING = (RegistrationStatus.PENDING_APPROVAL, RegistrationStatus.WAITLISTED)
ACTIVE = (*SEAT_HOLDING, RegistrationStatus.WAITLISTED)


def target_clause(kind: TargetKind, row_id: int) -> ColumnElement[bool]:
    """The condition that selects the registrations of one session or event."""
    column = Registration.session_id if kind is TargetKind.SESSION else Registration.event_id
    return column == row_id


def target_of(row: Registration) -> tuple[TargetKind, int]:
    """The kind and row ID of a registration's session or event."""
    return target_of_ids(row.session_id, row.event_id)


def target_of_ids(session_id: int | None, event_id: int | None) -> tuple[TargetKind, int]:
    """The kind and row ID of the target of a registration's ``session_id`` and ``event_id``
    (one of them is set)."""
    if session_id is not None:
        return TargetKind.SESSION, session_id
    if event_id is None:
        raise ValueError("a registration has a session or an event")
    return TargetKind.EVENT, event_id


async def public_id_of(db: AsyncSession, kind: TargetKind, row_id: int) -> str | None:
    """The public ID of the session or event with that row ID."""
    model = TARGET_MODELS[kind]
    return await db.scalar(select(model.public_id).where(model.id == row_id))


async def locked_target(
    db: AsyncSession, kind: TargetKind, public_id: str
) -> tuple[int, RegistrationTarget] | None:
    """Lock the session or event of ``public_id`` and return its row ID and its target, as the
    rules receive it, with the seats taken counted after the lock; ``None`` if there is none."""
    model = TARGET_MODELS[kind]
    row_id = await db.scalar(select(model.id).where(model.public_id == public_id))
    if row_id is None:
        return None
    await lock_target(db, model, row_id)
    target = await registration_target(db, kind, public_id)
    if target is None:
        return None
    taken = await count(db, kind, row_id, *SEAT_HOLDING)
    return row_id, replace(target, seats_taken=taken)


async def count(
    db: AsyncSession, kind: TargetKind, row_id: int, *statuses: RegistrationStatus
) -> int:
    """How many registrations of a session or event have one of ``statuses``."""
    found = await db.scalar(
        select(func.count(Registration.id)).where(
            target_clause(kind, row_id), Registration.status.in_(statuses)
        )
    )
    return found or 0


async def is_full(db: AsyncSession, kind: TargetKind, row_id: int) -> bool:
    """Whether every seat is taken (events have no capacity: never full)."""
    if kind is not TargetKind.SESSION:
        return False
    capacity = await db.scalar(
        select(TrainingSession.capacity).where(TrainingSession.id == row_id)
    )
    taken = await count(db, kind, row_id, *SEAT_HOLDING)
    return capacity is not None and taken >= capacity


def seated_status(requires_approval: bool) -> RegistrationStatus:
    """The status of a registration given a seat."""
    return RegistrationStatus.PENDING_APPROVAL if requires_approval else RegistrationStatus.CONFIRMED


def seat_status(target: RegistrationTarget) -> RegistrationStatus:
    """The status an eligible registration gets on ``target``: seated while seats remain, else
    WAITLISTED."""
    if target.capacity is None or target.seats_taken < target.capacity:
        return seated_status(target.requires_approval)
    return RegistrationStatus.WAITLISTED

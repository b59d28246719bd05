"""Commands on training sessions: create, change, cancel, move / add / remove a day, duplicate.

Who may: staff covering every department the session concerns (its holding department and
those of its places, before and after the change): regional staff everywhere, department staff
in theirs only. Each command checks that first (``AccessDenied``), then writes in one
transaction under the session rules (``core.services.staff_sessions``), records the audit entry
(which also tells partners' webhooks) and leaves the registrants' notices in the outbox. The
result's value is the session's public ID.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.permissions import require_departments
from core.auth.viewer import Viewer
from core.commands.context import CommandContext
from core.commands.results import CommandResult, done, refused
from core.commands.running import Idempotency, run_idempotent
from core.hooks import messages
from core.hooks.types import Violation
from core.models import (
    Person,
    SessionDay,
    SessionPlace,
    SessionTrainer,
    TrainingModule,
    TrainingSession,
)
from core.models.enums import SessionStatus
from core.places.departments import department_of
from core.services import audit, staff_sessions
from core.services.session_numbers import next_session_number
from core.services.staff_sessions import DayInput, PlaceInput

__all__ = [
    "DayInput",
    "NewSession",
    "PlaceInput",
    "SessionChanges",
    "add_session_day",
    "cancel_session",
    "create_session",
    "duplicate_session",
    "moved_to_year",
    "remove_session_day",
    "require_session_places",
    "reschedule_session_day",
    "update_session",
]

OBJECT_TYPE = "TrainingSession"
# The name of a session command's value in a stored result (idempotency).
STORED_AS = "session"
YEARS = range(2000, 2101)


@dataclass(frozen=True)
class NewSession:
    """Everything a new session needs (``create_session``)."""

    year: int
    number: int
    module_number: int
    places: Sequence[PlaceInput]
    days: Sequence[DayInput]
    place_tentative: bool = False
    capacity: int | None = None
    requires_approval: bool = False
    trainer_public_ids: Sequence[str] = ()
    day_count_reason: str | None = None


@dataclass(frozen=True)
class SessionChanges:
    """The fields of a session to change (``update_session``); ``None`` keeps a field.

    ``clear_capacity`` makes the session unlimited. An empty ``day_count_reason`` removes the
    reason; ``status`` is PLANNED or CONFIRMED (cancelling is ``cancel_session``).
    """

    capacity: int | None = None
    clear_capacity: bool = False
    place_tentative: bool | None = None
    requires_approval: bool | None = None
    places: Sequence[PlaceInput] | None = None
    trainer_public_ids: Sequence[str] | None = None
    status: SessionStatus | None = None
    day_count_reason: str | None = None


def require_session_places(viewer: Viewer, places: Sequence[PlaceInput]) -> None:
    """Raise ``AccessDenied`` unless ``viewer`` is staff covering every place's department (a
    session without places is regional)."""
    require_departments(viewer, [department_of(p.postal_code) for p in places] or [None])


async def _require_session(ctx: CommandContext, public_id: str, *more: str | None) -> None:
    """Raise unless the viewer covers the session's departments and ``more``;
    ``SESSION_NOT_FOUND`` when there is no such session."""
    async with ctx.database.sessions() as db:
        row = await staff_sessions.session_by_public_id(db, public_id)
        codes = await staff_sessions.session_departments(db, row)
    require_departments(ctx.viewer, [*codes, *more])


async def _record(
    ctx: CommandContext,
    db: AsyncSession,
    session: TrainingSession,
    action: str,
    changes: Mapping[str, Any],
    department_codes: Sequence[str | None] | None = None,
) -> None:
    if department_codes is None:
        department_codes = await staff_sessions.session_departments(db, session)
    await audit.record(
        db, ctx.viewer, action=action, object_type=OBJECT_TYPE,
        object_public_id=session.public_id, department_codes=department_codes, changes=changes,
    )


async def _insert(
    ctx: CommandContext, db: AsyncSession, new: NewSession, action: str, changes: Mapping[str, Any]
) -> CommandResult[str]:
    """Create ``new`` under the rules in the write's transaction, and audit it."""
    session, violations = await staff_sessions.create_session(
        db,
        ctx.plugin_manager,
        today=ctx.clock.today(),
        year=new.year,
        number=new.number,
        module_number=new.module_number,
        places=new.places,
        days=new.days,
        place_tentative=new.place_tentative,
        capacity=new.capacity,
        requires_approval=new.requires_approval,
        trainer_public_ids=new.trainer_public_ids,
        day_count_reason=new.day_count_reason,
    )
    if violations:
        return refused(violations)
    await _record(
        ctx, db, session, action, changes, [department_of(p.postal_code) for p in new.places]
    )
    return done(session.public_id)


def _creation_changes(new: NewSession) -> dict[str, Any]:
    return {
        "year": new.year, "number": new.number, "capacity": new.capacity,
        "requiresApproval": new.requires_approval, "days": [str(d.date) for d in new.days],
    }


async def create_session(
    ctx: CommandContext, new: NewSession, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Create a training session under the session rules.

    Who may: staff covering the departments of every place (``AccessDenied`` otherwise).
    Returns the new session's public ID, or the rules' violations (``SESSION_NUMBER_TAKEN``,
    ``POSTAL_CODE_MISMATCH``, ``DAY_COUNT_MISMATCH``, the plugins' codes…) and nothing written.
    ``TRAINER_NOT_FOUND`` and ``MODULE_NOT_FOUND`` come back as violations too.
    """
    require_session_places(ctx.viewer, new.places)

    async def write(db: AsyncSession) -> CommandResult[str]:
        return await _insert(ctx, db, new, "session.create", _creation_changes(new))

    return await run_idempotent(ctx, "session.create", idempotency, write, stored_as=STORED_AS)


async def update_session(
    ctx: CommandContext,
    public_id: str,
    changes: SessionChanges,
    *,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Change the fields of a session that ``changes`` gives, under the session rules.

    Who may: staff covering the session's departments and those of the new places. A change of
    place or trainers raises the days' calendar SEQUENCE; a change of place tells the
    registrants; more seats let the waiting list in; turning approval off confirms those
    awaiting it. Raises ``SESSION_NOT_FOUND``; returns the session's public ID or the
    violations (``USE_CANCEL`` for a status CANCELLED).
    """
    new_places = changes.places or []
    await _require_session(ctx, public_id, *[department_of(p.postal_code) for p in new_places])

    async def write(db: AsyncSession) -> CommandResult[str]:
        session = await staff_sessions.session_by_public_id(db, public_id)
        changed, violations = await staff_sessions.update_session(
            db,
            ctx.plugin_manager,
            session,
            today=ctx.clock.today(),
            capacity=changes.capacity,
            clear_capacity=changes.clear_capacity,
            place_tentative=changes.place_tentative,
            requires_approval=changes.requires_approval,
            places=changes.places,
            trainer_public_ids=changes.trainer_public_ids,
            status=changes.status,
            day_count_reason=changes.day_count_reason,
        )
        if violations:
            return refused(violations)
        await _record(ctx, db, session, "session.update", changed)
        return done(public_id)

    return await run_idempotent(ctx, "session.update", idempotency, write, stored_as=STORED_AS)


Apply = Callable[[AsyncSession, TrainingSession], Awaitable[list[Violation]]]


async def _session_write(
    ctx: CommandContext,
    public_id: str,
    operation: str,
    idempotency: Idempotency | None,
    apply: Apply,
    changes: Mapping[str, Any],
) -> CommandResult[str]:
    """Run ``apply`` on the session (staff of its departments only) in one write; audit
    ``changes`` under ``operation`` when it raised no violation."""
    await _require_session(ctx, public_id)

    async def write(db: AsyncSession) -> CommandResult[str]:
        session = await staff_sessions.session_by_public_id(db, public_id)
        violations = await apply(db, session)
        if violations:
            return refused(violations)
        await _record(ctx, db, session, operation, changes)
        return done(public_id)

    return await run_idempotent(ctx, operation, idempotency, write, stored_as=STORED_AS)


async def cancel_session(
    ctx: CommandContext, public_id: str, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Cancel a session: nothing is deleted, its days stay in the calendars, cancelled, until
    their date has passed; its registrants are told and their seats released.

    Who may: staff covering the session's departments. Raises ``SESSION_NOT_FOUND``; returns
    the session's public ID or the rules' violations.
    """

    async def apply(db: AsyncSession, session: TrainingSession) -> list[Violation]:
        return await staff_sessions.cancel_session(
            db, ctx.plugin_manager, session, today=ctx.clock.today()
        )

    return await _session_write(
        ctx, public_id, "session.cancel", idempotency, apply, {"status": "CANCELLED"}
    )


async def reschedule_session_day(
    ctx: CommandContext,
    public_id: str,
    day: date,
    *,
    new_date: date | None = None,
    start_time: time | None = None,
    end_time: time | None = None,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Move the session's day held on ``day`` to ``new_date`` and/or other hours (``None``
    keeps each); its calendar SEQUENCE grows and the registrants are told.

    Who may: staff covering the session's departments. Raises ``SESSION_NOT_FOUND``; returns
    the session's public ID, or the violations (``DAY_NOT_FOUND``, the rules').
    """

    async def apply(db: AsyncSession, session: TrainingSession) -> list[Violation]:
        day_id = await staff_sessions.day_on(db, session, day)
        _, violations = await staff_sessions.reschedule_day(
            db, ctx.plugin_manager, day_id, today=ctx.clock.today(),
            on=new_date, start_time=start_time, end_time=end_time,
        )
        return violations

    changes = {
        "day": str(day), "date": str(new_date or day),
        "startTime": str(start_time) if start_time else None,
        "endTime": str(end_time) if end_time else None,
    }
    return await _session_write(
        ctx, public_id, "session.reschedule_day", idempotency, apply, changes
    )


async def add_session_day(
    ctx: CommandContext,
    public_id: str,
    day: DayInput,
    *,
    day_count_reason: str | None = None,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Add a training day to a session under the session rules; the other days' calendar
    entries are renumbered and the registrants told. ``day_count_reason`` (kept) explains a
    number of days other than the module's.

    Who may: staff covering the session's departments. Raises ``SESSION_NOT_FOUND``; returns
    the session's public ID or the violations (``DAY_COUNT_MISMATCH``, the rules').
    """

    async def apply(db: AsyncSession, session: TrainingSession) -> list[Violation]:
        return await staff_sessions.add_day(
            db, ctx.plugin_manager, session, day.date, day.start_time, day.end_time,
            day_count_reason, today=ctx.clock.today(),
        )

    changes = {
        "addedDay": str(day.date), "startTime": str(day.start_time),
        "endTime": str(day.end_time),
    }
    return await _session_write(ctx, public_id, "session.add_day", idempotency, apply, changes)


async def remove_session_day(
    ctx: CommandContext,
    public_id: str,
    day: date,
    *,
    day_count_reason: str | None = None,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Take the session's day held on ``day`` out; it stays in the calendars, cancelled, and
    the registrants are told.

    Who may: staff covering the session's departments. Raises ``SESSION_NOT_FOUND``; returns
    the session's public ID or the violations (``DAY_NOT_FOUND``, ``DAY_COUNT_MISMATCH``…).
    """

    async def apply(db: AsyncSession, session: TrainingSession) -> list[Violation]:
        day_id = await staff_sessions.day_on(db, session, day)
        _, violations = await staff_sessions.remove_day(
            db, ctx.plugin_manager, day_id, day_count_reason, today=ctx.clock.today()
        )
        return violations

    return await _session_write(
        ctx, public_id, "session.remove_day", idempotency, apply, {"removedDay": str(day)}
    )


def moved_to_year(day: date, year: int) -> date:
    """``day`` on the same month and day of ``year``; 29 February becomes the 28th."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


async def _copy_of(
    db: AsyncSession, source: TrainingSession, year: int, number: int
) -> NewSession:
    """The new session that copies ``source`` into ``year`` under ``number``."""
    module_number = await db.scalar(
        select(TrainingModule.number).where(TrainingModule.id == source.module_id)
    )
    places = await db.scalars(
        select(SessionPlace)
        .where(SessionPlace.session_id == source.id)
        .order_by(SessionPlace.position)
    )
    days = await db.scalars(
        select(SessionDay)
        .where(SessionDay.session_id == source.id, SessionDay.cancelled_at.is_(None))
        .order_by(SessionDay.date, SessionDay.start_time)
    )
    trainers = await db.scalars(
        select(Person.public_id)
        .join(SessionTrainer, SessionTrainer.person_id == Person.id)
        .where(SessionTrainer.session_id == source.id)
        .order_by(SessionTrainer.position)
    )
    shift = year - source.year
    return NewSession(
        year=year,
        number=number,
        module_number=module_number,
        places=[PlaceInput(p.city, p.postal_code, p.venue) for p in places],
        days=[
            DayInput(moved_to_year(d.date, d.date.year + shift), d.start_time, d.end_time)
            for d in days
        ],
        place_tentative=source.place_tentative,
        capacity=source.capacity,
        requires_approval=source.requires_approval,
        trainer_public_ids=list(trainers),
        day_count_reason=source.day_count_reason,
    )


async def duplicate_session(
    ctx: CommandContext,
    source_public_id: str,
    year: int,
    number: int | None = None,
    *,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Copy a session into ``year`` as session ``number`` (by default the year's next free
    number, ``next_session_number``), under the same rules as a new session.

    The copy has the same module, places (and whether they are tentative), capacity, approval
    and trainers, and the source's days (those not taken out) moved by whole years: same
    month, day and hours, 29 February becoming the 28th (the weekday is not kept). It starts
    PLANNED, without registrations; the audit entry is a creation naming its source.

    Who may: staff covering the source session's departments. Raises ``SESSION_NOT_FOUND``;
    returns the new session's public ID, or the violations (``INVALID_YEAR``,
    ``SESSION_NUMBER_TAKEN``, the rules').
    """
    await _require_session(ctx, source_public_id)

    async def write(db: AsyncSession) -> CommandResult[str]:
        if year not in YEARS:
            message = messages.INVALID_YEAR.format(value=year)
            return refused([Violation("INVALID_YEAR", "year", message)])
        source = await staff_sessions.session_by_public_id(db, source_public_id)
        copy = await _copy_of(
            db, source, year, number if number is not None else await next_session_number(db, year)
        )
        changes = {**_creation_changes(copy), "duplicatedFrom": source_public_id}
        return await _insert(ctx, db, copy, "session.create", changes)

    return await run_idempotent(
        ctx, "session.duplicate", idempotency, write, stored_as=STORED_AS
    )


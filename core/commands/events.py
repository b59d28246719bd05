"""Commands on events: create, change (only the fields given), cancel.

Who may: staff covering the event's department; a regional event (no department) is regional
staff's. Each command checks that first (``AccessDenied``), then writes in one transaction
under the event rules (``core.services.staff_events``: a change its calendar entry shows raises
its SEQUENCE and tells the registrants), and records the audit entry. Nothing is deleted. The
result's value is the event's public ID.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.permissions import require_departments
from core.commands.context import CommandContext
from core.commands.results import CommandResult, done, refused
from core.commands.running import Idempotency, run_idempotent
from core.enums import EventKind
from core.models import Event
from core.services import audit, staff_events
from core.services.errors import InputError

__all__ = ["EventChanges", "NewEvent", "cancel_event", "create_event", "update_event"]

STORED_AS = "event"
# Fields an event always has: a change cannot empty them.
NOT_NULL = ("title", "is_public")


@dataclass(frozen=True)
class NewEvent:
    """Everything a new event needs (``create_event``); hours in Europe/Paris."""

    kind: EventKind
    title: str
    year: int
    date: date
    start_time: time
    end_time: time
    department_code: str | None = None
    description: str | None = None
    city: str | None = None
    postal_code: str | None = None
    venue: str | None = None
    is_public: bool = True


@dataclass(frozen=True)
class EventChanges:
    """The changes of an event (``update_event``).

    ``values`` are the fields given, named as the model spells them (``title``,
    ``description``, ``city``, ``postal_code``, ``venue``, ``is_public``, ``status``); ``None``
    empties a field. ``date``, ``start_time`` and ``end_time`` move the event (``None`` keeps).
    """

    values: Mapping[str, Any] = field(default_factory=dict)
    date: date | None = None
    start_time: time | None = None
    end_time: time | None = None


async def _record(
    ctx: CommandContext, db: AsyncSession, event: Event, action: str, changes: Mapping[str, Any]
) -> None:
    await audit.record(
        db, ctx.viewer, action=action, object_type="Event", object_public_id=event.public_id,
        department_codes=[event.department_code], changes=changes,
    )


async def _require_event(ctx: CommandContext, public_id: str) -> None:
    """Raise unless the viewer covers the event's department; ``EVENT_NOT_FOUND`` if none."""
    async with ctx.database.sessions() as db:
        row = await staff_events.event_by_public_id(db, public_id)
    require_departments(ctx.viewer, [row.department_code])


async def create_event(
    ctx: CommandContext, new: NewEvent, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Create an event under the event rules.

    Who may: staff of its department (a regional event: regional staff). Returns the event's
    public ID, or the violations (``POSTAL_CODE_MISMATCH``, ``ONE_YEARLY_EVENT``, the rules').
    """
    require_departments(ctx.viewer, [new.department_code])

    async def write(db: AsyncSession) -> CommandResult[str]:
        event, violations = await staff_events.create_event(
            db, ctx.plugin_manager, today=ctx.clock.today(), **asdict(new)
        )
        if violations:
            return refused(violations)
        await _record(ctx, db, event, "event.create", {"title": new.title, "date": str(new.date)})
        return done(event.public_id)

    return await run_idempotent(ctx, "event.create", idempotency, write, stored_as=STORED_AS)


async def update_event(
    ctx: CommandContext,
    public_id: str,
    changes: EventChanges,
    *,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Change the event's fields given under the event rules; a change its calendar entry
    shows raises its SEQUENCE and tells the registrants.

    Who may: staff of the event's department. Raises ``EVENT_NOT_FOUND``,
    ``NULL_NOT_ALLOWED`` (a title or ``is_public`` emptied) and ``USE_CANCEL``; returns the
    event's public ID or the violations.
    """
    await _require_event(ctx, public_id)
    if any(name in changes.values and changes.values[name] is None for name in NOT_NULL):
        raise InputError("NULL_NOT_ALLOWED", "Ce champ ne peut pas être vidé.", field="input")

    async def write(db: AsyncSession) -> CommandResult[str]:
        event = await staff_events.event_by_public_id(db, public_id)
        changed, violations = await staff_events.update_event(
            db, ctx.plugin_manager, event, today=ctx.clock.today(), on=changes.date,
            start_time=changes.start_time, end_time=changes.end_time, **changes.values,
        )
        if violations:
            return refused(violations)
        await _record(ctx, db, event, "event.update", changed)
        return done(public_id)

    return await run_idempotent(ctx, "event.update", idempotency, write, stored_as=STORED_AS)


async def cancel_event(
    ctx: CommandContext, public_id: str, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Cancel an event: it stays in the calendars, cancelled, until its date; its
    registrations are refused or cancelled, and the people told.

    Who may: staff of the event's department. Raises ``EVENT_NOT_FOUND``; returns the
    event's public ID or the rules' violations.
    """
    await _require_event(ctx, public_id)

    async def write(db: AsyncSession) -> CommandResult[str]:
        event = await staff_events.event_by_public_id(db, public_id)
        violations = await staff_events.cancel_event(
            db, ctx.plugin_manager, event, today=ctx.clock.today()
        )
        if violations:
            return refused(violations)
        await _record(ctx, db, event, "event.cancel", {"status": "CANCELLED"})
        return done(public_id)

    return await run_idempotent(ctx, "event.cancel", idempotency, write, stored_as=STORED_AS)

"""Staff writes to events, every one checked by ``rule_checks.check_event`` against the other
events of the same department and year (one yearly departmental event per department...).

Functions work in the caller's transaction and return the violations found; the caller rolls
back when there are any. A change of date or hours and a cancellation go through
``core.services.scheduling``; any other change a calendar shows bumps the event's SEQUENCE.
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.hooks.manager import PluginManager
from core.hooks.types import TargetKind, Violation
from core.models import Event
from core.models.enums import EventKind, SessionStatus
from core.places.communes import place_violations
from core.services import registration_mail, rule_checks, scheduling, staff_messages
from core.services.registrations.target_changes import (
    reevaluate_pending,
    release_seats_of_cancelled,
)
from core.services.errors import InputError
from core.services.plugin_content import event_draft

TEXT_LIMIT = 300
DESCRIPTION_LIMIT = 5_000
# The fields whose change a calendar entry shows (besides date and hours).
CALENDAR_FIELDS = frozenset({"title", "description", "city", "postal_code", "venue", "status"})


async def event_by_public_id(db: AsyncSession, public_id: str) -> Event:
    """The event (public or not), or ``InputError`` ``EVENT_NOT_FOUND``."""
    row = await db.scalar(select(Event).where(Event.public_id == public_id))
    if row is None:
        raise InputError("EVENT_NOT_FOUND", f"L'évènement « {public_id} » est introuvable.")
    return row


def _text_errors(values: dict[str, object]) -> list[Violation]:
    errors = []
    for field, value in values.items():
        limit = DESCRIPTION_LIMIT if field == "description" else TEXT_LIMIT
        if isinstance(value, str) and len(value) > limit:
            errors.append(
                Violation(
                    "TEXT_TOO_LONG", field, f"Ce texte dépasse {limit} caractères."
                )
            )
        if field == "title" and isinstance(value, str) and not value.strip():
            errors.append(Violation("TITLE_REQUIRED", "title", "Le titre est requis."))
        if field == "postal_code" and value is not None and (
            not str(value).isdigit() or len(str(value)) != 5
        ):
            errors.append(
                Violation("INVALID_POSTAL_CODE", "postalCode", "Code postal invalide (5 chiffres).")
            )
    return errors


async def check(
    db: AsyncSession, plugins: PluginManager, event: Event, *, today: date
) -> list[Violation]:
    """The violations of the event as it stands in this transaction, on ``today``: its commune
    and postal code must agree (``core.places.communes``), then every rule that applies."""
    if errors := place_violations(event.city, event.postal_code, "postalCode"):
        return errors
    await db.flush()
    department = (
        Event.department_code.is_(None)
        if event.department_code is None
        else Event.department_code == event.department_code
    )
    others = await db.scalars(
        select(Event).where(department, Event.year == event.year, Event.id != event.id)
    )
    result = rule_checks.check_event(
        plugins, event_draft(event), [event_draft(other) for other in others], today=today
    )
    if result.failures:
        return rule_checks.failure_violations(result, "event", staff_messages.WRITE_UNDETERMINED)
    return list(result.violations)


async def create_event(
    db: AsyncSession, plugins: PluginManager, *, today: date, **values: object
) -> tuple[Event | None, list[Violation]]:
    """Create an event from ``values`` (the model's fields) if every rule allows it."""
    if errors := _text_errors(values):
        return None, errors
    event = Event(status=SessionStatus.PLANNED, **values)
    db.add(event)
    violations = await check(db, plugins, event, today=today)
    return (None, violations) if violations else (event, [])


async def update_event(
    db: AsyncSession,
    plugins: PluginManager,
    event: Event,
    *,
    today: date,
    on: date | None = None,
    start_time: time | None = None,
    end_time: time | None = None,
    **values: object,
) -> tuple[dict[str, object], list[Violation]]:
    """Change only the fields given; returns ``(changes, violations)``."""
    if errors := _text_errors(values):
        return {}, errors
    if values.get("status") is SessionStatus.CANCELLED:
        raise InputError("USE_CANCEL", "Pour annuler un évènement, utilisez cancelEvent.")
    changes: dict[str, object] = {}
    moved = False
    if on or start_time or end_time:
        before = {"date": event.date, "startTime": event.start_time, "endTime": event.end_time}
        await scheduling.reschedule_event(
            db, event.public_id, on=on, start_time=start_time, end_time=end_time
        )
        after = {"date": event.date, "startTime": event.start_time, "endTime": event.end_time}
        # A form sends the day and hours it shows: only a real move is a change to tell.
        moved_fields = {k: str(v) for k, v in after.items() if v != before[k]}
        changes.update(moved_fields)
        moved = bool(moved_fields)
    shown = False
    for field, value in values.items():
        if getattr(event, field) != value:
            setattr(event, field, value)
            changes[field] = value.value if isinstance(value, EventKind | SessionStatus) else value
            shown = shown or field in CALENDAR_FIELDS
    if shown:
        event.sequence += 1
    violations = await check(db, plugins, event, today=today)
    if (shown or moved) and not violations:
        await registration_mail.target_changed(db, TargetKind.EVENT, event.id)
    return changes, violations


async def cancel_event(
    db: AsyncSession, plugins: PluginManager, event: Event, *, today: date
) -> list[Violation]:
    """Cancel an event (``scheduling.cancel_event``: it stays, cancelled, in the feeds); its
    registrations are refused (not yet confirmed) or cancelled (confirmed)."""
    await scheduling.cancel_event(db, event.public_id)
    violations = await check(db, plugins, event, today=today)
    if not violations:
        await registration_mail.target_cancelled(db, TargetKind.EVENT, event.id)
        await reevaluate_pending(
            db, plugins, TargetKind.EVENT, event.public_id, today=today
        )
        await release_seats_of_cancelled(db, TargetKind.EVENT, event.id)
    return violations

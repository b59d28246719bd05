"""Changes to when and whether training days and events take place, as calendars need them.

A calendar application replaces an entry it already holds only when the entry's ``SEQUENCE``
grows, so every change here bumps the ``sequence`` of each day or event whose calendar entry
changes, and the row's ``updated_at`` moves with it (the feeds' ETags derive from it). Nothing is
deleted: a removed day keeps its row with ``cancelled_at`` set, and a cancelled session keeps its
days, so that feeds show them cancelled until their date has passed.

Each function works in the caller's transaction (it flushes, never commits) and raises
``InputError`` with a stable code and a French message when the change cannot be made. The
staff mutations call these same functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.models import Event, SessionDay, TrainingSession
from core.models.enums import SessionStatus
from core.services.errors import InputError


def _not_found(code: str, what: str, public_id: str) -> InputError:
    return InputError(code, f"{what} « {public_id} » est introuvable.")


async def _session_and_days(
    db: AsyncSession, session_id: int
) -> tuple[TrainingSession, list[SessionDay]]:
    """The session and every day of it (removed ones included), in date order."""
    session = await db.get_one(TrainingSession, session_id)
    statement = (
        select(SessionDay).where(SessionDay.session_id == session_id).order_by(SessionDay.date)
    )
    days = list((await db.scalars(statement)).all())
    return session, days


def _day_labels(days: Sequence[SessionDay]) -> dict[int, tuple[int, int]]:
    """Which day of how many each day that still counts is ("jour 2/3"), by row ID."""
    active = sorted((day for day in days if day.cancelled_at is None), key=lambda d: d.date)
    return {day.id: (number, len(active)) for number, day in enumerate(active, start=1)}


def _bump_relabelled(
    days: Sequence[SessionDay], before: dict[int, tuple[int, int]], changed: SessionDay
) -> None:
    """Bump the other days whose "jour k/N" changed: their calendar summary changed."""
    after = _day_labels(days)
    for day in days:
        if day is not changed and day.id in after and after[day.id] != before.get(day.id):
            day.sequence += 1


def _update_span(session: TrainingSession, days: Sequence[SessionDay]) -> None:
    """Keep the session's first and last day (used to sort and page) on the days that count."""
    active = [day.date for day in days if day.cancelled_at is None]
    if active:
        session.starts_on, session.ends_on = min(active), max(active)


async def _day(db: AsyncSession, day_public_id: str) -> SessionDay:
    day = await db.scalar(select(SessionDay).where(SessionDay.public_id == day_public_id))
    if day is None:
        raise _not_found("DAY_NOT_FOUND", "La journée de formation", day_public_id)
    return day


def _check_hours(start: time, end: time) -> None:
    if end <= start:
        raise InputError(
            "INVALID_HOURS", "L'heure de fin doit suivre l'heure de début.", field="endTime"
        )


async def reschedule_session_day(
    db: AsyncSession,
    day_public_id: str,
    *,
    on: date | None = None,
    start_time: time | None = None,
    end_time: time | None = None,
) -> SessionDay:
    """Move a training day to another date and/or other hours (Europe/Paris).

    Arguments left ``None`` keep their value. The day's ``sequence`` grows by one, and so does
    that of each other day of the session whose rank changes ("jour 2/3" becoming "jour 3/3").
    Returns the day. Raises ``InputError``: ``DAY_NOT_FOUND``, ``DAY_CANCELLED`` (a removed
    day), ``DATE_TAKEN`` (the session has a day on that date), ``INVALID_HOURS``.
    """
    day = await _day(db, day_public_id)
    session, days = await _session_and_days(db, day.session_id)
    if day.cancelled_at is not None:
        raise InputError(
            "DAY_CANCELLED",
            "Cette journée a été retirée de la session : elle ne peut plus changer.",
        )
    new_date = on if on is not None else day.date
    new_start = start_time if start_time is not None else day.start_time
    new_end = end_time if end_time is not None else day.end_time
    _check_hours(new_start, new_end)
    if new_date != day.date and any(other.date == new_date for other in days if other is not day):
        raise InputError(
            "DATE_TAKEN",
            f"La session a déjà une journée le {new_date.isoformat()}.",
            field="date",
        )
    if (new_date, new_start, new_end) == (day.date, day.start_time, day.end_time):
        return day
    before = _day_labels(days)
    day.date, day.start_time, day.end_time = new_date, new_start, new_end
    day.sequence += 1
    _bump_relabelled(days, before, day)
    _update_span(session, days)
    await db.flush()
    return day


async def add_session_day(
    db: AsyncSession, session_id: int, on: date, start_time: time, end_time: time
) -> SessionDay:
    """Add a training day to a session (Europe/Paris hours).

    A day removed earlier on that date comes back (same UID, ``sequence`` grown) rather than a
    second entry; the other days are renumbered ("jour 2/2" becomes "jour 2/3") and their
    ``sequence`` grows. Returns the day. Raises ``InputError``: ``DATE_TAKEN`` (the session
    holds a day on that date), ``INVALID_HOURS``.
    """
    _check_hours(start_time, end_time)
    session, days = await _session_and_days(db, session_id)
    existing = next((day for day in days if day.date == on), None)
    if existing is not None and existing.cancelled_at is None:
        raise InputError(
            "DATE_TAKEN", f"La session a déjà une journée le {on.isoformat()}.", field="date"
        )
    before = _day_labels(days)
    if existing is None:
        day = SessionDay(session_id=session_id, date=on, start_time=start_time, end_time=end_time)
        db.add(day)
        await db.flush()
        days = sorted([*days, day], key=lambda d: d.date)
    else:
        day = existing
        day.start_time, day.end_time, day.cancelled_at = start_time, end_time, None
        day.sequence += 1
    _bump_relabelled(days, before, day)
    _update_span(session, days)
    await db.flush()
    return day


async def remove_session_day(db: AsyncSession, day_public_id: str) -> SessionDay:
    """Take a day out of its session; it stays in the feeds, cancelled, until its date passes.

    The day's ``sequence`` grows by one and its ``cancelled_at`` is set; the other days are
    renumbered ("jour 3/3" becomes "jour 2/2") and their ``sequence`` grows too. Removing a day
    already removed changes nothing. Returns the day. Raises ``InputError``: ``DAY_NOT_FOUND``,
    ``LAST_DAY`` (a session keeps at least one day: cancel the session instead).
    """
    day = await _day(db, day_public_id)
    if day.cancelled_at is not None:
        return day
    session, days = await _session_and_days(db, day.session_id)
    if sum(1 for other in days if other.cancelled_at is None) == 1:
        raise InputError(
            "LAST_DAY",
            "C'est la dernière journée de la session : annulez plutôt la session.",
        )
    before = _day_labels(days)
    day.cancelled_at = utcnow()
    day.sequence += 1
    _bump_relabelled(days, before, day)
    _update_span(session, days)
    await db.flush()
    return day


async def cancel_session(db: AsyncSession, session_public_id: str) -> TrainingSession:
    """Cancel a session: its status becomes CANCELLED and each of its days' ``sequence`` grows.

    The days keep their rows and show cancelled in the feeds until their date has passed.
    Cancelling a cancelled session changes nothing. Returns the session. Raises ``InputError``
    ``SESSION_NOT_FOUND``.
    """
    session = await db.scalar(
        select(TrainingSession).where(TrainingSession.public_id == session_public_id)
    )
    if session is None:
        raise _not_found("SESSION_NOT_FOUND", "La session", session_public_id)
    if session.status == SessionStatus.CANCELLED:
        return session
    session.status = SessionStatus.CANCELLED
    _, days = await _session_and_days(db, session.id)
    for day in days:
        if day.cancelled_at is None:
            day.sequence += 1
    await db.flush()
    return session


async def mark_session_days_changed(db: AsyncSession, session_id: int) -> None:
    """Bump the ``sequence`` of every day of a session still held.

    Call it after changing what each day's calendar entry shows but is stored on the session or
    beside it: its place, its trainers, its status or its module.
    """
    _, days = await _session_and_days(db, session_id)
    for day in days:
        if day.cancelled_at is None:
            day.sequence += 1
    await db.flush()


async def _event(db: AsyncSession, event_public_id: str) -> Event:
    event = await db.scalar(select(Event).where(Event.public_id == event_public_id))
    if event is None:
        raise _not_found("EVENT_NOT_FOUND", "L'évènement", event_public_id)
    return event


async def reschedule_event(
    db: AsyncSession,
    event_public_id: str,
    *,
    on: date | None = None,
    start_time: time | None = None,
    end_time: time | None = None,
) -> Event:
    """Move an event to another date and/or other hours (Europe/Paris); its ``sequence`` grows.

    Arguments left ``None`` keep their value. Returns the event. Raises ``InputError``:
    ``EVENT_NOT_FOUND``, ``EVENT_CANCELLED``, ``INVALID_HOURS``.
    """
    event = await _event(db, event_public_id)
    if event.status == SessionStatus.CANCELLED:
        raise InputError("EVENT_CANCELLED", "Cet évènement est annulé : il ne peut plus changer.")
    new_date = on if on is not None else event.date
    new_start = start_time if start_time is not None else event.start_time
    new_end = end_time if end_time is not None else event.end_time
    _check_hours(new_start, new_end)
    if (new_date, new_start, new_end) == (event.date, event.start_time, event.end_time):
        return event
    event.date, event.start_time, event.end_time = new_date, new_start, new_end
    event.sequence += 1
    await db.flush()
    return event


async def cancel_event(db: AsyncSession, event_public_id: str) -> Event:
    """Cancel an event: its status becomes CANCELLED and its ``sequence`` grows.

    It shows cancelled in the feeds until its date has passed. Cancelling a cancelled event
    changes nothing. Returns the event. Raises ``InputError`` ``EVENT_NOT_FOUND``.
    """
    event = await _event(db, event_public_id)
    if event.status != SessionStatus.CANCELLED:
        event.status = SessionStatus.CANCELLED
        event.sequence += 1
        await db.flush()
    return event

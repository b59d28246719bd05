"""Staff writes to training sessions, every one checked by ``rule_checks.check_session``.

Each function works in the caller's transaction and returns the violations found (an empty
list when the change is valid); the caller rolls back when there are any, so nothing is
written. Changes of days and cancellations go through ``core.services.scheduling``, which keeps
the calendars' SEQUENCE right; a change of place or trainers bumps the days' SEQUENCE too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.hooks.manager import PluginManager
from core.hooks.types import DayDraft, PlaceDraft, SessionDraft, TargetKind, Violation
from core.models import (
    Person,
    Registration,
    SessionDay,
    SessionPlace,
    SessionTrainer,
    TrainingModule,
    TrainingSession,
)
from core.models.enums import SessionStatus
from core.places.communes import place_violations
from core.places.departments import department_of, departments_of
from core.services import registration_mail, rule_checks, scheduling, staff_messages
from core.services.registrations.seats import SEAT_HOLDING
from core.services.registrations.target_changes import (
    approve_pending,
    reevaluate_pending,
    release_seats_of_cancelled,
)
from core.services.registrations.waitlist import fill_free_seats
from core.services.errors import InputError
from core.services.seat_lock import lock_target
from core.text import search_key

TEXT_LIMIT = 300


@dataclass(frozen=True)
class PlaceInput:
    """A place as staff give it."""

    city: str
    postal_code: str
    venue: str | None = None


@dataclass(frozen=True)
class DayInput:
    """A training day as staff give it (Europe/Paris)."""

    date: date
    start_time: time
    end_time: time


async def session_by_public_id(db: AsyncSession, public_id: str) -> TrainingSession:
    """The session, or ``InputError`` ``SESSION_NOT_FOUND``."""
    row = await db.scalar(select(TrainingSession).where(TrainingSession.public_id == public_id))
    if row is None:
        raise InputError("SESSION_NOT_FOUND", f"La session « {public_id} » est introuvable.")
    return row


async def session_departments(db: AsyncSession, session: TrainingSession) -> list[str | None]:
    """Every department a session concerns: the holding one and those of its places."""
    places = await db.scalars(
        select(SessionPlace.department_code).where(SessionPlace.session_id == session.id)
    )
    codes: list[str | None] = [session.department_code] if session.department_code else []
    codes += [code for code in places if code not in codes]
    return codes or [None]


def _place_errors(places: Sequence[PlaceInput]) -> list[Violation]:
    errors = []
    for place in places:
        errors += place_violations(place.city, place.postal_code, "places")
        if not place.postal_code.isdigit() or len(place.postal_code) != 5:
            errors.append(
                Violation(
                    "INVALID_POSTAL_CODE",
                    "places",
                    f"Code postal invalide : « {place.postal_code[:20]} » (5 chiffres attendus).",
                )
            )
        for value in (place.city, place.venue or ""):
            if len(value) > TEXT_LIMIT or (value is place.city and not value.strip()):
                errors.append(
                    Violation(
                        "INVALID_TEXT",
                        "places",
                        f"Chaque ville est requise et un texte fait au plus {TEXT_LIMIT} "
                        "caractères.",
                    )
                )
    return errors


async def _draft(
    db: AsyncSession,
    session: TrainingSession,
    *,
    places: Sequence[PlaceInput] | None = None,
    days: Sequence[DayInput] | None = None,
) -> SessionDraft:
    module_number = (
        await db.execute(
            select(TrainingModule.number).where(TrainingModule.id == session.module_id)
        )
    ).scalar_one()
    if places is None:
        place_rows = await db.scalars(
            select(SessionPlace)
            .where(SessionPlace.session_id == session.id)
            .order_by(SessionPlace.position)
        )
        places = [PlaceInput(r.city, r.postal_code, r.venue) for r in place_rows]
    if days is None:
        day_rows = await db.scalars(
            select(SessionDay).where(
                SessionDay.session_id == session.id, SessionDay.cancelled_at.is_(None)
            )
        )
        days = [DayInput(r.date, r.start_time, r.end_time) for r in day_rows]
    taken = 0
    if session.id is not None:
        taken = (
            await db.execute(
                select(func.count(Registration.id)).where(
                    Registration.session_id == session.id,
                    Registration.status.in_(SEAT_HOLDING),
                )
            )
        ).scalar_one()
    return SessionDraft(
        year=session.year,
        module_number=module_number,
        department_code=session.department_code,
        places=tuple(PlaceDraft(p.city, p.postal_code, p.venue) for p in places),
        days=tuple(DayDraft(d.date, d.start_time, d.end_time) for d in days),
        place_tentative=session.place_tentative,
        capacity=session.capacity,
        status=session.status,
        seats_taken=taken,
        public_id=session.public_id,
    )


def _verdict(check: rule_checks.RuleCheck) -> list[Violation]:
    if check.failures:
        return rule_checks.failure_violations(
            check, "session", staff_messages.WRITE_UNDETERMINED
        )
    return list(check.violations)


async def check(
    db: AsyncSession,
    plugins: PluginManager,
    session: TrainingSession,
    *,
    today: date,
    places: Sequence[PlaceInput] | None = None,
    days: Sequence[DayInput] | None = None,
) -> list[Violation]:
    """The violations of the session as it stands in this transaction (or with ``places`` /
    ``days`` instead of its own), under every rule that applies to it on ``today``."""
    if places is not None and (errors := _place_errors(places)):
        return errors
    draft = await _draft(db, session, places=places, days=days)
    day_count = await _day_count_errors(db, session, len(draft.days))
    return day_count + _verdict(rule_checks.check_session(plugins, draft, today=today))


async def _day_count_errors(
    db: AsyncSession, session: TrainingSession, count: int
) -> list[Violation]:
    """A session has as many days as its module lasts, unless staff gave a reason (kept in
    ``day_count_reason``); a cancelled session is not checked."""
    if session.status == SessionStatus.CANCELLED or (session.day_count_reason or "").strip():
        return []
    module = await db.get_one(TrainingModule, session.module_id)
    if count == module.length_days:
        return []
    return [
        Violation(
            "DAY_COUNT_MISMATCH",
            "days",
            f"Le module {module.number} dure {module.length_days} jours : la session en compte "
            f"{count}. Prévoyez {module.length_days} journées, ou donnez la raison de l'écart "
            "(dayCountReason).",
        )
    ]


def _holding_department(places: Sequence[PlaceInput], tentative: bool) -> str | None:
    codes = departments_of(place.postal_code for place in places)
    return codes[0] if len(codes) == 1 or (codes and not tentative) else None


async def _trainer_ids(db: AsyncSession, public_ids: Sequence[str]) -> list[int]:
    found = await db.execute(
        select(Person.public_id, Person.id).where(Person.public_id.in_(public_ids))
    )
    rows = dict(found.all())
    missing = [public_id for public_id in public_ids if public_id not in rows]
    if missing:
        raise InputError(
            "TRAINER_NOT_FOUND", "Formateur ou formatrice introuvable.", field="trainers"
        )
    return [rows[public_id] for public_id in public_ids]


def _set_places(session: TrainingSession, places: Sequence[PlaceInput]) -> list[SessionPlace]:
    return [
        SessionPlace(
            session_id=session.id,
            position=position,
            city=place.city.strip(),
            city_search=search_key(place.city),
            venue=place.venue,
            postal_code=place.postal_code,
            department_code=department_of(place.postal_code),
        )
        for position, place in enumerate(places)
    ]


async def create_session(
    db: AsyncSession,
    plugins: PluginManager,
    *,
    today: date,
    year: int,
    number: int,
    module_number: int,
    places: Sequence[PlaceInput],
    days: Sequence[DayInput],
    place_tentative: bool = False,
    capacity: int | None = None,
    requires_approval: bool = False,
    trainer_public_ids: Sequence[str] = (),
    day_count_reason: str | None = None,
) -> tuple[TrainingSession | None, list[Violation]]:
    """Create a session if every rule allows it: ``(session, [])`` or ``(None, violations)``.

    Its number of days must be its module's length unless ``day_count_reason`` says why not.
    """
    module = await db.scalar(select(TrainingModule).where(TrainingModule.number == module_number))
    if module is None:
        raise InputError("MODULE_NOT_FOUND", "Module inconnu.", field="module")
    if await db.scalar(
        select(TrainingSession.id).where(
            TrainingSession.year == year, TrainingSession.number == number
        )
    ):
        return None, [
            Violation(
                "SESSION_NUMBER_TAKEN",
                "number",
                f"L'année {year} a déjà une session numéro {number}.",
            )
        ]
    if errors := _place_errors(places):
        return None, errors
    session = TrainingSession(
        year=year,
        number=number,
        module_id=module.id,
        department_code=_holding_department(places, place_tentative),
        place_tentative=place_tentative,
        capacity=capacity,
        requires_approval=requires_approval,
        day_count_reason=(day_count_reason or "").strip() or None,
        status=SessionStatus.PLANNED,
        starts_on=min((d.date for d in days), default=date(year, 1, 1)),
        ends_on=max((d.date for d in days), default=date(year, 1, 1)),
    )
    draft = await _draft(db, session, places=places, days=days)
    violations = await _day_count_errors(db, session, len(draft.days)) + _verdict(
        rule_checks.check_session(plugins, draft, today=today)
    )
    if violations:
        return None, violations
    trainer_ids = await _trainer_ids(db, trainer_public_ids)
    db.add(session)
    await db.flush()
    db.add_all(_set_places(session, places))
    db.add_all(
        SessionDay(
            session_id=session.id, date=d.date, start_time=d.start_time, end_time=d.end_time
        )
        for d in days
    )
    db.add_all(
        SessionTrainer(session_id=session.id, person_id=person_id, position=position)
        for position, person_id in enumerate(trainer_ids)
    )
    await db.flush()
    return session, []


async def update_session(
    db: AsyncSession,
    plugins: PluginManager,
    session: TrainingSession,
    *,
    today: date,
    capacity: int | None = None,
    clear_capacity: bool = False,
    requires_approval: bool | None = None,
    place_tentative: bool | None = None,
    places: Sequence[PlaceInput] | None = None,
    trainer_public_ids: Sequence[str] | None = None,
    status: SessionStatus | None = None,
    day_count_reason: str | None = None,
) -> tuple[dict[str, object], list[Violation]]:
    """Change only the fields given; returns ``(changes, violations)``.

    The session's row is locked first, so that a capacity check sees every seat taken.
    """
    await lock_target(db, TrainingSession, session.id)
    await db.refresh(session)
    changes: dict[str, object] = {}
    if capacity is not None or clear_capacity:
        session.capacity = None if clear_capacity else capacity
        changes["capacity"] = session.capacity
    if place_tentative is not None:
        session.place_tentative = place_tentative
        changes["placeTentative"] = place_tentative
    if requires_approval is not None and requires_approval != session.requires_approval:
        session.requires_approval = requires_approval
        changes["requiresApproval"] = requires_approval
    if status is not None:
        if status is SessionStatus.CANCELLED:
            raise InputError(
                "USE_CANCEL", "Pour annuler une session, utilisez cancelTrainingSession.",
                field="status",
            )
        session.status = status
        changes["status"] = status.value
    if day_count_reason is not None:
        session.day_count_reason = day_count_reason.strip() or None
        changes["dayCountReason"] = session.day_count_reason
    if places is not None:
        session.department_code = _holding_department(places, session.place_tentative)
        changes["places"] = [f"{p.postal_code} {p.city}" for p in places]
    violations = await check(db, plugins, session, places=places, today=today)
    if violations:
        return changes, violations
    if places is not None:
        old_places = select(SessionPlace).where(SessionPlace.session_id == session.id)
        for place in await db.scalars(old_places):
            await db.delete(place)
        await db.flush()
        db.add_all(_set_places(session, places))
    if trainer_public_ids is not None:
        ids = await _trainer_ids(db, trainer_public_ids)
        for trainer in await db.scalars(
            select(SessionTrainer).where(SessionTrainer.session_id == session.id)
        ):
            await db.delete(trainer)
        await db.flush()
        db.add_all(
            SessionTrainer(session_id=session.id, person_id=person_id, position=position)
            for position, person_id in enumerate(ids)
        )
        changes["trainers"] = list(trainer_public_ids)
    await db.flush()
    if changes.get("requiresApproval") is False:
        await approve_pending(db, session.id)
    # The session changed: its pending registrations meet the rules again before anyone
    # takes a seat.
    await reevaluate_pending(
        db, plugins, TargetKind.SESSION, session.public_id, today=today
    )
    if "capacity" in changes:
        await fill_free_seats(db, TargetKind.SESSION, session.id)
    if {"places", "trainers", "status", "placeTentative"} & changes.keys():
        await scheduling.mark_session_days_changed(db, session.id)
    if {"places", "placeTentative"} & changes.keys():
        await registration_mail.target_changed(db, TargetKind.SESSION, session.id)
    return changes, []


async def cancel_session(
    db: AsyncSession, plugins: PluginManager, session: TrainingSession, *, today: date
) -> list[Violation]:
    """Cancel a session (``scheduling.cancel_session``: its days stay, cancelled, in feeds);
    its pending registrations meet the rules again (and so are refused), and the confirmed ones
    are cancelled: the seats no longer exist."""
    await scheduling.cancel_session(db, session.public_id)
    violations = await check(db, plugins, session, today=today)
    if not violations:
        await registration_mail.target_cancelled(db, TargetKind.SESSION, session.id)
        await reevaluate_pending(
            db, plugins, TargetKind.SESSION, session.public_id, today=today
        )
        await release_seats_of_cancelled(db, TargetKind.SESSION, session.id)
    return violations


async def reschedule_day(
    db: AsyncSession,
    plugins: PluginManager,
    day_public_id: str,
    *,
    today: date,
    on: date | None,
    start_time: time | None,
    end_time: time | None,
) -> tuple[TrainingSession, list[Violation]]:
    """Move a day (``scheduling.reschedule_session_day``), then check the session as changed."""
    day = await scheduling.reschedule_session_day(
        db, day_public_id, on=on, start_time=start_time, end_time=end_time
    )
    session = await db.get_one(TrainingSession, day.session_id)
    return session, await _checked_change(db, plugins, session, today=today)


async def _checked_change(
    db: AsyncSession, plugins: PluginManager, session: TrainingSession, *, today: date
) -> list[Violation]:
    """Check a session whose days changed; when it passes, tell its registrants."""
    violations = await check(db, plugins, session, today=today)
    if not violations:
        await registration_mail.target_changed(db, TargetKind.SESSION, session.id)
    return violations


async def add_day(
    db: AsyncSession,
    plugins: PluginManager,
    session: TrainingSession,
    on: date,
    start_time: time,
    end_time: time,
    day_count_reason: str | None = None,
    *,
    today: date,
) -> list[Violation]:
    """Add a day (``scheduling.add_session_day``), then check the session as changed; a
    ``day_count_reason`` given is kept (the day count may then differ from the module's)."""
    if day_count_reason is not None:
        session.day_count_reason = day_count_reason.strip() or None
    await scheduling.add_session_day(db, session.id, on, start_time, end_time)
    return await _checked_change(db, plugins, session, today=today)


async def remove_day(
    db: AsyncSession,
    plugins: PluginManager,
    day_public_id: str,
    day_count_reason: str | None = None,
    *,
    today: date,
) -> tuple[TrainingSession, list[Violation]]:
    """Take a day out (``scheduling.remove_session_day``), then check the session as changed;
    a ``day_count_reason`` given is kept."""
    day = await scheduling.remove_session_day(db, day_public_id)
    session = await db.get_one(TrainingSession, day.session_id)
    if day_count_reason is not None:
        session.day_count_reason = day_count_reason.strip() or None
    return session, await _checked_change(db, plugins, session, today=today)


async def day_session(db: AsyncSession, day_public_id: str) -> TrainingSession:
    """The session a day belongs to, or ``InputError`` ``DAY_NOT_FOUND``."""
    session = await db.scalar(
        select(TrainingSession)
        .join(SessionDay, SessionDay.session_id == TrainingSession.id)
        .where(SessionDay.public_id == day_public_id)
    )
    if session is None:
        raise InputError("DAY_NOT_FOUND", "La journée de formation est introuvable.")
    return session


async def day_on(db: AsyncSession, session: TrainingSession, on: date) -> str:
    """The public ID of the session's day held on ``on``, or ``InputError`` ``DAY_NOT_FOUND``."""
    public_id = await db.scalar(
        select(SessionDay.public_id).where(
            SessionDay.session_id == session.id,
            SessionDay.date == on,
            SessionDay.cancelled_at.is_(None),
        )
    )
    if public_id is None:
        raise InputError(
            "DAY_NOT_FOUND", f"La session n'a pas de journée le {on.isoformat()}.", field="date"
        )
    return public_id

"""The session commands called directly: what they write, audit, refuse; duplication and the
next free number."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from core.auth.permissions import AccessDenied
from core.commands import sessions
from core.commands.running import Idempotency
from core.models import Person, SessionDay, SessionPlace, SessionTrainer, TrainingSession
from core.models.enums import SessionStatus
from core.services.errors import InputError
from core.services.session_numbers import next_session_number, taken_session_numbers
from tests.commands.conftest import ANONYMOUS, REGIONAL, STAFF_44, seeded_session

ANGERS = sessions.PlaceInput("Angers", "49000")


def three_days(year: int, month: int = 9) -> list[sessions.DayInput]:
    """Three training days, 9:00 to 17:00, on the 8th, 9th and 10th of ``month``."""
    return [sessions.DayInput(date(year, month, d), time(9), time(17)) for d in (8, 9, 10)]


def angers_2026(number: int = 1, **overrides) -> sessions.NewSession:
    """A 2026 module 1 session in Angers."""
    fields = {
        "year": 2026, "number": number, "module_number": 1, "places": [ANGERS],
        "days": three_days(2026), **overrides,
    }
    return sessions.NewSession(**fields)


async def _session(database, public_id: str):
    async with database.sessions() as db:
        row = await db.scalar(
            select(TrainingSession).where(TrainingSession.public_id == public_id)
        )
        days = (
            await db.scalars(
                select(SessionDay.date)
                .where(SessionDay.session_id == row.id, SessionDay.cancelled_at.is_(None))
                .order_by(SessionDay.date)
            )
        ).all() if row else []
        places = (
            await db.execute(
                select(SessionPlace.city, SessionPlace.postal_code, SessionPlace.department_code)
                .where(SessionPlace.session_id == row.id)
                .order_by(SessionPlace.position)
            )
        ).all() if row else []
        trainers = (
            await db.scalars(
                select(Person.public_id)
                .join(SessionTrainer, SessionTrainer.person_id == Person.id)
                .where(SessionTrainer.session_id == row.id)
                .order_by(SessionTrainer.position)
            )
        ).all() if row else []
    return row, list(days), [tuple(p) for p in places], list(trainers)


async def _count(database) -> int:
    async with database.sessions() as db:
        return len((await db.scalars(select(TrainingSession.id))).all())


async def test_create_writes_the_session_its_department_and_its_audit_entry(
    regional, database, audit_actions
):
    result = await sessions.create_session(regional, angers_2026(capacity=14))
    assert result.ok and not result.replayed
    row, days, places, _ = await _session(database, result.value)
    assert (row.year, row.number, row.capacity, row.department_code) == (2026, 1, 14, "49")
    assert days == [date(2026, 9, 8), date(2026, 9, 9), date(2026, 9, 10)]
    assert places == [("Angers", "49000", "49")]
    [(action, actor, changes)] = await audit_actions(result.value)
    assert (action, actor) == ("session.create", "regional:Pôle")
    assert changes["number"] == 1 and changes["capacity"] == 14


async def test_a_rule_not_met_writes_nothing(regional, database, audit_actions):
    before = await _count(database)
    result = await sessions.create_session(
        regional, angers_2026(places=[sessions.PlaceInput("Angers", "44000")])
    )
    assert not result.ok and result.value is None
    [error] = result.errors
    assert (error.code, error.field) == ("POSTAL_CODE_MISMATCH", "places")
    assert "Angers est en Maine-et-Loire" in error.message
    assert await _count(database) == before


async def test_a_number_taken_in_the_year_is_refused(regional, database):
    result = await sessions.create_session(
        regional, angers_2026(year=2025, number=3, days=three_days(2025, 11))
    )
    assert [e.code for e in result.errors] == ["SESSION_NUMBER_TAKEN"]


@pytest.mark.parametrize(
    ("viewer", "code"), [(ANONYMOUS, "UNAUTHENTICATED"), (STAFF_44, "FORBIDDEN")]
)
async def test_a_caller_outside_the_places_departments_is_refused_before_anything(
    context_for, database, viewer, code
):
    before = await _count(database)
    with pytest.raises(AccessDenied) as refused:
        await sessions.create_session(context_for(viewer), angers_2026())
    assert refused.value.code == code
    assert await _count(database) == before


async def test_update_cancel_and_the_days(regional, database, audit_actions):
    public_id = (await sessions.create_session(regional, angers_2026())).value
    changed = await sessions.update_session(
        regional, public_id, sessions.SessionChanges(capacity=10, requires_approval=True)
    )
    assert changed.ok and changed.value == public_id
    moved = await sessions.reschedule_session_day(
        regional, public_id, date(2026, 9, 10), new_date=date(2026, 9, 15)
    )
    assert moved.ok
    added = await sessions.add_session_day(
        regional, public_id, sessions.DayInput(date(2026, 9, 22), time(9), time(12)),
        day_count_reason="Une demi-journée de retour d'expérience.",
    )
    assert added.ok
    removed = await sessions.remove_session_day(regional, public_id, date(2026, 9, 22))
    assert removed.ok
    row, days, _, _ = await _session(database, public_id)
    assert (row.capacity, row.requires_approval) == (10, True)
    assert days == [date(2026, 9, 8), date(2026, 9, 9), date(2026, 9, 15)]
    cancelled = await sessions.cancel_session(regional, public_id)
    assert cancelled.ok
    row, *_ = await _session(database, public_id)
    assert row.status == SessionStatus.CANCELLED
    assert [a for a, _, _ in await audit_actions(public_id)] == [
        "session.create", "session.update", "session.reschedule_day", "session.add_day",
        "session.remove_day", "session.cancel",
    ]


async def test_a_missing_day_is_an_error_of_the_result(regional, database):
    public_id = (await sessions.create_session(regional, angers_2026())).value
    result = await sessions.remove_session_day(regional, public_id, date(2026, 1, 1))
    assert [(e.code, e.field) for e in result.errors] == [("DAY_NOT_FOUND", "date")]
    _, days, _, _ = await _session(database, public_id)
    assert len(days) == 3


async def test_an_unknown_session_is_refused_before_the_write(regional):
    with pytest.raises(InputError) as refused:
        await sessions.cancel_session(regional, "pas-une-session")
    assert refused.value.code == "SESSION_NOT_FOUND"


async def test_duplicate_copies_a_session_into_another_year(regional, database, audit_actions):
    source = seeded_session(4)
    _, source_days, source_places, source_trainers = await _session(database, source)
    result = await sessions.duplicate_session(regional, source, 2026)
    assert result.ok, result.errors
    row, days, places, trainers = await _session(database, result.value)
    # 2026 had no session: the copy takes number 1.
    assert (row.year, row.number, row.status) == (2026, 1, SessionStatus.PLANNED)
    assert days == [d.replace(year=2026) for d in source_days]
    assert days == [date(2026, 10, 6), date(2026, 10, 7), date(2026, 10, 16)]
    assert places == source_places == [("Angers", "49000", "49")]
    assert trainers == source_trainers
    [(action, _, changes)] = await audit_actions(result.value)
    assert action == "session.create" and changes["duplicatedFrom"] == source
    again = await sessions.duplicate_session(regional, source, 2026)
    assert again.ok
    assert (await _session(database, again.value))[0].number == 2


async def test_duplicate_keeps_capacity_approval_and_moves_29_february(regional, database):
    leap = angers_2026(
        year=2028, number=3, capacity=12, requires_approval=True,
        days=[sessions.DayInput(date(2028, 2, 29), time(9), time(17)),
              sessions.DayInput(date(2028, 3, 1), time(9), time(12)),
              sessions.DayInput(date(2028, 3, 2), time(13), time(17))],
    )
    created = await sessions.create_session(regional, leap)
    assert created.ok, created.errors
    copy = await sessions.duplicate_session(regional, created.value, 2029, 8)
    assert copy.ok, copy.errors
    row, days, _, _ = await _session(database, copy.value)
    assert (row.number, row.capacity, row.requires_approval) == (8, 12, True)
    assert days == [date(2029, 2, 28), date(2029, 3, 1), date(2029, 3, 2)]
    async with database.sessions() as db:
        hours = (
            await db.execute(
                select(SessionDay.start_time, SessionDay.end_time)
                .where(SessionDay.session_id == row.id)
                .order_by(SessionDay.date)
            )
        ).all()
    assert [tuple(h) for h in hours] == [
        (time(9), time(17)), (time(9), time(12)), (time(13), time(17)),
    ]


async def test_duplicate_refuses_a_taken_number_and_an_implausible_year(regional, database):
    before = await _count(database)
    taken = await sessions.duplicate_session(regional, seeded_session(4), 2025, 2)
    assert [e.code for e in taken.errors] == ["SESSION_NUMBER_TAKEN"]
    far = await sessions.duplicate_session(regional, seeded_session(4), 1850)
    assert [(e.code, e.field) for e in far.errors] == [("INVALID_YEAR", "year")]
    assert "1850" in far.errors[0].message
    assert await _count(database) == before


def test_moved_to_year():
    assert sessions.moved_to_year(date(2025, 10, 6), 2026) == date(2026, 10, 6)
    assert sessions.moved_to_year(date(2028, 2, 29), 2029) == date(2029, 2, 28)
    assert sessions.moved_to_year(date(2027, 2, 28), 2028) == date(2028, 2, 28)


async def test_next_and_taken_session_numbers(regional, database):
    async with database.sessions() as db:
        assert await taken_session_numbers(db, 2025) == [1, 2, 3, 4, 5, 6]
        assert await next_session_number(db, 2025) == 7
        assert await taken_session_numbers(db, 2026) == []
        assert await next_session_number(db, 2026) == 1
    await sessions.create_session(regional, angers_2026(number=5))
    async with database.sessions() as db:
        assert await taken_session_numbers(db, 2026) == [5]
        assert await next_session_number(db, 2026) == 6


async def test_a_key_applies_once_and_refuses_other_arguments(context_for, database):
    ctx = context_for(REGIONAL)
    key = Idempotency("création-angers", {"input": {"number": 1}})
    first = await sessions.create_session(ctx, angers_2026(), idempotency=key)
    again = await sessions.create_session(ctx, angers_2026(), idempotency=key)
    assert first.ok and not first.replayed
    assert again.replayed and again.value == first.value
    assert await _count(database) == 7
    with pytest.raises(InputError) as reused:
        await sessions.create_session(
            ctx, angers_2026(number=2), idempotency=Idempotency(key.key, {"input": {"number": 2}})
        )
    assert reused.value.code == "IDEMPOTENCY_KEY_REUSED"
    # Another caller's same key is its own.
    other = await sessions.create_session(
        context_for(ctx.viewer, "198.51.100.0"), angers_2026(number=3), idempotency=key
    )
    assert other.ok and not other.replayed
    assert await _count(database) == 8

"""The sessions list's statement: kept per shape of filter, and on PostgreSQL reading each
session's days and places with the page (``core.services.training_sessions.list_sessions``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from core.db import Database, utcnow
from core.models import SessionDay, SessionPlace, TrainingSession
from core.services.pagination import PageRequest
from core.services.training_sessions import (
    SessionFilter,
    days_by_session,
    list_sessions,
    places_by_session,
)
from tests.factories import add_sessions


async def _page(database: Database, criteria: SessionFilter, size: int = 100):
    async with database.reads.connect() as db:
        found = await list_sessions(
            db, criteria, PageRequest(first=size, max_size=size), with_days=True, with_places=True
        )
        ids = [row.id for row in found.page.rows]
        return found, ids, await days_by_session(db, ids), await places_by_session(db, ids)


async def test_days_and_places_read_with_the_page_are_those_of_the_batch_look_ups(
    database: Database,
):
    """A day taken out of its session is left out, places keep their order, and a session
    without a day has an empty list, as the separate statements give them."""
    await add_sessions(database, 3)
    async with database.sessions() as session, session.begin():
        first, second, third = (
            await session.scalars(
                select(TrainingSession.id).where(TrainingSession.year == 2030)
                .order_by(TrainingSession.number)
            )
        ).all()
        day_ids = (
            await session.scalars(
                select(SessionDay.id).where(SessionDay.session_id == first).order_by(SessionDay.date)
            )
        ).all()
        await session.execute(
            update(SessionDay).where(SessionDay.id == day_ids[1]).values(cancelled_at=utcnow())
        )
        await session.execute(
            update(SessionDay).where(SessionDay.session_id == third).values(cancelled_at=utcnow())
        )
        session.add(
            SessionPlace(
                session_id=second, position=-1, city="Angers", city_search="angers",
                postal_code="49000", department_code="49",
            )
        )
    found, ids, days, places = await _page(database, SessionFilter(year=2030))
    assert len(ids) == 3
    if database.engine.dialect.name == "postgresql":
        assert found.days == days and found.places == places
        assert [type(row) for group in found.days for row in group] == [
            type(row) for group in days for row in group
        ]
    else:
        assert found.days is None and found.places is None  # read by the batch look-ups
    assert [len(group) for group in days] == [2, 3, 0]
    assert [place.city for place in places[1]] == ["Angers", "Nantes"]


async def test_a_kept_statement_answers_each_filter_with_its_own_values(database: Database):
    """The statement made for one department answers another with that one's sessions: the
    values are bound at each request, never those of the first."""
    angers, _, _, _ = await _page(database, SessionFilter(department_code="49"))
    le_mans, _, _, _ = await _page(database, SessionFilter(department_code="72"))
    assert angers.page.rows and le_mans.page.rows
    assert {row.id for row in angers.page.rows}.isdisjoint(row.id for row in le_mans.page.rows)
    later, _, _, _ = await _page(
        database, SessionFilter(department_code="49", date_from=date(2025, 6, 1))
    )
    assert 0 < len(later.page.rows) < len(angers.page.rows)
    again, _, _, _ = await _page(database, SessionFilter(department_code="49"))
    assert [row.id for row in again.page.rows] == [row.id for row in angers.page.rows]

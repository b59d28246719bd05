"""The data revisions move with every committed write of what feeds show, and only then: the
count of every write, and the counter of each table written."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select, text

from core.calendars.marker import ChangeMarker
from core.models import Department, Resource, SessionDay
from core.models.revision import ALL, READ_SQL, TABLE_IDS
from tests.calendars.feeds import day_uid


async def revision(database) -> int:
    async with database.engine.connect() as connection:
        return (await connection.execute(text(READ_SQL))).scalar() or 0


async def test_a_committed_write_of_a_shown_table_moves_it_once_per_transaction(database):
    before = await revision(database)
    async with database.sessions() as session, session.begin():
        uid = day_uid(1, "2025-04-28")
        day = await session.scalar(select(SessionDay).where(SessionDay.public_id == uid))
        day.start_time = time(10)
        await session.flush()
        day.end_time = time(16)
    assert await revision(database) == before + 1


async def test_a_rolled_back_write_or_a_write_feeds_do_not_show_leaves_it(database):
    before = await revision(database)
    with pytest.raises(RuntimeError):
        async with database.sessions() as session, session.begin():
            day = await session.scalar(select(SessionDay).limit(1))
            day.start_time = time(11)
            await session.flush()
            raise RuntimeError("abandon")
    async with database.sessions() as session, session.begin():
        resource = await session.scalar(select(Resource).limit(1))
        resource.audience = "Tout public"
    assert await revision(database) == before


async def test_the_marker_reads_it_on_its_own_connection(database):
    marker = ChangeMarker(database.engine)
    try:
        first = await marker.read()
        assert first.get(ALL) == await revision(database)
        async with database.sessions() as session, session.begin():
            day = await session.scalar(select(SessionDay).limit(1))
            day.sequence += 1
        assert (await marker.read()).get(ALL) == first.get(ALL) + 1
        assert marker.reads == 2
    finally:
        await marker.close()


async def test_each_table_written_moves_its_own_counter_only(database):
    marker = ChangeMarker(database.engine)
    try:
        before = await marker.read()
        async with database.sessions() as session, session.begin():
            department = await session.scalar(select(Department).limit(1))
            department.coter_name = f"{department.coter_name} (nouveau nom)"
            day = await session.scalar(select(SessionDay).limit(1))
            day.sequence += 1
        after = await marker.read()
        moved = {name for name in TABLE_IDS if after.of([name]) != before.of([name])}
        assert moved == {"department", "session_day"}
        assert after.of(["department", "session_day"]) == tuple(
            value + 1 for value in before.of(["department", "session_day"])
        )
        assert after.get(ALL) == before.get(ALL) + 1
    finally:
        await marker.close()

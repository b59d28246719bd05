"""A write to a table a feed does not read leaves its stamp valid: its 304 stays one read of
the revisions; a write to a table it reads makes it read its stamp again."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select
from sqlalchemy.sql.util import find_tables

from core.models import Department
from core.services import scheduling
from core.calendars.keys import EntryKind, FeedFilter, FeedKey, FeedKind
from core.calendars.scope import feed_scope, feed_tables
from core.calendars.stamp import _stamp_statement
from tests.calendars.feeds import day_uid, fetch

REGION = "/calendars/region.ics"

FILTERS = [
    FeedFilter(),
    FeedFilter(include_private=True),
    FeedFilter(module_number=1),
    FeedFilter(include_cancelled=False),
    *(FeedFilter(contents=frozenset({kind})) for kind in EntryKind),
]


@pytest.mark.parametrize("kind", list(FeedKind))
@pytest.mark.parametrize("criteria", FILTERS)
def test_a_feeds_tables_cover_every_table_its_stamp_reads(kind, criteria):
    scope = feed_scope(FeedKey(kind, "44"), criteria)
    read = {table.name for table in find_tables(_stamp_statement(scope, date(2025, 3, 1)))}
    assert read <= set(feed_tables(kind, criteria))


async def rename_a_coter(database, code: str = "49") -> None:
    async with database.sessions() as session, session.begin():
        department = await session.scalar(select(Department).where(Department.code == code))
        department.coter_name = f"{department.coter_name} (nouveau nom)"


async def test_a_304_after_a_write_the_feed_does_not_read_costs_no_statement(
    client, database, statements
):
    first = await fetch(client, REGION)
    await rename_a_coter(database)
    with statements.counting() as counter:
        again = await fetch(client, REGION, if_none_match=first.headers["etag"])
    assert again.status_code == 304
    assert counter.count == 0


async def test_a_write_of_a_table_the_feed_reads_makes_it_read_its_stamp_again(
    client, database, statements
):
    first = await fetch(client, REGION)
    async with database.sessions() as session, session.begin():
        await scheduling.reschedule_session_day(
            session, day_uid(1, "2025-04-28"), start_time=time(10)
        )
    with statements.counting() as counter:
        again = await fetch(client, REGION, if_none_match=first.headers["etag"])
    assert again.status_code == 200
    assert counter.count > 0


async def test_a_department_feed_reads_the_departments(client, database, statements):
    path = "/calendars/departments/44.ics"
    first = await fetch(client, path)
    await rename_a_coter(database, "49")
    with statements.counting() as counter:
        again = await fetch(client, path, if_none_match=first.headers["etag"])
    # Another department's row: the stamp is read again, and found unchanged.
    assert counter.count > 0
    assert again.status_code == 304

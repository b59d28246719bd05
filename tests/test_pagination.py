"""Relay connections with keyset cursors, as a partner site pages through a list."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from core.models import TrainingSession
from tests.factories import add_sessions

TRAINERS = """
query($first: Int, $after: String, $last: Int, $before: String) {
  trainers(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { familyName } }
  }
}
"""

SESSION_PAGE = """
query($after: String) {
  sessions(first: 10, after: $after, filter: {year: 2030}) {
    pageInfo { hasNextPage endCursor }
    edges { node { number } }
  }
}
"""


def names(connection: dict) -> list[str]:
    return [edge["node"]["familyName"] for edge in connection["edges"]]


async def test_paging_forwards_visits_every_trainer_once_in_order(graphql):
    seen, after = [], None
    while True:
        data = await graphql.data(TRAINERS, {"first": 4, "after": after})
        page = data["trainers"]
        seen += names(page)
        assert page["totalCount"] == 11
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == 11
    assert seen[:3] == ["Beaudouin", "Bonnaudet", "Forges-Bodet"]
    assert seen[-1] == "Timon"


async def test_paging_backwards_from_the_end(graphql):
    last = await graphql.data(TRAINERS, {"last": 3})
    # Sorted on the family name with accents folded: "Sainton" < "Ségrétain".
    assert names(last["trainers"]) == ["Sainton", "Ségrétain", "Timon"]
    assert last["trainers"]["pageInfo"]["hasPreviousPage"] is True
    before = last["trainers"]["pageInfo"]["startCursor"]
    previous = await graphql.data(TRAINERS, {"last": 2, "before": before})
    forwards = await graphql.data(TRAINERS, {"first": 11})
    all_names = names(forwards["trainers"])
    assert names(previous["trainers"]) == all_names[-5:-3]
    assert previous["trainers"]["pageInfo"]["hasNextPage"] is True


async def test_a_page_stays_right_when_rows_are_inserted_before_it(graphql, database):
    await add_sessions(database, 30, year=2030)
    first = await graphql.data(SESSION_PAGE)
    cursor = first["sessions"]["pageInfo"]["endCursor"]
    expected = await graphql.data(SESSION_PAGE, {"after": cursor})
    # A session starting before every other one appears after the first page was read.
    await add_sessions(database, 1, year=2029)
    async with database.sessions() as session, session.begin():
        await session.execute(
            update(TrainingSession).where(TrainingSession.year == 2029).values(year=2030, number=999)
        )
    again = await graphql.data(SESSION_PAGE, {"after": cursor})
    assert again == expected


@pytest.mark.parametrize("first", [0, 101, -1])
async def test_a_page_size_out_of_bounds_is_refused(graphql, first):
    body = await graphql(TRAINERS, {"first": first})
    [error] = body["errors"]
    assert error["extensions"] == {"code": "PAGE_SIZE_OUT_OF_RANGE", "field": "first"}
    assert "entre 1 et 100" in error["message"]


async def test_the_default_page_size_applies_without_first(graphql, database):
    await add_sessions(database, 30, year=2030)
    data = await graphql.data("{ sessions(filter: {year: 2030}) { edges { cursor } } }")
    assert len(data["sessions"]["edges"]) == 20


@pytest.mark.parametrize("cursor", ["nonsense", "WzFd", "eyJhIjogMX0"])
async def test_a_foreign_or_broken_cursor_is_refused(graphql, cursor):
    body = await graphql(TRAINERS, {"first": 2, "after": cursor})
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INVALID_CURSOR"


async def test_first_and_last_together_are_refused(graphql):
    body = await graphql(TRAINERS, {"first": 2, "last": 2})
    assert body["errors"][0]["extensions"]["code"] == "PAGINATION_CONFLICT"

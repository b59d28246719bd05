"""A nested partner query costs the same number of SQL statements at 5 and at 100 sessions."""

from __future__ import annotations

from tests.factories import add_sessions

NESTED = """
query($first: Int!) {
  sessions(first: $first, filter: {year: 2030}) {
    totalCount
    edges { node {
      title
      department { code name coter { name } }
      module { number title prerequisites { code } }
      places { city department { code } }
      days { date startsAt }
      trainers { fullName roles organization { name } departments { code } }
    } }
  }
}
"""


async def count_for(graphql, statements, first: int) -> int:
    with statements.counting() as counter:
        data = await graphql.data(NESTED, {"first": first})
    assert len(data["sessions"]["edges"]) == first
    assert all(len(edge["node"]["trainers"]) == 2 for edge in data["sessions"]["edges"])
    return counter.count


async def test_statement_count_does_not_grow_with_the_page(graphql, database, statements):
    await add_sessions(database, 100)
    at_5 = await count_for(graphql, statements, 5)
    at_100 = await count_for(graphql, statements, 100)
    assert at_5 == at_100, (at_5, at_100)
    # One page, one count, and one batched statement per relation asked for.
    assert at_100 <= 12

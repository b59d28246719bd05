"""A nested partner query costs the same number of SQL statements at 5 and at 100 sessions."""

from __future__ import annotations

from bench.api import PARTNER_QUERY
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


async def test_the_partner_query_costs_two_statements_on_postgresql_four_on_sqlite(graphql, database, statements):
    """bench/api.py's partner query: a department's upcoming sessions as a partner site shows
    them."""
    await add_sessions(database, 100)
    variables = {"department": "44", "from": "2030-01-01", "first": 100}
    with statements.counting() as counter:
        data = await graphql.data(PARTNER_QUERY, variables)
    nodes = [edge["node"] for edge in data["sessions"]["edges"]]
    assert len(nodes) == 100
    assert all(node["days"] and node["places"] and node["module"] for node in nodes)
    assert all(len(node["trainers"]) == 2 for node in nodes)
    assert all(node["trainers"][0]["organization"] for node in nodes)
    # The sessions with their days and places built as JSON by PostgreSQL, then the trainers;
    # SQLite, in the process, reads the days and places in a statement each.
    assert counter.count == (2 if database.engine.dialect.name == "postgresql" else 4)

"""The limits of the public API, hit through HTTP: each refused with its clear, coded error
while a normal partner query from another client goes on being answered."""

from __future__ import annotations

import pytest
from graphql import build_schema, get_introspection_query, parse
from strawberry.relay import to_base64

from core.hooks.testkit import GraphQLClient
from core.limits.cost import query_cost
from tests.serving import client_of, partner_query_succeeds, running, settings_for

FLOODER = "198.51.100.66"
PARTNER = "203.0.113.20"


async def refusal(app, body: dict, *, status: int = 400) -> dict:
    """Post ``body`` from the misbehaving client; return its one error, checking the status."""
    async with client_of(app, FLOODER) as http:
        response = await http.post("/graphql", json=body)
    assert response.status_code == status, response.text
    [error] = response.json()["errors"]
    return error


async def test_a_partner_query_is_answered_with_its_cost(client):
    body = await partner_query_succeeds(client)
    # 100 sessions asked, and per session its module, days, trainers, their organization,
    # its places and their department: (1 + 6) × 100.
    assert body["extensions"]["cost"] == {"requested": 700, "limit": 5000}


async def test_a_query_twenty_levels_deep_is_refused(app):
    nested = "referents { departments { " * 9 + "code" + " } }" * 9
    error = await refusal(app, {"query": f'{{ department(code: "44") {{ {nested} }} }}'})
    assert error["extensions"] == {"code": "QUERY_TOO_DEEP", "limit": 15, "found": 20}
    assert "profondeur maximale est de 15" in error["message"]
    async with client_of(app, PARTNER) as http:
        await partner_query_succeeds(http)


async def test_a_thousand_aliases_are_refused(app):
    aliases = " ".join(f"a{number}: __typename" for number in range(1000))
    error = await refusal(app, {"query": f"{{ {aliases} }}"})
    assert error["extensions"] == {"code": "TOO_MANY_ALIASES", "limit": 50, "found": 1000}
    assert "nombre maximal d'alias est de 50" in error["message"]
    async with client_of(app, PARTNER) as http:
        await partner_query_succeeds(http)


async def test_aliases_in_a_fragment_count_each_time_it_is_spread(app):
    fragment = "fragment Many on Query { " + " ".join(f"x{n}: __typename" for n in range(20)) + " }"
    query = "{ ...Many a: department(code: \"44\") { ... on Department { q: __typename } } "
    query += "b: department(code: \"49\") { code } ...Many ...Many } " + fragment
    error = await refusal(app, {"query": query})
    assert error["extensions"]["code"] == "TOO_MANY_ALIASES"
    assert error["extensions"]["found"] == 63


async def test_a_query_for_ten_thousand_nodes_is_refused_before_it_runs(app, statements):
    ids = [to_base64("TrainingSession", f"00000000-0000-0000-0000-{n:012d}") for n in range(10_000)]
    with statements.counting():
        async with client_of(app, FLOODER) as http:
            response = await GraphQLClient(http).post(
                "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids}
            )
    assert statements.count == 0
    assert response.status_code == 400
    body = response.json()
    [error] = body["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "limit": 5000, "found": 10_000}
    assert "coût maximal est de 5000" in error["message"]
    assert body["extensions"]["cost"] == {"requested": 10_000, "limit": 5000}
    assert "data" not in body
    async with client_of(app, PARTNER) as http:
        await partner_query_succeeds(http)


async def test_a_page_size_past_the_cost_limit_is_refused_for_its_cost(app):
    error = await refusal(app, {"query": "{ trainers(first: 10000) { edges { node { id } } } }"})
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["found"] == 10_000


async def test_a_document_over_the_token_limit_is_refused(app):
    fields = " ".join("__typename" for _ in range(6000))
    error = await refusal(app, {"query": f"{{ {fields} }}"})
    assert error["extensions"] == {"code": "QUERY_TOO_LONG", "limit": 5000}
    assert "lexèmes" in error["message"]
    padded = "{ __typename }" + "\n#" * 6000
    assert (await refusal(app, {"query": padded}))["extensions"]["code"] == "QUERY_TOO_LONG"


async def test_a_document_nested_past_what_the_parser_accepts_is_refused(app):
    query = "{" + "a {" * 2000 + "b" + "}" * 2001
    error = await refusal(app, {"query": query})
    assert error["extensions"]["code"] == "QUERY_TOO_DEEP"


async def test_a_document_with_too_many_operations_is_refused(app):
    operations = " ".join(f"query Q{n} {{ __typename }}" for n in range(6))
    error = await refusal(app, {"query": operations, "operationName": "Q1"})
    assert error["extensions"] == {"code": "TOO_MANY_OPERATIONS", "limit": 5, "found": 6}


async def test_the_limits_are_settings(database_url):
    strict = settings_for(database_url, max_query_depth=3, max_query_cost=10)
    async with running(strict) as small, client_of(small) as http:
        graphql = GraphQLClient(http)
        deep = await graphql.post("{ sessions { edges { node { id } } } }")
        assert deep.json()["errors"][0]["extensions"]["limit"] == 3
        costly = await graphql.post("{ trainers { totalCount } }")
        # No first: the default page size (20) is what the query may return.
        assert costly.json()["errors"][0]["extensions"] == {
            "code": "QUERY_TOO_COSTLY", "limit": 10, "found": 20
        }


async def test_graphiql_introspection_is_within_the_limits(graphql):
    await graphql.data(get_introspection_query(descriptions=True))


async def test_recursive_introspection_is_refused(graphql):
    query = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    response = await graphql.post(query)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


NESTED_SCHEMA = build_schema(
    """
    type Query {
      items(first: Int, last: Int): ItemConnection!
      item: Item
      list(ids: [ID!]!): [Item]!
    }
    type ItemConnection { edges: [ItemEdge!]! pageInfo: PageInfo! totalCount: Int! }
    type ItemEdge { cursor: String! node: Item! }
    type PageInfo { hasNextPage: Boolean! }
    type Item { id: ID! tags: [Tag!]! children(first: Int): ItemConnection! }
    type Tag { name: String! }
    """
)


NESTED = "{ items(first: 10) { edges { node { children(first: 5) { edges { node { id } } } } } } }"


@pytest.mark.parametrize(
    ("query", "variables", "cost"),
    [
        ("{ items(first: 10) { totalCount pageInfo { hasNextPage } } }", None, 10),
        ("{ items { edges { node { id } } } }", None, 20),
        ("{ items(first: 10) { edges { node { tags { name } } } } }", None, 20),
        # Nested connections multiply: 10 items, and 5 children under each.
        (NESTED, None, 60),
        ("query($n: Int) { items(last: $n) { edges { node { id } } } }", {"n": 7}, 7),
        ("query($n: Int = 3) { items(first: $n) { edges { node { id } } } }", None, 3),
        ("{ item { tags { name } } list(ids: [1, 2, 3]) { id } }", None, 5),
        ("{ ...F ...F } fragment F on Query { items(first: 2) { edges { node { id } } } }",
         None, 4),
    ],
)
def test_cost_counts_the_objects_a_query_may_return(query, variables, cost):
    document = parse(query)
    operation = next(d for d in document.definitions if d.kind == "operation_definition")
    assert query_cost(NESTED_SCHEMA, document, operation, variables, default_page_size=20) == cost


def test_measuring_fragments_spread_into_fragments_stays_linear():
    # Each fragment spreads the previous one twice: walking every spread would take 2**40 steps.
    fragments = ["fragment F0 on Item { id }"] + [
        f"fragment F{n} on Item {{ ...F{n - 1} ...F{n - 1} }}" for n in range(1, 41)
    ]
    document = parse("{ item { ...F40 } } " + " ".join(fragments))
    operation = document.definitions[0]
    assert query_cost(NESTED_SCHEMA, document, operation, None, default_page_size=20) == 1

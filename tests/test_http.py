"""The GraphQL endpoint over HTTP: POST, GET, GraphiQL, node look-ups."""

from __future__ import annotations

import httpx
from asgi_lifespan import LifespanManager
from strawberry.relay import to_base64

from core.app import create_app


async def test_queries_are_accepted_by_get(client):
    response = await client.get("/graphql", params={"query": '{ department(code: "44") { name } }'})
    assert response.status_code == 200
    assert response.json()["data"] == {"department": {"name": "Loire-Atlantique"}}


async def test_a_browser_opening_the_endpoint_is_sent_to_the_explorer(client, settings):
    browser = await client.get("/graphql", headers={"accept": "text/html"})
    assert browser.status_code == 303 and browser.headers["location"] == "/api/explorateur"
    program = await client.get(
        "/graphql", params={"query": "{ __typename }"}, headers={"accept": "text/html"}
    )
    assert program.status_code == 200 and program.json()["data"] == {"__typename": "Query"}
    closed = create_app(settings.model_copy(update={"graphiql": False}))
    async with LifespanManager(closed), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=closed), base_url="https://cps.example.org"
    ) as other:
        refused = await other.get("/graphql", headers={"accept": "text/html"})
        assert refused.status_code == 404
        assert refused.json()["errors"][0]["extensions"]["code"] == "GRAPHIQL_DISABLED"
        assert (await other.get("/api/explorateur")).status_code == 404
        home = await other.get("/")
        assert home.status_code == 200 and "Pôle CPS" in home.text  # the site, not a redirect


async def test_a_malformed_global_id_gets_a_coded_error(graphql):
    body = await graphql('{ node(id: "not-an-id") { id } }')
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ID"


async def test_an_unknown_id_gives_null(graphql):
    unknown = to_base64("TrainingSession", "00000000-0000-0000-0000-000000000000")
    data = await graphql.data("query($id: ID!) { node(id: $id) { id } }", {"id": unknown})
    assert data == {"node": None}


async def test_every_node_type_resolves_by_id(graphql):
    data = await graphql.data(
        """{ sessions(first: 1) { edges { node { id module { id } department { id }
                trainers { id } } } }
             trainers(first: 1) { edges { node { id organization { id } } } }
             events(first: 1) { edges { node { id } } }
             resources(first: 1) { edges { node { id } } } }"""
    )
    session = data["sessions"]["edges"][0]["node"]
    ids = [
        session["id"],
        session["module"]["id"],
        session["department"]["id"],
        data["trainers"]["edges"][0]["node"]["id"],
        data["trainers"]["edges"][0]["node"]["organization"]["id"],
        data["events"]["edges"][0]["node"]["id"],
        data["resources"]["edges"][0]["node"]["id"],
    ]
    found = await graphql.data("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert [node["id"] for node in found["nodes"]] == ids


async def test_seeded_ids_are_the_same_in_every_database(graphql):
    data = await graphql.data('{ department(code: "44") { id } }')
    # Derived from the natural key "department:44": stable across installs and re-seeds.
    assert data["department"]["id"] == to_base64(
        "Department", "676ffa9d-626e-538e-a6ad-81acc48f8973"
    )

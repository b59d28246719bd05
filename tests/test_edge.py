"""The HTTP edge of the public API: bodies, malformed requests, caching, CORS, masked errors."""

from __future__ import annotations

import logging

import httpx
from starlette.routing import Route
from strawberry.relay import to_base64

from core.services import departments
from tests.factories import add_private_meeting
from tests.serving import client_of, partner_query_succeeds, running, settings_for

OTHER_CLIENT = "203.0.113.20"
DEPARTMENT = '{ department(code: "44") { name } }'


async def test_a_ten_megabyte_body_gets_413(app):
    body = b'{"query": "{ __typename }", "padding": "' + b"x" * 10_000_000 + b'"}'
    async with client_of(app) as http:
        announced = await http.post(
            "/graphql", content=body, headers={"content-type": "application/json"}
        )

        async def chunks():
            for start in range(0, len(body), 65_536):
                yield body[start : start + 65_536]

        streamed = await http.post(
            "/graphql", content=chunks(), headers={"content-type": "application/json"}
        )
    for response in (announced, streamed):
        assert response.status_code == 413
        [error] = response.json()["errors"]
        assert error["extensions"] == {"code": "BODY_TOO_LARGE", "limit": 1_048_576}
        assert "1048576 octets" in error["message"]
    assert "content-length" not in streamed.request.headers
    async with client_of(app, OTHER_CLIENT) as http:
        await partner_query_succeeds(http)


async def test_broken_json_gets_400_with_a_graphql_error(app):
    async with client_of(app) as http:
        broken = (b'{"query": "{ __typename }"', b"\xff\xfe", b"[" * 100_000, b'"text"', b"null")
        for body in broken:
            response = await http.post(
                "/graphql", content=body, headers={"content-type": "application/json"}
            )
            assert response.status_code == 400, body[:20]
            assert response.json()["errors"][0]["extensions"]["code"] == "MALFORMED_JSON"
        bad_variables = await http.get(
            "/graphql", params={"query": "{ __typename }", "variables": "{oops"}
        )
        assert bad_variables.status_code == 400
    async with client_of(app, OTHER_CLIENT) as http:
        await partner_query_succeeds(http)


async def test_a_query_that_does_not_parse_gets_400(client):
    response = await client.post("/graphql", json={"query": "{ sessions { "})
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert error["message"].startswith("Requête GraphQL illisible")


async def test_an_invalid_query_gets_400_and_expected_errors_stay_visible(graphql, client):
    invalid = await client.post("/graphql", json={"query": "{ nothingHere }"})
    assert invalid.status_code == 400
    assert invalid.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    # An expected failure during execution keeps its code and message, with a 200.
    body = await graphql("{ trainers(first: 2, after: \"nonsense\") { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_batches_and_other_malformed_requests_are_refused_with_a_code(client):
    batch = await client.post("/graphql", json=[{"query": "{ __typename }"}] * 2)
    assert batch.status_code == 400
    assert batch.json()["errors"][0]["extensions"]["code"] == "BATCHING_DISABLED"
    missing = await client.post("/graphql", json={"variables": {}})
    assert missing.json()["errors"][0]["extensions"]["code"] == "MISSING_QUERY"
    form = await client.post("/graphql", data={"query": "{ __typename }"})
    assert form.status_code == 415
    unknown = await client.post(
        "/graphql", json={"query": "query A { __typename }", "operationName": "B"}
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_FOUND"
    mutation = await client.get("/graphql", params={"query": "mutation { __typename }"})
    assert mutation.status_code == 405 and mutation.headers["allow"] == "POST"
    assert mutation.json()["errors"][0]["extensions"]["code"] == "MUTATION_OVER_GET"


async def test_a_public_get_answer_is_cacheable_and_revalidates(client):
    first = await client.get("/graphql", params={"query": DEPARTMENT})
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=60"
    assert "Authorization" in first.headers["vary"]
    again = await client.get(
        "/graphql", params={"query": DEPARTMENT}, headers={"if-none-match": etag}
    )
    assert again.status_code == 304
    assert again.headers["etag"] == etag and again.content == b""
    other = await client.get("/graphql", params={"query": '{ department(code: "49") { name } }'})
    assert other.headers["etag"] != etag


async def test_posts_authenticated_calls_and_errors_are_not_cached(client):
    posted = await client.post("/graphql", json={"query": DEPARTMENT})
    authenticated = await client.get(
        "/graphql", params={"query": DEPARTMENT}, headers={"authorization": "Bearer abc"}
    )
    failed = await client.get("/graphql", params={"query": '{ trainers(first: 0) { totalCount } }'})
    for response in (posted, authenticated, failed):
        assert response.headers["cache-control"] == "private, no-store"
        assert "etag" not in response.headers


async def test_an_unexpected_error_is_masked_logged_and_carries_the_request_id(
    client, monkeypatch, caplog
):
    async def broken(_session, _codes):
        raise RuntimeError("la base a pris feu")

    monkeypatch.setattr(departments, "departments_by_codes", broken)
    with caplog.at_level(logging.ERROR, logger="cps.errors"):
        response = await client.post("/graphql", json={"query": DEPARTMENT})
    assert response.status_code == 200
    request_id = response.headers["x-request-id"]
    [error] = response.json()["errors"]
    assert error["message"] == f"Erreur interne (requête {request_id})."
    assert error["extensions"] == {"code": "INTERNAL_ERROR", "requestId": request_id}
    assert "feu" not in response.text
    [record] = [r for r in caplog.records if r.name == "cps.errors"]
    assert record.request_id == request_id
    assert "la base a pris feu" in caplog.text


async def test_debug_mode_shows_the_unexpected_error(database_url, monkeypatch):
    async def broken(_session, _codes):
        raise RuntimeError("la base a pris feu")

    monkeypatch.setattr(departments, "departments_by_codes", broken)
    async with running(settings_for(database_url, debug=True)) as app, client_of(app) as http:
        response = await http.post("/graphql", json={"query": DEPARTMENT})
    [error] = response.json()["errors"]
    assert "RuntimeError: la base a pris feu" in error["message"]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"


async def test_an_exception_outside_graphql_gets_a_json_500_with_the_request_id(app):
    async def crash(_request):
        raise ValueError("boom")

    app.router.routes.append(Route("/crash", crash))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://cps.example.org") as http:
        response = await http.get("/crash")
    assert response.status_code == 500
    error = response.json()["errors"][0]
    assert error["extensions"] == {
        "code": "INTERNAL_ERROR", "requestId": response.headers["x-request-id"]
    }
    assert "boom" not in response.text


async def test_every_answer_has_a_request_id_and_a_trusted_proxy_may_give_it(database_url):
    settings = settings_for(database_url, trusted_proxies="10.0.0.0/8")
    async with running(settings) as app:
        async with client_of(app, "198.51.100.1") as http:
            own = await http.get("/healthz", headers={"x-request-id": "chosen-by-anyone"})
        async with client_of(app, "10.1.2.3") as proxy:
            given = await proxy.get("/healthz", headers={"x-request-id": "from-the-proxy-42"})
    assert own.headers["x-request-id"] != "chosen-by-anyone"
    assert len(own.headers["x-request-id"]) == 32
    assert given.headers["x-request-id"] == "from-the-proxy-42"


async def test_cors_lets_partner_origins_only(database_url):
    settings = settings_for(database_url, cors_origins="https://partenaire.example.fr")
    preflight = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
    }
    async with running(settings) as app, client_of(app) as http:
        allowed = await http.options(
            "/graphql", headers={"origin": "https://partenaire.example.fr", **preflight}
        )
        refused = await http.options(
            "/graphql", headers={"origin": "https://ailleurs.example", **preflight}
        )
        simple = await http.post(
            "/graphql",
            json={"query": DEPARTMENT},
            headers={"origin": "https://partenaire.example.fr"},
        )
        without_origin = await http.get("/graphql", params={"query": DEPARTMENT})
        with_origin = await http.get(
            "/graphql",
            params={"query": DEPARTMENT},
            headers={"origin": "https://partenaire.example.fr"},
        )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://partenaire.example.fr"
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    assert simple.headers["access-control-allow-origin"] == "https://partenaire.example.fr"
    assert "X-Request-ID" in simple.headers["access-control-expose-headers"]
    # A shared cache must not give a cached answer without CORS headers to a partner's page.
    assert without_origin.headers["vary"] == with_origin.headers["vary"] == "Authorization, Accept-Encoding, Origin"


async def test_no_cors_headers_without_partner_origins(client):
    response = await client.post(
        "/graphql", json={"query": DEPARTMENT}, headers={"origin": "https://partenaire.example.fr"}
    )
    assert "access-control-allow-origin" not in response.headers


async def test_private_objects_are_null_through_node_and_nodes(graphql, database):
    private_id = to_base64("Event", await add_private_meeting(database))
    data = await graphql.data(
        "query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }", {"id": private_id}
    )
    assert data == {"node": None, "nodes": [None]}


async def test_a_browser_gets_a_french_page_for_an_unexpected_error(app):
    async def crash(_request):
        raise ValueError("boom")

    app.router.routes.append(Route("/gestion/crash", crash))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://cps.example.org") as http:
        page = await http.get("/gestion/crash", headers={"accept": "text/html,*/*;q=0.8"})
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    assert '<html lang="fr">' in page.text and "Une erreur inattendue est survenue" in page.text
    assert page.headers["x-request-id"] in page.text and "boom" not in page.text

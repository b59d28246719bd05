"""What depends on a caller's secret is never cached publicly, and a registration's reference
is no key to an event made private (issue 12, holes 5 and 6)."""

from __future__ import annotations

import json

import pytest

from tests.staff.conftest import module_1_person, practice_day_id, session_id

pytestmark = pytest.mark.usefixtures("registrations_open")

MINE = "query($r: String!) { myRegistration(reference: $r) { status event { title } } }"
UPDATE_EVENT = """
mutation($id: ID!, $input: UpdateEventInput!) {
  updateEvent(id: $id, input: $input) { event { isPublic } errors { code } }
}
"""



async def test_my_registration_by_get_is_private_and_never_stored(client, graphql, register):
    answer = await register(graphql, session_id(2), module_1_person(1))
    reference = answer["reference"]

    mine = await client.get(
        "/graphql", params={"query": MINE, "variables": json.dumps({"r": reference})}
    )
    assert mine.status_code == 200
    assert mine.json()["data"]["myRegistration"]["status"] == "CONFIRMED"
    assert mine.headers["cache-control"] == "private, no-store"
    assert "etag" not in mine.headers
    unknown = await client.get(
        "/graphql", params={"query": MINE, "variables": json.dumps({"r": "inconnue"})}
    )
    assert unknown.json()["data"]["myRegistration"] is None
    assert unknown.headers["cache-control"] == "private, no-store"
    public = await client.get("/graphql", params={"query": '{ department(code: "44") { name } }'})
    assert public.headers["cache-control"].startswith("public, max-age=")
    assert public.headers["vary"] == "Authorization, Accept-Encoding"
    assert public.headers["etag"]


async def test_an_event_made_private_is_seen_through_staff_only(
    graphql, regional, staff_49, register
):
    trainer = module_1_person(9, departmentCode="49", confirmedTrainerTrainingYears=[2025])
    answer = await register(graphql, practice_day_id("49"), trainer)
    assert answer["errors"] == []
    reference = answer["reference"]
    before = (await graphql.data(MINE, {"r": reference}))["myRegistration"]
    assert before["event"]["title"]
    hidden = await staff_49.data(
        UPDATE_EVENT, {"id": practice_day_id("49"), "input": {"isPublic": False}}
    )
    assert hidden["updateEvent"] == {"event": {"isPublic": False}, "errors": []}
    after = (await graphql.data(MINE, {"r": reference}))["myRegistration"]
    assert after == {"status": "CONFIRMED", "event": None}
    node = "query($id: ID!) { node(id: $id) { ... on Registration { event { title } } } }"
    registration_id = answer["registration"]["id"]
    for staff in (regional, staff_49):
        seen = (await staff.data(node, {"id": registration_id}))["node"]
        assert seen["event"]["title"] == before["event"]["title"]

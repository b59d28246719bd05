"""Bad input is refused with a code before it reaches the database, and never gives a 500;
text sent anonymously is kept as text (issue 12, holes 7 and 8)."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import update
from strawberry.relay import to_base64

from core.models import Event
from tests.factories import add_private_meeting
from tests.staff.conftest import REGISTER, module_1_person, session_id
from tests.staff.test_private_feeds import SUBSCRIBE

pytestmark = pytest.mark.usefixtures("registrations_open")

SEATS = """
query($id: ID!) { node(id: $id) { ... on TrainingSession { seatsTaken waitlistLength } } }
"""
SCRIPT = "<script>alert('cps')</script>"
# Raw control characters a feed must not carry (its lines end with CRLF, tabs are text).
RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|(?<!\r)\n")



async def _post(client, query: str, variables: dict | None = None):
    # Serialised here: httpx would refuse to encode a lone surrogate itself.
    body = json.dumps({"query": query, "variables": variables})
    return await client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )


@pytest.mark.parametrize(
    "bad", ["Camille\x00Martin", "Camille\x1bMartin", "Camille\x0bMartin", "Camille\ud800"]
)
async def test_a_control_character_in_a_text_argument_is_refused_and_nothing_is_written(
    client, graphql, bad, caplog
):
    for person in (
        module_1_person(1, fullName=bad),
        module_1_person(2, employer=bad),
        module_1_person(3, email=bad + "@example.org"),
    ):
        response = await _post(
            client, REGISTER, {"target": session_id(2), "registration": person}
        )
        assert response.status_code == 400, response.text
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "INVALID_CHARACTERS"
        assert "caractère de contrôle" in error["message"]
    literal = await _post(
        client, '{ trainers(filter: {name: "a\\u0000b"}) { totalCount } }'
    )
    assert literal.status_code == 400
    assert literal.json()["errors"][0]["extensions"]["code"] == "INVALID_CHARACTERS"
    assert (await graphql.data(SEATS, {"id": session_id(2)}))["node"] == {
        "seatsTaken": 0,
        "waitlistLength": 0,
    }
    assert "unexpected error" not in caplog.text


async def test_tab_and_line_breaks_are_text(graphql):
    person = module_1_person(1, employer="Mairie\td'Angers\r\nService enfance")
    answer = await graphql.data(REGISTER, {"target": session_id(2), "registration": person})
    assert answer["register"]["errors"] == []


@pytest.mark.parametrize(
    "query, variables",
    [
        ("{ sessions(first: 18446744073709551617) { totalCount } }", None),
        ("query($f: Int) { sessions(first: $f) { totalCount } }", {"f": 18446744073709551617}),
        ("query($f: Int) { sessions(first: $f) { totalCount } }", {"f": 1e300}),
        ("query($f: Int) { sessions(last: $f) { totalCount } }", {"f": -(2**70)}),
    ],
)
async def test_an_integer_out_of_range_is_an_invalid_argument(client, query, variables, caplog):
    response = await _post(client, query, variables)
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "INVALID_ARGUMENT"
    assert error["message"].startswith("Argument invalide")
    assert "unexpected error" not in caplog.text


@pytest.mark.parametrize("type_name", ["Node", "Query", "RegisterPayload", "Nope"])
async def test_a_node_id_of_an_abstract_or_unknown_type_is_an_invalid_id(
    client, type_name, caplog
):
    global_id = to_base64(type_name, "x")
    for query, variables in (
        ("query($id: ID!) { node(id: $id) { id } }", {"id": global_id}),
        ("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [global_id]}),
    ):
        response = await _post(client, query, variables)
        assert response.status_code == 200, response.text
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "INVALID_ID"
    assert "unexpected error" not in caplog.text


async def test_feeds_never_carry_raw_control_characters(app, client, database):
    public_id = await add_private_meeting(database)
    async with database.sessions() as db, db.begin():
        await db.execute(
            update(Event)
            .where(Event.public_id == public_id)
            .values(
                is_public=True,
                title="Réunion\x01du\x07COTER\x1b",
                description="Ligne un\r\nLigne deux\rLigne trois\x0c",
            )
        )
    for path in ("/calendars/region.ics", "/calendars/departments/44.ics",
                 f"/calendars/events/{public_id}.ics"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert not RAW_CONTROL.search(response.content), path
        assert b"Ligne un\\nLigne deux\\nLigne trois" in response.content.replace(b"\r\n ", b"")


async def test_html_sent_anonymously_stays_text_everywhere(
    graphql, client, regional, staff_49, caplog
):
    person = module_1_person(
        1,
        fullName=SCRIPT,
        employer=f"<img src=x onerror=alert(1)>{SCRIPT}",
        email="<script>@example.org",
    )
    answer = await graphql.data(REGISTER, {"target": session_id(2), "registration": person})
    registration = answer["register"]["registration"]
    assert registration["fullName"] == SCRIPT
    assert registration["email"] == "<script>@example.org"
    listed = await regional.post(
        "query($id: ID!) { registrations(target: $id) { fullName employer } }",
        {"id": session_id(2)},
    )
    assert listed.headers["content-type"].startswith("application/json")
    assert listed.headers["x-content-type-options"] == "nosniff"
    # JSON carries the text as text: the very characters sent, never interpreted.
    assert listed.json()["data"]["registrations"] == [
        {"fullName": SCRIPT, "employer": person["employer"]}
    ]
    audit = await regional.data("{ auditLog { actor action changes } }")
    assert "<script" not in json.dumps(audit) and "<img" not in json.dumps(audit)
    feed_url = (
        await staff_49.data(SUBSCRIBE, {"label": "<b>bureau</b>", "scope": "DEPARTMENT",
                                        "code": "49"})
    )["createCalendarSubscription"]["url"]
    for path in (feed_url, "/calendars/region.ics", "/calendars/departments/49.ics"):
        body = (await client.get(path)).content
        assert b"<script" not in body and b"<img" not in body, path
    assert SCRIPT not in caplog.text

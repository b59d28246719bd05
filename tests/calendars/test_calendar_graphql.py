"""Each object's feed in GraphQL (``calendar``) and the list of every feed (``calendars``)."""

from __future__ import annotations

from tests.calendars.feeds import event_id, fetch, person_id, session_id

BASE = "https://cps.example.org"

OBJECTS = """
{
  department(code: "44") { calendar { kind name url webcalUrl } }
  module(number: MODULE_2) { calendar { kind name url webcalUrl } }
  sessions(filter: {year: 2025}, first: 1) { edges { node { number calendar { name url } } } }
  trainers(filter: {name: "garabedian"}) { edges { node { calendar { name url webcalUrl } } } }
  events(filter: {department: "44"}) { edges { node { id calendar { name url } } } }
}
"""


async def test_each_object_gives_its_calendar(graphql, client):
    data = await graphql.data(OBJECTS)
    assert data["department"]["calendar"] == {
        "kind": "DEPARTMENT",
        "name": "Pôle CPS — Loire-Atlantique (44)",
        "url": f"{BASE}/calendars/departments/44.ics",
        "webcalUrl": "webcal://cps.example.org/calendars/departments/44.ics",
    }
    module = data["module"]["calendar"]
    assert module["kind"] == "MODULE"
    assert module["name"].startswith("Pôle CPS — Module 2 : Transférer des compétences")
    assert module["url"] == f"{BASE}/calendars/modules/2.ics"
    [session] = [edge["node"] for edge in data["sessions"]["edges"]]
    assert session["calendar"] == {
        "name": "Pôle CPS — Session 1 (2025) du module 2",
        "url": f"{BASE}/calendars/sessions/{session_id(1)}.ics",
    }
    [trainer] = [edge["node"] for edge in data["trainers"]["edges"]]
    assert trainer["calendar"]["name"] == "Pôle CPS — Mathilde Garabedian"
    assert trainer["calendar"]["url"] == (
        f"{BASE}/calendars/trainers/{person_id('mathilde-garabedian')}.ics"
    )
    exchange = next(
        edge["node"]["calendar"]
        for edge in data["events"]["edges"]
        if edge["node"]["calendar"]["url"].endswith(f"{event_id('2025-practice-exchange-44')}.ics")
    )
    assert exchange["name"].startswith("Pôle CPS — Journée d'échanges de pratique")
    department = data["department"]["calendar"]
    for calendar in (department, module, session["calendar"], trainer["calendar"], exchange):
        response = await fetch(client, calendar["url"].removeprefix(BASE))
        assert response.status_code == 200, calendar


async def test_calendars_lists_every_feed_in_pages(graphql):
    first = await graphql.data(
        "{ calendars(first: 3) { totalCount pageInfo { hasNextPage endCursor } "
        "edges { node { kind url } } } "
        "trainers { totalCount } sessions { totalCount } events { totalCount } }"
    )
    page = first["calendars"]
    objects = sum(first[name]["totalCount"] for name in ("trainers", "sessions", "events"))
    assert page["totalCount"] == 1 + 5 + 2 + objects
    kinds = [edge["node"]["kind"] for edge in page["edges"]]
    assert kinds == ["REGION", "DEPARTMENT", "DEPARTMENT"]
    assert page["edges"][0]["node"]["url"] == f"{BASE}/calendars/region.ics"
    assert page["pageInfo"]["hasNextPage"]
    second = await graphql.data(
        "query($after: String) { calendars(first: 3, after: $after) { edges { node { url } } } }",
        {"after": page["pageInfo"]["endCursor"]},
    )
    assert [edge["node"]["url"] for edge in second["calendars"]["edges"]] == [
        f"{BASE}/calendars/departments/53.ics",
        f"{BASE}/calendars/departments/72.ics",
        f"{BASE}/calendars/departments/85.ics",
    ]


async def test_calendars_of_some_kinds(graphql):
    data = await graphql.data(
        "{ calendars(kinds: [MODULE, REGION]) { totalCount edges { node { kind name } } } }"
    )
    assert data["calendars"]["totalCount"] == 3
    assert [edge["node"]["kind"] for edge in data["calendars"]["edges"]] == [
        "REGION", "MODULE", "MODULE"
    ]


async def test_a_bad_cursor_is_an_input_error(graphql):
    body = await graphql('{ calendars(after: "not-a-cursor") { totalCount } }')
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"

"""Private events (a COTER meeting): read by the staff of their department and the regional
staff through GraphQL, never by anyone else; their entry in a private feed links to an answer."""

from __future__ import annotations

from icalendar import Calendar
from strawberry.relay import to_base64

from tests.factories import add_private_meeting
from tests.staff.test_private_feeds import SUBSCRIBE

EVENTS = """query { events(filter: {department: "44"}, first: 100) {
  edges { node { id title isPublic } } } }"""
NODE = "query($id: ID!) { node(id: $id) { ... on Event { title isPublic department { code } } } }"


async def _titles(client) -> list[str]:
    data = await client.data(EVENTS)
    return [edge["node"]["title"] for edge in data["events"]["edges"]]


async def test_staff_of_its_department_and_regional_staff_read_a_private_event(
    database, graphql, as_token, staff_44, staff_49, regional
):
    meeting = to_base64("Event", await add_private_meeting(database))
    for reader in (staff_44, regional):
        assert "Réunion du COTER" in await _titles(reader)
        node = (await reader.data(NODE, {"id": meeting}))["node"]
        assert node == {
            "title": "Réunion du COTER",
            "isPublic": False,
            "department": {"code": "44"},
        }
    for stranger in (graphql, as_token(None), staff_49):
        assert "Réunion du COTER" not in await _titles(stranger)
        assert (await stranger.data(NODE, {"id": meeting}))["node"] is None


async def test_a_private_events_feed_entry_links_to_an_answer_for_its_staff_only(
    database, client, staff_44
):
    await add_private_meeting(database)
    subscribed = await staff_44.data(
        SUBSCRIBE, {"label": "Agenda du COTER", "scope": "DEPARTMENT", "code": "44"}
    )
    feed = await client.get(subscribed["createCalendarSubscription"]["url"])
    entries = Calendar.from_ical(feed.content).walk("VEVENT")
    [entry] = [e for e in entries if e["SUMMARY"] == "Réunion du COTER"]
    link = str(entry["URL"])
    assert link.startswith("https://cps.example.org/graphql?query=")
    assert link in str(entry["DESCRIPTION"])
    path = link.removeprefix("https://cps.example.org")
    answered = await staff_44.http.get(path, headers={"Authorization": f"Bearer {staff_44.token}"})
    assert answered.status_code == 200
    assert answered.json()["data"]["node"]["title"] == "Réunion du COTER"
    anonymous = await client.get(path)
    assert anonymous.status_code == 200 and anonymous.json()["data"]["node"] is None
    # A public session's or event's entry still links to its own calendar file.
    public = [str(e["URL"]) for e in entries if e is not entry and "URL" in e]
    assert public and all(url.startswith("https://cps.example.org/calendars/") for url in public)

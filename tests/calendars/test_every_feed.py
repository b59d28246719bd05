"""Every feed of the seeded service, read by icalendar and by ical.js, holds what it should."""

from __future__ import annotations

from collections import defaultdict

from core.seed.schema import read_seed_file
from tests.calendars.feeds import day_uid, entries, event_id, fetch, parse, person_id, session_id

EVERY_CALENDAR = """
query($after: String) {
  calendars(first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { kind name url webcalUrl } }
  }
}
"""
EXCHANGE_DAYS = {
    "44": "mathilde-garabedian",
    "85": "emilie-provost",
    "72": "tiphaine-forges-bodet",
    "53": "anne-le-royer",
    "49": "alexandra-bonnaudet",
}


def expected_days() -> dict[str, set[str]]:
    """The training days each feed holds, exactly, from the seed."""
    expected: dict[str, set[str]] = defaultdict(set)
    for session in read_seed_file().sessions:
        days = {day_uid(session.number, day.isoformat()) for day in session.days}
        expected["/calendars/region.ics"] |= days
        expected[f"/calendars/modules/{session.module}.ics"] |= days
        expected[f"/calendars/sessions/{session_id(session.number)}.ics"] |= days
        for place in session.places:
            expected[f"/calendars/departments/{place.postal_code[:2]}.ics"] |= days
    return expected


def expected_events() -> dict[str, set[str]]:
    """The practice-exchange days each feed holds at least (plugins may add more events)."""
    expected: dict[str, set[str]] = defaultdict(set)
    for code, leader in EXCHANGE_DAYS.items():
        uid = event_id(f"2025-practice-exchange-{code}")
        for path in (
            "/calendars/region.ics",
            f"/calendars/departments/{code}.ics",
            f"/calendars/trainers/{person_id(leader)}.ics",
            f"/calendars/events/{uid}.ics",
        ):
            expected[path].add(uid)
    return expected


def by_name(parsed) -> str:
    """X-WR-CALNAME, which some applications read without unescaping: names have no comma."""
    return parsed["X-WR-CALNAME"].to_ical().decode()


async def every_calendar(graphql) -> list[dict]:
    calendars, after = [], None
    while True:
        page = (await graphql.data(EVERY_CALENDAR, {"after": after}))["calendars"]
        calendars += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            assert len(calendars) == page["totalCount"]
            return calendars
        after = page["pageInfo"]["endCursor"]


async def test_every_feed_parses_in_both_parsers_and_holds_its_entries(client, graphql, icaljs):
    calendars = await every_calendar(graphql)
    kinds = defaultdict(int)
    for calendar in calendars:
        kinds[calendar["kind"]] += 1
    counts = await graphql.data(
        "{ trainers { totalCount } sessions { totalCount } events { totalCount } }"
    )
    assert dict(kinds) == {
        "REGION": 1,
        "DEPARTMENT": 5,
        "MODULE": 2,
        "TRAINER": counts["trainers"]["totalCount"],
        "SESSION": counts["sessions"]["totalCount"],
        "EVENT": counts["events"]["totalCount"],
    }
    assert kinds["SESSION"] == 6 and kinds["EVENT"] >= 5

    bodies, by_icalendar = {}, {}
    for calendar in calendars:
        path = calendar["url"].removeprefix("https://cps.example.org")
        assert calendar["webcalUrl"] == "webcal://cps.example.org" + path
        response = await fetch(client, path)
        assert response.status_code == 200, (path, response.text)
        bodies[path] = response.content
        parsed = parse(response.content)
        assert str(parsed["NAME"]) == calendar["name"] == by_name(parsed)
        by_icalendar[path] = entries(parsed)
    by_icaljs = icaljs(bodies)

    days_of, events_of = expected_days(), expected_events()
    for path in bodies:
        icalendar_uids = set(by_icalendar[path])
        icaljs_uids = {event["uid"] for event in by_icaljs[path]["events"]}
        assert icalendar_uids == icaljs_uids, path
        assert by_icaljs[path]["timezones"] == ["Europe/Paris"], path
        days = {uid for uid, entry in by_icalendar[path].items() if "(jour " in entry.summary}
        assert days == days_of[path], path
        assert events_of[path] <= icalendar_uids, (path, events_of[path] - icalendar_uids)
        for event in by_icaljs[path]["events"]:
            if event["startUtc"] is not None:
                entry = by_icalendar[path][event["uid"]]
                assert event["startUtc"] == entry.start_utc.strftime("%Y-%m-%dT%H:%M:%S.000Z")

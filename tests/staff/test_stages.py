"""Where sessions and events stand, by the service's clock: GraphQL's fields and filters, and
the feeds saying the same closing time."""

from __future__ import annotations

from datetime import datetime

from core.timezone import PARIS
from tests.calendars.feeds import day_uid, feed
from tests.staff.conftest import practice_day_id, session_id

SESSIONS = """
query($filter: TrainingSessionFilter) {
  sessions(first: 50, filter: $filter) { edges { node {
    number stage registrationOpen registrationClosesAt registrationClosedReason
  } } }
}
"""
EVENTS = """
query($filter: EventFilter) {
  events(first: 50, filter: $filter) { edges { node {
    id stage registrationOpen registrationClosesAt registrationClosedReason
  } } }
}
"""
CANCEL = "mutation($id: ID!) { cancelTrainingSession(id: $id) { errors { code } } }"


async def _sessions(graphql, **criteria) -> dict[int, dict]:
    data = await graphql.data(SESSIONS, {"filter": {"year": 2025, **criteria}})
    return {edge["node"]["number"]: edge["node"] for edge in data["sessions"]["edges"]}


async def test_a_year_later_every_2025_session_is_over_and_closed(graphql, clock):
    clock.set(datetime(2026, 12, 6, 10, tzinfo=PARIS))
    sessions = await _sessions(graphql)
    assert len(sessions) == 6
    for session in sessions.values():
        assert session["stage"] == "OVER" and session["registrationOpen"] is False
        assert session["registrationClosedReason"] == "Inscriptions closes : la session est terminée."
    assert await _sessions(graphql, registrationOpen=True) == {}
    assert set(await _sessions(graphql, stage=["OVER"])) == set(range(1, 7))
    events = (await graphql.data(EVENTS, {"filter": {"registrationOpen": True}}))["events"]
    assert [e for e in events["edges"] if e["node"]["registrationClosesAt"] < "2026"] == []


async def test_stage_and_registration_in_the_middle_of_2025(graphql, regional, client, clock):
    clock.set(datetime(2025, 5, 22, 10, 30, tzinfo=PARIS))
    sessions = await _sessions(graphql)
    # Session 2 (5–7 May) is over, 3 began at 9:00 today, 1 runs until 27 May, 4 to 6 are to come.
    assert {n: s["stage"] for n, s in sessions.items()} == {
        1: "UNDER_WAY", 2: "OVER", 3: "UNDER_WAY", 4: "UPCOMING", 5: "UPCOMING", 6: "UPCOMING",
    }
    assert sessions[3]["registrationOpen"] is False
    assert sessions[3]["registrationClosedReason"] == (
        "Inscriptions closes : la session a commencé le 22/05/2025 à 9 h 00."
    )
    assert sessions[4]["registrationOpen"] is True and sessions[4]["registrationClosedReason"] is None
    assert datetime.fromisoformat(sessions[4]["registrationClosesAt"]) == datetime(
        2025, 10, 6, 9, tzinfo=PARIS
    )
    assert set(await _sessions(graphql, stage=["UNDER_WAY"])) == {1, 3}
    assert set(await _sessions(graphql, stage=["UPCOMING", "OVER"])) == {2, 4, 5, 6}
    assert set(await _sessions(graphql, registrationOpen=True)) == {4, 5, 6}
    assert set(await _sessions(graphql, registrationOpen=False)) == {1, 2, 3}

    # The feed says the same closing time as the API.
    day = (await feed(client, "/calendars/departments/49.ics"))[day_uid(4, "2025-10-07")]
    assert "Clôture des inscriptions : 06/10/2025 à 9 h 00." in str(day.component["DESCRIPTION"])

    events = (await graphql.data(EVENTS, {"filter": {"stage": ["UPCOMING"]}}))["events"]["edges"]
    exchange = next(e["node"] for e in events if e["node"]["id"] == practice_day_id("44"))
    assert exchange["registrationOpen"] is True
    assert datetime.fromisoformat(exchange["registrationClosesAt"]) == datetime(
        2025, 9, 23, 9, tzinfo=PARIS
    )

    assert (await regional.data(CANCEL, {"id": session_id(4)}))["cancelTrainingSession"][
        "errors"] == []
    cancelled = (await _sessions(graphql))[4]
    assert cancelled["stage"] == "UPCOMING" and cancelled["registrationOpen"] is False
    assert cancelled["registrationClosedReason"] == "Inscriptions fermées : la session est annulée."
    assert 4 not in await _sessions(graphql, registrationOpen=True)

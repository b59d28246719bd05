"""Staff mutations of training sessions through HTTP: rules, partial updates, SEQUENCE, seats."""

from __future__ import annotations

from sqlalchemy import select

from core.db import seeded_public_id
from core.models import SessionDay, TrainingSession
from tests.staff.conftest import REGISTER, module_1_person, session_id

UPDATE = """
mutation($id: ID!, $input: UpdateTrainingSessionInput!) {
  updateTrainingSession(id: $id, input: $input) {
    trainingSession { capacity placeTentative placeLabel status seatsTaken waitlistLength
                      trainers { fullName } }
    errors { code field message plugin }
  }
}
"""

CREATE = """
mutation($input: CreateTrainingSessionInput!) {
  createTrainingSession(input: $input) {
    trainingSession { id number title days { date } department { code } }
    errors { code field message }
  }
}
"""

CANCEL = """
mutation($id: ID!) { cancelTrainingSession(id: $id) { trainingSession { status } errors { code } } }
"""

RESCHEDULE = """
mutation($id: ID!, $date: Date!, $newDate: Date, $startTime: Time) {
  rescheduleSessionDay(id: $id, date: $date, newDate: $newDate, startTime: $startTime) {
    trainingSession { days { date startsAt } } errors { code field message }
  }
}
"""


async def _sequences(database, number: int) -> dict[str, int]:
    async with database.sessions() as db:
        session_row = await db.scalar(
            select(TrainingSession.id).where(
                TrainingSession.public_id == seeded_public_id(f"session:2025-{number}")
            )
        )
        rows = await db.scalars(select(SessionDay).where(SessionDay.session_id == session_row))
        return {str(row.date): row.sequence for row in rows}


async def test_an_update_changes_only_the_fields_given(staff_49, database):
    before = await _sequences(database, 2)
    data = await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": 12}})
    answer = data["updateTrainingSession"]
    assert answer["errors"] == []
    session = answer["trainingSession"]
    assert session["capacity"] == 12 and session["placeLabel"] == "Angers"
    assert session["placeTentative"] is False and session["status"] == "PLANNED"
    # A change of capacity does not change what the calendars show.
    assert await _sequences(database, 2) == before


async def test_a_negative_capacity_is_refused_by_the_rules_and_nothing_changes(staff_49):
    data = await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": -3}})
    [error] = data["updateTrainingSession"]["errors"]
    assert error["code"] == "SESSION_CAPACITY_POSITIVE" and error["field"] == "capacity"
    assert data["updateTrainingSession"]["trainingSession"] is None
    check = await staff_49.data(
        "query($id: ID!) { node(id: $id) { ... on TrainingSession { capacity } } }",
        {"id": session_id(2)},
    )
    assert check["node"]["capacity"] is None


async def test_a_capacity_below_the_seats_taken_is_refused(staff_49, graphql):
    await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": 5}})
    for n in range(3):
        await graphql.data(REGISTER, {"target": session_id(2), "registration": module_1_person(n)})
    data = await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": 2}})
    assert [e["code"] for e in data["updateTrainingSession"]["errors"]] == [
        "SESSION_CAPACITY_NOT_BELOW_SEATS_TAKEN"
    ]


async def test_more_seats_confirm_the_waitlist(staff_49, graphql):
    await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": 1}})
    for n in range(3):
        await graphql.data(REGISTER, {"target": session_id(2), "registration": module_1_person(n)})
    data = await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": 2}})
    session = data["updateTrainingSession"]["trainingSession"]
    assert (session["seatsTaken"], session["waitlistLength"]) == (2, 1)


async def test_a_place_in_another_department_is_refused_and_forbidden(staff_49, regional):
    place = {"places": [{"city": "Nantes", "postalCode": "44000"}]}
    body = await staff_49(UPDATE, {"id": session_id(2), "input": place})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad = await regional.data(
        UPDATE, {"id": session_id(2), "input": {"places": [{"city": "Angers", "postalCode": "4"}]}}
    )
    assert bad["updateTrainingSession"]["errors"][0]["code"] == "INVALID_POSTAL_CODE"


async def test_a_new_place_bumps_every_days_sequence(staff_49, database):
    before = await _sequences(database, 2)
    data = await staff_49.data(
        UPDATE,
        {"id": session_id(2), "input": {"places": [{"city": "Cholet", "postalCode": "49300"}]}},
    )
    assert data["updateTrainingSession"]["trainingSession"]["placeLabel"] == "Cholet"
    after = await _sequences(database, 2)
    assert all(after[day] == before[day] + 1 for day in before)


async def test_create_a_session_under_the_rules(staff_49, staff_44):
    session = {
        "year": 2026,
        "number": 1,
        "moduleNumber": 1,
        "places": [{"city": "Angers", "postalCode": "49000"}],
        "days": [{"date": "2026-03-02"}, {"date": "2026-03-03"}, {"date": "2026-03-20"}],
        "capacity": 16,
    }
    created = (await staff_49.data(CREATE, {"input": session}))["createTrainingSession"]
    assert created["errors"] == []
    assert created["trainingSession"]["title"] == "Session 1 (2026) — Module 1"
    assert created["trainingSession"]["department"] == {"code": "49"}
    again = (await staff_49.data(CREATE, {"input": session}))["createTrainingSession"]
    assert [e["code"] for e in again["errors"]] == ["SESSION_NUMBER_TAKEN"]
    wrong_year = {**session, "number": 2, "days": [{"date": "2027-01-04"}]}
    refused = (await staff_49.data(CREATE, {"input": wrong_year}))["createTrainingSession"]
    assert "SESSION_STARTS_IN_ITS_YEAR" in [e["code"] for e in refused["errors"]]
    forbidden = await staff_44(CREATE, {"input": {**session, "number": 3}})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_cancel_keeps_the_session_and_reschedule_moves_a_day(staff_49, database):
    moved = await staff_49.data(
        RESCHEDULE, {"id": session_id(2), "date": "2025-05-07", "newDate": "2025-05-09"}
    )
    days = [d["date"] for d in moved["rescheduleSessionDay"]["trainingSession"]["days"]]
    assert days == ["2025-05-05", "2025-05-06", "2025-05-09"]
    wrong = await staff_49.data(
        RESCHEDULE, {"id": session_id(2), "date": "2025-05-08", "newDate": "2025-05-10"}
    )
    assert wrong["rescheduleSessionDay"]["errors"][0]["code"] == "DAY_NOT_FOUND"
    cancelled = await staff_49.data(CANCEL, {"id": session_id(2)})
    assert cancelled["cancelTrainingSession"] == {
        "trainingSession": {"status": "CANCELLED"}, "errors": []
    }


async def test_a_change_of_session_evaluates_its_waitlist_again(staff_49, graphql):
    await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": 1}})
    answers = []
    for n in range(2):
        data = await graphql.data(
            REGISTER, {"target": session_id(2), "registration": module_1_person(n)}
        )
        answers.append(data["register"])
    assert answers[1]["registration"]["status"] == "WAITLISTED"
    await staff_49.data(CANCEL, {"id": session_id(2)})
    mine = await graphql.data(
        "query($r: String!) { myRegistration(reference: $r) { status "
        "evaluatedRules { code outcome } } }",
        {"r": answers[1]["reference"]},
    )
    assert mine["myRegistration"]["status"] == "REFUSED"
    assert {"code": "REGISTRATION_TARGET_CANCELLED", "outcome": "VIOLATED"} in mine[
        "myRegistration"
    ]["evaluatedRules"]

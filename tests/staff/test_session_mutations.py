"""Staff mutations of training sessions through HTTP: rules, partial updates, SEQUENCE, seats."""

from __future__ import annotations

from sqlalchemy import select

from core.db import seeded_public_id
from core.models import SessionDay, TrainingSession
from tests.staff.conftest import module_1_person, session_id

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


async def test_a_capacity_below_the_seats_taken_is_refused(staff_49, graphql, register):
    await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": 5}})
    for n in range(3):
        await register(graphql, session_id(2), module_1_person(n))
    data = await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": 2}})
    assert [e["code"] for e in data["updateTrainingSession"]["errors"]] == [
        "SESSION_CAPACITY_NOT_BELOW_SEATS_TAKEN"
    ]


async def test_more_seats_confirm_the_waitlist(staff_49, graphql, register):
    await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": 1}})
    for n in range(3):
        await register(graphql, session_id(2), module_1_person(n))
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


async def test_a_change_of_session_evaluates_its_waitlist_again(staff_49, graphql, register):
    await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": 1}})
    answers = []
    for n in range(2):
        answers.append(await register(graphql, session_id(2), module_1_person(n)))
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


ADD_DAY = """
mutation($id: ID!, $day: SessionDayInput!) {
  addSessionDay(id: $id, day: $day, dayCountReason: "Une demi-journée de reprise en plus.") {
    trainingSession { days { date number of startsAt } } errors { code field message }
  }
}
"""

REMOVE_DAY = """
mutation($id: ID!, $date: Date!) { removeSessionDay(id: $id, date: $date) { errors { code } } }
"""


async def test_a_day_added_renumbers_the_others_and_a_removed_one_comes_back(
    staff_49, staff_44, database
):
    before = await _sequences(database, 2)
    added = await staff_49.data(
        ADD_DAY, {"id": session_id(2), "day": {"date": "2025-05-12", "startTime": "13:30:00"}}
    )
    days = added["addSessionDay"]["trainingSession"]["days"]
    assert [(d["date"], d["number"], d["of"]) for d in days] == [
        ("2025-05-05", 1, 4), ("2025-05-06", 2, 4), ("2025-05-07", 3, 4), ("2025-05-12", 4, 4)
    ]
    assert days[-1]["startsAt"] == "2025-05-12T13:30:00+02:00"
    after = await _sequences(database, 2)
    assert all(after[day] == before[day] + 1 for day in before)

    taken = await staff_49.data(ADD_DAY, {"id": session_id(2), "day": {"date": "2025-05-12"}})
    assert taken["addSessionDay"]["errors"][0]["code"] == "DATE_TAKEN"
    hours = {"date": "2025-05-13", "startTime": "17:00:00", "endTime": "09:00:00"}
    wrong = await staff_49.data(ADD_DAY, {"id": session_id(2), "day": hours})
    assert wrong["addSessionDay"]["errors"][0]["code"] == "INVALID_HOURS"
    ruled = await staff_49.data(ADD_DAY, {"id": session_id(2), "day": {"date": "2024-12-16"}})
    assert "SESSION_STARTS_IN_ITS_YEAR" in [e["code"] for e in ruled["addSessionDay"]["errors"]]
    forbidden = await staff_44(ADD_DAY, {"id": session_id(2), "day": {"date": "2025-05-14"}})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert set(await _sequences(database, 2)) == set(after)

    removed = await staff_49.data(REMOVE_DAY, {"id": session_id(2), "date": "2025-05-12"})
    assert removed["removeSessionDay"]["errors"] == []
    cancelled = await _sequences(database, 2)
    back = await staff_49.data(ADD_DAY, {"id": session_id(2), "day": {"date": "2025-05-12"}})
    assert len(back["addSessionDay"]["trainingSession"]["days"]) == 4
    # The same row (and so the same calendar UID) comes back, with a higher SEQUENCE.
    restored = await _sequences(database, 2)
    assert set(restored) == set(cancelled)
    assert restored["2025-05-12"] == cancelled["2025-05-12"] + 1


CREATE_WITH_REASON = """
mutation($input: CreateTrainingSessionInput!) {
  createTrainingSession(input: $input) {
    trainingSession { dayCountReason department { code } } errors { code field message }
  }
}
"""
NEW_SESSION = {
    "year": 2026, "number": 7, "moduleNumber": 1,
    "places": [{"city": "Angers", "postalCode": "49000"}],
    "days": [{"date": "2026-03-02"}, {"date": "2026-03-03"}, {"date": "2026-03-20"}],
}


async def test_a_place_whose_commune_and_postal_code_disagree_is_refused(regional):
    wrong = {**NEW_SESSION, "places": [{"city": "Angers", "postalCode": "44000"}]}
    answer = (await regional.data(CREATE_WITH_REASON, {"input": wrong}))["createTrainingSession"]
    assert answer["trainingSession"] is None
    assert answer["errors"] == [{
        "code": "POSTAL_CODE_MISMATCH", "field": "places",
        "message": "Le code postal 44000 ne correspond pas à Angers : Angers est en "
        "Maine-et-Loire (49000, 49100).",
    }]
    typo = {**NEW_SESSION, "places": [{"city": "Nantess", "postalCode": "44000"}]}
    answer = (await regional.data(CREATE_WITH_REASON, {"input": typo}))["createTrainingSession"]
    assert answer["errors"][0]["code"] == "UNKNOWN_COMMUNE"
    assert answer["errors"][0]["message"] == (
        "« Nantess » n'est pas une commune de Loire-Atlantique. Au code postal 44000 : Nantes."
    )
    moved = await regional.data(
        UPDATE, {"id": session_id(2), "input": {"places": [{"city": "Angers", "postalCode": "44000"}]}}
    )
    assert moved["updateTrainingSession"]["errors"][0]["code"] == "POSTAL_CODE_MISMATCH"
    fine = {**NEW_SESSION, "places": [{"city": "angers", "postalCode": "49100"}]}
    answer = (await regional.data(CREATE_WITH_REASON, {"input": fine}))["createTrainingSession"]
    assert answer["errors"] == [] and answer["trainingSession"]["department"] == {"code": "49"}


async def test_a_session_lasts_its_modules_days_unless_a_reason_is_given_and_kept(regional):
    short = {**NEW_SESSION, "days": NEW_SESSION["days"][:2]}
    answer = (await regional.data(CREATE_WITH_REASON, {"input": short}))["createTrainingSession"]
    assert answer["errors"] == [{
        "code": "DAY_COUNT_MISMATCH", "field": "days",
        "message": "Le module 1 dure 3 jours : la session en compte 2. Prévoyez 3 journées, ou "
        "donnez la raison de l'écart (dayCountReason).",
    }]
    reason = "Troisième journée mutualisée avec la session 8."
    answer = (
        await regional.data(CREATE_WITH_REASON, {"input": {**short, "dayCountReason": reason}})
    )["createTrainingSession"]
    assert answer["errors"] == [] and answer["trainingSession"]["dayCountReason"] == reason
    removed = await regional.data(REMOVE_DAY, {"id": session_id(2), "date": "2025-05-07"})
    assert removed["removeSessionDay"]["errors"] == [{"code": "DAY_COUNT_MISMATCH"}]


async def test_the_module_is_the_enum_and_the_old_number_still_works(regional):
    by_enum = {**NEW_SESSION, "number": 9, "moduleNumber": None, "module": "MODULE_2"}
    del by_enum["moduleNumber"]
    created = (await regional.data(CREATE, {"input": by_enum}))["createTrainingSession"]
    assert created["errors"] == []
    assert created["trainingSession"]["title"] == "Session 9 (2026) — Module 2"
    by_number = {**NEW_SESSION, "number": 10}
    created = (await regional.data(CREATE, {"input": by_number}))["createTrainingSession"]
    assert created["trainingSession"]["title"] == "Session 10 (2026) — Module 1"
    both = {**NEW_SESSION, "number": 11, "module": "MODULE_2"}
    refused = (await regional.data(CREATE, {"input": both}))["createTrainingSession"]
    assert [error["code"] for error in refused["errors"]] == ["MODULE_CONFLICT"]

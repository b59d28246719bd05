"""Registering to sessions and events through HTTP: every rule, every seat, the reference."""

from __future__ import annotations

from sqlalchemy import func, select

from core.models import AuditEntry, Registration
from tests.staff.conftest import (
    REGISTER,
    module_1_person,
    module_2_person,
    practice_day_id,
    session_id,
)

MY_REGISTRATION = """
query($reference: String!) {
  myRegistration(reference: $reference) {
    status fullName email questionnaireScore
    evaluatedRules { plugin code outcome }
    session { number seatsTaken seatsLeft waitlistLength }
  }
}
"""

CANCEL_MINE = """
mutation($reference: String!) {
  cancelMyRegistration(reference: $reference) {
    registration { status }
    errors { code }
  }
}
"""

COUNTS = """
query($id: ID!) { node(id: $id) { ... on TrainingSession { seatsTaken seatsLeft waitlistLength } } }
"""


async def _rows(database) -> int:
    async with database.sessions() as db:
        return await db.scalar(select(func.count(Registration.id)))


async def _register(graphql, target: str, person: dict, key: str | None = None) -> dict:
    """The answer of ``register`` itself (without following the confirmation link)."""
    data = await graphql.data(REGISTER, {"target": target, "registration": person, "key": key})
    return data["register"]


async def test_a_module_2_registration_with_70_percent_is_refused_and_nothing_written(
    graphql, database
):
    answer = await _register(graphql, session_id(1), module_2_person(questionnaireScore=0.7))
    assert answer["registration"] is None and answer["reference"] is None
    [error] = answer["errors"]
    assert error["code"] == "PREREQUISITE_CONCEPTS_QUESTIONNAIRE"
    assert error["field"] == "questionnaireScore"
    assert "80" in error["message"] and "70" in error["message"]
    assert await _rows(database) == 0
    async with database.sessions() as db:
        assert await db.scalar(select(func.count(AuditEntry.id))) == 0


async def test_the_refusal_is_the_one_eligibility_gives(graphql):
    person = module_2_person(questionnaireScore=0.7)
    eligibility = await graphql.data(
        """query($t: ID!, $r: RegistrationDraftInput!) {
             eligibility(target: $t, registration: $r) { violations { code field message } } }""",
        {"t": session_id(1), "r": person},
    )
    answer = await _register(graphql, session_id(1), person)
    assert [
        {k: e[k] for k in ("code", "field", "message")} for e in answer["errors"]
    ] == eligibility["eligibility"]["violations"]


async def test_malformed_input_comes_back_as_errors_and_nothing_is_written(graphql, database):
    cases = [
        (module_1_person(email="pas-une-adresse"), "INVALID_EMAIL"),
        (module_1_person(employer="x" * 100_000), "TEXT_TOO_LONG"),
        (module_1_person(fullName="x" * 100_000), "TEXT_TOO_LONG"),
        (module_1_person(questionnaireScore=-1), "SCORE_OUT_OF_RANGE"),
        (module_1_person(confirmedTrainerTrainingYears=[-5]), "INVALID_YEAR"),
        (module_1_person(fullName=""), "FULL_NAME_REQUIRED"),
        (module_1_person(departmentCode="999"), "INVALID_DEPARTMENT"),
    ]
    for person, code in cases:
        answer = await _register(graphql, session_id(2), person)
        assert code in [error["code"] for error in answer["errors"]], (code, answer)
        assert all(error["message"] for error in answer["errors"])
        assert answer["registration"] is None
    assert await _rows(database) == 0


async def test_an_eligible_person_gets_a_seat_and_a_private_reference(graphql, set_capacity, register):
    await set_capacity(2, 3)
    answer = await register(graphql, session_id(2), module_1_person())
    assert answer["errors"] == []
    assert answer["registration"]["status"] == "CONFIRMED"
    assert answer["registration"]["fullName"] == "Camille Martin 0"
    reference = answer["reference"]
    assert reference.startswith("ref_") and len(reference) > 40
    mine = (await graphql.data(MY_REGISTRATION, {"reference": reference}))["myRegistration"]
    assert mine["status"] == "CONFIRMED" and mine["email"] == "camille.martin.0@example.org"
    assert mine["session"] == {"number": 2, "seatsTaken": 1, "seatsLeft": 2, "waitlistLength": 0}
    assert {"plugin": "regional", "code": "PREREQUISITE_EMPLOYER_COMMITMENT", "outcome": "SATISFIED"} in mine[
        "evaluatedRules"
    ]
    assert (await graphql.data(MY_REGISTRATION, {"reference": reference + "x"}))[
        "myRegistration"
    ] is None


async def test_a_full_session_waitlists_and_a_cancellation_promotes_the_first(
    graphql, set_capacity, register
):
    await set_capacity(2, 2)
    answers = [await register(graphql, session_id(2), module_1_person(n)) for n in range(4)]
    assert [a["registration"]["status"] for a in answers] == [
        "CONFIRMED", "CONFIRMED", "WAITLISTED", "WAITLISTED"
    ]
    counts = (await graphql.data(COUNTS, {"id": session_id(2)}))["node"]
    assert counts == {"seatsTaken": 2, "seatsLeft": 0, "waitlistLength": 2}

    cancelled = await graphql.data(CANCEL_MINE, {"reference": answers[0]["reference"]})
    assert cancelled["cancelMyRegistration"] == {
        "registration": {"status": "CANCELLED"}, "errors": []
    }
    third = await graphql.data(MY_REGISTRATION, {"reference": answers[2]["reference"]})
    fourth = await graphql.data(MY_REGISTRATION, {"reference": answers[3]["reference"]})
    assert third["myRegistration"]["status"] == "CONFIRMED"
    assert fourth["myRegistration"]["status"] == "WAITLISTED"
    counts = (await graphql.data(COUNTS, {"id": session_id(2)}))["node"]
    assert counts == {"seatsTaken": 2, "seatsLeft": 0, "waitlistLength": 1}


async def test_the_same_email_never_holds_two_registrations_of_one_session(
    graphql, register, regional
):
    first = await register(graphql, session_id(2), module_1_person())
    assert first["registration"]["status"] == "CONFIRMED"
    # Without a token the answer is that of a new registration (it never says "already
    # registered"), and the new registration holds nothing: its address is never asked.
    again = await _register(graphql, session_id(2), module_1_person())
    assert again["errors"] == [] and again["registration"]["status"] == "UNCONFIRMED"
    counts = (await graphql.data(COUNTS, {"id": session_id(2)}))["node"]
    assert counts["seatsTaken"] == 1
    # Staff, who may see who is registered, are told.
    by_staff = await _register(regional, session_id(2), module_1_person())
    assert [e["code"] for e in by_staff["errors"]] == ["ALREADY_REGISTERED"]


async def test_an_event_without_capacity_takes_everyone_under_its_rules(graphql, register):
    trainer = module_1_person(departmentCode="53", confirmedTrainerTrainingYears=[2025])
    answer = await register(graphql, practice_day_id("53"), trainer)
    assert answer["registration"]["status"] == "CONFIRMED"
    refused = await register(
        graphql, practice_day_id("53"), {**trainer, "departmentCode": "72", "email": "b@example.org"}
    )
    assert [e["code"] for e in refused["errors"]] == ["DEPT_53_PRACTICE_DAY_OWN_DEPARTMENT"]


async def test_an_idempotency_key_applies_a_registration_once(graphql, database):
    first = await _register(graphql, session_id(2), module_1_person(), key="form-123")
    second = await _register(graphql, session_id(2), module_1_person(), key="form-123")
    assert second == first and first["errors"] == []
    assert await _rows(database) == 1


async def test_an_anonymous_key_replays_only_for_the_same_data(graphql, database):
    first = await _register(graphql, session_id(2), module_1_person(1), key="form-1")
    other = await graphql(
        REGISTER, {"target": session_id(2), "registration": module_1_person(2), "key": "form-1"}
    )
    assert other["data"] is None
    assert other["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert first["errors"] == [] and await _rows(database) == 1

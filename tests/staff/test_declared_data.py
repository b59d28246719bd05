"""Correcting what a person declared: the rules are evaluated again before anything changes."""

from __future__ import annotations

from sqlalchemy import select

from core.models import AuditEntry
from tests.staff.conftest import module_1_person, module_2_person, session_id

UPDATE_MINE = """
mutation($r: String!, $changes: RegistrationChangesInput!) {
  updateMyRegistration(reference: $r, changes: $changes) {
    registration { status questionnaireScore email evaluatedRules { code outcome } }
    errors { code field message }
  }
}
"""

UPDATE = """
mutation($id: ID!, $changes: RegistrationChangesInput!) {
  updateRegistration(id: $id, changes: $changes) {
    registration { status employer email } errors { code field message }
  }
}
"""

MINE = """
query($r: String!) {
  myRegistration(reference: $r) { status questionnaireScore email employer }
}
"""


async def _register(register, graphql, session: int, person: dict) -> dict:
    answer = await register(graphql, session_id(session), person)
    assert answer["errors"] == []
    return answer


async def test_a_lower_score_is_refused_by_the_rules_and_nothing_changes(graphql, database, register):
    answer = await _register(register, graphql, 1, module_2_person(questionnaireScore=0.85))
    reference = answer["reference"]
    refused = await graphql.data(
        UPDATE_MINE, {"r": reference, "changes": {"questionnaireScore": 0.7}}
    )
    [error] = refused["updateMyRegistration"]["errors"]
    assert error["code"] == "PREREQUISITE_CONCEPTS_QUESTIONNAIRE"
    assert error["field"] == "questionnaireScore" and "80" in error["message"]
    assert refused["updateMyRegistration"]["registration"] is None
    unchanged = (await graphql.data(MINE, {"r": reference}))["myRegistration"]
    assert unchanged["questionnaireScore"] == 0.85

    corrected = await graphql.data(
        UPDATE_MINE, {"r": reference, "changes": {"questionnaireScore": 0.95}}
    )
    payload = corrected["updateMyRegistration"]
    assert payload["errors"] == []
    assert payload["registration"]["questionnaireScore"] == 0.95
    assert payload["registration"]["status"] == "CONFIRMED"
    assert {"code": "PREREQUISITE_CONCEPTS_QUESTIONNAIRE", "outcome": "SATISFIED"} in payload[
        "registration"
    ]["evaluatedRules"]
    async with database.sessions() as db:
        entry = await db.scalar(
            select(AuditEntry).where(AuditEntry.action == "registration.update")
        )
    # The audit names the fields changed, never the personal values.
    assert entry.changes == {"fields": ["questionnaire_score"]}


async def test_malformed_or_duplicate_data_changes_nothing(graphql, register):
    first = await _register(register, graphql, 2, module_1_person(0))
    await _register(register, graphql, 2, module_1_person(1))
    for changes, code in (
        ({"email": "pas-une-adresse"}, "INVALID_EMAIL"),
        ({"employer": "x" * 100_000}, "TEXT_TOO_LONG"),
        ({"fullName": "  "}, "FULL_NAME_REQUIRED"),
        ({"email": "CAMILLE.MARTIN.1@example.org"}, "ALREADY_REGISTERED"),
        ({"priorCpsTraining": {}}, "PRIOR_TRAINING_WITHOUT_ORGANIZATION"),
    ):
        answer = await graphql.data(UPDATE_MINE, {"r": first["reference"], "changes": changes})
        assert [e["code"] for e in answer["updateMyRegistration"]["errors"]] == [code], changes
    unchanged = (await graphql.data(MINE, {"r": first["reference"]}))["myRegistration"]
    assert unchanged["email"] == "camille.martin.0@example.org"
    assert unchanged["employer"] == "Mairie d'Angers"


async def test_a_cancelled_registration_cannot_be_corrected(graphql, register):
    answer = await _register(register, graphql, 2, module_1_person(0))
    await graphql.data(
        "mutation($r: String!) { cancelMyRegistration(reference: $r) { errors { code } } }",
        {"r": answer["reference"]},
    )
    refused = await graphql.data(
        UPDATE_MINE, {"r": answer["reference"], "changes": {"employer": "CCAS d'Angers"}}
    )
    [error] = refused["updateMyRegistration"]["errors"]
    assert error["code"] == "INVALID_TRANSITION" and "annulée" in error["message"]
    unknown = await graphql.data(UPDATE_MINE, {"r": "ref_inconnue", "changes": {}})
    assert unknown["updateMyRegistration"]["errors"][0]["code"] == "REGISTRATION_NOT_FOUND"


async def test_staff_correct_within_their_departments(graphql, staff_49, staff_44, register):
    answer = await _register(register, graphql, 2, module_1_person(0))
    variables = {"id": answer["registration"]["id"], "changes": {"employer": "CCAS d'Angers"}}
    anonymous = await graphql(UPDATE, variables)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    forbidden = await staff_44(UPDATE, variables)
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unchanged = (await graphql.data(MINE, {"r": answer["reference"]}))["myRegistration"]
    assert unchanged["employer"] == "Mairie d'Angers"
    done = await staff_49.data(UPDATE, variables)
    assert done["updateRegistration"] == {
        "registration": {
            "status": "CONFIRMED", "employer": "CCAS d'Angers",
            "email": "camille.martin.0@example.org",
        },
        "errors": [],
    }

"""The public eligibility query, as a partner site asks it: every rule, nothing written."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select, update
from strawberry.relay import to_base64

from core.db import Base, seeded_public_id
from core.models import Event, TrainingSession
from core.models.enums import EventKind, SessionStatus
from tests.plugins.conftest import shared_rules_only

ELIGIBILITY = """
query($target: ID!, $registration: RegistrationDraftInput!) {
  eligibility(target: $target, registration: $registration) {
    status eligible
    violations { code field message plugin }
    evaluatedRules { plugin code outcome }
    failures { plugin hook message }
  }
}
"""


@pytest.fixture
def plugins():
    """The departments' data with the rules they all share: a department's own rules, tested
    in its own file, do not change what these tests of the core expect."""
    return shared_rules_only()


def practice_day_id(code: str) -> str:
    return to_base64("Event", seeded_public_id(f"event:2025-practice-exchange-{code}"))


def session_id(number: int) -> str:
    return to_base64("TrainingSession", seeded_public_id(f"session:2025-{number}"))


async def ask(graphql, target: str, **registration) -> dict:
    data = await graphql.data(ELIGIBILITY, {"target": target, "registration": registration})
    return data["eligibility"]


async def test_someone_of_department_72_asking_for_department_53s_day(graphql):
    answer = await ask(
        graphql, practice_day_id("53"), departmentCode="72", confirmedTrainerTrainingYears=[2025]
    )
    assert answer["status"] == "NOT_ELIGIBLE" and answer["eligible"] is False
    assert answer["violations"] == [
        {
            "code": "DEPT_53_PRACTICE_DAY_OWN_DEPARTMENT",
            "field": "departmentCode",
            "message": "La journée d'échanges de pratique du mardi 25 novembre 2025 est réservée "
            "aux formateurs et formatrices du département 53 (Mayenne) : l'inscription se fait "
            "dans son propre département, et vous exercez dans le département 72.",
            "plugin": "dept_53",
        }
    ]
    assert answer["evaluatedRules"] == [
        {"plugin": "regional", "code": "REGISTRATION_TARGET_CANCELLED", "outcome": "SATISFIED"},
        {"plugin": "regional", "code": "REGISTRATION_TARGET_STARTED", "outcome": "SATISFIED"},
        {
            "plugin": "dept_53",
            "code": "DEPT_53_PRACTICE_DAY_TRAINER_TRAINING",
            "outcome": "SATISFIED",
        },
        {"plugin": "dept_53", "code": "DEPT_53_PRACTICE_DAY_OWN_DEPARTMENT", "outcome": "VIOLATED"},
    ]


async def test_a_trainer_of_department_53_trained_in_2025_is_eligible(graphql):
    answer = await ask(
        graphql, practice_day_id("53"), departmentCode="53", confirmedTrainerTrainingYears=[2025]
    )
    assert (answer["status"], answer["violations"], answer["failures"]) == ("ELIGIBLE", [], [])


async def test_the_trainer_training_must_be_of_the_same_year_as_the_day(graphql, database):
    async with database.sessions() as db, db.begin():
        day_2026 = Event(
            kind=EventKind.PRACTICE_EXCHANGE_DAY,
            title="Journée d'échanges de pratique 2026 — Mayenne",
            department_code="53",
            year=2026,
            date=date(2026, 11, 24),
            start_time=time(9),
            end_time=time(17),
            city="Laval",
            postal_code="53000",
        )
        db.add(day_2026)
    target = to_base64("Event", day_2026.public_id)
    refused = await ask(graphql, target, departmentCode="53", confirmedTrainerTrainingYears=[2025])
    assert [(v["code"], v["field"]) for v in refused["violations"]] == [
        ("DEPT_53_PRACTICE_DAY_TRAINER_TRAINING", "confirmedTrainerTrainingYears")
    ]
    assert "formation de formateurs 2026" in refused["violations"][0]["message"]
    accepted = await ask(graphql, target, departmentCode="53", confirmedTrainerTrainingYears=[2026])
    assert accepted["eligible"] is True


async def test_module_2_with_70_percent_on_the_questionnaire(graphql):
    organizations = await graphql.data("{ organizations { edges { node { id shortName } } } }")
    by_name = {
        e["node"]["shortName"]: e["node"]["id"] for e in organizations["organizations"]["edges"]
    }
    answer = await ask(
        graphql,
        session_id(5),
        departmentCode="72",
        questionnaireScore=0.7,
        employerCommitment=True,
        priorCpsTraining={"organization": by_name["Promotion Santé"]},
    )
    assert [(v["code"], v["field"], v["plugin"]) for v in answer["violations"]] == [
        ("PREREQUISITE_CONCEPTS_QUESTIONNAIRE", "questionnaireScore", "regional")
    ]
    assert answer["violations"][0]["message"] == (
        "Le module 2 demande au moins 80 % de réussite au questionnaire portant sur les concepts "
        "CPS en promotion de la santé ; votre score est de 70 %."
    )
    not_a_member = await ask(
        graphql,
        session_id(5),
        departmentCode="72",
        questionnaireScore=0.85,
        employerCommitment=True,
        priorCpsTraining={"organization": by_name["Planning Familial"]},
    )
    assert [v["code"] for v in not_a_member["violations"]] == ["PREREQUISITE_PRIOR_CPS_TRAINING"]
    assert (
        "« Planning Familial » n'est pas membre d'InteractionS"
        in not_a_member["violations"][0]["message"]
    )
    everything = await ask(
        graphql,
        session_id(5),
        departmentCode="72",
        questionnaireScore=0.8,
        employerCommitment=True,
        priorCpsTraining={"organization": by_name["Addictions France"]},
    )
    assert everything["status"] == "ELIGIBLE"
    assert {
        (r["code"], r["outcome"]) for r in everything["evaluatedRules"] if r["plugin"] == "regional"
    } >= {
        ("PREREQUISITE_PRIOR_CPS_TRAINING", "SATISFIED"),
        ("PREREQUISITE_CONCEPTS_QUESTIONNAIRE", "SATISFIED"),
        ("PREREQUISITE_EMPLOYER_COMMITMENT", "SATISFIED"),
    }


async def test_module_1_needs_the_employers_commitment(graphql):
    answer = await ask(graphql, session_id(2), departmentCode="49")
    assert [(v["code"], v["field"]) for v in answer["violations"]] == [
        ("PREREQUISITE_EMPLOYER_COMMITMENT", "employerCommitment")
    ]
    assert answer["violations"][0]["message"].startswith(
        "Le module 1 demande l'engagement de l'employeur"
    )
    # Module 1 asks nothing of a prior training or of the questionnaire.
    assert (await ask(graphql, session_id(2), departmentCode="49", employerCommitment=True))[
        "eligible"
    ]


async def test_a_training_by_an_organization_outside_the_directory(graphql):
    answer = await ask(
        graphql,
        session_id(1),
        departmentCode="44",
        questionnaireScore=0.9,
        employerCommitment=True,
        priorCpsTraining={"organizationName": "Une association locale"},
    )
    assert [v["code"] for v in answer["violations"]] == ["PREREQUISITE_PRIOR_CPS_TRAINING"]


async def test_a_cancelled_session_is_refused(graphql, database):
    async with database.sessions() as db, db.begin():
        await db.execute(
            update(TrainingSession)
            .where(TrainingSession.number == 4)
            .values(status=SessionStatus.CANCELLED)
        )
    answer = await ask(graphql, session_id(4), departmentCode="49", employerCommitment=True)
    assert [v["code"] for v in answer["violations"]] == ["REGISTRATION_TARGET_CANCELLED"]


async def test_malformed_input_is_reported_like_a_violation(graphql):
    answer = await ask(
        graphql,
        session_id(2),
        departmentCode="Sarthe",
        email="pas-une-adresse",
        employer="x" * 100_000,
        questionnaireScore=80,
        employerCommitment=True,
    )
    assert [(v["code"], v["field"], v["plugin"]) for v in answer["violations"]] == [
        ("INVALID_DEPARTMENT", "departmentCode", None),
        ("TEXT_TOO_LONG", "employer", None),
        ("INVALID_EMAIL", "email", None),
        ("SCORE_OUT_OF_RANGE", "questionnaireScore", None),
    ]
    assert answer["status"] == "NOT_ELIGIBLE"


async def test_a_target_that_is_not_a_session_or_an_event(graphql):
    person = to_base64("Person", seeded_public_id("person:audrey-pavageau"))
    body = await graphql(ELIGIBILITY, {"target": person, "registration": {"departmentCode": "44"}})
    assert body["errors"][0]["extensions"] == {"code": "INVALID_ID", "field": "target"}
    missing = to_base64("Event", seeded_public_id("event:nowhere"))
    body = await graphql(ELIGIBILITY, {"target": missing, "registration": {"departmentCode": "44"}})
    assert body["errors"][0]["extensions"]["code"] == "TARGET_NOT_FOUND"


async def test_asking_writes_nothing(graphql, database):
    async def snapshot() -> dict[str, tuple]:
        async with database.sessions() as db:
            return {
                table.name: tuple(
                    (
                        await db.execute(
                            select(func.count(), func.max(table.c.updated_at)).select_from(table)
                        )
                    ).one()
                )
                for table in Base.metadata.sorted_tables
                if table.name != "rate_limit_window"  # the rate limit counts every request
            }

    before = await snapshot()
    for code in ("44", "49", "53", "72", "85"):
        await ask(
            graphql,
            practice_day_id(code),
            departmentCode="72",
            confirmedTrainerTrainingYears=[2025],
        )
    await ask(graphql, session_id(1), departmentCode="44", questionnaireScore=0.7)
    assert await snapshot() == before

"""Registration closes once a session's first day, or an event's day, has begun (regional rule).

The days come from the data (the seed's sessions through the API, the department's data file),
and the tests move the app's clock around them.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from core.models import Registration
from plugins import dept_53
from tests.plugins.conftest import shared_rules_only
from tests.staff.conftest import REGISTER, module_1_person, practice_day_id, session_id

ELIGIBILITY = """query($t: ID!, $r: RegistrationDraftInput!) {
  eligibility(target: $t, registration: $r) { status violations { code field message plugin } } }"""
SESSION = "query($id: ID!) { node(id: $id) { ... on TrainingSession { title startsOn } } }"


@pytest.fixture
def plugins():
    """The departments' data with the rules they all share: a department's own rules, tested
    in its own file, do not change what these tests of the core expect."""
    return shared_rules_only()


def mayenne_day() -> date:
    """The day of Mayenne's practice exchange, as its data file says."""
    [day] = [e.date for e in dept_53.plugin.cps_events() if e.key == "2025-practice-exchange-53"]
    return day


async def _eligibility(graphql, target: str, registration: dict) -> dict:
    return (await graphql.data(ELIGIBILITY, {"t": target, "r": registration}))["eligibility"]


async def test_an_event_is_open_until_the_day_before_and_closed_from_its_day(graphql, clock):
    trainer = module_1_person(departmentCode="53", confirmedTrainerTrainingYears=[2025])
    clock.set_day(mayenne_day() - timedelta(days=1))
    assert (await _eligibility(graphql, practice_day_id("53"), trainer))["status"] == "ELIGIBLE"
    for today in (mayenne_day(), mayenne_day() + timedelta(days=30)):
        clock.set_day(today)
        answer = await _eligibility(graphql, practice_day_id("53"), trainer)
        assert answer["status"] == "NOT_ELIGIBLE"
        [violation] = answer["violations"]
        assert (violation["code"], violation["field"], violation["plugin"]) == (
            "REGISTRATION_TARGET_STARTED",
            "target",
            "regional",
        )
        assert violation["message"].startswith("Inscription close : « ")
        assert "a commencé le mardi 25 novembre 2025" in violation["message"]


async def test_registering_to_a_started_session_is_refused_and_writes_nothing(
    graphql, clock, database
):
    session = (await graphql.data(SESSION, {"id": session_id(2)}))["node"]
    first_day = date.fromisoformat(session["startsOn"])
    person = module_1_person(departmentCode="49")
    clock.set_day(first_day)
    refused = (await graphql.data(REGISTER, {"target": session_id(2), "registration": person}))
    assert refused["register"]["registration"] is None
    assert [e["code"] for e in refused["register"]["errors"]] == ["REGISTRATION_TARGET_STARTED"]
    async with database.sessions() as db:
        assert await db.scalar(select(func.count(Registration.id))) == 0
    clock.set_day(first_day - timedelta(days=1))
    accepted = await graphql.data(REGISTER, {"target": session_id(2), "registration": person})
    assert accepted["register"]["errors"] == []


async def test_the_real_date_closes_every_2025_day(graphql, clock):
    # The clock of the service in production: today is after every day of the 2025 seed.
    clock.set_day(date(2026, 12, 6))
    trainer = module_1_person(departmentCode="53", confirmedTrainerTrainingYears=[2025])
    answer = await _eligibility(graphql, practice_day_id("53"), trainer)
    assert [v["code"] for v in answer["violations"]] == ["REGISTRATION_TARGET_STARTED"]

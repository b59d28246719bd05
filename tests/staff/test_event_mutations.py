"""Staff mutations of events through HTTP: rules, partial updates, SEQUENCE, departments."""

from __future__ import annotations

from sqlalchemy import select

from core.db import seeded_public_id
from core.models import Event
from tests.staff.conftest import module_1_person, practice_day_id

UPDATE = """
mutation($id: ID!, $input: UpdateEventInput!) {
  updateEvent(id: $id, input: $input) {
    event { title date startsAt endsAt status }
    errors { code field message plugin }
  }
}
"""
CREATE = """
mutation($input: CreateEventInput!) {
  createEvent(input: $input) { event { id title department { code } } errors { code field } }
}
"""
CANCEL = "mutation($id: ID!) { cancelEvent(id: $id) { event { status } errors { code } } }"


async def _sequence(database, code: str) -> int:
    async with database.sessions() as db:
        return await db.scalar(
            select(Event.sequence).where(
                Event.public_id == seeded_public_id(f"event:2025-practice-exchange-{code}")
            )
        )


async def test_an_event_update_changes_only_what_is_given_and_raises_its_sequence(
    staff_44, database
):
    before = await _sequence(database, "44")
    data = await staff_44.data(
        UPDATE, {"id": practice_day_id("44"), "input": {"startTime": "13:30:00"}}
    )
    answer = data["updateEvent"]
    assert answer["errors"] == []
    assert answer["event"]["date"] == "2025-09-23"
    assert answer["event"]["startsAt"].startswith("2025-09-23T13:30:00")
    assert await _sequence(database, "44") == before + 1


async def test_hours_the_wrong_way_round_are_refused_and_nothing_changes(staff_44, database):
    before = await _sequence(database, "44")
    data = await staff_44.data(
        UPDATE, {"id": practice_day_id("44"), "input": {"startTime": "18:00:00", "endTime": "09:00:00"}}
    )
    assert data["updateEvent"]["event"] is None
    assert data["updateEvent"]["errors"][0]["code"] in {"INVALID_HOURS", "EVENT_ENDS_AFTER_START"}
    assert await _sequence(database, "44") == before


async def test_a_place_outside_the_department_breaks_its_rule(staff_44):
    data = await staff_44.data(
        UPDATE,
        {"id": practice_day_id("44"), "input": {"city": "Angers", "postalCode": "49000"}},
    )
    errors = data["updateEvent"]["errors"]
    assert errors and all(error["plugin"] == "dept_44" for error in errors), errors


async def test_another_departments_event_is_forbidden(staff_44):
    body = await staff_44(UPDATE, {"id": practice_day_id("85"), "input": {"title": "x"}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_create_and_cancel_an_event(staff_44, regional):
    new = {
        "kind": "COTER_MEETING",
        "title": "Réunion du COTER 44",
        "year": 2025,
        "date": "2025-12-15",
        "startTime": "14:00:00",
        "endTime": "16:00:00",
        "departmentCode": "44",
        "city": "Nantes",
        "postalCode": "44000",
        "isPublic": False,
    }
    created = (await staff_44.data(CREATE, {"input": new}))["createEvent"]
    assert created["errors"] == [] and created["event"]["department"] == {"code": "44"}
    cancelled = await staff_44.data(CANCEL, {"id": created["event"]["id"]})
    assert cancelled["cancelEvent"] == {"event": {"status": "CANCELLED"}, "errors": []}
    regional_event = {**new, "departmentCode": None, "title": "Séminaire régional"}
    forbidden = await staff_44(CREATE, {"input": regional_event})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await regional.data(CREATE, {"input": regional_event}))["createEvent"]["errors"] == []


async def test_cancelling_an_event_cancels_its_registrations(graphql, regional, register):
    trainer = module_1_person(departmentCode="53", confirmedTrainerTrainingYears=[2025])
    answer = {"register": await register(graphql, practice_day_id("53"), trainer)}
    assert answer["register"]["registration"]["status"] == "CONFIRMED"
    cancelled = await regional.data(CANCEL, {"id": practice_day_id("53")})
    assert cancelled["cancelEvent"]["errors"] == []
    mine = await graphql.data(
        "query($r: String!) { myRegistration(reference: $r) { status } }",
        {"r": answer["register"]["reference"]},
    )
    assert mine["myRegistration"]["status"] == "CANCELLED"


async def test_an_event_whose_commune_and_postal_code_disagree_is_refused(staff_44):
    data = await staff_44.data(
        UPDATE, {"id": practice_day_id("44"), "input": {"city": "Nantes", "postalCode": "49000"}}
    )
    assert data["updateEvent"]["errors"] == [{
        "code": "POSTAL_CODE_MISMATCH", "field": "postalCode", "plugin": None,
        "message": "Le code postal 49000 ne correspond pas à Nantes : Nantes est en "
        "Loire-Atlantique (44000, 44100, 44200, 44300).",
    }]

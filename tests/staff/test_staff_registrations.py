"""What staff do with registrations: list, confirm, refuse, cancel, move; who sees what."""

from __future__ import annotations

from tests.staff.conftest import REGISTER, module_1_person, session_id

LIST = """
query($target: ID!) {
  registrations(target: $target) { id status fullName email evaluatedRules { code outcome } }
}
"""

ACTION = """
mutation($id: ID!) {
  %s(id: $id) { registration { status fullName } errors { code field message } }
}
"""

MOVE = """
mutation($id: ID!, $target: ID!) {
  moveRegistration(id: $id, target: $target) {
    registration { status session { number } } errors { code }
  }
}
"""

NODE = """query($id: ID!) { node(id: $id) { ... on Registration { status fullName email } } }"""


async def _register(register, client, n: int, target: int = 2) -> dict:
    return await register(client, session_id(target), module_1_person(n))


async def test_staff_of_the_department_list_registrations_with_personal_data(
    graphql, staff_49, staff_44, regional, register
):
    await _register(register, graphql, 0)
    for client in (staff_49, regional):
        [row] = (await client.data(LIST, {"target": session_id(2)}))["registrations"]
        assert row["fullName"] == "Camille Martin 0" and row["status"] == "CONFIRMED"
        assert row["evaluatedRules"]
    forbidden = await staff_44(LIST, {"target": session_id(2)})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await graphql(LIST, {"target": session_id(2)})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_registration_by_id_is_shown_only_to_its_staff(graphql, staff_49, staff_44, register):
    registration = (await _register(register, graphql, 0))["registration"]["id"]
    assert (await graphql.data(NODE, {"id": registration}))["node"] is None
    assert (await staff_44.data(NODE, {"id": registration}))["node"] is None
    shown = (await staff_49.data(NODE, {"id": registration}))["node"]
    assert shown["email"] == "camille.martin.0@example.org"


async def test_refuse_cancel_and_confirm_move_seats_along(staff_49, graphql, set_capacity, register):
    await set_capacity(2, 1)
    first = (await _register(register, graphql, 0))["registration"]["id"]
    second = (await _register(register, graphql, 1))["registration"]["id"]
    refused = await staff_49.data(ACTION % "refuseRegistration", {"id": first})
    assert refused["refuseRegistration"]["registration"]["status"] == "REFUSED"
    promoted = await staff_49.data(NODE, {"id": second})
    assert promoted["node"]["status"] == "CONFIRMED"
    again = await staff_49.data(ACTION % "refuseRegistration", {"id": first})
    assert again["refuseRegistration"]["errors"][0]["code"] == "INVALID_TRANSITION"
    assert again["refuseRegistration"]["errors"][0]["message"].startswith("Une inscription")
    cancelled = await staff_49.data(ACTION % "cancelRegistration", {"id": second})
    assert cancelled["cancelRegistration"]["registration"]["status"] == "CANCELLED"
    confirmed = await staff_49.data(ACTION % "confirmRegistration", {"id": first})
    assert confirmed["confirmRegistration"]["registration"]["status"] == "CONFIRMED"


async def test_staff_on_behalf_registration_stays_in_their_departments(staff_49, staff_44, register):
    mine = await _register(register, staff_49, 0)
    assert mine["registration"]["status"] == "CONFIRMED" and mine["reference"]
    body = await staff_44(
        REGISTER, {"target": session_id(2), "registration": module_1_person(1)}
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_move_to_another_session_under_its_rules_and_seats(
    regional, staff_49, graphql, set_capacity, register
):
    await set_capacity(2, 1)
    first = (await _register(register, graphql, 0))["registration"]["id"]
    waiting = (await _register(register, graphql, 1))["registration"]["id"]
    # Session 4 is module 1 in Angers (49) too.
    moved = await staff_49.data(MOVE, {"id": first, "target": session_id(4)})
    assert moved["moveRegistration"] == {
        "registration": {"status": "CONFIRMED", "session": {"number": 4}}, "errors": []
    }
    assert (await staff_49.data(NODE, {"id": waiting}))["node"]["status"] == "CONFIRMED"
    # Session 1 is module 2: the person does not meet its prerequisites.
    refused = await regional.data(MOVE, {"id": first, "target": session_id(1)})
    codes = {error["code"] for error in refused["moveRegistration"]["errors"]}
    assert "PREREQUISITE_CONCEPTS_QUESTIONNAIRE" in codes
    # Department 49 staff may not move someone into a department 44 session.
    forbidden = await staff_49(MOVE, {"id": first, "target": session_id(1)})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"

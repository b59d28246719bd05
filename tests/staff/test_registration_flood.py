"""One request, one address, one person: registrations cannot be flooded (issue 12, hole 1).

These tests run with the production defaults of the caps and of the rate limit's weights
(the other tests turn them off, their clients standing for many people behind one address).
"""

from __future__ import annotations


import pytest

from core.hooks.testkit import GraphQLClient
from core.settings import Settings
from tests.serving import client_of
from tests.staff.conftest import REGISTER, module_1_person, session_id

pytestmark = pytest.mark.usefixtures("registrations_open")

SEATS = """
query($id: ID!) { node(id: $id) { ... on TrainingSession { seatsTaken waitlistLength } } }
"""
REGISTRATIONS = """
query($id: ID!) { registrations(target: $id) { id status email } }
"""
AUDIT = "query($id: ID) { auditLog(objectId: $id) { action objectId changes } }"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The production defaults of the caps and weights."""
    return Settings.from_env(database_url=database_url, base_url="https://cps.example.org")



async def test_a_document_with_two_registers_is_refused_and_writes_nothing(
    client, graphql, set_capacity
):
    await set_capacity(2, 12)
    aliased = "\n".join(
        f"r{n}: register(target: $target, registration: {{departmentCode: \"49\", "
        f"fullName: \"Faux {n}\", email: \"faux.{n}@example.org\", employerCommitment: true}}) "
        "{ reference }"
        for n in range(12)
    )
    graphql = GraphQLClient(client)
    response = await graphql.post(f"mutation($target: ID!) {{ {aliased} }}", {"target": session_id(2)})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "REPEATED_WRITE"
    assert "« register »" in error["message"]
    via_fragments = await graphql.post(
        "mutation($t: ID!) { ...A ...B } "
        "fragment A on Mutation { a: cancelMyRegistration(reference: \"x\") { errors { code } } } "
        "fragment B on Mutation { b: cancelMyRegistration(reference: \"y\") { errors { code } } }",
        {"t": session_id(2)},
    )
    assert via_fragments.status_code == 400
    assert via_fragments.json()["errors"][0]["extensions"]["code"] == "REPEATED_WRITE"
    seats = (await graphql.data(SEATS, {"id": session_id(2)}))["node"]
    assert seats == {"seatsTaken": 0, "waitlistLength": 0}


async def test_spellings_of_one_address_are_one_person(regional):
    # Staff are told "already registered" (an anonymous caller gets the neutral answer of the
    # double opt-in instead, tests/mail), so they show that every spelling is one address.
    person = module_1_person(1, email="  Camille.Martin@Example.ORG")
    first = (await regional.data(REGISTER, {"target": session_id(2), "registration": person}))
    assert first["register"]["errors"] == []
    assert first["register"]["registration"]["email"] == "camille.martin@example.org"
    for variant in (
        "camille.martin@example.org.",
        "camille.martin\u200b@example.org",
        "ｃａｍｉｌｌｅ．ｍａｒｔｉｎ＠ｅｘａｍｐｌｅ．ｏｒｇ",
        "\ufeffCAMILLE.MARTIN@example.org ",
    ):
        again = await regional.data(
            REGISTER,
            {"target": session_id(2), "registration": module_1_person(2, email=variant)},
        )
        assert [e["code"] for e in again["register"]["errors"]] == ["ALREADY_REGISTERED"], variant
    listed = (await regional.data(REGISTRATIONS, {"id": session_id(2)}))["registrations"]
    assert [row["email"] for row in listed] == ["camille.martin@example.org"]


async def test_one_address_registers_five_people_to_a_target_then_is_capped(app, set_capacity):
    await set_capacity(2, 12)
    async with client_of(app, "198.51.100.7") as http:
        flooder = GraphQLClient(http)
        answers = [
            await flooder.data(
                REGISTER, {"target": session_id(2), "registration": module_1_person(n)}
            )
            for n in range(7)
        ]
    codes = [[e["code"] for e in a["register"]["errors"]] for a in answers]
    assert codes == [[]] * 5 + [["REGISTRATION_CAP_REACHED"]] * 2
    assert "5 au plus" in answers[5]["register"]["errors"][0]["message"]
    async with client_of(app, "2001:db8:7::1") as http:
        someone_else = await GraphQLClient(http).data(
            REGISTER, {"target": session_id(2), "registration": module_1_person(99)}
        )
    assert someone_else["register"]["errors"] == []
    async with client_of(app, "2001:db8:7::2") as http:
        seats = (await GraphQLClient(http).data(SEATS, {"id": session_id(2)}))["node"]
    # Written, capped, and holding nothing until their addresses are confirmed.
    assert seats == {"seatsTaken": 0, "waitlistLength": 0}


async def test_one_address_is_capped_across_targets(database_url, clock):
    from asgi_lifespan import LifespanManager

    from core.app import create_app

    settings = Settings.from_env(
        database_url=database_url,
        base_url="https://cps.example.org",
        registration_cap_per_address=3,
    )
    application = create_app(settings, clock=clock)
    async with LifespanManager(application), client_of(application, "198.51.100.8") as http:
        flooder = GraphQLClient(http)
        answers = [
            await flooder.data(
                REGISTER, {"target": session_id(number), "registration": module_1_person(n)}
            )
            for n, number in enumerate((2, 3, 2, 3))
        ]
    codes = [[e["code"] for e in a["register"]["errors"]] for a in answers]
    assert codes == [[], [], [], ["REGISTRATION_CAP_REACHED"]]


async def test_staff_cancel_many_registrations_at_once(
    graphql, regional, staff_44, set_capacity, register
):
    await set_capacity(2, 2)
    ids = []
    for n in range(4):
        answer = await register(graphql, session_id(2), module_1_person(n))
        ids.append(answer["registration"]["id"])
    cancel = """
    mutation($ids: [ID!]!) {
      cancelRegistrations(ids: $ids) { registrations { id status } errors { code field } }
    }
    """
    forbidden = await staff_44(cancel, {"ids": ids[:3]})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    done = (await regional.data(cancel, {"ids": ids[:3]}))["cancelRegistrations"]
    assert done["errors"] == []
    assert [r["status"] for r in done["registrations"]] == ["CANCELLED"] * 3
    listed = (await regional.data(REGISTRATIONS, {"id": session_id(2)}))["registrations"]
    assert [r["status"] for r in listed] == ["CANCELLED"] * 3 + ["CONFIRMED"]
    for registration_id in ids[:3]:
        trail = (await regional.data(AUDIT, {"id": registration_id}))["auditLog"]
        assert [e["action"] for e in trail].count("registration.cancel") == 1
    again = (await regional.data(cancel, {"ids": ids}))["cancelRegistrations"]
    assert [e["code"] for e in again["errors"]] == ["INVALID_TRANSITION"] * 3
    listed = (await regional.data(REGISTRATIONS, {"id": session_id(2)}))["registrations"]
    assert [r["status"] for r in listed] == ["CANCELLED"] * 3 + ["CONFIRMED"]

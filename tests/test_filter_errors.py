"""A typo never reads as an empty answer: unknown departments, IDs and enum values are refused
with a code and a French message."""

from __future__ import annotations

import pytest
from strawberry.relay import to_base64

from core.db import seeded_public_id

CODES = "Codes acceptés : 44 (Loire-Atlantique), 49 (Maine-et-Loire), 53 (Mayenne), 72 (Sarthe), 85 (Vendée)."


@pytest.mark.parametrize("listing", ["sessions", "events", "trainers", "actions"])
@pytest.mark.parametrize(
    ("department", "message"),
    [
        ("99", f"Département inconnu : « 99 ». {CODES}"),
        ("Loire-Atlantique", "Département inconnu : « Loire-Atlantique ». Pour Loire-Atlantique, "
         f"le code est « 44 ». {CODES}"),
    ],
)
async def test_an_unknown_department_is_refused(graphql, listing, department, message):
    body = await graphql(
        f'query($d: String) {{ {listing}(filter: {{department: $d}}) {{ totalCount }} }}',
        {"d": department},
    )
    [error] = body["errors"]
    assert error["extensions"] == {"code": "UNKNOWN_DEPARTMENT", "field": "department"}
    assert error["message"] == message


async def test_an_unknown_id_in_a_filter_is_refused(graphql):
    nobody = to_base64("Person", seeded_public_id("person:personne"))
    body = await graphql(
        "query($t: ID) { sessions(filter: {trainer: $t}) { totalCount } }", {"t": nobody}
    )
    [error] = body["errors"]
    assert error["extensions"] == {"code": "UNKNOWN_ID", "field": "trainer"}
    assert error["message"] == "L'identifiant donné dans « trainer » ne désigne aucune personne."
    nowhere = to_base64("Organization", seeded_public_id("organization:nulle-part"))
    body = await graphql(
        "query($o: ID) { trainers(filter: {organization: $o}) { totalCount } }", {"o": nowhere}
    )
    assert body["errors"][0]["extensions"]["code"] == "UNKNOWN_ID"
    known = to_base64("Person", seeded_public_id("person:sophie-timon"))
    found = await graphql.data(
        "query($t: ID) { sessions(filter: {trainer: $t}) { totalCount } }", {"t": known}
    )
    assert found["sessions"]["totalCount"] == 0


async def test_a_wrong_enum_value_is_refused_in_french(graphql):
    literal = await graphql.post("{ sessions(filter: {module: MODULE_3}) { totalCount } }")
    assert literal.status_code == 400
    [error] = literal.json()["errors"]
    assert error["extensions"]["code"] == "INVALID_ENUM_VALUE"
    assert error["message"] == (
        "Valeur « MODULE_3 » inconnue pour ModuleNumber. Valeurs acceptées : MODULE_1, MODULE_2."
    )
    variable = await graphql.post(
        "query($f: TrainingSessionFilter) { sessions(filter: $f) { totalCount } }",
        {"f": {"module": 1, "status": ["PLANNED"]}},
    )
    [error] = variable.json()["errors"]
    assert error["extensions"]["code"] == "INVALID_ENUM_VALUE"
    assert error["message"] == (
        "Valeur « 1 » inconnue pour ModuleNumber (variable $f.module). Valeurs acceptées : "
        "MODULE_1, MODULE_2. Le module s'écrit MODULE_1 ou MODULE_2."
    )


async def test_a_feed_takes_the_module_as_the_api_writes_it(client):
    by_enum = await client.get("/calendars/region.ics?module=MODULE_2")
    by_number = await client.get("/calendars/region.ics?module=2")
    assert by_enum.status_code == by_number.status_code == 200
    assert by_enum.content == by_number.content


async def test_a_department_asked_by_an_unknown_code_is_refused(graphql):
    body = await graphql('{ department(code: "Vendée") { name } }')
    [error] = body["errors"]
    assert error["extensions"] == {"code": "UNKNOWN_DEPARTMENT", "field": "code"}
    assert "Pour Vendée, le code est « 85 »." in error["message"]
    assert (await graphql.data('{ department(code: "85") { name } }'))["department"] == {
        "name": "Vendée"
    }

"""The permission matrix, through HTTP: each role × each kind of access, in one table.

Roles: anonymous (no token), partner (read-only client), department staff (44), regional
staff. Accesses: read public data, read private data (a 44 session's registrations), write in
one's own department (a 44 session), write in another department (a 49 session), write what
only regional staff may (erase a person's data). A refused write changes nothing.

The same checks at the other door, every command function called directly (as the back-office
and the command line call them), are ``tests/commands/test_permission_matrix.py``.
"""

from __future__ import annotations

import pytest

from core.models.enums import StaffRole
from tests.staff.conftest import REGISTER, module_2_person, session_id

OK, UNAUTHENTICATED, FORBIDDEN = "OK", "UNAUTHENTICATED", "FORBIDDEN"

ACCESSES = {
    "read public": (
        "query { sessions(first: 1) { edges { node { title seatsTaken } } } }",
        {},
    ),
    "read private": (
        "query($t: ID!) { registrations(target: $t) { fullName email } }",
        {"t": session_id(1)},
    ),
    "write own department": (
        "mutation($id: ID!) { updateTrainingSession(id: $id, input: {capacity: 30}) "
        "{ errors { code } } }",
        {"id": session_id(1)},
    ),
    "write other department": (
        "mutation($id: ID!) { updateTrainingSession(id: $id, input: {capacity: 30}) "
        "{ errors { code } } }",
        {"id": session_id(2)},
    ),
    "write regional": (
        "mutation($e: String!) { erasePersonalData(email: $e) { erasedRegistrations } }",
        {"e": "camille.martin.0@example.org"},
    ),
}

MATRIX = {
    #                        anonymous         partner           department 44  regional
    "read public":            (OK,              OK,               OK,            OK),
    "read private":           (UNAUTHENTICATED, UNAUTHENTICATED,  OK,            OK),
    "write own department":   (UNAUTHENTICATED, UNAUTHENTICATED,  OK,            OK),
    "write other department": (UNAUTHENTICATED, UNAUTHENTICATED,  FORBIDDEN,     OK),
    "write regional":         (UNAUTHENTICATED, UNAUTHENTICATED,  FORBIDDEN,     OK),
}
ROLES = ("anonymous", "partner", "department", "regional")

CAPACITY = "query($id: ID!) { node(id: $id) { ... on TrainingSession { capacity } } }"
NAMES = "query($t: ID!) { registrations(target: $t) { fullName } }"


@pytest.mark.parametrize(
    ("role", "access", "expected"),
    [
        (role, access, row[i])
        for access, row in MATRIX.items()
        for i, role in enumerate(ROLES)
    ],
)
async def test_permission_matrix(role, access, expected, new_token, as_token, graphql):
    await graphql.data(REGISTER, {"target": session_id(1), "registration": module_2_person()})
    tokens = {
        "anonymous": None,
        "partner": await new_token(StaffRole.PARTNER, name="site partenaire"),
        "department": await new_token(StaffRole.DEPARTMENT, "44", name="COTER 44"),
        "regional": await new_token(StaffRole.REGIONAL, name="Pôle"),
    }
    query, variables = ACCESSES[access]
    body = await as_token(tokens[role])(query, variables)
    if expected == OK:
        assert "errors" not in body, body
        assert all(value is not None for value in body["data"].values())
        assert all(not (v or {}).get("errors") for v in body["data"].values() if isinstance(v, dict))
    else:
        assert [e["extensions"]["code"] for e in body["errors"]] == [expected]
        # Nothing changed.
        regional = as_token(tokens["regional"])
        for number in (1, 2):
            node = (await regional.data(CAPACITY, {"id": session_id(number)}))["node"]
            assert node["capacity"] is None
        names = (await regional.data(NAMES, {"t": session_id(1)}))["registrations"]
        assert [n["fullName"] for n in names] == ["Camille Martin 0"]

"""API tokens: `cps token create|list|revoke`, and what a bearer token lets a caller do."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select
from typer.testing import CliRunner

from core.cli import app
from core.db import Database, utcnow
from core.models import ApiToken
from core.models.enums import StaffRole
from tests.staff.conftest import module_1_person, session_id

runner = CliRunner()

CONFIRM = """
mutation($id: ID!) { confirmRegistration(id: $id) { registration { status } errors { code } } }
"""


def cps(database_url: str, *args: str):
    return runner.invoke(app, list(args), env={"CPS_DATABASE_URL": database_url})


def test_a_token_is_printed_once_listed_without_its_secret_and_revoked(database_url):
    created = cps(
        database_url, "token", "create", "--role", "department", "--department", "44",
        "--department", "85", "--name", "COTER 44 et 85", "--expires", "2031-01-01",
    )
    assert created.exit_code == 0, created.output
    secret = created.output.strip().splitlines()[-1]
    assert re.fullmatch(r"cps_[A-Za-z0-9_-]{43}", secret)
    token_id = re.search(r"Jeton créé : ([0-9a-f-]{36})", created.output).group(1)

    listed = cps(database_url, "token", "list")
    assert listed.exit_code == 0
    assert token_id in listed.output and "44,85" in listed.output and "actif" in listed.output
    assert secret not in listed.output

    revoked = cps(database_url, "token", "revoke", token_id)
    assert revoked.exit_code == 0
    assert "révoqué" in cps(database_url, "token", "list").output


def test_token_creation_refuses_what_makes_no_sense(database_url):
    for args, code in [
        (("--role", "department", "--name", "x"), "DEPARTMENT_REQUIRED"),
        (("--role", "regional", "--department", "44", "--name", "x"), "DEPARTMENT_NOT_ALLOWED"),
        (("--role", "department", "--department", "99", "--name", "x"), "UNKNOWN_DEPARTMENT"),
        (("--role", "partner", "--name", "x", "--expires", "2001-01-01"), "EXPIRY_IN_PAST"),
        (("--role", "partner", "--name", "x", "--expires", "demain"), "INVALID_EXPIRY"),
    ]:
        result = cps(database_url, "token", "create", *args)
        assert result.exit_code == 2 and code in result.output, (args, result.output)


async def test_only_the_hash_is_stored(new_token, database: Database):
    secret = await new_token(StaffRole.REGIONAL)
    async with database.sessions() as db:
        row = await db.scalar(select(ApiToken))
    assert secret not in (row.token_hash, row.name) and len(row.token_hash) == 64


async def _a_registration(graphql, register, n: int = 0) -> str:
    answer = await register(graphql, session_id(2), module_1_person(n))
    return answer["registration"]["id"]


async def test_a_staff_mutation_without_a_valid_token_is_unauthenticated(
    graphql, as_token, new_token, database, register
):
    registration = await _a_registration(graphql, register)
    expired = await new_token(StaffRole.REGIONAL, name="expiré")
    revoked = await new_token(StaffRole.REGIONAL, name="révoqué")
    partner = await new_token(StaffRole.PARTNER, name="site partenaire")
    async with database.sessions() as db, db.begin():
        rows = {row.name: row for row in await db.scalars(select(ApiToken))}
        rows["expiré"].expires_at = utcnow() - timedelta(seconds=1)
        rows["révoqué"].revoked_at = utcnow()
    for token in (None, "cps_nope", expired, revoked, partner, expired + "x"):
        body = await as_token(token)(CONFIRM, {"id": registration})
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"], token


async def test_department_staff_acting_on_another_department_is_forbidden(
    graphql, staff_44, staff_49, regional, set_capacity, register
):
    await set_capacity(2, 1)
    await _a_registration(graphql, register)
    registration = await _a_registration(graphql, register, 1)
    body = await staff_44(CONFIRM, {"id": registration})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    # Nothing changed: the session (department 49) is still full, the registration waiting.
    refused = await staff_49(CONFIRM, {"id": registration})
    assert refused["data"]["confirmRegistration"]["errors"] == [{"code": "NO_SEAT_LEFT"}]
    regional_answer = await regional(CONFIRM, {"id": registration})
    assert regional_answer["data"]["confirmRegistration"]["errors"] == [{"code": "NO_SEAT_LEFT"}]

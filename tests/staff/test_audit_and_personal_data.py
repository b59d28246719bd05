"""The audit log, idempotent staff writes, and a person's data exported and erased."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from core.cli import app
from core.models import OutboxMessage, OutboxStatus
from tests.staff.conftest import REGISTER, module_1_person, session_id

AUDIT = """
query($id: ID) { auditLog(objectId: $id) { actor tokenId action objectId changes at } }
"""
UPDATE = """
mutation($id: ID!, $input: UpdateTrainingSessionInput!, $key: String) {
  updateTrainingSession(id: $id, input: $input, idempotencyKey: $key) {
    trainingSession { capacity } errors { code }
  }
}
"""
EXPORT = "mutation($email: String!) { exportPersonalData(email: $email) }"
ERASE = "mutation($email: String!) { erasePersonalData(email: $email) { erasedRegistrations } }"
COUNTS = """
query($id: ID!) { node(id: $id) { ... on TrainingSession { seatsTaken waitlistLength } } }
"""


async def test_every_write_leaves_an_audit_entry_regional_staff_can_read(
    graphql, staff_49, regional
):
    await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": 1}})
    await graphql.data(REGISTER, {"target": session_id(2), "registration": module_1_person()})
    entries = (await regional.data(AUDIT))["auditLog"]
    assert [e["action"] for e in entries] == ["registration.create", "session.update"]
    update = entries[1]
    assert update["actor"] == "department:COTER 49" and update["tokenId"] is not None
    assert update["objectId"] == session_id(2) and update["changes"] == {"capacity": 1}
    assert entries[0]["actor"] == "anonyme"
    assert "camille" not in json.dumps(entries).lower()
    only = (await regional.data(AUDIT, {"id": session_id(2)}))["auditLog"]
    assert [e["action"] for e in only] == ["session.update"]
    for client, code in ((staff_49, "FORBIDDEN"), (graphql, "UNAUTHENTICATED")):
        body = await client(AUDIT)
        assert body["errors"][0]["extensions"]["code"] == code


async def test_the_same_idempotency_key_applies_a_staff_write_once(staff_49, regional):
    first = await staff_49.data(
        UPDATE, {"id": session_id(2), "input": {"capacity": 8}, "key": "k-1"}
    )
    await staff_49.data(UPDATE, {"id": session_id(2), "input": {"capacity": 9}})
    retried = await staff_49.data(
        UPDATE, {"id": session_id(2), "input": {"capacity": 8}, "key": "k-1"}
    )
    assert first["updateTrainingSession"]["errors"] == []
    # The retry wrote nothing: the audit log has two updates, and the capacity stayed 9.
    assert retried["updateTrainingSession"]["trainingSession"] == {"capacity": 9}
    entries = (await regional.data(AUDIT, {"id": session_id(2)}))["auditLog"]
    assert [e["changes"] for e in entries] == [{"capacity": 9}, {"capacity": 8}]


async def test_export_then_erase_keeps_counts_and_the_audit_trail(
    graphql, regional, staff_49, database_url, register, database
):
    person = module_1_person(7)
    registered = await register(graphql, session_id(2), person)
    reference = registered["reference"]
    exported = (await regional.data(EXPORT, {"email": person["email"]}))["exportPersonalData"]
    [entry] = exported["registrations"]
    assert entry["fullName"] == person["fullName"] and entry["employer"] == person["employer"]
    assert (await staff_49(EXPORT, {"email": person["email"]}))["errors"][0]["extensions"][
        "code"
    ] == "FORBIDDEN"

    erased = await regional.data(ERASE, {"email": person["email"]})
    assert erased["erasePersonalData"] == {"erasedRegistrations": 1}
    counts = (await graphql.data(COUNTS, {"id": session_id(2)}))["node"]
    assert counts == {"seatsTaken": 1, "waitlistLength": 0}
    mine = await graphql.data(
        "query($r: String!) { myRegistration(reference: $r) { status fullName email erasedAt } }",
        {"r": reference},
    )
    assert mine["myRegistration"]["fullName"] is None and mine["myRegistration"]["erasedAt"]
    again = (await regional.data(EXPORT, {"email": person["email"]}))["exportPersonalData"]
    assert again["registrations"] == []
    trail = json.dumps((await regional.data(AUDIT))["auditLog"], ensure_ascii=False)
    assert "person.erase" in trail and person["email"] not in trail
    assert person["fullName"] not in trail
    # Nothing of the person is left in the outbox: unsent e-mails deleted, bodies dropped.
    async with database.sessions() as db:
        messages = list(await db.scalars(select(OutboxMessage)))
    assert all(message.status is not OutboxStatus.PENDING for message in messages)
    left = json.dumps([[m.recipient, m.context] for m in messages], ensure_ascii=False)
    assert person["email"] not in left and person["fullName"] not in left


def test_cps_person_export_and_erase(database_url):
    runner = CliRunner()
    env = {"CPS_DATABASE_URL": database_url}
    exported = runner.invoke(app, ["person", "export", "nobody@example.org"], env=env)
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.output) == {"email": "nobody@example.org", "registrations": []}
    erased = runner.invoke(app, ["person", "erase", "nobody@example.org", "--yes"], env=env)
    assert erased.exit_code == 0 and "0 inscription" in erased.output

"""Idempotency keys: bound to their caller and arguments, safe under concurrent retries, the
reference stored only sealed, rows that expire (issue 12, hole 4)."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from core.db import utcnow
from core.models import IdempotencyKey, Registration
from tests.staff.conftest import REGISTER, module_1_person, session_id

pytestmark = pytest.mark.usefixtures("registrations_open")

CONFIRM = """
mutation($id: ID!, $key: String) {
  confirmRegistration(id: $id, idempotencyKey: $key) { registration { id status } errors { code } }
}
"""
MINE = "query($r: String!) { myRegistration(reference: $r) { status fullName } }"



async def _count(database, model) -> int:
    async with database.sessions() as db:
        return await db.scalar(select(func.count(model.id)))


async def test_a_staff_key_reused_for_another_registration_is_refused(
    graphql, regional, set_capacity, register
):
    await set_capacity(2, 1)
    waiting = []
    for n in range(3):
        answer = await register(graphql, session_id(2), module_1_person(n))
        waiting.append(answer["registration"]["id"])
    await set_capacity(2, 3)
    first = await regional.data(CONFIRM, {"id": waiting[1], "key": "lot-1"})
    assert first["confirmRegistration"]["registration"]["status"] == "CONFIRMED"
    again = await regional.data(CONFIRM, {"id": waiting[1], "key": "lot-1"})
    assert again == first
    reused = await regional(CONFIRM, {"id": waiting[2], "key": "lot-1"})
    assert reused["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert "autre demande" in reused["errors"][0]["message"]
    statuses = await regional.data(
        "query($t: ID!) { registrations(target: $t) { id status } }", {"t": session_id(2)}
    )
    by_id = {row["id"]: row["status"] for row in statuses["registrations"]}
    assert by_id[waiting[2]] == "WAITLISTED"


async def test_concurrent_retries_all_get_the_first_result_with_its_reference(
    graphql, database
):
    variables = {"target": session_id(2), "registration": module_1_person(5), "key": "retry-5"}
    answers = await asyncio.gather(*(graphql.data(REGISTER, variables) for _ in range(10)))
    payloads = [answer["register"] for answer in answers]
    assert all(payload["errors"] == [] for payload in payloads), payloads
    assert len({payload["reference"] for payload in payloads}) == 1
    assert len({payload["registration"]["id"] for payload in payloads}) == 1
    reference = payloads[0]["reference"]
    assert reference.startswith("ref_")
    assert await _count(database, Registration) == 1
    mine = (await graphql.data(MINE, {"r": reference}))["myRegistration"]
    assert mine["status"] == "UNCONFIRMED"  # until the e-mailed link is followed

    async with database.sessions() as db:
        rows = list(await db.scalars(select(IdempotencyKey)))
    assert len(rows) == 1
    stored = json.dumps([rows[0].result, rows[0].key_hash, rows[0].scope])
    assert reference not in stored and reference[4:20] not in stored
    assert "retry-5" not in stored
    assert rows[0].expires_at - utcnow() > timedelta(hours=23, minutes=59)


async def test_an_expired_key_is_forgotten(graphql, database):
    variables = {"target": session_id(2), "registration": module_1_person(6), "key": "k-6"}
    first = (await graphql.data(REGISTER, variables))["register"]
    assert first["errors"] == []
    async with database.sessions() as db, db.begin():
        await db.execute(
            update(IdempotencyKey).values(expires_at=utcnow() - timedelta(seconds=1))
        )
    later = (await graphql.data(REGISTER, variables))["register"]
    # The expired key replays nothing: the request is new, and answered as a new one is (the
    # neutral answer of the double opt-in: a second unconfirmed registration, no seat held).
    assert later["errors"] == [] and later["reference"] != first["reference"]
    assert await _count(database, IdempotencyKey) == 1
    assert await _count(database, Registration) == 2

"""The idempotency race of ``run_command``: the same key sent twice at the same time writes once.

On PostgreSQL the two commands really run side by side (the second's claim of the key waits
for the first's transaction); on SQLite the process's write lock serialises them. Either way
one writes and the other gets the first result, replayed. A commit refused by a unique
constraint (another writer got there first) runs the write again in a new transaction.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.commands.results import CommandResult, done
from core.commands.running import run_command
from core.db import Database
from core.models import Department, IdempotencyKey

OPERATION = "test.add_department"


def _department(code: str) -> Department:
    return Department(code=code, name=f"Département {code}", coter_name=f"COTER {code}")


async def _count(database: Database, model: type[Department] | type[IdempotencyKey]) -> int:
    async with database.sessions() as db:
        return await db.scalar(select(func.count(model.id))) or 0


async def _waiting_on_a_lock(database: Database) -> bool:
    """Whether a connection of this PostgreSQL database waits for another's lock."""
    async with database.engine.connect() as connection:
        waiting = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )
    return bool(waiting)


async def _second_is_waiting(database: Database, second: asyncio.Task[object]) -> None:
    """Return once the second command waits for the first: on PostgreSQL, for the lock of the
    key the first claimed (seen from the server); on SQLite, for the process's write lock."""
    if database.sync_engine.dialect.name == "postgresql":
        for _ in range(500):
            if await _waiting_on_a_lock(database):
                return
            await asyncio.sleep(0.01)
        pytest.fail("the second command never waited for the first's claim of the key")
    for _ in range(20):
        await asyncio.sleep(0.01)
    assert not second.done()


async def test_the_same_key_sent_twice_at_once_writes_once_and_replays_the_first_result(
    regional, database
):
    inside = asyncio.Event()
    release = asyncio.Event()
    writes = 0

    async def write(db: AsyncSession) -> CommandResult[str]:
        nonlocal writes
        writes += 1
        inside.set()
        await release.wait()
        db.add(_department("T1"))
        return done("T1")

    def send() -> asyncio.Task[CommandResult[str]]:
        return asyncio.create_task(
            run_command(regional, OPERATION, {"code": "T1"}, "same-key", write, stored_as="code")
        )

    first = send()
    await inside.wait()
    second = send()
    await _second_is_waiting(database, second)
    release.set()
    answers = await asyncio.gather(first, second)

    assert writes == 1
    assert [answer.value for answer in answers] == ["T1", "T1"]
    assert [answer.replayed for answer in answers] == [False, True]
    assert all(answer.ok for answer in answers)
    async with database.sessions() as db:
        codes = list(await db.scalars(select(Department.code).where(Department.code == "T1")))
    assert codes == ["T1"]
    assert await _count(database, IdempotencyKey) == 1


async def test_a_commit_refused_by_a_unique_row_is_run_again_in_a_new_transaction(
    regional, database
):
    attempts: list[int] = []

    async def write(db: AsyncSession) -> CommandResult[str]:
        attempts.append(len(attempts) + 1)
        # The first attempt adds what another writer has committed already ("44", seeded):
        # its commit is refused. The second adds its own row.
        db.add(_department("44" if len(attempts) == 1 else "T2"))
        return done("T2")

    departments = await _count(database, Department)
    result = await run_command(regional, OPERATION, {}, "retried", write, stored_as="code")
    assert result.ok and result.value == "T2" and not result.replayed
    assert attempts == [1, 2]
    assert await _count(database, Department) == departments + 1

    again = await run_command(regional, OPERATION, {}, "retried", write, stored_as="code")
    assert again.replayed and again.value == "T2"
    assert attempts == [1, 2]


async def test_without_a_key_a_refused_commit_goes_up(regional, database):
    async def write(db: AsyncSession) -> CommandResult[str]:
        db.add(_department("44"))
        return done("44")

    departments = await _count(database, Department)
    with pytest.raises(IntegrityError):
        await run_command(regional, OPERATION, {}, None, write, stored_as="code")
    assert await _count(database, Department) == departments

"""A pooled connection the database server closed is replaced before a request uses it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from core.db import Database

DEPARTMENTS = "{ departments { edges { node { code } } } }"


async def _pooled_server_pids(database: Database) -> list[int]:
    pids = []
    async with database.engine.connect() as first, database.engine.connect() as second:
        for connection in (first, second):
            pids.append(await connection.scalar(text("SELECT pg_backend_pid()")))
    return pids


async def test_requests_after_the_server_ended_the_pooled_connections_are_answered(
    graphql, database
):
    if database.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: a SQLite file has no server to end a connection")
    await graphql.data(DEPARTMENTS)
    async with database.engine.connect() as other:
        pids = await _pooled_server_pids(database)  # two others, back in the pool
        for pid in pids:
            await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        await other.rollback()
    # As many requests as connections were ended, then one more: each is answered.
    for _ in range(len(pids) + 1):
        data = await graphql.data(DEPARTMENTS)
        assert len(data["departments"]["edges"]) == 5
    assert set(await _pooled_server_pids(database)).isdisjoint(pids)

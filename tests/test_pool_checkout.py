"""A pooled connection the database server closed is replaced before a request uses it
(``core.db._test_on_checkout``)."""

from __future__ import annotations

import asyncpg
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


@pytest.mark.parametrize("known_closed", [True, False], ids=["end-read", "end-unread"])
async def test_requests_after_the_server_ended_the_pooled_connections_are_answered(
    graphql, database, monkeypatch, known_closed
):
    """``end-read``: asyncpg may have read the connections' end. ``end-unread``: as if it had
    not (a connection lost without a word, or its end not yet read): the test query finds it."""
    if database.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: a SQLite file has no server to end a connection")
    if not known_closed:
        monkeypatch.setattr(asyncpg.Connection, "is_closed", lambda self: False)
    await graphql.data(DEPARTMENTS)
    async with database.engine.connect() as other:
        pids = await _pooled_server_pids(database)  # two others, back in the pool
        for pid in pids:
            # With a timeout, it returns once the backend has ended (PostgreSQL 14 and later).
            await other.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        await other.rollback()
    # As many requests as connections were ended, then one more: each is answered.
    for _ in range(len(pids) + 1):
        data = await graphql.data(DEPARTMENTS)
        assert len(data["departments"]["edges"]) == 5
    assert set(await _pooled_server_pids(database)).isdisjoint(pids)

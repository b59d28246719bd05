"""One writer at a time per session or event, so that capacity is never exceeded.

A registration counts the seats taken and inserts itself in one transaction. Two such
transactions running side by side would both see the last seat free, so they are serialised:

- on PostgreSQL, the transaction locks the session's (or event's) row with
  ``SELECT … FOR UPDATE`` before counting (``lock_target``): writers to the same target wait
  for each other's commit, whichever process they run in; writers to other targets do not;
- on SQLite, which has no row locks and whose deferred transactions would fail with "database is
  locked" when upgraded to writes side by side, every seat-taking transaction of the process
  holds one asyncio lock per database (``seat_transaction``). That serialises one process only:
  SQLite is for development and single-process deployments (``cps serve --workers`` warns).
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.models import Event, TrainingSession

_SQLITE_LOCKS: weakref.WeakKeyDictionary[Engine, asyncio.Lock] = weakref.WeakKeyDictionary()


def _process_lock(database: Database) -> asyncio.Lock | nullcontext[None]:
    engine = database.sync_engine
    if engine.dialect.name != "sqlite":
        return nullcontext()
    lock = _SQLITE_LOCKS.get(engine)
    if lock is None:
        lock = _SQLITE_LOCKS[engine] = asyncio.Lock()
    return lock


@asynccontextmanager
async def seat_transaction(database: Database) -> AsyncIterator[AsyncSession]:
    """A session for a write that takes or frees seats; commit it before leaving the block.

    On SQLite the whole block holds the database's process-wide lock.
    """
    async with _process_lock(database):
        async with database.sessions() as db:
            yield db


async def lock_target(
    db: AsyncSession, model: type[TrainingSession] | type[Event], row_id: int
) -> None:
    """Lock a session's or event's row until the transaction ends (PostgreSQL; a no-op on
    SQLite, where ``seat_transaction`` already serialises)."""
    await db.execute(select(model.id).where(model.id == row_id).with_for_update())

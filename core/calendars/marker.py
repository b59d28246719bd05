"""The change marker: the data revision (``core.models.revision``), read as cheaply as can be.

Calendar applications poll unchanged feeds again and again. Reading the data revision is the
one query such a poll costs: while it has not moved, no row a feed shows has changed, whichever
process wrote, so a feed's stamp computed earlier still holds. Writes that feeds do not show
(rate-limit counters, for one) leave it alone.

It is read on a connection of its own, held open and out of any transaction, with the driver's
own call: an SQLAlchemy round trip costs more than the rest of a 304 answer. On PostgreSQL that
is asyncpg's. On SQLite it is the standard ``sqlite3`` module, synchronously: reading one row by
its primary key takes a few microseconds, less than handing the call to a thread as aiosqlite
does for every call; the connection is read-only, and its busy timeout is short
(``SQLITE_BUSY_TIMEOUT``), so a commit in progress holds the event loop that long at most
before the read counts as unknown. A failure (a lost connection, a busy file) reads as ``None``,
"unknown": the caller then computes the stamp again, and the next read reconnects.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.models.revision import READ_SQL

logger = logging.getLogger(__name__)

# Seconds a read waits for a commit in progress on SQLite before giving up.
SQLITE_BUSY_TIMEOUT = 0.05


class ChangeMarker:
    """Reads the data revision over a dedicated connection (see the module)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._driver: Any = None
        self._lock = asyncio.Lock()
        self._postgresql = engine.dialect.name == "postgresql"
        # An in-memory SQLite database is one connection shared with the writers: no marker.
        self.enabled = self._postgresql or (
            engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")
        )
        # Reads made, for tests and metrics.
        self.reads = 0

    async def read(self) -> int | None:
        """The current revision (0 before the first tracked write), or None when unknown."""
        if not self.enabled:
            return None
        if not self._postgresql:
            return self._read_sqlite()
        async with self._lock:
            try:
                driver = await self._open()
                self.reads += 1
                value = await driver.fetchval(READ_SQL)
            except Exception:
                logger.warning("data revision unreadable; reconnecting", exc_info=True)
                await self._drop()
                return None
        return 0 if value is None else int(value)

    def _read_sqlite(self) -> int | None:
        try:
            if self._driver is None:
                path = Path(self._engine.url.database).resolve()
                self._driver = sqlite3.connect(
                    f"{path.as_uri()}?mode=ro",
                    uri=True,
                    timeout=SQLITE_BUSY_TIMEOUT,
                    isolation_level=None,
                )
            self.reads += 1
            row = self._driver.execute(READ_SQL).fetchone()
        except sqlite3.Error:
            logger.warning("data revision unreadable; reconnecting", exc_info=True)
            driver, self._driver = self._driver, None
            if driver is not None:
                driver.close()
            return None
        return 0 if row is None else int(row[0])

    async def _open(self) -> Any:
        if self._driver is None:
            connection = await self._engine.connect()
            # Each read must see the latest commit: no transaction around it.
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            raw = await connection.get_raw_connection()
            self._connection, self._driver = connection, raw.driver_connection
        return self._driver

    async def _drop(self) -> None:
        connection, self._connection, self._driver = self._connection, None, None
        if connection is not None:
            try:
                await connection.invalidate()
            except Exception:
                logger.debug("data revision connection already gone", exc_info=True)

    async def close(self) -> None:
        """Give the dedicated connection back; call it before disposing of the engine."""
        async with self._lock:
            connection, driver = self._connection, self._driver
            self._connection = self._driver = None
            if connection is not None:
                await connection.close()
            elif isinstance(driver, sqlite3.Connection):
                driver.close()

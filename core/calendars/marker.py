"""The change marker: the data revisions (``core.models.revision``), read as cheaply as can be.

Calendar applications poll unchanged feeds again and again. Reading the data revisions (one
counter per table feeds show, a dozen rows) is the one query such a poll costs: while the
counters of the tables a feed reads have not moved, no row it shows has changed, whichever
process wrote, so a feed's stamp computed earlier still holds. Writes that feeds do not show
(rate-limit counters, for one) leave them alone.

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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.models.revision import READ_ALL_SQL, TABLE_IDS

logger = logging.getLogger(__name__)

# Seconds a read waits for a commit in progress on SQLite before giving up.
SQLITE_BUSY_TIMEOUT = 0.05


class Revisions:
    """The counters read at one instant, by row ID (a counter never moved reads 0)."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[int, int]) -> None:
        self._values = values

    def of(self, tables: Iterable[str]) -> tuple[int, ...]:
        """The counters of ``tables`` (tracked table names), in the order given."""
        return tuple(self._values.get(TABLE_IDS[name], 0) for name in tables)

    def get(self, row_id: int) -> int:
        """One counter, by its row ID (``revision.ALL`` for every tracked write)."""
        return self._values.get(row_id, 0)


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

    async def read(self) -> Revisions | None:
        """The current revisions, or None when unknown."""
        if not self.enabled:
            return None
        if not self._postgresql:
            return self._read_sqlite()
        async with self._lock:
            try:
                driver = await self._open()
                self.reads += 1
                rows = await driver.fetch(READ_ALL_SQL)
            except Exception:
                logger.warning("data revision unreadable; reconnecting", exc_info=True)
                await self._drop()
                return None
        return Revisions({row_id: int(value) for row_id, value in rows})

    def _read_sqlite(self) -> Revisions | None:
        try:
            if self._driver is None:
                # An in-memory SQLite database has no file to open read-only.
                if self._engine.url.database is None:
                    return None
                path = Path(self._engine.url.database).resolve()
                self._driver = sqlite3.connect(
                    f"{path.as_uri()}?mode=ro",
                    uri=True,
                    timeout=SQLITE_BUSY_TIMEOUT,
                    isolation_level=None,
                )
            self.reads += 1
            rows = self._driver.execute(READ_ALL_SQL).fetchall()
        except sqlite3.Error:
            logger.warning("data revision unreadable; reconnecting", exc_info=True)
            driver, self._driver = self._driver, None
            if driver is not None:
                driver.close()
            return None
        return Revisions({row_id: int(value) for row_id, value in rows})

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

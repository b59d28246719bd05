"""Rate-limit counters in the database (SQLite or PostgreSQL), when no Redis is configured.

One statement per request, ``INSERT … ON CONFLICT DO UPDATE SET hits = hits + 1 RETURNING
hits``, atomic on both databases, so workers never lose a count. The store has an engine of its
own, in autocommit (a single statement needs no transaction around it): its writes never wait
for a connection of the API's pool, nor count among the statements of the API's requests.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from core.models import RateLimitWindow
from core.ratelimit.store import WindowCount, current_window

# Expired rows are deleted by about one request in this many: cheap, and the table stays small.
CLEANUP_ONE_IN = 500


class DatabaseCounterStore:
    """Counters in the ``rate_limit_window`` table."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        insert = (postgresql if engine.dialect.name == "postgresql" else sqlite).insert
        # Built once: only the values change from one request to the next.
        self._upsert = (
            insert(RateLimitWindow)
            .values(
                bucket=bindparam("bucket"),
                hits=bindparam("amount"),
                expires_at=bindparam("expires_at"),
            )
            .on_conflict_do_update(
                index_elements=[RateLimitWindow.bucket],
                set_={"hits": RateLimitWindow.hits + bindparam("amount")},
            )
            .returning(RateLimitWindow.hits)
        )
        self._cleanup = delete(RateLimitWindow).where(
            RateLimitWindow.expires_at < bindparam("now")
        )

    @classmethod
    def open(cls, database_url: str) -> DatabaseCounterStore:
        """A store on an engine of its own for ``database_url``."""
        return cls(create_async_engine(database_url, isolation_level="AUTOCOMMIT", pool_size=2))

    async def hit(self, key: str, window_seconds: int, amount: int, now: float) -> WindowCount:
        """Add ``amount`` under ``key`` in the window of ``now``."""
        number, resets_in = current_window(window_seconds, now)
        # Expiry is on the real clock: the table is cleaned of what no window counts any more.
        expires_at = datetime.now(UTC) + timedelta(seconds=resets_in)
        async with self.engine.connect() as connection:
            hits = (
                await connection.execute(
                    self._upsert,
                    {
                        "bucket": f"{key}:{number}",
                        "amount": amount,
                        "expires_at": expires_at,
                    },
                )
            ).scalar_one()
            if random.randrange(CLEANUP_ONE_IN) == 0:
                await connection.execute(self._cleanup, {"now": datetime.now(UTC)})
        return WindowCount(int(hits), resets_in)

    async def close(self) -> None:
        """Dispose of the store's engine."""
        await self.engine.dispose()

"""Fixed-window counters that every worker shares.

A window is ``CPS_RATE_LIMIT_WINDOW`` seconds long and starts at a multiple of its length, so
every worker agrees on which window a request falls in without talking to the others; the
count lives in Redis when ``CPS_REDIS_URL`` is set, else in the database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Protocol

from core.settings import Settings


@dataclass(frozen=True)
class WindowCount:
    """Requests counted in the current window, this one included, and seconds until it ends."""

    hits: int
    resets_in: float


def current_window(window_seconds: int, now: float) -> tuple[int, float]:
    """The number of the window ``now`` (seconds since the epoch) falls in and the seconds
    left in it."""
    number = int(now // window_seconds)
    return number, (number + 1) * window_seconds - now


class CounterStore(Protocol):
    """Where the counters live."""

    async def hit(self, key: str, window_seconds: int, amount: int, now: float) -> WindowCount:
        """Add ``amount`` (a request's weight; 0 only reads) under ``key`` in the window of
        ``now`` (seconds since the epoch, the limiter's clock); return the window's count."""
        ...

    async def close(self) -> None:
        """Release the connections."""
        ...


@asynccontextmanager
async def open_counter_store(settings: Settings) -> AsyncIterator[CounterStore]:
    """The settings' store (Redis, or else the database), closed on the way out."""
    store: CounterStore
    if settings.redis_url:
        from core.ratelimit.redis_store import RedisCounterStore

        store = RedisCounterStore.open(settings.redis_url, prefix=settings.redis_prefix)
    else:
        from core.ratelimit.database_store import DatabaseCounterStore

        store = DatabaseCounterStore.open(settings.database_url)
    try:
        yield store
    finally:
        await store.close()

"""One piece of work per key at a time, its result shared by every caller that asked meanwhile.

A feed's first build takes long; when several calendar applications poll it at once, the first
request starts the build and the others await the same task instead of building the feed again.
The task is shielded: a caller that gives up (its client went away) does not cancel the work
the others wait for. Meant for one event loop: no locking.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")


class SingleFlight(Generic[K, R]):
    """Runs ``work`` once per key at a time (see the module)."""

    def __init__(self) -> None:
        self._running: dict[K, asyncio.Future[R]] = {}
        # Callers that awaited work another caller started, for tests and the benchmark.
        self.shared = 0

    def running(self, key: K) -> bool:
        """Whether work for ``key`` is under way."""
        return key in self._running

    async def run(self, key: K, work: Callable[[], Awaitable[R]]) -> R:
        """The result of ``work()``, or of the work already under way for ``key``."""
        task = self._running.get(key)
        if task is None:
            task = asyncio.ensure_future(work())
            self._running[key] = task
            task.add_done_callback(lambda done: self._finished(key, done))
        else:
            self.shared += 1
        return await asyncio.shield(task)

    def _finished(self, key: K, task: asyncio.Future[R]) -> None:
        if self._running.get(key) is task:
            del self._running[key]
        if not task.cancelled():
            # Retrieved here so that a failure every caller abandoned is not reported twice.
            task.exception()

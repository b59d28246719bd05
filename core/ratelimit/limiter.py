"""``RateLimiter``: counts each request against its caller's limit and says whether it may go on.

A request counts once when it arrives (``check``), and a GraphQL operation counts more once
its document is known (``charge``): its mutations and its cost weigh on the same budget, so one
request of fifty mutations is not one request.

When the shared store (Redis, or the database) fails, the limiter counts in the worker's memory
instead (``LocalCounterStore``): each worker then applies the limits to what it sees, never no
limit at all. Each failure is counted in the metrics, and one warning is logged per
``WARNING_INTERVAL_SECONDS``, not one per request. ``store_degraded`` tells ``/readyz``.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import Scope

from core.ratelimit.feeds import feed_caller, is_feed_poll
from core.ratelimit.local_store import LocalCounterStore
from core.ratelimit.policy import Caller, CallerPolicy, Tier
from core.ratelimit.store import CounterStore, WindowCount

logger = logging.getLogger("cps.ratelimit")

WARNING_INTERVAL_SECONDS = 60.0
# How long /readyz waits for the store before calling it degraded.
PROBE_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Verdict:
    """Whether a request may go on; when it may not, after how many seconds it may."""

    caller: Caller
    allowed: bool
    retry_after: int = 0


class RateLimiter:
    """The rate limit of the service: a caller policy, a counter store and a window length.

    ``on_store_failure`` is called once per failure of the store (the metrics count them).
    """

    def __init__(
        self,
        policy: CallerPolicy,
        store: CounterStore,
        window_seconds: int,
        *,
        on_store_failure: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.policy = policy
        self.store = store
        self.window_seconds = window_seconds
        self.local = LocalCounterStore()
        self.on_store_failure = on_store_failure
        self.clock = clock
        # Seconds since the epoch, which windows are aligned on (the app's clock; a test's
        # stopped clock keeps every request of the test in one window).
        self.wall_clock = wall_clock
        self._last_warning: float | None = None
        self._failures_since_warning = 0

    async def check(self, scope: Scope) -> Verdict:
        """Count the request in ``scope`` and judge it. A limit of 0 means no limit."""
        caller = await self.policy.identify(scope)
        if is_feed_poll(scope):
            caller = feed_caller(caller, self.policy.limits[Tier.FEEDS])
        return await self.charge(caller, 1)

    async def charge(self, caller: Caller, weight: int) -> Verdict:
        """Add ``weight`` to ``caller``'s count of the window and judge the request."""
        if caller.limit <= 0 or weight <= 0:
            return Verdict(caller, allowed=True)
        count = await self.count(caller.key, self.window_seconds, weight)
        if count.hits <= caller.limit:
            return Verdict(caller, allowed=True)
        return Verdict(caller, allowed=False, retry_after=max(1, math.ceil(count.resets_in)))

    async def count(self, key: str, window_seconds: int, amount: int = 1) -> WindowCount:
        """Add ``amount`` under ``key`` for a window of ``window_seconds`` (0 only reads), in the
        shared store, or in this worker's memory while the store fails."""
        now = self.wall_clock()
        try:
            return await self.store.hit(key, window_seconds, amount, now)
        except Exception as error:  # noqa: BLE001 (any failure of the store: count locally)
            self._store_failed(error)
            return await self.local.hit(key, window_seconds, amount, now)

    async def store_degraded(self) -> bool:
        """Whether the shared store fails now (a probe that counts nothing)."""
        try:
            await asyncio.wait_for(
                self.store.hit("probe", self.window_seconds, 0, self.wall_clock()),
                PROBE_TIMEOUT_SECONDS,
            )
        except Exception:  # noqa: BLE001 (any failure: degraded)
            return True
        return False

    def _store_failed(self, error: Exception) -> None:
        if self.on_store_failure is not None:
            self.on_store_failure()
        self._failures_since_warning += 1
        now = self.clock()
        if self._last_warning is not None and now - self._last_warning < WARNING_INTERVAL_SECONDS:
            return
        logger.warning(
            "rate-limit store failed (%d times since the last warning), counting in this "
            "worker's memory: %r",
            self._failures_since_warning,
            error,
        )
        self._last_warning = now
        self._failures_since_warning = 0

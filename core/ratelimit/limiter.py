"""``RateLimiter``: counts each request against its caller's limit and says whether it may go on."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from starlette.types import Scope

from core.ratelimit.feeds import feed_caller, is_feed_poll
from core.ratelimit.policy import Caller, CallerPolicy, Tier
from core.ratelimit.store import CounterStore

logger = logging.getLogger("cps.ratelimit")


@dataclass(frozen=True)
class Verdict:
    """Whether a request may go on; when it may not, after how many seconds it may."""

    caller: Caller
    allowed: bool
    retry_after: int = 0


class RateLimiter:
    """The rate limit of the service: a caller policy, a counter store and a window length."""

    def __init__(self, policy: CallerPolicy, store: CounterStore, window_seconds: int) -> None:
        self.policy = policy
        self.store = store
        self.window_seconds = window_seconds

    async def check(self, scope: Scope) -> Verdict:
        """Count the request in ``scope`` and judge it.

        A limit of 0 means no limit. When the store fails the request goes on (and a warning is
        logged): an unreachable Redis must not take the whole API down.
        """
        caller = await self.policy.identify(scope)
        if is_feed_poll(scope):
            caller = feed_caller(caller, self.policy.limits[Tier.FEEDS])
        if caller.limit <= 0:
            return Verdict(caller, allowed=True)
        try:
            count = await self.store.hit(caller.key, self.window_seconds)
        except Exception as error:  # noqa: BLE001 (any failure of the store: fail open)
            logger.warning("rate limit not applied, counter store failed: %r", error)
            return Verdict(caller, allowed=True)
        if count.hits <= caller.limit:
            return Verdict(caller, allowed=True)
        return Verdict(caller, allowed=False, retry_after=max(1, math.ceil(count.resets_in)))

"""Rate-limit counters in Redis: one key per caller and window, expiring with the window."""

from __future__ import annotations

from redis.asyncio import Redis

from core.ratelimit.store import WindowCount, current_window


class RedisCounterStore:
    """Counters in Redis; ``prefix`` keeps them apart from other users of the same Redis."""

    def __init__(self, client: Redis, prefix: str) -> None:
        self.client = client
        self.prefix = prefix

    @classmethod
    def open(cls, url: str, *, prefix: str) -> RedisCounterStore:
        """A store on the Redis at ``url`` (connections are made on first use)."""
        return cls(Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0), prefix)

    async def hit(self, key: str, window_seconds: int, amount: int, now: float) -> WindowCount:
        """Add ``amount`` under ``key`` in the window of ``now``."""
        number, resets_in = current_window(window_seconds, now)
        name = f"{self.prefix}ratelimit:{key}:{number}"
        async with self.client.pipeline(transaction=True) as pipeline:
            pipeline.incrby(name, amount)
            pipeline.expire(name, window_seconds + 1)
            hits, _ = await pipeline.execute()
        return WindowCount(int(hits), resets_in)

    async def close(self) -> None:
        """Close the connections."""
        await self.client.aclose()

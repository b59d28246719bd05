"""Counters in one worker's memory: the stand-in while the shared store fails.

Never the store of a healthy service (workers would each count apart); when Redis or the
database store fails, each worker still limits what it sees rather than letting everything
through. Old windows are dropped as new ones begin, so memory stays bounded by the callers of
the current windows, at most ``max_keys`` of them (the oldest go first past that).
"""

from __future__ import annotations

from collections import OrderedDict

from core.ratelimit.store import WindowCount, current_window

MAX_KEYS = 100_000


class LocalCounterStore:
    """Fixed-window counters in this process only."""

    def __init__(self, max_keys: int = MAX_KEYS) -> None:
        self.max_keys = max_keys
        self._counts: OrderedDict[tuple[str, int, int], int] = OrderedDict()

    async def hit(self, key: str, window_seconds: int, amount: int, now: float) -> WindowCount:
        """Add ``amount`` under ``key`` in the window of ``now``, in this process."""
        number, resets_in = current_window(window_seconds, now)
        name = (key, window_seconds, number)
        hits = self._counts.pop(name, 0) + amount
        self._counts[name] = hits
        self._forget_old(number, window_seconds)
        return WindowCount(hits, resets_in)

    def _forget_old(self, number: int, window_seconds: int) -> None:
        while len(self._counts) > self.max_keys:
            self._counts.popitem(last=False)
        # Entries are in order of last use: stale windows of this length sit at the front.
        for name in list(self._counts)[:8]:
            if name[1] == window_seconds and name[2] < number:
                del self._counts[name]

    async def close(self) -> None:
        """Nothing to release."""

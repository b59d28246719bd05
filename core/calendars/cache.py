"""A small least-recently-used cache, bounded in entries and in total weight (bytes)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """Keeps the most recently used values, at most ``max_entries`` (None: no count) and
    ``max_weight`` in all.

    ``weigh`` gives a value's weight (1 each by default). A value heavier than ``max_weight``
    is not kept. Meant for one thread at a time: no locking.
    """

    def __init__(
        self,
        max_entries: int | None = None,
        max_weight: int | None = None,
        weigh: Callable[[V], int] = lambda _value: 1,
    ) -> None:
        self.max_entries = max_entries
        self.max_weight = max_weight
        self._weigh = weigh
        self._values: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self.weight = 0

    def get(self, key: K) -> V | None:
        """The value under ``key``, now the most recently used, or None."""
        found = self._values.get(key)
        if found is None:
            return None
        self._values.move_to_end(key)
        return found[0]

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` under ``key``, dropping the least recently used values if needed."""
        weight = self._weigh(value)
        if self.max_weight is not None and weight > self.max_weight:
            return
        previous = self._values.pop(key, None)
        if previous is not None:
            self.weight -= previous[1]
        self._values[key] = (value, weight)
        self.weight += weight
        while (self.max_entries is not None and len(self._values) > self.max_entries) or (
            self.max_weight is not None and self.weight > self.max_weight
        ):
            _, (_, dropped) = self._values.popitem(last=False)
            self.weight -= dropped

    def pop(self, key: K) -> V | None:
        """Forget the value under ``key``; return it, or None."""
        found = self._values.pop(key, None)
        if found is None:
            return None
        self.weight -= found[1]
        return found[0]

    def __len__(self) -> int:
        return len(self._values)

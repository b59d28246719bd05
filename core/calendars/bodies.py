"""Built feeds kept by a worker: their bytes and compressed forms, bounded by bytes.

A feed whose ETag is unchanged is served from here without a rebuild. Only each feed's latest
bytes are kept: once newer ones are built, the older are never served again.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from core.calendars.cache import LruCache
from core.http.compression import compress


@dataclass
class FeedBody:
    """A built feed: its bytes, compressed forms made on first demand, the file name to offer."""

    identity: bytes
    file_name: str
    _encoded: dict[str, bytes] = field(default_factory=dict, repr=False)

    def known(self, coding: str) -> bytes | None:
        """The form in ``coding`` if it was made already."""
        return self._encoded.get(coding)

    def encode(self, coding: str) -> bytes:
        """The form in ``coding`` (``br``, ``gzip``), made now if needed; equal feeds give equal bytes."""
        content = self._encoded.get(coding)
        if content is None:
            content = self._encoded[coding] = compress(self.identity, coding)
        return content

    @property
    def weight(self) -> int:
        """Bytes held."""
        return len(self.identity) + sum(len(content) for content in self._encoded.values())


def _weigh(body: FeedBody) -> int:
    return body.weight


class FeedBodies:
    """Feed bodies by ETag, ``max_bytes`` in all (every form counted), at most the latest of
    ``max_feeds`` feeds; a feed is kept whatever its size, as long as it fits."""

    def __init__(self, max_bytes: int, max_feeds: int) -> None:
        self.max_bytes = max_bytes
        self.max_feeds = max_feeds
        self._bodies: LruCache[str, FeedBody] = LruCache(max_weight=max_bytes, weigh=_weigh)
        # The ETag of each feed's latest bytes, by feed and filter.
        self._latest: LruCache[Hashable, str] = LruCache(max_feeds)

    @property
    def weight(self) -> int:
        """Bytes held."""
        return self._bodies.weight

    def get(self, etag: str) -> FeedBody | None:
        """The body with ``etag``, or None."""
        return self._bodies.get(etag)

    def keep(self, feed: Hashable, etag: str, body: FeedBody) -> None:
        """Keep ``body`` as the latest of ``feed`` (a feed and its filter), dropping the older."""
        previous = self._latest.get(feed)
        if previous is not None and previous != etag:
            self._bodies.pop(previous)
        self._latest.put(feed, etag)
        self._bodies.put(etag, body)

    def reweigh(self, etag: str, body: FeedBody) -> None:
        """Weigh ``body`` again, after a compressed form was added."""
        self._bodies.put(etag, body)

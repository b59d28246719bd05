"""The byte-bounded caches drop their least recently used values when full."""

from __future__ import annotations

import httpx

from core.calendars.cache import LruCache
from tests.calendars.feeds import IDENTITY, fetch
from tests.calendars.test_feed_caches import poll
from tests.serving import BASE_URL, running, settings_for


def test_the_least_recently_used_values_go_when_the_weight_is_over_the_bound():
    cache: LruCache[str, bytes] = LruCache(max_weight=10, weigh=len)
    cache.put("a", b"1234")
    cache.put("b", b"1234")
    assert cache.get("a") == b"1234"  # now "b" is the least recently used
    cache.put("c", b"12345")
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c")) == (b"1234", b"12345")
    assert cache.weight == 9 and len(cache) == 2
    cache.put("d", b"1234567890")
    assert len(cache) == 1 and cache.weight == 10 and cache.get("d") == b"1234567890"


def test_the_oldest_values_go_past_the_count_bound():
    cache: LruCache[int, str] = LruCache(max_entries=2)
    for key in range(3):
        cache.put(key, str(key))
    assert cache.get(0) is None and (cache.get(1), cache.get(2)) == ("1", "2")
    assert cache.weight == 2


async def test_a_worker_keeps_the_feeds_its_byte_bound_holds_and_rebuilds_the_others(
    database_url,
):
    async with running(settings_for(database_url)) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            region = await poll(app, **IDENTITY)
            department = await fetch(http, "/calendars/departments/44.ics", **IDENTITY)
    # Room for the region feed and not for both: the department's feed pushes it out.
    bound = len(region.content) + len(department.content) // 2
    assert len(department.content) < bound
    async with running(settings_for(database_url, feed_cache_bytes=bound)) as app:
        feeds = app.state.calendars
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            await poll(app, **IDENTITY)
            await fetch(http, "/calendars/departments/44.ics", **IDENTITY)
            builds = feeds.builds
            await fetch(http, "/calendars/departments/44.ics", **IDENTITY)
            assert feeds.builds == builds
            assert feeds.cached_feed_bytes <= bound
            again = await poll(app, **IDENTITY)
            assert feeds.builds == builds + 1
    assert again.content == region.content

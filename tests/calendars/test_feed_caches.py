"""The feed caches are bounded by bytes (settings), not by a count the data outgrows."""

from __future__ import annotations

from datetime import time

import httpx

from core.services import scheduling
from tests.calendars.feeds import IDENTITY, day_uid, fetch
from tests.serving import running, settings_for

REGION = "/calendars/region.ics"


async def poll(app, **headers: str):
    """GET the region feed from ``app`` (in-process, as a calendar application would)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://cps.example.org") as http:
        response = await fetch(http, REGION, **headers)
    assert response.status_code == 200
    return response


async def reschedule_one_day(app, hour: int) -> None:
    async with app.state.database.sessions() as session, session.begin():
        await scheduling.reschedule_session_day(
            session, day_uid(1, "2025-04-28"), start_time=time(hour)
        )


async def test_an_unchanged_feed_is_served_from_the_cache_that_fits_it(database_url):
    async with running(settings_for(database_url)) as app:
        feeds = app.state.calendars
        first = await poll(app, **IDENTITY)
        builds, written = feeds.builds, feeds.renderer.written
        second = await poll(app, **IDENTITY)
        zipped = await poll(app, accept_encoding="gzip")
        assert second.content == first.content
        assert zipped.headers["content-encoding"] == "gzip"
        assert (feeds.builds, feeds.renderer.written) == (builds, written)


async def test_a_feed_larger_than_the_bound_is_built_at_each_download(database_url):
    small = settings_for(database_url, feed_cache_bytes=1_024)
    async with running(small) as app:
        feeds = app.state.calendars
        first = await poll(app, **IDENTITY)
        assert len(first.content) > small.feed_cache_bytes
        builds = feeds.builds
        await poll(app, **IDENTITY)
        assert feeds.builds == builds + 1


async def test_a_rebuild_writes_only_the_changed_session_when_the_entries_fit(database_url):
    async with running(settings_for(database_url)) as app:
        first = await poll(app, **IDENTITY)
        written = app.state.calendars.renderer.written
        await reschedule_one_day(app, 10)
        await poll(app, **IDENTITY)
        # The three days of the session moved (each says which day of how many it is).
        assert 0 < app.state.calendars.renderer.written - written <= 3
        assert first.content.count(b"BEGIN:VEVENT") > 20


async def test_entries_beyond_the_entry_bound_come_from_the_stored_texts(database_url):
    """A worker whose entry cache is too small finds the texts in the database (every
    worker's): the changed session's three days are written again, and at most the one text
    the cache held when the build began and let go during it; not the whole feed."""
    async with running(settings_for(database_url, feed_entry_cache_bytes=4_096)) as app:
        first = await poll(app, **IDENTITY)
        entries = first.content.count(b"BEGIN:VEVENT")
        written = app.state.calendars.renderer.written
        assert written >= entries
        await reschedule_one_day(app, 10)
        second = await poll(app, **IDENTITY)
        assert 0 < app.state.calendars.renderer.written - written <= 4
        assert second.content.count(b"BEGIN:VEVENT") == entries


async def test_a_changed_feed_keeps_only_its_latest_bytes(database_url):
    async with running(settings_for(database_url)) as app:
        feeds = app.state.calendars
        await poll(app, **IDENTITY)
        one_version = feeds.cached_feed_bytes
        for hour in (10, 11, 12):
            await reschedule_one_day(app, hour)
            await poll(app, **IDENTITY)
        assert 0 < feeds.cached_feed_bytes <= one_version * 1.01

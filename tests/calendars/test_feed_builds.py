"""A feed build runs off the event loop, once per feed at a time, and is kept while unchanged."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest

from tests.calendars.feeds import IDENTITY, fetch

DEPARTMENT_44 = "/calendars/departments/44.ics"
# Generous: only reached when the behaviour under test is broken.
PATIENCE_SECONDS = 10


class HeldBuild:
    """Holds the writing of every feed in the build thread until ``release()``."""

    def __init__(self, write: Callable[..., bytes]) -> None:
        self._write = write
        self.started = threading.Event()
        self._released = threading.Event()

    def __call__(self, *arguments: object) -> bytes:
        self.started.set()
        self._released.wait(PATIENCE_SECONDS)
        return self._write(*arguments)

    def release(self) -> None:
        self._released.set()

    async def until_started(self) -> None:
        for _ in range(PATIENCE_SECONDS * 100):
            if self.started.is_set():
                return
            await asyncio.sleep(0.01)
        pytest.fail("the feed build never started")


@pytest.fixture
def held(app, monkeypatch) -> HeldBuild:
    renderer = app.state.calendars.renderer
    holder = HeldBuild(renderer.calendar)
    monkeypatch.setattr(renderer, "calendar", holder)
    yield holder
    holder.release()


async def test_a_graphql_query_answers_while_a_feed_is_being_built(client, graphql, held):
    build = asyncio.create_task(fetch(client, DEPARTMENT_44))
    try:
        await held.until_started()
        data = await graphql.data('{ department(code: "44") { code name } }')
        assert data["department"]["code"] == "44"
        # The build is still held in its thread: the query did not wait for it.
        assert not build.done()
    finally:
        held.release()
    response = await build
    assert response.status_code == 200
    assert b"BEGIN:VCALENDAR" in response.content


async def test_two_polls_during_a_build_share_it(app, client, held):
    feeds = app.state.calendars
    builds = feeds.builds
    first = asyncio.create_task(fetch(client, DEPARTMENT_44, **IDENTITY))
    await held.until_started()
    second = asyncio.create_task(fetch(client, DEPARTMENT_44, **IDENTITY))
    for _ in range(PATIENCE_SECONDS * 100):
        if feeds.shared_builds == 1:
            break
        await asyncio.sleep(0.01)
    held.release()
    one, other = await asyncio.gather(first, second)
    assert one.status_code == other.status_code == 200
    assert one.content == other.content
    assert one.headers["etag"] == other.headers["etag"]
    assert feeds.builds == builds + 1
    assert feeds.shared_builds == 1

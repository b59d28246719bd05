"""A large build's entry texts are written in a process of their own (``writer``): the same
bytes as in the build thread, the thread again when the process dies or is stuck, no process
left after the application closes (processes seen in ``/proc``: Linux)."""

from __future__ import annotations

import logging
import os
import signal
import time
from pathlib import Path

from sqlalchemy import delete

from core.models import FeedEntryText
from tests.calendars.feeds import IDENTITY, fetch
from tests.serving import client_of, running, settings_for

FEEDS = ("/calendars/region.ics", "/calendars/departments/44.ics")
# Every build of these tests goes through the process, or none.
THROUGH_THE_PROCESS = 1
IN_THE_THREAD = 10**9


async def cold_bodies(app) -> dict[str, bytes]:
    """Each feed built as a worker that has just started builds it, with no text stored for
    any worker: every entry written again."""
    feeds = app.state.calendars
    feeds.clear_caches()
    async with app.state.database.sessions() as session, session.begin():
        await session.execute(delete(FeedEntryText))
    bodies = {}
    async with client_of(app) as client:
        for path in FEEDS:
            response = await fetch(client, path, **IDENTITY)
            assert response.status_code == 200
            bodies[path] = response.content
    return bodies


def is_running(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


async def test_a_build_through_the_process_gives_the_bytes_of_the_thread(database_url):
    async with running(settings_for(database_url)) as app:
        writer = app.state.calendars.text_writer
        writer.min_entries = THROUGH_THE_PROCESS
        through_process = await cold_bodies(app)
        assert writer.process_ids
        in_process = writer.written_in_process
        assert in_process == app.state.calendars.renderer.written > 20
        writer.min_entries = IN_THE_THREAD
        in_thread = await cold_bodies(app)
        assert app.state.calendars.renderer.written > 20
        assert writer.written_in_process == in_process
        assert in_thread == through_process
        assert writer.failures == 0


async def test_a_dead_process_leaves_the_texts_to_the_thread_and_the_next_build_starts_another(
    database_url, caplog
):
    async with running(settings_for(database_url)) as app:
        writer = app.state.calendars.text_writer
        writer.min_entries = THROUGH_THE_PROCESS
        first = await cold_bodies(app)
        [pid] = writer.process_ids
        os.kill(pid, signal.SIGKILL)
        for _ in range(500):
            if not is_running(pid):
                break
            time.sleep(0.01)
        in_process = writer.written_in_process
        with caplog.at_level(logging.WARNING, logger="core.calendars.writer"):
            after_death = await cold_bodies(app)
        assert after_death == first
        assert writer.failures == 1
        assert writer.written_in_process == in_process
        assert "the feed text process failed" in caplog.text
        # The next large build starts another process.
        again = await cold_bodies(app)
        assert again == first
        assert writer.process_ids and writer.process_ids != [pid]
        assert writer.written_in_process > in_process


async def test_a_stuck_process_is_killed_and_its_texts_written_in_the_thread(database_url):
    async with running(settings_for(database_url)) as app:
        writer = app.state.calendars.text_writer
        writer.min_entries = THROUGH_THE_PROCESS
        first = await cold_bodies(app)
        [pid] = writer.process_ids
        writer.batch_timeout = 0.5
        os.kill(pid, signal.SIGSTOP)
        try:
            after = await cold_bodies(app)
        finally:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)
        assert after == first
        assert writer.failures == 1
        for _ in range(500):
            if not is_running(pid):
                break
            time.sleep(0.01)
        assert not is_running(pid)


async def test_no_process_is_left_once_the_application_closed(database_url):
    async with running(settings_for(database_url)) as app:
        writer = app.state.calendars.text_writer
        writer.min_entries = THROUGH_THE_PROCESS
        await cold_bodies(app)
        [pid] = writer.process_ids
        assert is_running(pid)
    assert not is_running(pid)
    assert writer.process_ids == []

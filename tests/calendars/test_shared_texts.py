"""Entries' texts kept in the database: a worker that has just started (a second process, a
restart) builds a feed without writing any entry with icalendar, and serves the same bytes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from core.calendars import texts
from core.models import FeedEntryText
from tests.calendars.feeds import IDENTITY
from tests.calendars.test_feed_caches import poll, reschedule_one_day
from tests.serving import running, settings_for


async def stored_texts(app) -> int:
    async with app.state.database.sessions() as session:
        return await session.scalar(select(func.count()).select_from(FeedEntryText))


async def test_a_new_worker_builds_a_feed_without_writing_any_entry(database_url):
    settings = settings_for(database_url)
    async with running(settings) as first_worker, running(settings) as second_worker:
        first = await poll(first_worker, **IDENTITY)
        entries = first.content.count(b"BEGIN:VEVENT")
        assert entries > 20 and first_worker.state.calendars.renderer.written >= entries
        second = await poll(second_worker, **IDENTITY)
        assert second_worker.state.calendars.renderer.written == 0
        assert second.content == first.content
        assert second.headers["etag"] == first.headers["etag"]
        assert second.headers["last-modified"] == first.headers["last-modified"]
    async with running(settings) as restarted:
        third = await poll(restarted, **IDENTITY)
        assert restarted.state.calendars.renderer.written == 0
        assert third.content == first.content


async def test_after_a_change_a_new_worker_writes_no_entry_and_texts_stay_one_per_entry(
    database_url,
):
    settings = settings_for(database_url)
    async with running(settings) as first_worker:
        first = await poll(first_worker, **IDENTITY)
        entries = first.content.count(b"BEGIN:VEVENT")
        assert await stored_texts(first_worker) == entries
        await reschedule_one_day(first_worker, 10)
        written = first_worker.state.calendars.renderer.written
        changed = await poll(first_worker, **IDENTITY)
        assert 0 < first_worker.state.calendars.renderer.written - written <= 3
        # The changed days' texts replaced the older ones.
        assert await stored_texts(first_worker) == entries
    async with running(settings) as second_worker:
        again = await poll(second_worker, **IDENTITY)
        assert second_worker.state.calendars.renderer.written == 0
        assert again.content == changed.content != first.content


async def test_the_text_of_a_cancelled_entry_goes_once_its_day_has_passed(database_url):
    settings = settings_for(database_url)
    moment = datetime(2025, 3, 1, 8, tzinfo=UTC)
    row = {
        "entry_key": "k",
        "fingerprint": "f",
        "sequence": 1,
        "changed_at": moment,
        "text": "BEGIN:VEVENT\r\nEND:VEVENT\r\n",
    }
    async with running(settings) as app:
        async with app.state.database.sessions() as db:
            await texts.write_texts(
                db,
                "public",
                [
                    {**row, "uid": "cancelled-past", "expires_on": date(2025, 2, 28)},
                    {**row, "uid": "cancelled-today", "expires_on": date(2025, 3, 1)},
                    {**row, "uid": "confirmed", "expires_on": None},
                ],
                today=date(2025, 3, 1),
            )
            kept = await texts.read_texts(
                db, "public", ["cancelled-past", "cancelled-today", "confirmed"]
            )
    assert sorted(kept) == ["cancelled-today", "confirmed"]
    assert kept["confirmed"].text == row["text"].encode()


async def test_a_feed_is_served_when_its_texts_cannot_be_stored(database_url, monkeypatch):
    async def locked(*_arguments, **_keywords):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(texts, "write_texts", locked)
    async with running(settings_for(database_url)) as app:
        response = await poll(app, **IDENTITY)
        assert response.content.count(b"BEGIN:VEVENT") > 20
        assert await stored_texts(app) == 0

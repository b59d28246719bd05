"""Entries a department's plugin adds to its feed, merged with the database's."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from core.hooks import CalendarEntry, CalendarStatus
from core.timezone import PARIS
from tests.calendars.feeds import bare_etag, entries, feed, fetch, parse

COTER = CalendarEntry(
    uid="coter-44-2025-06@dept_44",
    summary="Réunion du COTER de Loire-Atlantique",
    start=datetime(2025, 6, 17, 14, tzinfo=PARIS),
    end=datetime(2025, 6, 17, 16, 30, tzinfo=PARIS),
    location="DT ARS, Nantes",
    description="Ordre du jour : pack de déploiement 2026.",
    sequence=2,
    last_modified=datetime(2025, 2, 1, 8, tzinfo=UTC),
)


async def test_added_entries_show_in_their_department_only(client, app):
    added = {"44": [COTER]}
    app.state.calendars.extra_entries = lambda code: added.get(code, [])
    in_44 = await feed(client, "/calendars/departments/44.ics")
    entry = in_44[COTER.uid]
    assert entry.summary == COTER.summary
    assert entry.start == COTER.start and entry.sequence == 2
    assert entry.status == "CONFIRMED"
    assert [str(c) for c in entry.component["CATEGORIES"].cats] == ["Agenda départemental"]
    assert COTER.uid not in await feed(client, "/calendars/departments/85.ics")
    assert COTER.uid not in await feed(client, "/calendars/region.ics")
    only_local = await feed(client, "/calendars/departments/44.ics?kind=local")
    assert set(only_local) == {COTER.uid}
    assert COTER.uid not in await feed(client, "/calendars/departments/44.ics?kind=sessions")


async def test_a_changed_or_cancelled_added_entry_changes_the_etag(client, app):
    added = {"44": [COTER]}
    app.state.calendars.extra_entries = lambda code: added.get(code, [])
    first = await fetch(client, "/calendars/departments/44.ics")
    added["44"] = [
        replace(COTER, status=CalendarStatus.CANCELLED, sequence=3,
                last_modified=datetime(2025, 2, 3, tzinfo=UTC))
    ]
    etag = first.headers["etag"]
    second = await fetch(client, "/calendars/departments/44.ics", if_none_match=etag)
    assert second.status_code == 200 and bare_etag(second) != bare_etag(first)
    entry = entries(parse(second.content))[COTER.uid]
    assert entry.status == "CANCELLED" and entry.summary.startswith("ANNULÉ — ")
    assert entry.transp == "TRANSPARENT" and entry.sequence == 3


async def test_a_failing_provider_leaves_the_feed_up(client, app):
    def broken(code):
        raise RuntimeError("plugin down")

    app.state.calendars.extra_entries = broken
    response = await fetch(client, "/calendars/departments/44.ics")
    assert response.status_code == 200

"""A plugin's calendar entries reach its department's feed over HTTP, and only that one."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar

from core.hooks import CalendarEntry
from core.timezone import PARIS
from plugins import dept_53
from tests.plugins.conftest import builtin_plugins, copy_of, raising, service, swap

DEADLINE = CalendarEntry(
    uid="dept53-date-limite-2026@cps",
    summary="Date limite d'inscription à la journée d'échanges de pratique",
    start=datetime(2026, 9, 1, 9, 0, tzinfo=PARIS),
    end=datetime(2026, 9, 1, 9, 30, tzinfo=PARIS),
    location="Laval",
    last_modified=datetime(2026, 6, 1, tzinfo=UTC),
)


def uids(body: bytes) -> set[str]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(component["UID"]) for component in calendar.walk("VEVENT")}


async def test_a_plugin_entry_is_in_its_department_feed_only(settings):
    plugins = swap(builtin_plugins(), "dept_53", copy_of(dept_53.plugin, cps_calendar_entries=lambda: [DEADLINE]))
    async with service(settings, plugins) as graphql:
        mayenne = await graphql.http.get("/calendars/departments/53.ics")
        sarthe = await graphql.http.get("/calendars/departments/72.ics")
    assert mayenne.status_code == 200 and sarthe.status_code == 200
    assert DEADLINE.uid in uids(mayenne.content)
    assert DEADLINE.uid not in uids(sarthe.content)
    event = next(
        c for c in icalendar.Calendar.from_ical(mayenne.content).walk("VEVENT")
        if str(c["UID"]) == DEADLINE.uid
    )
    assert event["DTSTART"].dt == DEADLINE.start


async def test_a_raising_plugin_leaves_its_department_feed_valid(settings):
    plugins = swap(builtin_plugins(), "dept_53", copy_of(dept_53.plugin, cps_calendar_entries=raising()))
    async with service(settings, plugins) as graphql:
        response = await graphql.http.get("/calendars/departments/53.ics")
    assert response.status_code == 200
    # The department's own practice-exchange day is still there.
    calendar = icalendar.Calendar.from_ical(response.content)
    assert any("Mayenne" in str(c["SUMMARY"]) for c in calendar.walk("VEVENT"))

"""What the feeds say, read back by icalendar and by ical.js as calendar applications read it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import icalendar
import pytest

from core.db import seeded_public_id
from core.models import Event
from core.models.enums import EventKind
from core.timezone import PARIS
from tests.calendars.feeds import (
    IDENTITY,
    day_uid,
    entries,
    event_id,
    feed,
    fetch,
    parse,
    person_id,
    session_id,
)

# The 2025 session days held in Loire-Atlantique: sessions 1 and 3 in Nantes, and session 6,
# "Nantes ou La Roche-sur-Yon", tentative.
DAYS_IN_44 = {
    (1, "2025-04-28"), (1, "2025-04-29"), (1, "2025-05-27"),
    (3, "2025-05-22"), (3, "2025-05-23"), (3, "2025-06-12"),
    (6, "2025-11-17"), (6, "2025-11-18"), (6, "2025-12-02"),
}
EXCHANGE_DAY_44 = event_id("2025-practice-exchange-44")


def utc(text: str) -> str:
    """ical.js's way of writing an instant."""
    return datetime.fromisoformat(text).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


async def test_department_44_feed_read_by_both_parsers_at_the_right_hours(client, icaljs):
    response = await fetch(client, "/calendars/departments/44.ics")
    assert response.status_code == 200
    by_icalendar = entries(parse(response.content))
    by_icaljs = {
        event["uid"]: event
        for event in icaljs({"44": response.content})["44"]["events"]
    }

    expected = {day_uid(session, day): (session, day) for session, day in DAYS_IN_44}
    for uid, (session, day) in expected.items():
        start, end = f"{day}T09:00:00+02:00", f"{day}T17:00:00+02:00"
        if day >= "2025-10-26":  # winter time from 26 October 2025
            start, end = start.replace("+02:00", "+01:00"), end.replace("+02:00", "+01:00")
        entry = by_icalendar[uid]
        assert entry.start == datetime.fromisoformat(start)
        assert entry.end == datetime.fromisoformat(end)
        assert str(entry.component["DTSTART"].params["TZID"]) == "Europe/Paris"
        assert (by_icaljs[uid]["startUtc"], by_icaljs[uid]["endUtc"]) == (utc(start), utc(end))
        assert by_icaljs[uid]["start"] == f"{day}T09:00:00"
        assert by_icaljs[uid]["tzid"] == "Europe/Paris"
        expected_status = "TENTATIVE" if session == 6 else "CONFIRMED"
        assert entry.status == by_icaljs[uid]["status"] == expected_status

    exchange = by_icalendar[EXCHANGE_DAY_44]
    assert exchange.start == datetime(2025, 9, 23, 9, tzinfo=PARIS)
    assert exchange.end == datetime(2025, 9, 23, 17, tzinfo=PARIS)
    assert "Nantes" in str(exchange.component["LOCATION"])
    assert "Mathilde Garabedian" in str(exchange.component["DESCRIPTION"])
    assert by_icaljs[EXCHANGE_DAY_44]["startUtc"] == "2025-09-23T07:00:00.000Z"

    timed_days_in_feed = {
        uid for uid, entry in by_icalendar.items() if "(jour " in entry.summary
    }
    assert timed_days_in_feed == set(expected), "a day of another department, or one missing"


async def test_the_tentative_session_shows_in_both_of_its_departments(client):
    in_44 = await feed(client, "/calendars/departments/44.ics")
    in_85 = await feed(client, "/calendars/departments/85.ics")
    for day in ("2025-11-17", "2025-11-18", "2025-12-02"):
        uid = day_uid(6, day)
        for entries_of_feed in (in_44, in_85):
            entry = entries_of_feed[uid]
            assert entry.status == "TENTATIVE"
            location = str(entry.component["LOCATION"])
            assert location == "Nantes ou La Roche-sur-Yon (lieu à confirmer)"
    assert day_uid(1, "2025-04-28") not in in_85


async def test_times_are_right_across_the_change_to_winter_time(client, icaljs):
    """Session 4 ends on 16 October (summer time), session 6 starts on 17 November (winter)."""
    response = await fetch(client, "/calendars/region.ics")
    by_icalendar = entries(parse(response.content))
    by_icaljs = {e["uid"]: e for e in icaljs({"region": response.content})["region"]["events"]}
    october, november = day_uid(4, "2025-10-16"), day_uid(6, "2025-11-17")
    assert by_icalendar[october].start_utc == datetime(2025, 10, 16, 7, tzinfo=UTC)
    assert by_icalendar[november].start_utc == datetime(2025, 11, 17, 8, tzinfo=UTC)
    assert by_icaljs[october]["startUtc"] == "2025-10-16T07:00:00.000Z"
    assert by_icaljs[november]["startUtc"] == "2025-11-17T08:00:00.000Z"


async def test_the_calendar_properties_and_one_vtimezone_every_tzid_refers_to(client):
    response = await fetch(client, "/calendars/region.ics", **IDENTITY)
    calendar = parse(response.content)
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//")
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == "Pôle CPS — Pays de la Loire"
    assert "sessions de formation" in str(calendar["DESCRIPTION"])
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"
    assert response.content.count(b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n") == 1
    assert response.content.count(b"\r\nX-PUBLISHED-TTL:PT1H\r\n") == 1

    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Paris"
    rules = {
        component.name: (component["RRULE"].to_ical(), str(component["TZOFFSETTO"].to_ical()))
        for component in timezone.subcomponents
    }
    assert rules == {
        "DAYLIGHT": (b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "+0200"),
        "STANDARD": (b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "+0100"),
    }
    tzids = {
        str(event[name].params["TZID"])
        for event in calendar.walk("VEVENT")
        for name in ("DTSTART", "DTEND")
        if "TZID" in event[name].params
    }
    assert tzids == {"Europe/Paris"}


async def test_a_training_day_says_module_day_place_trainers_prerequisites_and_link(client):
    day = (await feed(client, f"/calendars/sessions/{session_id(1)}.ics"))[
        day_uid(1, "2025-04-28")
    ]
    event = day.component
    assert day.summary == (
        "Module 2 — Transférer des compétences pour renforcer les CPS des enfants et des "
        "jeunes (jour 1/3)"
    )
    assert str(event["LOCATION"]) == "44000 Nantes"
    description = str(event["DESCRIPTION"])
    assert "Jour 1 sur 3." in description
    assert "Formateurs : à préciser." in description
    assert "Prérequis :\n- Avoir suivi une formation CPS" in description
    link = f"https://cps.example.org/calendars/sessions/{session_id(1)}.ics"
    assert link in description
    assert str(event["URL"]) == link
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Formation de formateurs CPS", "Module 2"]
    assert "ORGANIZER" not in event
    assert day.status == "CONFIRMED" and day.transp == "OPAQUE" and day.sequence == 0
    # Stamps come from the data, never from the request.
    assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED")


async def test_nothing_private_and_no_organizer_in_any_feed(client, database):
    async with database.sessions() as session, session.begin():
        session.add(
            Event(
                kind=EventKind.COTER_MEETING, title="Réunion interne du COTER 44",
                department_code="44", year=2025, date=date(2025, 6, 3),
                start_time=time(14), end_time=time(16), is_public=False,
            )
        )
    for path in ("/calendars/region.ics", "/calendars/departments/44.ics"):
        response = await fetch(client, path, **IDENTITY)
        assert b"ORGANIZER" not in response.content
        assert "Réunion interne".encode() not in response.content


async def test_long_french_summary_is_folded_at_75_octets_without_splitting_a_character(
    client, database
):
    title = (
        "Journée départementale « Compétences psychosociales : élèves, éducateurs et "
        "équipes éducatives à l'œuvre » — édition spéciale préfiguration 2025–2026"
    )
    public_id = await _add_event(database, title=title)
    response = await fetch(client, f"/calendars/events/{public_id}.ics", **IDENTITY)
    physical = response.content.split(b"\r\n")
    summary_at = next(i for i, line in enumerate(physical) if line.startswith(b"SUMMARY:"))
    folded = [physical[summary_at]]
    for line in physical[summary_at + 1 :]:
        if not line.startswith(b" "):
            break
        folded.append(line)
    assert len(folded) >= 3
    assert all(len(line) <= 75 for line in folded)
    assert any(len(line) >= 73 for line in folded[:-1]), "folded long before 75 octets"
    for line in folded:
        line.decode("utf-8")
    unfolded = b"".join([folded[0], *(line[1:] for line in folded[1:])]).decode()
    assert unfolded == "SUMMARY:" + title.replace(",", "\\,")
    assert entries(parse(response.content))[public_id].summary == title


async def test_commas_semicolons_backslashes_and_newlines_are_escaped(client, database, icaljs):
    title = r"Atelier CPS, partie 1; salle B\C"
    description = "Première ligne, avec virgule;\nseconde ligne \\ fin"
    public_id = await _add_event(database, title=title, description=description)
    response = await fetch(client, f"/calendars/events/{public_id}.ics", **IDENTITY)
    assert b"SUMMARY:Atelier CPS\\, partie 1\\; salle B\\\\C\r\n" in response.content
    assert "Première ligne\\, avec virgule\\;\\nseconde ligne \\\\ fin".encode() in (
        response.content.replace(b"\r\n ", b"")
    )
    event = entries(parse(response.content))[public_id]
    assert event.summary == title
    assert str(event.component["DESCRIPTION"]).startswith(description + "\n")
    [read] = icaljs({"event": response.content})["event"]["events"]
    assert read["summary"] == title


async def test_a_feed_with_nothing_in_it_is_still_a_valid_calendar(client, icaljs):
    """Sarah Sainton leads no session nor event yet."""
    response = await fetch(client, f"/calendars/trainers/{person_id('sarah-sainton')}.ics")
    assert response.status_code == 200
    calendar = parse(response.content)
    assert calendar.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(calendar["X-WR-CALNAME"]) == "Pôle CPS — Sarah Sainton"
    read = icaljs({"empty": response.content})["empty"]
    assert read == {"name": "Pôle CPS — Sarah Sainton", "timezones": ["Europe/Paris"], "events": []}


async def test_a_trainer_feed_holds_the_events_they_lead(client):
    led = await feed(client, f"/calendars/trainers/{person_id('mathilde-garabedian')}.ics")
    assert set(led) == {EXCHANGE_DAY_44}


async def test_module_feeds_hold_every_day_of_their_sessions(client):
    module_1 = await feed(client, "/calendars/modules/1.ics")
    module_2 = await feed(client, "/calendars/modules/2.ics")
    assert len(module_1) == len(module_2) == 9  # three sessions of three days each
    assert all(entry.summary.startswith("Module 1 — ") for entry in module_1.values())
    assert day_uid(6, "2025-12-02") in module_2


async def test_an_event_feed_is_one_entry(client):
    response = await fetch(client, f"/calendars/events/{EXCHANGE_DAY_44}.ics")
    assert set(entries(parse(response.content))) == {EXCHANGE_DAY_44}
    assert response.headers["content-disposition"].startswith("attachment; filename=")


async def _add_event(database, *, title: str, description: str | None = None) -> str:
    async with database.sessions() as session, session.begin():
        event = Event(
            kind=EventKind.DEPARTMENT_EVENT, title=title, description=description,
            department_code="44", year=2025, date=date(2025, 6, 20), start_time=time(9),
            end_time=time(12, 30), city="Nantes", postal_code="44000", is_public=True,
        )
        session.add(event)
        await session.flush()
        return event.public_id


def test_icalendar_reads_the_vtimezone_as_paris_time():
    """The VTIMEZONE's rules give the offsets zoneinfo gives, on both sides of the change."""
    from core.calendars.render import VTIMEZONE

    [timezone] = icalendar.Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\n" + VTIMEZONE + b"END:VCALENDAR\r\n"
    ).walk("VTIMEZONE")
    zone = timezone.to_tz()
    for moment in (datetime(2025, 10, 16, 9), datetime(2025, 11, 17, 9), datetime(2025, 3, 30, 12)):
        assert zone.utcoffset(moment) == moment.replace(tzinfo=PARIS).utcoffset()


@pytest.mark.parametrize("code", ["44", "49", "53", "72", "85"])
async def test_the_practice_exchange_day_shows_once_in_its_department_feed(client, code):
    """The action that restates the event's day is left out; the event is the entry."""
    shown = await feed(client, f"/calendars/departments/{code}.ics")
    exchange = shown[event_id(f"2025-practice-exchange-{code}")]

    def day_of(entry) -> date:
        start = entry.start
        return start.astimezone(PARIS).date() if isinstance(start, datetime) else start

    same_day = [entry for entry in shown.values() if day_of(entry) == day_of(exchange)]
    assert [entry.uid for entry in same_day] == [exchange.uid]
    actions = await feed(client, f"/calendars/departments/{code}.ics?kind=actions")
    assert seeded_public_id(f"action:2025-practice-exchange-{code}") not in actions

"""What the feed tests share: fetching a feed as a calendar client does, and reading it back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import icalendar

from core.db import seeded_public_id
from core.http.compression import identity_etag_value

IDENTITY = {"accept-encoding": "identity"}


def day_uid(session: int, day: str, year: int = 2025) -> str:
    """The UID of a seeded training day: its public ID."""
    return seeded_public_id(f"session:{year}-{session}:day:{day}")


def session_id(session: int, year: int = 2025) -> str:
    """The public ID of a seeded session."""
    return seeded_public_id(f"session:{year}-{session}")


def person_id(key: str) -> str:
    """The public ID of a seeded person (``"emilie-provost"``)."""
    return seeded_public_id(f"person:{key}")


def event_id(key: str) -> str:
    """The public ID of a seeded event (``"2025-practice-exchange-44"``)."""
    return seeded_public_id(f"event:{key}")


def bare_etag(response: httpx.Response) -> str:
    """The ETag without quotes nor encoding suffix: the same for every encoding."""
    return identity_etag_value(response.headers["etag"])


def check_lines(body: bytes) -> None:
    """RFC 5545 lines: CRLF only, at most 75 octets, each physical line whole UTF-8."""
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in body.replace(b"\r\n", b""), "a bare CR"
    for line in body.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")  # raises if a fold split a character


def parse(body: bytes) -> icalendar.Calendar:
    """The feed read by ``icalendar``, which must find nothing to complain about."""
    check_lines(body)
    calendar = icalendar.Calendar.from_ical(body)
    for component in calendar.walk():
        assert not component.errors, (component.name, component.errors)
    return calendar


@dataclass(frozen=True)
class Entry:
    """One VEVENT as icalendar read it."""

    uid: str
    summary: str
    start: datetime
    end: datetime
    status: str
    sequence: int
    transp: str
    component: icalendar.Event

    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(UTC)


def entries(calendar: icalendar.Calendar) -> dict[str, Entry]:
    """The calendar's events by UID (a UID must not repeat)."""
    found: dict[str, Entry] = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        assert uid not in found, f"UID {uid} twice"
        found[uid] = Entry(
            uid=uid,
            summary=str(event["SUMMARY"]),
            start=event.decoded("DTSTART"),
            end=event.decoded("DTEND"),
            status=str(event["STATUS"]),
            sequence=int(event["SEQUENCE"]),
            transp=str(event["TRANSP"]),
            component=event,
        )
    return found


async def fetch(client: httpx.AsyncClient, path: str, **headers: str) -> httpx.Response:
    """GET a feed; ``headers`` with underscores for dashes (``if_none_match``)."""
    return await client.get(path, headers={k.replace("_", "-"): v for k, v in headers.items()})


async def feed(client: httpx.AsyncClient, path: str) -> dict[str, Entry]:
    """The entries of a feed that must answer 200."""
    response = await fetch(client, path)
    assert response.status_code == 200, response.text
    return entries(parse(response.content))

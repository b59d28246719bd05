"""A calendar client kept in sync: every change reaches it, through either validator.

The client keeps the feed it parsed last, polls again with ``If-None-Match`` (one copy) or
``If-Modified-Since`` (another), and replaces an entry only when its SEQUENCE grows, or stays
and its DTSTAMP moves, as Outlook, Google and Apple Calendar do. After each change made through
the API, the test checks that no changed feed answered 304 and that the client holds exactly
what the feed now says.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime

import httpx
from strawberry.relay import to_base64

from core.hooks import CalendarEntry
from core.db import seeded_public_id
from core.timezone import PARIS
from tests.calendars.feeds import IDENTITY, parse
from tests.staff.conftest import REGISTER, module_1_person, practice_day_id, session_id
from tests.staff.test_private_feeds import SUBSCRIBE

UPDATE_SESSION = """
mutation($id: ID!, $input: UpdateTrainingSessionInput!) {
  updateTrainingSession(id: $id, input: $input) { errors { code message } }
}
"""
UPDATE_EVENT = """
mutation($id: ID!, $input: UpdateEventInput!) {
  updateEvent(id: $id, input: $input) { errors { code message } }
}
"""
REMOVE_DAY = """
mutation($id: ID!, $date: Date!) {
  removeSessionDay(id: $id, date: $date, dayCountReason: "Journée reportée en 2026.") {
    errors { code message }
  }
}
"""
UPDATE_TRAINER = """
mutation($id: ID!, $input: UpdateTrainerInput!) {
  updateTrainer(id: $id, input: $input) { errors { code field } }
}
"""
SOPHIE = to_base64("Person", seeded_public_id("person:sophie-timon"))
PUBLIC_FEEDS = [
    "/calendars/region.ics",
    "/calendars/departments/44.ics",
    "/calendars/departments/49.ics",
    "/calendars/departments/85.ics",
]


@dataclass
class Copy:
    """A client's copy of one feed: the entries it holds and the validators it sends."""

    path: str
    by_date: bool
    entries: dict[str, tuple[int, datetime, bytes]] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        if self.by_date:
            return {**IDENTITY, "if-modified-since": self.last_modified or ""}
        return {**IDENTITY, "if-none-match": self.etag or ""}

    def apply(self, response: httpx.Response) -> None:
        """What a client does with a 200: add, drop, and replace only a newer version."""
        last_modified = response.headers["last-modified"]
        if self.last_modified is not None:
            assert parsedate_to_datetime(last_modified) > parsedate_to_datetime(self.last_modified)
        self.etag, self.last_modified = response.headers["etag"], last_modified
        served = {}
        for event in parse(response.content).walk("VEVENT"):
            version = (int(event["SEQUENCE"]), event.decoded("DTSTAMP"))
            served[str(event["UID"])] = (*version, event.to_ical())
        kept = {}
        for uid, (sequence, stamp, text) in served.items():
            held = self.entries.get(uid)
            kept[uid] = held if held and (held[0], held[1]) >= (sequence, stamp) else (
                sequence, stamp, text
            )
        self.entries = kept


async def _poll(client: httpx.AsyncClient, copy: Copy, step: str) -> None:
    """Poll as the client does and check it ends up with exactly what the feed says now."""
    current = await client.get(copy.path, headers=IDENTITY)
    assert current.status_code == 200, current.text
    answer = await client.get(copy.path, headers=copy.headers())
    changed = copy.etag is None or current.headers["etag"] != copy.etag
    if changed:
        assert answer.status_code == 200, (step, copy.path, copy.by_date)
        copy.apply(answer)
    else:
        assert answer.status_code == 304, (step, copy.path)
    server = Copy(copy.path, copy.by_date)
    server.apply(current)
    assert copy.entries.keys() == server.entries.keys(), (step, copy.path)
    for uid, (_, _, text) in server.entries.items():
        assert copy.entries[uid][2] == text, (step, copy.path, copy.by_date, uid)


async def _ok(staff, query: str, variables: dict) -> None:
    body = await staff.data(query, variables)
    (answer,) = body.values()
    assert answer["errors"] == [], answer["errors"]


async def test_a_subscriber_applies_every_change_and_no_changed_feed_answers_304(
    regional, graphql, client, app, clock
):
    clock.set_day(date(2025, 3, 1))
    local = {"44": [CalendarEntry(
        uid="journee-cps-44@dept_44", summary="Journée départementale CPS",
        start=datetime(2025, 9, 1, 9, tzinfo=PARIS), end=datetime(2025, 9, 1, 17, tzinfo=PARIS),
    )]}
    app.state.calendars.extra_entries = lambda code: local.get(code, [])
    private = [
        (await regional.data(SUBSCRIBE, {"label": "Agenda", "scope": "DEPARTMENT", "code": code}))
        ["createCalendarSubscription"]["url"].removeprefix("https://cps.example.org")
        for code in ("44", "49")
    ]
    copies = [Copy(path, by_date) for path in [*PUBLIC_FEEDS, *private] for by_date in (False, True)]

    async def poll_all(step: str) -> None:
        for copy in copies:
            await _poll(client, copy, step)

    await poll_all("first subscription")

    local["44"] = [replace(
        local["44"][0],
        start=datetime(2025, 9, 15, 9, tzinfo=PARIS), end=datetime(2025, 9, 15, 17, tzinfo=PARIS),
    )]
    await poll_all("plugin entry moved")

    await _ok(regional, UPDATE_SESSION, {"id": session_id(3), "input": {"trainers": [SOPHIE]}})
    await poll_all("trainer added")
    await _ok(regional, UPDATE_TRAINER, {"id": SOPHIE, "input": {"familyName": "Timon-Leroux"}})
    await poll_all("trainer renamed")
    await _ok(regional, UPDATE_SESSION, {"id": session_id(3), "input": {"trainers": []}})
    await poll_all("trainer removed")

    moved = {"places": [{"city": "La Roche-sur-Yon", "postalCode": "85000"}]}
    await _ok(regional, UPDATE_SESSION, {"id": session_id(3), "input": moved})
    await poll_all("place moved from 44 to 85")

    settled = {"placeTentative": False, "places": [{"city": "Nantes", "postalCode": "44000"}]}
    await _ok(regional, UPDATE_SESSION, {"id": session_id(6), "input": settled})
    await poll_all("tentative place settled")

    await _ok(regional, UPDATE_EVENT, {"id": practice_day_id("44"), "input": {"isPublic": False}})
    await poll_all("event made private")

    await _ok(regional, REMOVE_DAY, {"id": session_id(1), "date": "2025-05-27"})
    await poll_all("day taken out of session 1")

    for text in ("Apportez vos outils.", "Apportez vos outils et vos questions."):
        await _ok(regional, UPDATE_EVENT, {"id": practice_day_id("49"), "input": {"description": text}})
        await poll_all(f"edit in the same second: {text}")

    for n in range(2):
        answer = await graphql.data(
            REGISTER, {"target": session_id(2), "registration": module_1_person(n)}
        )
        assert answer["register"]["errors"] == []
        await poll_all(f"registration {n} counted in the private feed")

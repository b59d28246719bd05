"""Calendar files in the e-mails: iTIP REQUEST with the feed's UIDs and SEQUENCEs, updated
when a day moves, CANCEL when the session is cancelled; read with ``icalendar``."""

from __future__ import annotations

import asyncio
from datetime import date

import icalendar

from core.hooks.testkit import GraphQLClient
from tests.mail.smtp import links_in, subject_of, text_of
from tests.mail.test_registration_flow import _register, staff_client
from tests.serving import BASE_URL
from tests.staff.conftest import session_id

RESCHEDULE = """
mutation($id: ID!, $date: Date!, $newDate: Date) {
  rescheduleSessionDay(id: $id, date: $date, newDate: $newDate) { errors { code } }
}
"""
CANCEL = "mutation($id: ID!) { cancelTrainingSession(id: $id) { errors { code } } }"


def _calendar(message) -> icalendar.Calendar:
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def _days(calendar: icalendar.Calendar) -> dict[str, tuple[int, date, str]]:
    return {
        str(entry["UID"]): (
            int(entry.get("SEQUENCE", 0)),
            entry.decoded("DTSTART").date(),
            str(entry.get("STATUS", "")),
        )
        for entry in calendar.walk("VEVENT")
    }


async def _feed(http) -> dict[str, tuple[int, date, str]]:
    public_id = session_id(1)
    node = await GraphQLClient(http).data(
        "query($id: ID!) { node(id: $id) { ... on TrainingSession { calendar { url } } } }",
        {"id": public_id},
    )
    path = node["node"]["calendar"]["url"].removeprefix(BASE_URL)
    return _days(icalendar.Calendar.from_ical((await http.get(path)).content))


async def test_confirmed_moved_and_cancelled_each_bring_the_feeds_entries(
    mail_client, smtp, clock, mail_app
):
    clock.set_day(date(2025, 3, 1))
    graphql = GraphQLClient(mail_client)
    await _register(graphql)
    [request] = await smtp.wait_for(1)
    assert not [p for p in request.walk() if p.get_content_type() == "text/calendar"]
    await mail_client.post(links_in(request, BASE_URL)[0])

    [_, confirmed] = await smtp.wait_for(2)
    invitation = _calendar(confirmed)
    assert invitation["METHOD"] == "REQUEST"
    feed = await _feed(mail_client)
    assert _days(invitation) == feed and len(feed) == 3
    for entry in invitation.walk("VEVENT"):
        assert str(entry["ORGANIZER"]).startswith("mailto:")
        assert str(entry["ATTENDEE"]) == "mailto:camille.martin.0@example.org"

    regional = await staff_client(mail_app, mail_client)
    moved = await regional.data(
        RESCHEDULE, {"id": session_id(1), "date": "2025-05-27", "newDate": "2025-06-03"}
    )
    assert moved["rescheduleSessionDay"]["errors"] == []
    [*_, changed] = await smtp.wait_for(3)
    assert subject_of(changed) == "Changement de programme : Session 1 (2025) — Module 2"
    assert "mardi 3 juin 2025" in text_of(changed)
    update = _calendar(changed)
    assert update["METHOD"] == "REQUEST"
    feed_after = await _feed(mail_client)
    assert _days(update) == feed_after
    [moved_uid] = [uid for uid in feed if feed[uid][1] == date(2025, 5, 27)]
    assert feed_after[moved_uid][1] == date(2025, 6, 3)
    assert feed_after[moved_uid][0] > feed[moved_uid][0]

    await regional.data(CANCEL, {"id": session_id(1)})
    [*_, cancelled] = await smtp.wait_for(4)
    await smtp.wait_for(4)
    assert subject_of(cancelled) == "Annulation : Session 1 (2025) — Module 2"
    cancel = _calendar(cancelled)
    assert cancel["METHOD"] == "CANCEL"
    assert set(_days(cancel)) == set(feed)
    assert {status for _, _, status in _days(cancel).values()} == {"CANCELLED"}


async def test_a_reminder_is_sent_once_some_days_before_the_first_day(
    mail_client, smtp, clock
):
    clock.set_day(date(2025, 3, 1))
    await _register(GraphQLClient(mail_client))
    [request] = await smtp.wait_for(1)
    await mail_client.post(links_in(request, BASE_URL)[0])
    await smtp.wait_for(2)
    clock.set_day(date(2025, 4, 24))  # 4 days before 28 April: not yet (3 days by default)
    await asyncio.sleep(0.5)
    assert len(smtp.messages) == 2
    clock.set_day(date(2025, 4, 25))
    [*_, reminder] = await smtp.wait_for(3)
    assert subject_of(reminder) == "Rappel : Session 1 (2025) — Module 2 commence bientôt"
    assert "lundi 28 avril 2025, 9 h – 17 h" in text_of(reminder)
    assert _calendar(reminder)["METHOD"] == "REQUEST"
    clock.set_day(date(2025, 4, 27))
    await asyncio.sleep(0.5)
    assert len(smtp.messages) == 3

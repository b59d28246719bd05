"""Private calendar feeds show the registration counts; public feeds never do."""

from __future__ import annotations

from sqlalchemy import update

from core.db import seeded_public_id
from core.models import TrainingSession
from tests.calendars.feeds import IDENTITY, bare_etag, entries, parse
from tests.staff.conftest import module_1_person, practice_day_id, session_id
from tests.staff.test_private_feeds import SUBSCRIBE
from tests.staff.test_registrations import CANCEL_MINE

PUBLIC_49 = "/calendars/departments/49.ics"
SESSION_2 = "Session 2 (2025) du module 1"
PRACTICE_DAY_49 = seeded_public_id("event:2025-practice-exchange-49")


async def _subscribe(staff, code: str) -> str:
    answer = await staff.data(SUBSCRIBE, {"label": "Agenda", "scope": "DEPARTMENT", "code": code})
    return answer["createCalendarSubscription"]["url"]


async def _register(register, graphql, target: str, person: dict) -> dict:
    answer = await register(graphql, target, person)
    assert answer["errors"] == [], answer["errors"]
    return answer


def _descriptions(body: bytes) -> dict[str, str]:
    """Each entry's DESCRIPTION by UID."""
    return {
        uid: str(entry.component.get("DESCRIPTION", ""))
        for uid, entry in entries(parse(body)).items()
    }


def _session_2_days(descriptions: dict[str, str]) -> list[str]:
    found = [text for text in descriptions.values() if SESSION_2 in text]
    assert len(found) == 3, descriptions
    return found


async def test_a_private_feed_shows_the_counts_and_changes_with_each_registration(
    staff_49, graphql, client, set_capacity, register
):
    await set_capacity(2, 3)
    url = await _subscribe(staff_49, "49")
    public_before = await client.get(PUBLIC_49, headers=IDENTITY)
    assert public_before.status_code == 200

    references = [
        (await _register(register, graphql, session_id(2), module_1_person(n)))["reference"]
        for n in range(4)
    ]
    trainer = module_1_person(9, departmentCode="49", confirmedTrainerTrainingYears=[2025])
    await _register(register, graphql, practice_day_id("49"), trainer)

    first = await client.get(url, headers=IDENTITY)
    assert first.status_code == 200, first.text
    descriptions = _descriptions(first.content)
    for text in _session_2_days(descriptions):
        assert "Inscriptions : 3 confirmées sur 3 places, 1 en liste d'attente." in text
    # A session without capacity nor registrations, and an event with one registration.
    others = [text for text in descriptions.values() if "Session 4 (2025)" in text]
    assert others and all("Inscriptions : 0 confirmée (capacité non fixée)." in t for t in others)
    assert "Inscriptions : 1 confirmée." in descriptions[PRACTICE_DAY_49]

    # Cancelling a seat promotes the waitlisted registration: the text and the ETag change.
    cancelled = await graphql.data(CANCEL_MINE, {"reference": references[0]})
    assert cancelled["cancelMyRegistration"]["errors"] == []
    second = await client.get(url, headers={**IDENTITY, "if-none-match": first.headers["etag"]})
    assert second.status_code == 200
    assert bare_etag(second) != bare_etag(first)
    for text in _session_2_days(_descriptions(second.content)):
        assert "Inscriptions : 3 confirmées sur 3 places." in text
        assert "liste d'attente" not in text

    # One more goes to the waitlist: the counts are those of the first answer, the ETag is new.
    await _register(register, graphql, session_id(2), module_1_person(5))
    third = await client.get(url, headers={**IDENTITY, "if-none-match": second.headers["etag"]})
    assert third.status_code == 200
    assert bare_etag(third) not in (bare_etag(first), bare_etag(second))
    for text in _session_2_days(_descriptions(third.content)):
        assert "Inscriptions : 3 confirmées sur 3 places, 1 en liste d'attente." in text
    unchanged = await client.get(url, headers={"if-none-match": third.headers["etag"]})
    assert unchanged.status_code == 304

    # The public feed of the same calendar shows no counts, and has not changed at all.
    public_after = await client.get(
        PUBLIC_49, headers={**IDENTITY, "if-none-match": public_before.headers["etag"]}
    )
    assert public_after.status_code == 304
    public_again = await client.get(PUBLIC_49, headers=IDENTITY)
    assert public_again.content == public_before.content
    assert public_again.headers["etag"] == public_before.headers["etag"]
    assert b"Inscriptions" not in public_again.content


async def test_a_registration_awaiting_approval_is_counted_apart(
    staff_49, graphql, client, set_capacity, database, register
):
    await set_capacity(2, 12)
    async with database.sessions() as db, db.begin():
        await db.execute(
            update(TrainingSession)
            .where(TrainingSession.public_id == seeded_public_id("session:2025-2"))
            .values(requires_approval=True)
        )
    url = await _subscribe(staff_49, "49")
    await _register(register, graphql, session_id(2), module_1_person(1))
    body = (await client.get(url, headers=IDENTITY)).content
    for text in _session_2_days(_descriptions(body)):
        assert "Inscriptions : 0 confirmée sur 12 places, 1 en attente de validation." in text


async def test_private_and_public_answers_are_counted_apart_in_the_metrics(staff_49, client):
    url = await _subscribe(staff_49, "49")
    first = await client.get(url)
    assert (await client.get(url, headers={"if-none-match": first.headers["etag"]})).status_code == 304
    await client.get(PUBLIC_49)
    metrics = (await client.get("/metrics")).text
    assert 'cps_feed_builds_total{feed="private"} 1.0' in metrics
    assert 'cps_feed_not_modified_total{feed="private"} 1.0' in metrics
    assert 'cps_feed_builds_total{feed="department"} 1.0' in metrics

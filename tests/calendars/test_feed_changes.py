"""Changes as calendars must see them: SEQUENCE, cancellations, and ETags that move exactly
where the change shows."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from core.models import Person, SessionTrainer, TrainingModule, TrainingSession
from core.services import scheduling
from core.services.errors import InputError
from core.timezone import PARIS
from tests.calendars.feeds import (
    IDENTITY,
    bare_etag,
    day_uid,
    entries,
    event_id,
    feed,
    fetch,
    parse,
    person_id,
    session_id,
)

SESSION_1 = f"/calendars/sessions/{session_id(1)}.ics"
EXCHANGE_DAY_44 = event_id("2025-practice-exchange-44")

CALENDARS = """
query($after: String) {
  calendars(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { url } }
  }
}
"""


async def change(database, work):
    """Run a service change in a transaction of its own, as a mutation will."""
    async with database.sessions() as session, session.begin():
        return await work(session)


async def person_row(session, key: str) -> Person:
    return await session.scalar(select(Person).where(Person.public_id == person_id(key)))


def move(day: str, **changes):
    """A change of one day's date or hours."""
    return lambda session: scheduling.reschedule_session_day(session, day, **changes)


async def every_feed_path(graphql) -> list[str]:
    """The path of every published feed, from ``Query.calendars``."""
    paths, after = [], None
    while True:
        page = (await graphql.data(CALENDARS, {"after": after}))["calendars"]
        paths += [
            edge["node"]["url"].removeprefix("https://cps.example.org") for edge in page["edges"]
        ]
        if not page["pageInfo"]["hasNextPage"]:
            return paths
        after = page["pageInfo"]["endCursor"]


async def etags(client, paths: list[str]) -> dict[str, str]:
    found = {}
    for path in paths:
        response = await fetch(client, path, **IDENTITY)
        assert response.status_code == 200, (path, response.text)
        found[path] = bare_etag(response)
    return found


async def test_changing_one_day_changes_the_etag_of_exactly_the_feeds_it_appears_in(
    client, graphql, database
):
    async def emilie_leads_session_1(session):
        training = await session.scalar(
            select(TrainingSession).where(TrainingSession.public_id == session_id(1))
        )
        emilie = await person_row(session, "emilie-provost")
        session.add(SessionTrainer(session_id=training.id, person_id=emilie.id, position=0))
        await scheduling.mark_session_days_changed(session, training.id)

    await change(database, emilie_leads_session_1)
    paths = await every_feed_path(graphql)
    assert len(paths) == len(set(paths)) > 20
    before = await etags(client, paths)

    day = day_uid(1, "2025-04-29")
    await change(
        database,
        lambda session: scheduling.reschedule_session_day(session, day, start_time=time(9, 30)),
    )
    after = await etags(client, paths)

    changed = {path for path in paths if before[path] != after[path]}
    assert changed == {
        "/calendars/region.ics",
        "/calendars/departments/44.ics",
        "/calendars/modules/2.ics",
        f"/calendars/trainers/{person_id('emilie-provost')}.ics",
        SESSION_1,
    }
    moved = (await feed(client, SESSION_1))[day]
    assert moved.sequence == 2  # once for the new trainer, once for the new hour
    assert moved.start == datetime(2025, 4, 29, 9, 30, tzinfo=PARIS)


async def test_sequence_grows_with_each_change_and_only_on_the_day_that_changed(client, database):
    day = day_uid(1, "2025-04-29")
    first = await feed(client, SESSION_1)
    assert {entry.sequence for entry in first.values()} == {0}

    await change(database, lambda s: scheduling.reschedule_session_day(s, day, end_time=time(16)))
    second = await feed(client, SESSION_1)
    assert second[day].sequence == 1
    assert second[day].end == datetime(2025, 4, 29, 16, tzinfo=PARIS)
    # iCalendar times are to the second: a change within the same second keeps LAST-MODIFIED.
    assert second[day].component.decoded("LAST-MODIFIED") >= first[day].component.decoded(
        "LAST-MODIFIED"
    )
    assert [second[uid].sequence for uid in second if uid != day] == [0, 0]

    await change(database, move(day, on=date(2025, 4, 30)))
    third = await feed(client, SESSION_1)
    assert third[day].sequence == 2
    assert third[day].start == datetime(2025, 4, 30, 9, tzinfo=PARIS)
    # Unchanged values change nothing.
    await change(database, move(day, on=date(2025, 4, 30)))
    assert (await feed(client, SESSION_1))[day].sequence == 2


async def test_moving_a_day_past_another_renumbers_them_and_raises_their_sequence(client, database):
    first_day = day_uid(1, "2025-04-28")
    await change(
        database, lambda s: scheduling.reschedule_session_day(s, first_day, on=date(2025, 5, 28))
    )
    days = await feed(client, SESSION_1)
    ranks = {uid: (entry.summary[-10:], entry.sequence) for uid, entry in days.items()}
    assert ranks == {
        day_uid(1, "2025-04-29"): ("(jour 1/3)", 1),
        day_uid(1, "2025-05-27"): ("(jour 2/3)", 1),
        first_day: ("(jour 3/3)", 1),
    }


async def test_a_cancelled_session_stays_cancelled_in_every_feed_until_its_dates_pass(
    client, database, icaljs, today_in_paris
):
    await change(database, lambda s: scheduling.cancel_session(s, session_id(1)))
    uids = {day_uid(1, day) for day in ("2025-04-28", "2025-04-29", "2025-05-27")}
    feeds = ("/calendars/region.ics", "/calendars/departments/44.ics", "/calendars/modules/2.ics")
    for path in (*feeds, SESSION_1):
        response = await fetch(client, path)
        found = entries(parse(response.content))
        for uid in uids:
            entry = found[uid]
            assert entry.status == "CANCELLED"
            assert entry.summary.startswith("ANNULÉ — Module 2 — ")
            assert entry.transp == "TRANSPARENT"
            assert entry.sequence == 1
            assert str(entry.component["DESCRIPTION"]).startswith("Cette session est annulée.")
        read = {e["uid"]: e for e in icaljs({path: response.content})[path]["events"]}
        assert {read[uid]["status"] for uid in uids} == {"CANCELLED"}

    excluded = await feed(client, "/calendars/departments/44.ics?cancelled=exclude")
    assert not uids & set(excluded)
    assert day_uid(3, "2025-05-22") in excluded

    before = await fetch(client, SESSION_1)
    today_in_paris(datetime(2025, 5, 2, 8, tzinfo=PARIS))  # 28 and 29 April have passed
    after = await fetch(client, SESSION_1)
    assert set(entries(parse(after.content))) == {day_uid(1, "2025-05-27")}
    assert bare_etag(after) != bare_etag(before)
    assert (await fetch(client, SESSION_1, if_none_match=before.headers["etag"])).status_code == 200


async def test_a_removed_day_stays_cancelled_and_the_others_are_renumbered(
    client, graphql, database
):
    removed = day_uid(3, "2025-05-23")
    await change(database, lambda s: scheduling.remove_session_day(s, removed))
    days = await feed(client, f"/calendars/sessions/{session_id(3)}.ics")
    assert days[removed].status == "CANCELLED"
    assert days[removed].transp == "TRANSPARENT"
    assert days[removed].sequence == 1
    assert days[removed].summary.startswith("ANNULÉ — Module 1 — ")
    others = {
        uid: (entry.summary[-10:], entry.status, entry.sequence)
        for uid, entry in days.items()
        if uid != removed
    }
    assert others == {
        day_uid(3, "2025-05-22"): ("(jour 1/2)", "CONFIRMED", 1),
        day_uid(3, "2025-06-12"): ("(jour 2/2)", "CONFIRMED", 1),
    }
    data = await graphql.data(
        "{ sessions(filter: {year: 2025, module: MODULE_1}) "
        "{ edges { node { number days { date of } } } } }"
    )
    session_3 = next(e["node"] for e in data["sessions"]["edges"] if e["node"]["number"] == 3)
    assert session_3["days"] == [{"date": "2025-05-22", "of": 2}, {"date": "2025-06-12", "of": 2}]


async def test_a_cancelled_event_is_kept_with_its_words(client, database):
    await change(database, lambda s: scheduling.cancel_event(s, EXCHANGE_DAY_44))
    event = (await feed(client, "/calendars/departments/44.ics"))[EXCHANGE_DAY_44]
    assert event.status == "CANCELLED"
    assert event.summary.startswith("ANNULÉ — Journée d'échanges")
    assert event.transp == "TRANSPARENT" and event.sequence == 1
    excluded = await feed(client, "/calendars/departments/44.ics?cancelled=exclude")
    assert EXCHANGE_DAY_44 not in excluded


async def test_rescheduling_an_event_raises_its_sequence(client, database):
    await change(
        database,
        lambda s: scheduling.reschedule_event(s, EXCHANGE_DAY_44, on=date(2025, 9, 30)),
    )
    event = (await feed(client, f"/calendars/events/{EXCHANGE_DAY_44}.ics"))[EXCHANGE_DAY_44]
    assert event.sequence == 1
    assert event.start == datetime(2025, 9, 30, 9, tzinfo=PARIS)


async def test_a_change_elsewhere_keeps_a_feed_answering_304(client, database, statements):
    first = await fetch(client, "/calendars/departments/53.ics")
    await change(database, move(day_uid(1, "2025-04-28"), start_time=time(10)))
    with statements.counting() as counter:
        again = await fetch(
            client, "/calendars/departments/53.ics", if_none_match=first.headers["etag"]
        )
    assert again.status_code == 304
    assert counter.count == 1  # the stamp, computed again once since the data revision moved


@pytest.mark.parametrize(
    ("work", "code"),
    [
        (move(day_uid(1, "2025-04-28"), on=date(2025, 4, 29)), "DATE_TAKEN"),
        (move(day_uid(1, "2025-04-28"), end_time=time(8)), "INVALID_HOURS"),
        (lambda s: scheduling.reschedule_session_day(s, "unknown"), "DAY_NOT_FOUND"),
        (lambda s: scheduling.cancel_session(s, "unknown"), "SESSION_NOT_FOUND"),
        (lambda s: scheduling.cancel_event(s, "unknown"), "EVENT_NOT_FOUND"),
    ],
)
async def test_changes_that_cannot_be_made_are_refused_in_french(database, work, code):
    with pytest.raises(InputError) as refused:
        await change(database, work)
    assert refused.value.code == code
    assert refused.value.message


async def test_the_last_day_cannot_be_removed_and_a_removed_day_cannot_move(database):
    first, second, third = (day_uid(2, d) for d in ("2025-05-05", "2025-05-06", "2025-05-07"))
    await change(database, lambda s: scheduling.remove_session_day(s, first))
    await change(database, lambda s: scheduling.remove_session_day(s, second))
    with pytest.raises(InputError) as refused:
        await change(database, lambda s: scheduling.remove_session_day(s, third))
    assert refused.value.code == "LAST_DAY"
    with pytest.raises(InputError) as refused:
        await change(database, move(first, on=date(2025, 5, 9)))
    assert refused.value.code == "DAY_CANCELLED"


async def test_a_change_of_module_title_or_trainer_name_reaches_the_cached_entries(
    client, database
):
    """Entries are cached under the change stamps of every row their text comes from."""
    before = (await feed(client, SESSION_1))[day_uid(1, "2025-04-28")]

    async def rename(session):
        module = await session.scalar(select(TrainingModule).where(TrainingModule.number == 2))
        module.title = "Transmettre les CPS"
        training = await session.scalar(
            select(TrainingSession).where(TrainingSession.public_id == session_id(1))
        )
        leader = await person_row(session, "sophie-timon")
        session.add(SessionTrainer(session_id=training.id, person_id=leader.id, position=0))

    await change(database, rename)
    after = (await feed(client, SESSION_1))[day_uid(1, "2025-04-28")]
    assert before.summary != after.summary == "Module 2 — Transmettre les CPS (jour 1/3)"
    assert "Formateurs : Sophie Timon." in str(after.component["DESCRIPTION"])

    async def rename_person(session):
        leader = await person_row(session, "sophie-timon")
        leader.family_name = "Timon-Leroux"

    await change(database, rename_person)
    renamed = (await feed(client, SESSION_1))[day_uid(1, "2025-04-28")]
    assert "Formateurs : Sophie Timon-Leroux." in str(renamed.component["DESCRIPTION"])

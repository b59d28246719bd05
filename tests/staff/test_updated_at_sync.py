"""A partner syncing with ``updatedSince`` sees every change it can read on an object.

Each mutation below changes something a partner reads on session 3, on the practice-exchange
day of Loire-Atlantique or on a trainer (nested lists included: trainers, days, places, the
trainers' names); after each, the object's ``updatedAt`` must have moved, so that asking for
what changed since the previous ``updatedAt`` lists it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from strawberry.relay import to_base64

from core.db import seeded_public_id
from tests.staff.conftest import practice_day_id, session_id

SINCE = {
    "sessions": "query($since: DateTime) { sessions(first: 100, filter: {updatedSince: $since}) "
    "{ edges { node { id updatedAt } } } }",
    "events": "query($since: DateTime) { events(first: 100, filter: {updatedSince: $since}) "
    "{ edges { node { id updatedAt } } } }",
    "trainers": "query($since: DateTime) { trainers(first: 100, filter: {updatedSince: $since}) "
    "{ edges { node { id updatedAt } } } }",
}
PAYLOAD = "{ errors { code message } }"
UPDATE_SESSION = f"""mutation($id: ID!, $input: UpdateTrainingSessionInput!) {{
  updateTrainingSession(id: $id, input: $input) {PAYLOAD} }}"""
RESCHEDULE = f"""mutation($id: ID!, $date: Date!, $newDate: Date) {{
  rescheduleSessionDay(id: $id, date: $date, newDate: $newDate) {PAYLOAD} }}"""
REMOVE_DAY = f"""mutation($id: ID!, $date: Date!) {{
  removeSessionDay(id: $id, date: $date, dayCountReason: "Deux jours cette fois.") {PAYLOAD} }}"""
ADD_DAY = f"""mutation($id: ID!, $day: SessionDayInput!) {{
  addSessionDay(id: $id, day: $day) {PAYLOAD} }}"""
CANCEL_SESSION = f"mutation($id: ID!) {{ cancelTrainingSession(id: $id) {PAYLOAD} }}"
UPDATE_EVENT = f"""mutation($id: ID!, $input: UpdateEventInput!) {{
  updateEvent(id: $id, input: $input) {PAYLOAD} }}"""
CANCEL_EVENT = f"mutation($id: ID!) {{ cancelEvent(id: $id) {PAYLOAD} }}"
UPDATE_TRAINER = """mutation($id: ID!, $input: UpdateTrainerInput!) {
  updateTrainer(id: $id, input: $input) { errors { code message } } }"""

SESSION_3 = session_id(3)
EXCHANGE_44 = practice_day_id("44")
SOPHIE = to_base64("Person", seeded_public_id("person:sophie-timon"))
MATHILDE = to_base64("Person", seeded_public_id("person:mathilde-garabedian"))


async def _stamps(staff, kind: str, since: datetime | None = None) -> dict[str, datetime]:
    variables = {"since": since.isoformat() if since else None}
    edges = (await staff.data(SINCE[kind], variables))[kind]["edges"]
    return {edge["node"]["id"]: datetime.fromisoformat(edge["node"]["updatedAt"]) for edge in edges}


async def test_every_change_a_partner_reads_moves_updated_at(regional, clock):
    clock.set_day(date(2025, 3, 1))
    watched = {"sessions": SESSION_3, "events": EXCHANGE_44, "trainers": SOPHIE}
    last = {kind: (await _stamps(regional, kind))[key] for kind, key in watched.items()}
    steps = [
        ("trainers added", UPDATE_SESSION, {"id": SESSION_3, "input": {"trainers": [SOPHIE]}},
         {"sessions"}),
        ("trainer renamed", UPDATE_TRAINER, {"id": SOPHIE, "input": {"familyName": "Timon-Leroux"}},
         {"sessions", "trainers"}),
        ("leader renamed", UPDATE_TRAINER, {"id": MATHILDE, "input": {"givenName": "Mathilde A."}},
         {"events"}),
        ("trainers removed", UPDATE_SESSION, {"id": SESSION_3, "input": {"trainers": []}},
         {"sessions"}),
        ("places", UPDATE_SESSION,
         {"id": SESSION_3, "input": {"places": [{"city": "Saint-Nazaire", "postalCode": "44600"}]}},
         {"sessions"}),
        ("tentative place", UPDATE_SESSION, {"id": SESSION_3, "input": {"placeTentative": True}},
         {"sessions"}),
        ("capacity", UPDATE_SESSION, {"id": SESSION_3, "input": {"capacity": 12}}, {"sessions"}),
        ("status", UPDATE_SESSION, {"id": SESSION_3, "input": {"status": "CONFIRMED"}},
         {"sessions"}),
        ("day moved", RESCHEDULE, {"id": SESSION_3, "date": "2025-06-12", "newDate": "2025-06-13"},
         {"sessions"}),
        ("day removed", REMOVE_DAY, {"id": SESSION_3, "date": "2025-06-13"}, {"sessions"}),
        ("day added", ADD_DAY,
         {"id": SESSION_3, "day": {"date": "2025-06-16", "startTime": "09:00:00",
                                   "endTime": "17:00:00"}},
         {"sessions"}),
        ("session cancelled", CANCEL_SESSION, {"id": SESSION_3}, {"sessions"}),
        ("event edited", UPDATE_EVENT, {"id": EXCHANGE_44, "input": {"venue": "Salle B"}},
         {"events"}),
        ("event cancelled", CANCEL_EVENT, {"id": EXCHANGE_44}, {"events"}),
    ]
    for step, mutation, variables, moved in steps:
        body = await regional.data(mutation, variables)
        (answer,) = body.values()
        assert answer["errors"] == [], (step, answer["errors"])
        for kind in moved:
            since = last[kind] + timedelta(microseconds=1)
            changed = await _stamps(regional, kind, since)
            assert watched[kind] in changed, f"{step}: {kind} not listed as changed"
            last[kind] = changed[watched[kind]]

"""The event commands called directly: create, change, cancel, and what each refuses."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from core.auth.permissions import AccessDenied
from core.commands import events
from core.db import seeded_public_id
from core.enums import EventKind
from core.models import Event
from core.models.enums import SessionStatus
from core.services.errors import InputError
from tests.commands.conftest import STAFF_44


def coter_meeting(department: str | None = "44", **overrides) -> events.NewEvent:
    """A meeting of a department's COTER in December 2025."""
    fields = {
        "kind": EventKind.COTER_MEETING, "title": f"Réunion du COTER {department}",
        "year": 2025, "date": date(2025, 12, 15), "start_time": time(14), "end_time": time(16),
        "department_code": department, "city": "Nantes", "postal_code": "44000",
        "is_public": False, **overrides,
    }
    return events.NewEvent(**fields)


async def _event(database, public_id: str) -> Event:
    async with database.sessions() as db:
        return await db.scalar(select(Event).where(Event.public_id == public_id))


async def test_create_change_and_cancel(context_for, database, audit_actions):
    staff_44 = context_for(STAFF_44)
    created = await events.create_event(staff_44, coter_meeting())
    assert created.ok, created.errors
    moved = await events.update_event(
        staff_44, created.value,
        events.EventChanges(values={"venue": "Maison des associations"}, start_time=time(15)),
    )
    assert moved.ok, moved.errors
    row = await _event(database, created.value)
    assert (row.venue, row.start_time) == ("Maison des associations", time(15))
    # Calendar applications take the new version.
    assert row.sequence > 0
    assert (await events.cancel_event(staff_44, created.value)).ok
    assert (await _event(database, created.value)).status == SessionStatus.CANCELLED
    assert [a for a, _, _ in await audit_actions(created.value)] == [
        "event.create", "event.update", "event.cancel"
    ]


async def _count(database) -> int:
    async with database.sessions() as db:
        return len((await db.scalars(select(Event.id))).all())


async def test_a_place_that_does_not_agree_writes_nothing(regional, database):
    before = await _count(database)
    result = await events.create_event(
        regional, coter_meeting(city="Angers", postal_code="44000")
    )
    assert [e.code for e in result.errors] == ["POSTAL_CODE_MISMATCH"]
    assert await _count(database) == before


async def test_who_may(context_for, regional):
    staff_44 = context_for(STAFF_44)
    with pytest.raises(AccessDenied) as regional_event:
        await events.create_event(staff_44, coter_meeting(None, title="Séminaire régional"))
    assert regional_event.value.code == "FORBIDDEN"
    vendee_day = seeded_public_id("event:2025-practice-exchange-85")
    with pytest.raises(AccessDenied):
        await events.update_event(staff_44, vendee_day, events.EventChanges({"title": "x"}))
    assert (await events.create_event(regional, coter_meeting(None, title="Séminaire"))).ok


async def test_refusals_before_the_write(regional):
    day = seeded_public_id("event:2025-practice-exchange-44")
    with pytest.raises(InputError) as emptied:
        await events.update_event(regional, day, events.EventChanges({"title": None}))
    assert emptied.value.code == "NULL_NOT_ALLOWED"
    with pytest.raises(InputError) as missing:
        await events.cancel_event(regional, "inconnu")
    assert missing.value.code == "EVENT_NOT_FOUND"

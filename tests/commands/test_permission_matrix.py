"""The permission matrix of the command functions themselves: every command × every kind of
viewer, the door the back-office and the command line use (GraphQL's is
``tests/staff/test_permission_matrix.py``).

Viewers: anonymous, department 44 staff acting on an object of the 85, regional staff. The
first two are refused (``UNAUTHENTICATED``, ``FORBIDDEN``) with nothing changed; regional staff
may. Each row of ``COMMANDS`` names a command and how to call it on the 85 objects that
``vendee_objects`` makes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import pytest
from sqlalchemy import func, select

from core.auth.permissions import AccessDenied
from core.commands import sessions
from core.commands.context import CommandContext
from core.models import AuditEntry
from tests.commands.conftest import ANONYMOUS, REGIONAL, STAFF_44

LA_ROCHE = sessions.PlaceInput("La Roche-sur-Yon", "85000")


@dataclass(frozen=True)
class VendeeObjects:
    """Objects of the 85 the commands act on."""

    session: str


def _days(year: int) -> list[sessions.DayInput]:
    return [sessions.DayInput(date(year, 9, d), time(9), time(17)) for d in (8, 9, 10)]


def _new_session(number: int) -> sessions.NewSession:
    return sessions.NewSession(
        year=2026, number=number, module_number=1, places=[LA_ROCHE], days=_days(2026)
    )


Call = Callable[[CommandContext, VendeeObjects], Awaitable[Any]]

COMMANDS: dict[str, Call] = {
    "sessions.create_session": lambda ctx, o: sessions.create_session(ctx, _new_session(20)),
    "sessions.update_session": lambda ctx, o: sessions.update_session(
        ctx, o.session, sessions.SessionChanges(capacity=9)
    ),
    "sessions.cancel_session": lambda ctx, o: sessions.cancel_session(ctx, o.session),
    "sessions.reschedule_session_day": lambda ctx, o: sessions.reschedule_session_day(
        ctx, o.session, date(2026, 9, 10), new_date=date(2026, 9, 17)
    ),
    "sessions.add_session_day": lambda ctx, o: sessions.add_session_day(
        ctx, o.session, sessions.DayInput(date(2026, 9, 24), time(9), time(17)),
        day_count_reason="Journée de plus.",
    ),
    "sessions.remove_session_day": lambda ctx, o: sessions.remove_session_day(
        ctx, o.session, date(2026, 9, 10), day_count_reason="Deux journées suffisent."
    ),
    "sessions.duplicate_session": lambda ctx, o: sessions.duplicate_session(
        ctx, o.session, 2027
    ),
}

VIEWERS = {
    "anonymous": (ANONYMOUS, "UNAUTHENTICATED"),
    "department 44 on an 85 object": (STAFF_44, "FORBIDDEN"),
    "regional": (REGIONAL, None),
}


@pytest.fixture
async def vendee_objects(context_for) -> VendeeObjects:
    """An 85 session (made by regional staff)."""
    created = await sessions.create_session(context_for(REGIONAL), _new_session(10))
    assert created.ok, created.errors
    return VendeeObjects(session=created.value)


async def _audit_count(database) -> int:
    async with database.sessions() as db:
        return await db.scalar(select(func.count(AuditEntry.id)))


@pytest.mark.parametrize("viewer", list(VIEWERS))
@pytest.mark.parametrize("command", list(COMMANDS))
async def test_every_command_checks_its_caller(
    command, viewer, context_for, vendee_objects, database
):
    principal, refused_with = VIEWERS[viewer]
    before = await _audit_count(database)
    call = COMMANDS[command]
    if refused_with is None:
        result = await call(context_for(principal), vendee_objects)
        assert result.ok, result.errors
        assert await _audit_count(database) > before
        return
    with pytest.raises(AccessDenied) as refused:
        await call(context_for(principal), vendee_objects)
    assert refused.value.code == refused_with
    assert refused.value.message
    # Nothing written: every write leaves an audit entry.
    assert await _audit_count(database) == before


def test_every_command_of_the_package_is_in_the_matrix():
    """A new command cannot be forgotten here."""
    import core.commands.sessions as module

    public = {
        f"sessions.{name}"
        for name in module.__all__
        if callable(getattr(module, name))
        and getattr(module, name).__module__ == module.__name__
        and name[0].islower()
        and name not in {"require_session_places", "moved_to_year"}
    }
    assert public == set(COMMANDS)

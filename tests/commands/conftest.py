"""Fixtures of the command tests: a command context on the test app, for each kind of viewer.

Commands are called directly, as the back-office and the command line call them; the viewers
stand for an API token's or a signed-in staff account's principal.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from core.auth.viewer import Viewer
from core.commands.context import CommandContext
from core.db import seeded_public_id
from core.models import AuditEntry
from core.models.enums import StaffRole

ANONYMOUS = Viewer()
STAFF_44 = Viewer(StaffRole.DEPARTMENT, frozenset({"44"}), token_name="COTER 44")
STAFF_85 = Viewer(StaffRole.DEPARTMENT, frozenset({"85"}), token_name="COTER 85")
REGIONAL = Viewer(role=StaffRole.REGIONAL, token_name="Pôle")


def seeded_session(number: int) -> str:
    """The public ID of a seeded 2025 session."""
    return seeded_public_id(f"session:2025-{number}")


@pytest.fixture
def context_for(app: Starlette, settings, plugins, clock) -> Callable[[Viewer], CommandContext]:
    """A command context on the test app's database, plugins and clock, for a viewer."""

    def make(viewer: Viewer, caller_address: str = "192.0.2.0") -> CommandContext:
        return CommandContext(
            database=app.state.database,
            settings=settings,
            plugin_manager=plugins,
            viewer=viewer,
            clock=clock,
            caller_address=caller_address,
        )

    return make


@pytest.fixture
def regional(context_for) -> CommandContext:
    """A regional staff member's context."""
    return context_for(REGIONAL)


@pytest.fixture
def audit_actions(database):
    """The audit trail of an object: its actions, oldest first."""

    async def actions(public_id: str) -> list[tuple[str, str, dict]]:
        async with database.sessions() as db:
            rows = await db.scalars(
                select(AuditEntry)
                .where(AuditEntry.object_public_id == public_id)
                .order_by(AuditEntry.id)
            )
            return [(row.action, row.actor, row.changes) for row in rows]

    return actions

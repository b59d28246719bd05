"""Where a session or an event stands (``core.services.stages``), shared by both types."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from core.graphql.enums import Stage
from core.graphql.resolution import then, uses_only_context


@strawberry.type
class StandingFields:
    """The derived stage and registration window of a session or event.

    A type using it defines ``_standing(info)``: its ``core.services.stages.Standing``, or an
    awaitable of it.
    """

    def _standing(self, info: Info) -> Any:
        raise NotImplementedError

    @strawberry.field(
        description="UPCOMING, UNDER_WAY or OVER, by the service's clock (PLANNED sessions of a "
        "past year are OVER)."
    )
    @uses_only_context
    def stage(self, info: Info) -> Stage:
        return then(self._standing(info), lambda standing: standing.stage)

    @strawberry.field(
        description="Whether a registration is accepted now: until the first day starts, unless "
        "cancelled. A full session stays open: a new registration joins its waiting list."
    )
    @uses_only_context
    def registration_open(self, info: Info) -> bool:
        return then(self._standing(info), lambda standing: standing.registration_open)

    @strawberry.field(description="When registration closes: the start of the first day.")
    @uses_only_context
    def registration_closes_at(self, info: Info) -> datetime:
        return then(self._standing(info), lambda standing: standing.closes_at)

    @strawberry.field(description="Why registration is closed, in French; null while open.")
    @uses_only_context
    def registration_closed_reason(self, info: Info) -> str | None:
        return then(self._standing(info), lambda standing: standing.closed_reason)



"""The test kit's helpers for plugin authors: registration targets, the rules run as the service
runs them, and a GraphQL client; no pytest here (the fixtures are in ``core.hooks.testing``).

``from core.hooks.testing import practice_day`` finds them too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from core.clock import Clock, SettableClock
from core.hooks.manager import PluginManager
from core.hooks.types import (
    EventDraft,
    EventKind,
    Prerequisite,
    PrerequisiteKind,
    RegistrationDraft,
    RegistrationTarget,
    SessionDraft,
    TargetKind,
)
from core.services import rule_checks

if TYPE_CHECKING:
    import httpx


def practice_day(
    department_code: str, *, year: int = 2025, day: date | None = None
) -> RegistrationTarget:
    """A practice-exchange day of ``department_code`` as a registration target."""
    day = day or date(year, 11, 25)
    return RegistrationTarget(
        kind=TargetKind.EVENT,
        title=f"Journée d'échanges de pratique {year} — {department_code}",
        year=year,
        starts_on=day,
        ends_on=day,
        department_code=department_code,
        department_codes=(department_code,),
        event_kind=EventKind.PRACTICE_EXCHANGE_DAY,
    )


MODULE_PREREQUISITES = {
    1: (
        Prerequisite(
            "M1_EMPLOYER_COMMITMENT",
            PrerequisiteKind.EMPLOYER_COMMITMENT,
            "Engagement de l'employeur",
        ),
    ),
    2: (
        Prerequisite(
            "M2_PRIOR_CPS_TRAINING",
            PrerequisiteKind.PRIOR_CPS_TRAINING,
            "Formation CPS dispensée par un membre d'InteractionS",
            requires_interactions_member=True,
        ),
        Prerequisite(
            "M2_CONCEPTS_QUESTIONNAIRE",
            PrerequisiteKind.CONCEPTS_QUESTIONNAIRE,
            "80 % au questionnaire",
            minimum_score=0.8,
        ),
        Prerequisite(
            "M2_EMPLOYER_COMMITMENT",
            PrerequisiteKind.EMPLOYER_COMMITMENT,
            "Engagement de l'employeur",
        ),
    ),
}


def module_session(
    module_number: int, department_code: str = "44", *, year: int = 2025
) -> RegistrationTarget:
    """A session of module 1 or 2 held in ``department_code``, with the seed's prerequisites."""
    return RegistrationTarget(
        kind=TargetKind.SESSION,
        title=f"Session ({year}) — Module {module_number}",
        year=year,
        starts_on=date(year, 10, 6),
        ends_on=date(year, 10, 16),
        department_code=department_code,
        department_codes=(department_code,),
        module_number=module_number,
        prerequisites=MODULE_PREREQUISITES[module_number],
    )


KIT_DAY = date(2025, 3, 1)
"""The day the kit's clock stands on unless a test moves it: the seed's 2025 days are ahead."""


def kit_clock() -> SettableClock:
    """A clock stopped on ``KIT_DAY``."""
    clock = SettableClock()
    clock.set_day(KIT_DAY)
    return clock


class RuleRunner:
    """Runs a plugin manager's rules on drafts, exactly as the service does, on the day of
    ``clock`` (``KIT_DAY`` unless given)."""

    def __init__(self, plugins: PluginManager, clock: Clock | None = None) -> None:
        self.plugins = plugins
        self.clock = clock if clock is not None else kit_clock()

    def registration(
        self, registration: RegistrationDraft, target: RegistrationTarget
    ) -> rule_checks.RuleCheck:
        """Every rule that applies to a registration for ``target``."""
        return rule_checks.check_registration(
            self.plugins, registration, target, today=self.clock.today()
        )

    def session(self, session: SessionDraft) -> rule_checks.RuleCheck:
        """Every rule that applies to a session."""
        return rule_checks.check_session(self.plugins, session, today=self.clock.today())

    def event(
        self, event: EventDraft, same_year_events: Sequence[EventDraft] = ()
    ) -> rule_checks.RuleCheck:
        """Every rule that applies to an event, given the department's other events that year."""
        return rule_checks.check_event(
            self.plugins, event, same_year_events, today=self.clock.today()
        )


class GraphQLClient:
    """Posts GraphQL operations over HTTP and returns the decoded response.

    ``http`` is an ``httpx.AsyncClient`` on the service; ``token``, a staff token's secret, is
    sent as a bearer token with every operation, and ``headers`` too.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.http = http
        self.token = token
        self.headers = dict(headers or {})
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    async def post(
        self, query: str, variables: Mapping[str, Any] | None = None
    ) -> httpx.Response:
        """The HTTP response to the operation, whatever its status."""
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=self.headers
        )

    async def __call__(
        self, query: str, variables: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The whole response (``data``, ``errors``, ``extensions``); fails unless HTTP 200."""
        response = await self.post(query, variables)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The ``data`` of a response that must have no errors."""
        body = await self(query, variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

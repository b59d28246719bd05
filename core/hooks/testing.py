"""The test kit for plugin authors: a running service with your plugin loaded, in a few lines.

Installed as a pytest plugin (the ``pytest11`` entry point of ``pole-cps``), so its fixtures
are there in any test suite of an environment where the service is installed::

    import pytest
    from plugins import dept_53

    @pytest.fixture
    def cps_plugins():
        return {"dept_53": dept_53.plugin}   # the plugins to load, by name

    async def test_our_day_is_served(cps_graphql):
        data = await cps_graphql.data('{ events(filter: {department: "53"}) { totalCount } }')
        assert data["events"]["totalCount"] == 1

    def test_our_rule(cps_rules):
        check = cps_rules.registration(RegistrationDraft(department_code="72"), practice_day("53"))
        assert [v.code for v in check.violations] == ["DEPT_53_PRACTICE_DAY_OWN_DEPARTMENT"]

Fixtures (each test gets fresh ones; nothing is shared between tests):

- ``cps_plugins``: override it; ``{name: plugin}`` of the plugins to load besides the regional
  rules (none by default); a plugin is a module or an object such as ``dept_53.plugin``.
- ``cps_plugin_manager``: a new manager with the regional rules and ``cps_plugins``.
- ``cps_database_url``: a migrated database with the core's seed, copied for each test (SQLite).
- ``cps_app``: the service, started (your plugin's content is synchronised at start).
- ``cps_client`` / ``cps_graphql``: HTTP and GraphQL clients calling the service in-process.
- ``cps_clock``: the service's clock, stopped on ``KIT_DAY`` (1 March 2025, before every day of
  the seed's 2025 sessions and events); move it with ``cps_clock.set_day(date(...))`` to test
  a rule that depends on the date.
- ``cps_rules``: runs the rules of ``cps_plugin_manager`` on drafts, as the service does, on
  the day of ``cps_clock``.

``practice_day`` and ``module_session`` build registration targets for rule tests.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from core.clock import Clock, SettableClock
from core.hooks.manager import PluginManager, build_plugin_manager
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
    """Posts GraphQL operations over HTTP and returns the decoded response."""

    def __init__(self, http: Any) -> None:
        self.http = http

    async def __call__(self, query: str, variables: Mapping[str, Any] | None = None) -> dict:
        """The whole response (``data``, ``errors``, ``extensions``); fails unless HTTP 200."""
        response = await self.http.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: Mapping[str, Any] | None = None) -> dict:
        """The ``data`` of a response that must have no errors."""
        body = await self(query, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]


def _run_apart(coroutine: Any) -> Any:
    """Run a coroutine to completion in a thread of its own, away from the tests' event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _seeded_template(url: str) -> None:
    from core import bootstrap, migrate
    from core.db import Database

    database = Database.open(url)
    try:
        await migrate.upgrade(database)
        # The core's seed only: each test's own plugins are synchronised when its app starts.
        await bootstrap.seed(database, PluginManager())
    finally:
        await database.close()


@pytest.fixture(scope="session")
def cps_template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated and seeded once per test run."""
    path = tmp_path_factory.mktemp("cps-kit") / "template.sqlite3"
    _run_apart(_seeded_template(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def cps_database_url(cps_template_database: Path, tmp_path: Path) -> str:
    """A fresh copy of the seeded database for one test."""
    target = tmp_path / "cps.sqlite3"
    shutil.copyfile(cps_template_database, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
def cps_plugins() -> Mapping[str, object]:
    """The plugins to load besides the regional rules, by name: override this fixture."""
    return {}


@pytest.fixture
def cps_plugin_manager(cps_plugins: Mapping[str, object]) -> PluginManager:
    """A new plugin manager: the regional rules and ``cps_plugins``, nothing discovered."""
    return build_plugin_manager(discover=False, extra=cps_plugins.items())


@pytest.fixture
def cps_clock() -> SettableClock:
    """The service's clock, stopped on ``KIT_DAY`` until a test moves it."""
    return kit_clock()


@pytest.fixture
def cps_rules(cps_plugin_manager: PluginManager, cps_clock: SettableClock) -> RuleRunner:
    """Runs the rules of ``cps_plugin_manager`` on drafts, on the day of ``cps_clock``."""
    return RuleRunner(cps_plugin_manager, cps_clock)


@pytest.fixture
def cps_settings(cps_database_url: str) -> Any:
    """The service's settings for one test."""
    from core.settings import Settings

    return Settings.from_env(database_url=cps_database_url, base_url="https://cps.example.org")


@pytest_asyncio.fixture
async def cps_app(
    cps_settings: Any, cps_plugin_manager: PluginManager, cps_clock: SettableClock
) -> AsyncIterator[Any]:
    """The service with ``cps_plugin_manager`` and ``cps_clock``, started (lifespan run)."""
    from asgi_lifespan import LifespanManager

    from core.app import create_app

    application = create_app(cps_settings, cps_plugin_manager, clock=cps_clock)
    async with LifespanManager(application):
        yield application


@pytest_asyncio.fixture
async def cps_client(cps_app: Any) -> AsyncIterator[Any]:
    """An HTTP client calling the service in-process."""
    import httpx

    transport = httpx.ASGITransport(app=cps_app)
    async with httpx.AsyncClient(transport=transport, base_url="https://cps.example.org") as http:
        yield http


@pytest.fixture
def cps_graphql(cps_client: Any) -> GraphQLClient:
    """A GraphQL client over HTTP."""
    return GraphQLClient(cps_client)

"""The test kit for plugin authors: a running service with your plugin loaded, in a few lines.

Installed as a pytest plugin (the ``pytest11`` entry point of ``pole-cps``), so its fixtures
are there in any test suite of an environment where the service is installed. Loading it costs
nothing: it imports pytest alone, and the service (its database, its app, the plugin manager)
only inside the fixtures a test uses; the async fixtures need ``pytest-asyncio`` (the ``[test]``
extra) and say so when it is missing. The helpers (``practice_day``, ``module_session``,
``RuleRunner``, ``GraphQLClient``, ``KIT_DAY``) live in ``core.hooks.testkit`` and are found
here too::

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
import importlib
import shutil
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from core.clock import SettableClock
    from core.hooks.manager import PluginManager
    from core.hooks.testkit import GraphQLClient, RuleRunner

# The helpers, imported from ``core.hooks.testkit`` when first asked for.
_HELPERS = frozenset(
    {
        "KIT_DAY",
        "MODULE_PREREQUISITES",
        "GraphQLClient",
        "RuleRunner",
        "kit_clock",
        "module_session",
        "practice_day",
    }
)


def __getattr__(name: str) -> Any:
    """``from core.hooks.testing import practice_day``: the helper, loaded on demand."""
    if name in _HELPERS:
        return getattr(importlib.import_module("core.hooks.testkit"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _async_fixture(function: Callable[..., Any]) -> Any:
    """``function`` as a pytest-asyncio fixture; without pytest-asyncio, a fixture that fails
    the test that uses it, saying what to install (the rest of the kit still works)."""
    try:
        import pytest_asyncio
    except ImportError:

        def missing() -> None:
            pytest.fail(
                f"the test kit's {function.__name__} needs pytest-asyncio: "
                "pip install 'pole-cps[test]'",
                pytrace=False,
            )

        missing.__doc__ = function.__doc__
        return pytest.fixture(name=function.__name__)(missing)
    return pytest_asyncio.fixture(function)


def _run_apart(coroutine: Any) -> Any:
    """Run a coroutine to completion in a thread of its own, away from the tests' event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _seeded_template(url: str) -> None:
    from core import bootstrap, migrate
    from core.db import Database
    from core.hooks.manager import PluginManager

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
    from core.hooks.manager import build_plugin_manager

    return build_plugin_manager(discover=False, extra=cps_plugins.items())


@pytest.fixture
def cps_clock() -> SettableClock:
    """The service's clock, stopped on ``KIT_DAY`` until a test moves it."""
    from core.hooks.testkit import kit_clock

    return kit_clock()


@pytest.fixture
def cps_rules(cps_plugin_manager: PluginManager, cps_clock: SettableClock) -> RuleRunner:
    """Runs the rules of ``cps_plugin_manager`` on drafts, on the day of ``cps_clock``."""
    from core.hooks.testkit import RuleRunner

    return RuleRunner(cps_plugin_manager, cps_clock)


@pytest.fixture
def cps_settings(cps_database_url: str) -> Any:
    """The service's settings for one test."""
    from core.settings import Settings

    return Settings.from_env(database_url=cps_database_url, base_url="https://cps.example.org")


@_async_fixture
async def cps_app(
    cps_settings: Any, cps_plugin_manager: PluginManager, cps_clock: SettableClock
) -> AsyncIterator[Any]:
    """The service with ``cps_plugin_manager`` and ``cps_clock``, started (lifespan run)."""
    from asgi_lifespan import LifespanManager

    from core.app import create_app

    application = create_app(cps_settings, cps_plugin_manager, clock=cps_clock)
    async with LifespanManager(application):
        yield application


@_async_fixture
async def cps_client(cps_app: Any) -> AsyncIterator[Any]:
    """An HTTP client calling the service in-process."""
    import httpx

    transport = httpx.ASGITransport(app=cps_app)
    async with httpx.AsyncClient(transport=transport, base_url="https://cps.example.org") as http:
        yield http


@pytest.fixture
def cps_graphql(cps_client: Any) -> GraphQLClient:
    """A GraphQL client over HTTP."""
    from core.hooks.testkit import GraphQLClient

    return GraphQLClient(cps_client)

"""Helpers of the plugins' tests: a service with a chosen plugin manager, and broken plugins.

The test kit's fixtures (``cps_*``, from ``core.hooks.testing``) use the project's database here,
so these tests also run on PostgreSQL when ``CPS_TEST_DATABASE_URL`` is set.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import types
from datetime import date, time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from core.app import create_app
from core.clock import Clock, SettableClock
from core.hooks import department_rules, hookimpl, hookspecs
from core.hooks.manager import (
    CORE_DISTRIBUTION,
    ENTRY_POINT_GROUP,
    PluginManager,
    build_plugin_manager,
)
from core.hooks.testing import GraphQLClient
from core.hooks.types import LocalAction, LocalEvent
from core.seed.schema import read_seed_file
from core.settings import Settings
from core.timezone import paris_datetime
from tests.conftest import SEED_DAY

DEPARTMENTS = ("44", "49", "53", "72", "85")
HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("cps_"))


@pytest.fixture
def cps_database_url(database_url: str) -> str:
    """The kit's database is the project's: a fresh seeded SQLite copy, or the test PostgreSQL."""
    return database_url


def declared_plugins() -> dict[str, object]:
    """The department plugins the service's distribution declares, by entry-point name."""
    found = {}
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if entry_point.dist is not None and entry_point.dist.name == CORE_DISTRIBUTION:
            found.setdefault(entry_point.name, entry_point.load())
    return dict(sorted(found.items()))


def published_events(code: str | None = None) -> list[LocalEvent]:
    """The public events the repository's department plugins publish (only ``code``'s when
    given), by date: what a shared test expects the API to serve, read from the data files."""
    events = [
        event
        for name, plugin in declared_plugins().items()
        if code is None or name == f"dept_{code}"
        for event in plugin.cps_events()
        if event.is_public
    ]
    return sorted(events, key=lambda event: (event.date, event.start_time, event.key))


def published_actions(code: str | None = None) -> list[LocalAction]:
    """The actions the repository's department plugins publish (only ``code``'s when given)."""
    return [
        action
        for name, plugin in declared_plugins().items()
        if code is None or name == f"dept_{code}"
        for action in plugin.cps_actions()
    ]


def full_name(key: str) -> str:
    """The name of a person of the regional directory (the seed), by key."""
    [person] = [p for p in read_seed_file().people if p.key == key]
    return f"{person.given_name} {person.family_name}"


def builtin_plugins() -> PluginManager:
    """A new manager of the built-in plugins: the regional rules and the five departments."""
    return build_plugin_manager(builtin_only=True)


def copy_of(plugin: object, **replacements: Callable[..., Any]) -> types.ModuleType:
    """A plugin module with the same hook implementations as ``plugin`` (a module, or an object
    such as ``dept_53.plugin``, whose bound methods it takes), some replaced.

    Each replacement is marked as a hook implementation; it may take the hook's arguments by
    name or ``**kwargs``.
    """
    copy = types.ModuleType(f"copy_of_{getattr(plugin, '__name__', type(plugin).__name__)}")
    for name in HOOKS:
        if hasattr(plugin, name):
            setattr(copy, name, getattr(plugin, name))
    for name, function in replacements.items():
        setattr(copy, name, hookimpl(specname=name)(function))
    return copy


def raising(message: str = "panne simulée") -> Callable[..., Any]:
    """A hook implementation that raises."""

    def fail(**_kwargs: Any) -> Any:
        raise RuntimeError(message)

    return fail


def shared_rules_of(plugin: object) -> types.ModuleType:
    """A department plugin on its own data file with only the rules every department shares:
    what a shared test of the core expects, whatever rules of its own the department adds."""
    department = plugin.cps_department()
    return copy_of(
        plugin,
        cps_rules=lambda: department_rules.catalogue(department.code),
        cps_validate_registration=lambda registration, target: (
            department_rules.check_registration(department, registration, target)
        ),
        cps_validate_session=lambda session: department_rules.check_session(department, session),
        cps_validate_event=lambda event, same_year_events: (
            department_rules.check_event(department, event, same_year_events)
        ),
    )


def shared_rules_only() -> PluginManager:
    """The regional rules and the repository's department plugins, with the shared rules only."""
    return build_plugin_manager(
        discover=False,
        extra=[(name, shared_rules_of(plugin)) for name, plugin in declared_plugins().items()],
    )


def swap(plugins: PluginManager, name: str, plugin: object) -> PluginManager:
    """Replace the plugin registered as ``name`` in this (fresh) manager."""
    plugins.unregister(name=name)
    plugins.register(plugin, name=name)
    return plugins


@asynccontextmanager
async def service(
    settings: Settings, plugins: PluginManager, clock: Clock | None = None
) -> AsyncIterator[GraphQLClient]:
    """The service with ``plugins``, started, and a GraphQL client on it; its clock stands on
    ``SEED_DAY`` unless ``clock`` is given."""
    if clock is None:
        clock = SettableClock()
        clock.set_day(SEED_DAY)
    application = create_app(settings, plugins, clock=clock)
    async with LifespanManager(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://cps.example.org"
        ) as http:
            yield GraphQLClient(http)


def spec_arguments(hook: str) -> list[str]:
    """The argument names of a hook specification."""
    return list(inspect.signature(getattr(hookspecs, hook)).parameters)


DEPARTMENT_CONTENT = """
query($code: String!) {
  department(code: $code) {
    name plugin { name }
    referents { fullName }
    coter { name steeringInstitutions { kind shortName } }
  }
  events(filter: {department: $code}, first: 100) {
    edges { node {
      title kind date startsAt endsAt place { city postalCode }
      leaders { fullName } accessConditions
    } }
  }
  actions(filter: {department: $code}, first: 100) {
    edges { node { kind title periodStart periodEnd } }
  }
}
"""


async def department_content(graphql: GraphQLClient, code: str) -> dict:
    """What the API says of a department's plugin content, flattened for assertions."""
    data = await graphql.data(DEPARTMENT_CONTENT, {"code": code})
    department = data["department"]
    return {
        "name": department["name"],
        "plugin": department["plugin"]["name"],
        "referents": [r["fullName"] for r in department["referents"]],
        "coter": department["coter"]["name"],
        "steering": sorted(
            (i["kind"], i["shortName"]) for i in department["coter"]["steeringInstitutions"]
        ),
        "events": sorted(
            (
                e["node"]["title"],
                e["node"]["kind"],
                e["node"]["date"],
                e["node"]["startsAt"],
                e["node"]["endsAt"],
                (e["node"]["place"] or {}).get("city"),
                (e["node"]["place"] or {}).get("postalCode"),
                tuple(leader["fullName"] for leader in e["node"]["leaders"]),
                tuple(e["node"]["accessConditions"]),
            )
            for e in data["events"]["edges"]
        ),
        "actions": sorted(
            (a["node"]["kind"], a["node"]["title"], a["node"]["periodStart"], a["node"]["periodEnd"])
            for a in data["actions"]["edges"]
        ),
    }


def expected_content(name: str) -> dict:
    """What ``department_content`` must give for the plugin ``name``, read from its data file
    and the regional directory (the seed)."""
    plugin = declared_plugins()[name]
    department = plugin.cps_department()
    code = department.code

    def iso(day: date, at: time) -> str:
        return paris_datetime(day, at).isoformat()

    return {
        "name": department.name,
        "plugin": name,
        "referents": sorted(full_name(key) for key in department.coter.referents),
        "coter": department.coter.name,
        "steering": sorted((s.kind, s.short_name) for s in department.coter.steering),
        "events": sorted(
            (
                e.title,
                e.kind,
                e.date.isoformat(),
                iso(e.date, e.start_time),
                iso(e.date, e.end_time),
                e.city,
                e.postal_code,
                tuple(full_name(key) for key in e.leaders),
                tuple(e.access_conditions),
            )
            for e in published_events(code)
        ),
        "actions": sorted(
            (
                a.kind,
                a.title,
                a.period_start.isoformat(),
                a.period_end.isoformat() if a.period_end else None,
            )
            for a in published_actions(code)
        ),
    }


def violation_codes(check) -> list[str]:
    """The codes of a check's violations, in order."""
    return [violation.code for violation in check.violations]

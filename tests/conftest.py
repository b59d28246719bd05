"""Fixtures: a fresh migrated and seeded database per test, the app, and an HTTP client.

Every test runs on SQLite (a copy of a template file migrated and seeded once). When
``CPS_TEST_DATABASE_URL`` names a PostgreSQL database, the same tests run there instead: its
schema is rebuilt once per run and every table is emptied and seeded again before each test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import event, text
from starlette.applications import Starlette

from core import bootstrap, migrate
from core.app import create_app
from core.clock import SettableClock
from core.db import Base, Database
from core.hooks.manager import PluginManager, build_plugin_manager
from core.settings import Settings

TEST_DATABASE_URL = os.environ.get("CPS_TEST_DATABASE_URL", "").strip()


def _normalised(url: str) -> str:
    return Settings.from_env(database_url=url).database_url


@pytest.fixture(scope="session")
async def template_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated and seeded once per run: a SQLite file, or the test PostgreSQL."""
    if TEST_DATABASE_URL:
        url = _normalised(TEST_DATABASE_URL)
        database = Database.open(url)
        try:
            await bootstrap.check_connection(database, url)
            async with database.engine.begin() as connection:
                await connection.exec_driver_sql("DROP SCHEMA public CASCADE")
                await connection.exec_driver_sql("CREATE SCHEMA public")
            await migrate.upgrade(database)
        finally:
            await database.close()
        return url
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    database = Database.open(url)
    try:
        await bootstrap.prepare(database, url, build_plugin_manager(builtin_only=True))
    finally:
        await database.close()
    return url


@pytest.fixture
async def database_url(template_database_url: str, tmp_path: Path) -> str:
    """A freshly seeded database for one test."""
    if not template_database_url.startswith("sqlite"):
        database = Database.open(template_database_url)
        try:
            tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
            async with database.engine.begin() as connection:
                await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            await bootstrap.seed(database, build_plugin_manager(builtin_only=True))
        finally:
            await database.close()
        return template_database_url
    source = Path(template_database_url.removeprefix("sqlite+aiosqlite:///"))
    target = tmp_path / "cps.sqlite3"
    shutil.copyfile(source, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings of the service under test."""
    return Settings.from_env(database_url=database_url, base_url="https://cps.example.org")


SEED_DAY = date(2025, 3, 1)
"""The day the tests' clock stands on unless a test moves it: before every day of the 2025
seed, so its sessions and events are open for registration."""


@pytest.fixture
def clock() -> SettableClock:
    """The app's clock, stopped on ``SEED_DAY`` until a test moves it (``clock.set_day(...)``)."""
    stopped = SettableClock()
    stopped.set_day(SEED_DAY)
    return stopped


def repository_plugins(settings: Settings) -> PluginManager:
    """The regional rules and this repository's plugins, never another installed one: a
    plugin someone installed in the environment must not change what the suite tests."""
    return build_plugin_manager(
        builtin_only=True,
        disabled=settings.disabled_plugins,
        accepted_disabled=settings.accept_disabled_plugins,
    )


@pytest.fixture
def plugins(settings: Settings) -> PluginManager:
    """The app's plugins: the repository's (a module overrides this fixture to test others)."""
    return repository_plugins(settings)


@pytest.fixture
async def app(
    settings: Settings, clock: SettableClock, plugins: PluginManager
) -> AsyncIterator[Starlette]:
    """The application, with its lifespan running."""
    application = create_app(settings, plugins, clock=clock)
    async with LifespanManager(application):
        yield application


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client that calls the app in-process, as a partner site would over the network."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://cps.example.org") as http:
        yield http


class GraphQLClient:
    """Posts GraphQL operations over HTTP and returns the decoded response."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict:
        """The whole response (``data`` and ``errors``); fails on a non-200 status."""
        response = await self.http.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict:
        """The ``data`` of a response that must have no errors."""
        body = await self(query, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]


@pytest.fixture
def graphql(client: httpx.AsyncClient) -> GraphQLClient:
    """A GraphQL client over HTTP."""
    return GraphQLClient(client)


@pytest.fixture
def database(app: Starlette) -> Database:
    """The app's own database handle, for arranging data a test needs."""
    return app.state.database


class StatementCounter:
    """Counts the SQL statements the app's engine runs inside ``counting()``."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.count = 0

    def _on_execute(self, *_args: Any) -> None:
        self.count += 1

    @contextmanager
    def counting(self) -> Iterator[StatementCounter]:
        self.count = 0
        event.listen(self.database.sync_engine, "before_cursor_execute", self._on_execute)
        try:
            yield self
        finally:
            event.remove(self.database.sync_engine, "before_cursor_execute", self._on_execute)


@pytest.fixture
def statements(database: Database) -> StatementCounter:
    """A counter of the SQL statements the app runs."""
    return StatementCounter(database)

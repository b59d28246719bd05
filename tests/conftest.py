"""Fixtures: a fresh migrated and seeded database per test, the app, and an HTTP client.

Every test runs on SQLite (a copy of a template file migrated and seeded once). When
``CPS_TEST_DATABASE_URL`` names a PostgreSQL database, the same tests run there instead: its
schema is rebuilt and seeded once per run, a copy of the seeded tables is kept, and before each
test every table is emptied and filled again from that copy, in one statement.
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
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.applications import Starlette

from core import bootstrap, migrate
from core.app import GraphQLEndpoint, create_app
from core.clock import SettableClock
from core.db import Base, Database
from core.hooks.manager import PluginManager, build_plugin_manager
from core.hooks.testkit import GraphQLClient
from core.settings import Settings
from tests.execution_paths import SECOND_RUN, ExecutionPaths
from tests.serving import settings_for

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
            await bootstrap.seed(database, build_plugin_manager(builtin_only=True))
            async with database.engine.begin() as connection:
                await _keep_seeded_copy(connection)
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


# The schema that keeps a copy of the seeded tables on PostgreSQL, and the function that puts
# it back: one statement per test instead of the seed's hundreds.
SEEDED_COPY = "seeded_copy"


async def _keep_seeded_copy(connection: AsyncConnection) -> None:
    """Copy every table of the freshly seeded ``public`` schema into ``SEEDED_COPY`` and make
    ``SEEDED_COPY.restore()``: empty the tables, insert the copies (parents first), and move
    each identity sequence past the largest id, as seeding afresh would leave them."""
    tables = [table.name for table in Base.metadata.sorted_tables]
    await connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SEEDED_COPY} CASCADE")
    await connection.exec_driver_sql(f"CREATE SCHEMA {SEEDED_COPY}")
    for table in tables:
        await connection.exec_driver_sql(
            f'CREATE TABLE {SEEDED_COPY}."{table}" AS TABLE public."{table}"'
        )
    sequences = (
        await connection.execute(
            text(
                # Schema-qualified: PostgreSQL may evaluate the function on rows of other schemas
                # before the WHERE clause leaves them out.
                "SELECT table_name, column_name, pg_get_serial_sequence("
                "quote_ident(table_schema) || '.' || quote_ident(table_name), column_name"
                ") AS sequence FROM information_schema.columns WHERE table_schema = 'public' "
                "AND column_default LIKE 'nextval%'"
            )
        )
    ).all()
    # DELETE, children first: TRUNCATE's fixed cost per table is most of the time on tables
    # this small.
    body = [f'DELETE FROM public."{table}";' for table in reversed(tables)]
    body += [f'INSERT INTO public."{t}" SELECT * FROM {SEEDED_COPY}."{t}";' for t in tables]
    body += [
        f"PERFORM setval('{row.sequence}', "
        f'COALESCE((SELECT max("{row.column_name}") FROM public."{row.table_name}"), 0) + 1, '
        "false);"
        for row in sequences
    ]
    await connection.exec_driver_sql(
        f"CREATE FUNCTION {SEEDED_COPY}.restore() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
        + " ".join(body)
        + " END $$"
    )


@pytest.fixture
async def database_url(template_database_url: str, tmp_path: Path) -> str:
    """A freshly seeded database for one test."""
    if not template_database_url.startswith("sqlite"):
        database = Database.open(template_database_url)
        try:
            async with database.engine.begin() as connection:
                await connection.exec_driver_sql(f"SELECT {SEEDED_COPY}.restore()")
        finally:
            await database.close()
        return template_database_url
    source = Path(template_database_url.removeprefix("sqlite+aiosqlite:///"))
    target = tmp_path / "cps.sqlite3"
    shutil.copyfile(source, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture(autouse=True)
def execution_paths(monkeypatch: pytest.MonkeyPatch) -> Iterator[ExecutionPaths]:
    """Every query a test sends is answered by planned and by plain execution; the test fails
    if the two answers differ (``tests.execution_paths``)."""
    paths = ExecutionPaths()
    monkeypatch.setattr(
        GraphQLEndpoint, "execute_operation", paths.wrap(GraphQLEndpoint.execute_operation)
    )
    yield paths
    assert not paths.differences, "\n\n".join(paths.differences)


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings of the service under test (``tests.serving.TEST_DEFAULTS``)."""
    return settings_for(database_url)


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
        if not SECOND_RUN.get():  # the comparison's second run of a query is not the app's
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

"""Preparing a database: migrate it, and seed it when it is empty."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from core import migrate
from core.clock import Clock
from core.db import Database
from core.hooks.manager import PluginManager, build_plugin_manager
from core.models import Department
from core.seed.loader import SeedReport, seed_database
from core.seed.schema import read_seed_file
from core.services.plugin_content import sync_plugin_content


class DatabaseUnavailable(Exception):
    """Raised when the database cannot be reached; the message is one readable line."""


def describe_url(database_url: str) -> str:
    """The database URL without its password, for messages."""
    return make_url(database_url).render_as_string(hide_password=True)


async def check_connection(database: Database, database_url: str) -> None:
    """Connect once; raise ``DatabaseUnavailable`` with the reason if that fails."""
    try:
        async with database.engine.connect() as connection:
            await connection.exec_driver_sql("SELECT 1")
    except (OSError, OperationalError, InterfaceError, DBAPIError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise DatabaseUnavailable(f"{describe_url(database_url)} : {reason}") from None


async def seed(
    database: Database, plugins: PluginManager | None = None, clock: Clock | None = None
) -> SeedReport:
    """Insert the seed's missing rows in one transaction, then synchronise the plugins' content.

    ``plugins`` defaults to a new manager of the installed plugins, none disabled; ``clock`` to
    the real one.
    """
    data = read_seed_file()
    async with database.sessions() as session, session.begin():
        report = await seed_database(session, data)
    synced = await sync_plugin_content(
        database,
        plugins if plugins is not None else build_plugin_manager(),
        today=(clock or Clock()).today(),
    )
    report.inserted.update(synced.inserted)
    report.updated.update(synced.updated + synced.withdrawn)
    report.plugin_failures.extend(synced.failures)
    return report


async def is_empty(database: Database) -> bool:
    """True when no department exists yet: a database never seeded."""
    async with database.sessions() as session:
        return not await session.scalar(select(func.count()).select_from(Department))


async def prepare(
    database: Database, database_url: str, plugins: PluginManager | None = None
) -> SeedReport | None:
    """Check the connection, migrate to the latest schema, and seed an empty database."""
    await check_connection(database, database_url)
    await migrate.upgrade(database)
    if await is_empty(database):
        return await seed(database, plugins)
    return None

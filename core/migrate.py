"""Alembic migrations, run from the code (``cps db upgrade``, ``cps serve``, the tests).

No ``alembic.ini`` is needed: the configuration is built here, and the migration environment
runs on the connection it is handed, so that it works inside a running event loop.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from core.db import Database

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """The Alembic configuration of the project's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(database: Database, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the latest by default)."""
    async with database.engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


def _is_current(connection: Connection) -> bool:
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    return set(MigrationContext.configure(connection).get_current_heads()) == heads


async def is_current(database: Database) -> bool:
    """True when the database is at the latest migration."""
    async with database.engine.connect() as connection:
        return await connection.run_sync(_is_current)

"""Alembic migrations, run from the code (``cps db upgrade``, ``cps serve``, the tests).

No ``alembic.ini`` is needed: the configuration is built here, and the migration environment
runs on the connection it is handed, so that it works inside a running event loop.

Alembic is imported when a migration runs or a revision is compared, not with this module:
every worker imports it (the readiness check), and Alembic and Mako cost a third of a second of
a worker's start.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from core.db import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """The Alembic configuration of the project's migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(database: Database, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the latest by default)."""
    async with database.engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


def _is_current(connection: Connection) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    return set(MigrationContext.configure(connection).get_current_heads()) == heads


async def is_current(database: Database) -> bool:
    """True when the database is at the latest migration."""
    async with database.engine.connect() as connection:
        return await connection.run_sync(_is_current)

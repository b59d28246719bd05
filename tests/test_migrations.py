"""The Alembic migrations build, from nothing, exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from core import migrate
from core.db import Base, Database
from tests.conftest import TEST_DATABASE_URL, _normalised

SCRATCH_SCHEMA = "cps_migration_check"


async def _empty_database(tmp_path: Path) -> Database:
    if not TEST_DATABASE_URL:
        engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'empty.sqlite3'}")
        return Database(engine, async_sessionmaker(engine))
    url = _normalised(TEST_DATABASE_URL)
    setup = create_async_engine(url)
    async with setup.begin() as connection:
        await connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCRATCH_SCHEMA} CASCADE")
        await connection.exec_driver_sql(f"CREATE SCHEMA {SCRATCH_SCHEMA}")
    await setup.dispose()
    engine = create_async_engine(
        url, connect_args={"server_settings": {"search_path": SCRATCH_SCHEMA}}
    )
    return Database(engine, async_sessionmaker(engine))


async def test_migrating_an_empty_database_gives_the_models_schema(tmp_path):
    database = await _empty_database(tmp_path)
    try:
        assert not await migrate.is_current(database)
        await migrate.upgrade(database)
        assert await migrate.is_current(database)

        def differences(connection):
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)

        async with database.engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        if TEST_DATABASE_URL:
            async with database.engine.begin() as connection:
                await connection.exec_driver_sql(f"DROP SCHEMA {SCRATCH_SCHEMA} CASCADE")
        await database.close()

"""Regenerate ``core/migrations/versions/0001_initial_schema.py`` from the models.

Only while the project has never been released: once a database exists in production, every
change of the models gets a new Alembic revision instead.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from alembic import command

from core.db import Database
from core.migrate import MIGRATIONS_DIR, alembic_config

INITIAL = MIGRATIONS_DIR / "versions" / "0001_initial_schema.py"


async def main() -> None:
    INITIAL.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        database = Database.open(f"sqlite+aiosqlite:///{Path(folder) / 'empty.sqlite3'}")

        def generate(connection) -> None:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.revision(config, message="initial schema", autogenerate=True, rev_id="0001")

        async with database.engine.begin() as connection:
            await connection.run_sync(generate)
        await database.close()
    text = INITIAL.read_text()
    text = "\n".join(line for line in text.splitlines() if "please adjust" not in line and "end Alembic" not in line)
    INITIAL.write_text(text + "\n")


if __name__ == "__main__":
    asyncio.run(main())

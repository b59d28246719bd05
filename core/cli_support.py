"""What every ``cps`` command shares: its one-line errors, the settings, the database.

The sub-commands (``core.cli_outbox``, ``core.cli_people``, ``core.cli_tokens``) and
``core.cli`` import these from here, so that no module of the command line imports another
that imports it back. Like ``core.cli``, it imports the service's modules only inside the
functions that need them: ``cps --help`` loads none of them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from core.commands.results import CommandResult
    from core.db import Database
    from core.settings import Settings

T = TypeVar("T")


def fail(code: str, message: str) -> typer.Exit:
    """Print one readable French line on stderr and give the exit to raise."""
    typer.echo(f"cps: erreur [{code}] : {message}", err=True)
    return typer.Exit(code=2)


def load_settings() -> Settings:
    """The settings, or a one-line error when a variable is malformed."""
    from core.settings import Settings, SettingsError

    try:
        return Settings.from_env()
    except SettingsError as error:
        raise fail("INVALID_SETTING", f"réglage invalide, {error}") from None



def _missing_sqlite_file(database_url: str) -> Path | None:
    """The SQLite file ``database_url`` names, if it does not exist (opening would create it)."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if not url.drivername.startswith("sqlite") or url.database in (None, "", ":memory:"):
        return None
    path = Path(url.database)
    return None if path.exists() else path


def with_database(
    settings: Settings, work: Callable[[Database], Awaitable[T]], *, migrates: bool = False
) -> T:
    """Open the database, run ``work`` on it, close it; a failure is one readable line.

    Unless ``work`` migrates the database itself (``migrates``: ``serve``, ``db upgrade``,
    ``seed``), a database that does not exist or is not at the latest schema is refused before
    anything is written: a command run in the wrong folder never creates an empty file there.
    """
    import asyncio

    from core import bootstrap, migrate
    from core.db import Database
    from core.seed.schema import SeedError

    missing = None if migrates else _missing_sqlite_file(settings.database_url)
    if missing is not None:
        raise fail(
            "DATABASE_MISSING",
            f"aucune base de données à {missing.resolve()} : lancez la commande dans le dossier "
            "du service, réglez CPS_DATABASE_URL, ou créez-la avec « cps db upgrade ».",
        )

    async def run() -> T:
        database = Database.open(settings.database_url)
        try:
            await bootstrap.check_connection(database, settings.database_url)
            if not migrates and not await migrate.is_current(database):
                raise _NotMigrated(bootstrap.describe_url(settings.database_url))
            return await work(database)
        finally:
            await database.close()

    try:
        return asyncio.run(run())
    except bootstrap.DatabaseUnavailable as error:
        raise fail("DATABASE_UNREACHABLE", f"base de données injoignable, {error}") from None
    except _NotMigrated as error:
        raise fail(
            "DATABASE_NOT_MIGRATED",
            f"la base de données {error} n'est pas au dernier schéma : lancez « cps db upgrade ».",
        ) from None
    except SeedError as error:
        raise fail("INVALID_SEED", str(error)) from None


class _NotMigrated(Exception):
    """The database exists but is not at the latest migration."""


def written(result: CommandResult[T]) -> T:
    """The value a command wrote, or its first refusal as the command line's one-line error."""
    if not result.ok:
        first = result.errors[0]
        raise fail(first.code, first.message)
    return result.written

"""The ``cps`` command: serve the API, migrate and seed the database, export the schema.

Only the standard library and Typer are imported up front: each command imports what it needs
when it runs, so that ``cps --help`` (and a command's own ``--help``) answers at once instead
of loading SQLAlchemy, Strawberry and the models first (``tests/test_cli_startup.py``).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from core.cli_exports import export_app
from core.cli_outbox import outbox_app
from core.cli_people import person_app
from core.cli_staff import staff_app
from core.cli_support import fail, load_settings, with_database
from core.cli_tokens import token_app

if TYPE_CHECKING:
    from core import bootstrap
    from core.db import Database
    from core.hooks.manager import PluginManager
    from core.settings import Settings

app = typer.Typer(
    help="Pôle CPS service: GraphQL API and calendars of the CPS training in Pays de la Loire.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
schema_app = typer.Typer(help="Work with the GraphQL schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(schema_app, name="schema")


@contextmanager
def plugin_log_quiet(settings: Settings) -> Iterator[None]:
    """While a command reports the plugins' problems itself, one line each, their log records
    are not printed too; ``CPS_DEBUG`` prints them, with their traceback."""
    hooks_log = logging.getLogger("core.hooks")
    level = hooks_log.level
    hooks_log.setLevel(logging.DEBUG if settings.debug else logging.CRITICAL)
    try:
        yield
    finally:
        hooks_log.setLevel(level)


def load_plugins(settings: Settings) -> PluginManager:
    """The plugins the settings enable, or a one-line error when two of them conflict."""
    from core.hooks.manager import PluginConflictError, build_plugin_manager

    try:
        return build_plugin_manager(
            disabled=settings.disabled_plugins,
            accepted_disabled=settings.accept_disabled_plugins,
        )
    except PluginConflictError as error:
        raise fail("PLUGIN_CONFLICT", str(error)) from None


def plugin_problems(plugins: PluginManager) -> list[str]:
    """One French line per problem: each mistake of a plugin that failed to load, a plugin
    disabled without being accepted, a plugin whose content could not be synchronised."""
    from core.hooks.manager import PluginStatus

    lines = []
    for described in plugins.not_ready():
        if described.status is PluginStatus.FAILED:
            lines += [
                f"cps: extension « {described.name} » en échec : {line}"
                for line in (described.error or "").splitlines()
            ]
        else:
            lines.append(
                f"cps: extension « {described.name} » désactivée : les écritures qui la "
                "concernent sont refusées (CPS_ACCEPT_DISABLED_PLUGINS pour l'accepter)."
            )
    for failure in plugins.startup_failures:
        if failure.hook != "load":
            lines += [
                f"cps: extension « {failure.plugin} » en échec ({failure.hook}) : {line}"
                for line in (failure.detail or failure.message).splitlines()
            ]
    return lines


def check_plugin_content(plugins: PluginManager) -> None:
    """Add to ``plugins.startup_failures`` what the plugins' content breaks, without a database:
    rules of the events, leaders and referents unknown to the seed's directory."""
    from core.clock import Clock
    from core.seed.schema import read_seed_file
    from core.services import plugin_content

    people = [person.key for person in read_seed_file().people]
    plugins.startup_failures.extend(
        plugin_content.check_without_database(plugins, today=Clock().today(), people=people)
    )


def report_plugin_problems(plugins: PluginManager, *, strict: bool) -> None:
    """Print ``plugin_problems`` on stderr; with ``strict``, exit with status 1 if there is one
    (``cps plugins --check`` and ``cps seed``, CI steps)."""
    problems = plugin_problems(plugins)
    for line in problems:
        typer.echo(line, err=True)
    if strict and problems:
        raise typer.Exit(code=1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    reload: Annotated[bool, typer.Option(help="Restart when the code changes (development).")] = False,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes (production, on PostgreSQL).")
    ] = 1,
) -> None:
    """Migrate the database, seed it if it is empty, then serve the API.

    Links (feeds, the API's URLs) use ``CPS_BASE_URL`` when it is set (behind a proxy), else the
    host and port served; the workers, started after, read it from the environment.
    """
    from core import bootstrap, server

    settings = load_settings()
    if "base_url" not in settings.model_fields_set:
        os.environ["CPS_BASE_URL"] = server.served_base_url(host, port)
        settings = load_settings()
    if workers > 1 and settings.is_sqlite:
        typer.echo(
            "cps: attention : plusieurs workers sur SQLite se gênent en écriture ; "
            "préférez PostgreSQL en production.",
            err=True,
        )
    plugins = load_plugins(settings)
    report = with_database(
        settings, lambda db: bootstrap.prepare(db, settings.database_url, plugins), migrates=True
    )
    report_plugin_problems(plugins, strict=False)
    if report is not None:
        typer.echo(f"Base de données initialisée : {_describe_report(report)}.")
    typer.echo(f"GraphQL : http://{host}:{port}/graphql")
    typer.echo(f"Adresse des liens (CPS_BASE_URL) : {settings.base_url}")
    server.run_server(settings, host=host, port=port, workers=workers, reload=reload)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the latest schema (SQLite or PostgreSQL)."""
    from core import bootstrap, migrate

    settings = load_settings()
    with_database(settings, migrate.upgrade, migrates=True)
    typer.echo(f"Schéma à jour : {bootstrap.describe_url(settings.database_url)}")


@app.command()
def seed() -> None:
    """Load the 2025 data of the Pôle CPS brochure; idempotent, never overwrites an edit.

    Exits with status 1 when a plugin failed to load or its content could not be written."""
    from core import bootstrap, migrate

    settings = load_settings()
    with plugin_log_quiet(settings):
        plugins = load_plugins(settings)

        async def work(database: Database) -> bootstrap.SeedReport:
            await migrate.upgrade(database)
            return await bootstrap.seed(database, plugins)

        report = with_database(settings, work, migrates=True)
    if report.changed:
        if sum(report.inserted.values()):
            typer.echo(f"Données ajoutées : {_describe_report(report)}.")
        if sum(report.updated.values()):
            updated = ", ".join(
                f"{table} {count}" for table, count in sorted(report.updated.items())
            )
            typer.echo(f"Données des extensions mises à jour : {updated}.")
    else:
        typer.echo("Rien à ajouter : les données de référence sont déjà présentes.")
    report_plugin_problems(plugins, strict=True)


@app.command("plugins")
def list_plugins(
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit with status 1, one line per problem, when a plugin fails (a CI step).",
        ),
    ] = False,
) -> None:
    """List the plugins: name, version, department, hooks, rules (code and description)."""
    from core.hooks.listing import format_plugins

    settings = load_settings()
    with plugin_log_quiet(settings):
        plugins = load_plugins(settings)
        if check:
            check_plugin_content(plugins)
    typer.echo(format_plugins(plugins.describe()))
    report_plugin_problems(plugins, strict=check)


@schema_app.command("export")
def schema_export(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write ('-' for standard output).")
    ] = Path("schema.graphql"),
) -> None:
    """Write the GraphQL schema in SDL (schema.graphql)."""
    from core.graphql.schema import build_schema, schema_sdl

    sdl = schema_sdl(build_schema())
    if str(output) == "-":
        sys.stdout.write(sdl)
    else:
        output.write_text(sdl, encoding="utf-8")
        typer.echo(f"Schéma écrit dans {output}")


def _describe_report(report: bootstrap.SeedReport) -> str:
    return ", ".join(f"{table} {count}" for table, count in sorted(report.inserted.items()) if count)


app.add_typer(token_app, name="token")
app.add_typer(person_app, name="person")
app.add_typer(outbox_app, name="outbox")
app.add_typer(export_app, name="export")
app.add_typer(staff_app, name="staff")


def main() -> None:
    """Entry point of the ``cps`` command."""
    app()

"""``cps person``: export or erase a person's data on request (regional staff's duty)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from core import cli_support

if TYPE_CHECKING:
    from core.auth.viewer import Viewer
    from core.db import Database

person_app = typer.Typer(help="A person's data on request: export, erase.", no_args_is_help=True)


def command_line_viewer() -> Viewer:
    """Who the audit trail says wrote, for writes made from the command line."""
    from core.auth.viewer import Viewer
    from core.models.enums import StaffRole

    return Viewer(role=StaffRole.REGIONAL, token_name="ligne de commande")


@person_app.command("export")
def export(email: Annotated[str, typer.Argument(help="The person's email address.")]) -> None:
    """Print, as JSON, everything held about the person with this email address."""
    from core.commands import personal_data

    settings = cli_support.load_settings()

    async def work(database: Database) -> dict:
        from core.commands.context import CommandContext

        context = CommandContext(database, settings, viewer=command_line_viewer())
        return cli_support.written(await personal_data.export_personal_data(context, email))

    typer.echo(json.dumps(cli_support.with_database(settings, work), ensure_ascii=False, indent=2))


@person_app.command("erase")
def erase(
    email: Annotated[str, typer.Argument(help="The person's email address.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase the person's data; seats, counts and the audit trail stay, without it."""
    if not yes:
        typer.confirm(f"Effacer les données personnelles de {email} ?", abort=True)
    from core.commands import personal_data

    settings = cli_support.load_settings()

    async def work(database: Database) -> int:
        from core.commands.context import CommandContext

        context = CommandContext(database, settings, viewer=command_line_viewer())
        return cli_support.written(await personal_data.erase_personal_data(context, email))

    count = cli_support.with_database(settings, work)
    typer.echo(f"Données effacées : {count} inscription(s).")

"""``cps person``: export or erase a person's data on request (regional staff's duty)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from core import cli
from core.auth.viewer import Viewer
from core.commands import personal_data
from core.commands.context import CommandContext
from core.db import Database
from core.models.enums import StaffRole

person_app = typer.Typer(help="A person's data on request: export, erase.", no_args_is_help=True)

# The audit trail names writes made from the command line this way.
COMMAND_LINE = Viewer(role=StaffRole.REGIONAL, token_name="ligne de commande")


@person_app.command("export")
def export(email: Annotated[str, typer.Argument(help="The person's email address.")]) -> None:
    """Print, as JSON, everything held about the person with this email address."""
    settings = cli.load_settings()

    async def work(database: Database) -> dict:
        context = CommandContext(database, settings, viewer=COMMAND_LINE)
        return (await personal_data.export_personal_data(context, email)).value

    typer.echo(json.dumps(cli.with_database(settings, work), ensure_ascii=False, indent=2))


@person_app.command("erase")
def erase(
    email: Annotated[str, typer.Argument(help="The person's email address.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase the person's data; seats, counts and the audit trail stay, without it."""
    if not yes:
        typer.confirm(f"Effacer les données personnelles de {email} ?", abort=True)
    settings = cli.load_settings()

    async def work(database: Database) -> int:
        context = CommandContext(database, settings, viewer=COMMAND_LINE)
        return (await personal_data.erase_personal_data(context, email)).value

    count = cli.with_database(settings, work)
    typer.echo(f"Données effacées : {count} inscription(s).")

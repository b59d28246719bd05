"""``cps staff``: the back-office's accounts: add one, print a sign-in link, list, disable."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from core import cli_support
from core.cli_people import command_line_viewer

if TYPE_CHECKING:
    from core.db import Database
    from core.models.enums import StaffRole
    from core.settings import Settings

T = TypeVar("T")

staff_app = typer.Typer(
    help="Manage the back-office's staff accounts (sign-in by e-mailed link).",
    no_args_is_help=True,
)


def _run(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """``with_database``, a refusal of the services printed as one French line."""
    from core.services.errors import InputError

    try:
        return cli_support.with_database(settings, work)
    except InputError as error:
        raise cli_support.fail(error.code, error.message) from None


class StaffRoleOption(StrEnum):
    """The roles of a staff account as the command line spells them."""

    regional = "regional"
    department = "department"


@staff_app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="The staff member's e-mail address.")],
    role: Annotated[StaffRoleOption, typer.Option(help="regional or department.")],
    department: Annotated[
        list[str] | None,
        typer.Option("--department", help="A department of a department account (repeatable)."),
    ] = None,
) -> None:
    """Create a staff account; its holder then signs in at /gestion with an e-mailed link."""
    from core.models.enums import StaffRole
    from core.services import staff_accounts

    settings = cli_support.load_settings()

    async def work(database: Database):
        async with database.sessions() as db:
            row = await staff_accounts.add_account(
                db,
                command_line_viewer(),
                email=email,
                role=StaffRole(role.value.upper()),
                department_codes=department or (),
            )
            await db.commit()
            return row

    row = _run(settings, work)
    typer.echo(f"Compte créé : {row.email} ({_scope(row.role, row.department_codes)}).")
    typer.echo(f"Connexion : {settings.base_url}/gestion/connexion")


@staff_app.command("link")
def link(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
) -> None:
    """Print a single-use sign-in link for an account (for a server that sends no e-mail)."""
    from core.clock import Clock
    from core.services import staff_accounts, staff_sign_in
    from core.services.errors import InputError

    settings = cli_support.load_settings()

    async def work(database: Database) -> str:
        async with database.sessions() as db:
            row = await staff_accounts.find_by_email(db, email)
            if row is None or row.disabled_at is not None:
                raise InputError(
                    "ACCOUNT_NOT_FOUND", f"Aucun compte du personnel actif pour {email.strip()}."
                )
            path = await staff_sign_in.issue_link(
                db,
                row,
                now=Clock().now(),
                valid_for=timedelta(minutes=settings.staff_link_minutes),
            )
            await db.commit()
            return path

    path = _run(settings, work)
    typer.echo(
        f"Lien de connexion, valable {settings.staff_link_minutes} minutes et une seule fois :"
    )
    typer.echo(settings.base_url + path)


@staff_app.command("list")
def list_accounts() -> None:
    """List the accounts: address, role and departments, state, last sign-in."""
    from core.services import staff_accounts

    settings = cli_support.load_settings()

    async def work(database: Database) -> list:
        async with database.sessions() as db:
            return await staff_accounts.list_accounts(db)

    rows = cli_support.with_database(settings, work)
    if not rows:
        typer.echo("Aucun compte du personnel.")
        return
    for row in rows:
        state = "désactivé" if row.disabled_at else "actif"
        last = (
            row.last_signed_in_at.isoformat(timespec="minutes")
            if row.last_signed_in_at
            else "jamais"
        )
        typer.echo(
            f"{row.email}  {_scope(row.role, row.department_codes)}  {state}  "
            f"dernière connexion {last}"
        )


@staff_app.command("disable")
def disable(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
) -> None:
    """Disable an account and sign it out everywhere at once."""
    from core.clock import Clock
    from core.services import staff_accounts

    settings = cli_support.load_settings()

    async def work(database: Database):
        async with database.sessions() as db:
            row = await staff_accounts.disable_account(
                db, command_line_viewer(), email, now=Clock().now()
            )
            await db.commit()
            return row

    row = _run(settings, work)
    typer.echo(f"Compte désactivé : {row.email}.")


def _scope(role: StaffRole, codes: list[str] | None) -> str:
    if role.value == "REGIONAL":
        return "régional"
    return "département " + ",".join(codes or [])

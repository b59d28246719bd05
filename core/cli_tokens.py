"""``cps token``: create, list and revoke the API tokens of staff and partners."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Annotated

import typer

from core import cli
from core.cli_people import COMMAND_LINE
from core.db import Database
from core.commands import tokens
from core.commands.context import CommandContext
from core.models.enums import StaffRole
from core.services import api_tokens
from core.services.errors import InputError

token_app = typer.Typer(help="Manage the API tokens (staff and partners).", no_args_is_help=True)


class RoleOption(StrEnum):
    """The roles as the command line spells them."""

    regional = "regional"
    department = "department"
    partner = "partner"


def _expiry(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise cli.fail(
            "INVALID_EXPIRY", f"date d'expiration illisible : {value!r} (AAAA-MM-JJ attendu)"
        ) from None
    if len(value) == 10:
        parsed = datetime.combine(date.fromisoformat(value), time.max)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@token_app.command("create")
def create(
    role: Annotated[RoleOption, typer.Option(help="regional, department or partner.")],
    name: Annotated[str, typer.Option(help="Who holds the token (shown in the audit log).")],
    department: Annotated[
        list[str] | None,
        typer.Option("--department", help="A department of a department token (repeatable)."),
    ] = None,
    expires: Annotated[
        str | None, typer.Option(help="Expiry date (YYYY-MM-DD, or an ISO 8601 instant).")
    ] = None,
) -> None:
    """Create a token and print it once: only its hash is stored."""
    settings = cli.load_settings()
    expires_at = _expiry(expires)

    async def work(database: Database) -> api_tokens.CreatedToken:
        result = await tokens.create_token(
            CommandContext(database, settings, viewer=COMMAND_LINE),
            StaffRole(role.value.upper()),
            name,
            department or (),
            expires_at,
        )
        return result.value

    try:
        created = cli.with_database(settings, work)
    except InputError as error:
        raise cli.fail(error.code, error.message) from None
    typer.echo(f"Jeton créé : {created.row.public_id} ({created.row.name}).")
    typer.echo("Copiez-le maintenant, il ne sera plus jamais affiché :")
    typer.echo(created.secret)


@token_app.command("list")
def list_tokens() -> None:
    """List the tokens: ID, role, departments, state, last use (never the secret)."""
    settings = cli.load_settings()

    async def work(database: Database) -> list:
        async with database.sessions() as db:
            return await api_tokens.list_tokens(db)

    rows = cli.with_database(settings, work)
    if not rows:
        typer.echo("Aucun jeton.")
        return
    now = datetime.now(UTC)
    for row in rows:
        state = (
            "révoqué"
            if row.revoked_at
            else "expiré"
            if row.expires_at and row.expires_at <= now
            else "actif"
        )
        departments = ",".join(row.department_codes or []) or "-"
        last_use = row.last_used_at.isoformat(timespec="minutes") if row.last_used_at else "jamais"
        expiry = row.expires_at.date().isoformat() if row.expires_at else "-"
        typer.echo(
            f"{row.public_id}  {row.role.value.lower():<10}  {departments:<8}  {state:<7}  "
            f"expire {expiry}  dernier usage {last_use}  {row.name}"
        )


@token_app.command("revoke")
def revoke(
    token_id: Annotated[str, typer.Argument(help="The token's ID, as `cps token list` shows.")],
) -> None:
    """Revoke a token at once, and the private calendar feeds it made (listed)."""
    settings = cli.load_settings()

    async def work(database: Database) -> list:
        result = await tokens.revoke_token(
            CommandContext(database, settings, viewer=COMMAND_LINE), token_id
        )
        return result.value.feeds

    try:
        died = cli.with_database(settings, work)
    except InputError as error:
        raise cli.fail(error.code, error.message) from None
    typer.echo(f"Jeton révoqué : {token_id}.")
    if not died:
        typer.echo("Aucun flux privé n'en dépendait.")
        return
    typer.echo(f"Flux privés révoqués avec lui ({len(died)}) :")
    for row in died:
        calendar = f"département {row.feed_key}" if row.feed_key else "région"
        typer.echo(f"  {row.public_id}  {calendar:<16}  {row.label}")

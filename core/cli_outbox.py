"""``cps outbox``: deliver the due messages once, or see how the outbox stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from core import cli_support

if TYPE_CHECKING:
    from core.db import Database
    from core.outbox.dispatcher import PassReport
    from core.services import outbox

outbox_app = typer.Typer(help="The messages waiting to be sent: e-mails, webhooks.", no_args_is_help=True)


@outbox_app.command("deliver")
def deliver() -> None:
    """Deliver every due message once, as the service's dispatcher does at each pass (for a
    cron job, or to send what is waiting while the service is stopped)."""
    from core.outbox.running import build_dispatcher

    settings = cli_support.load_settings()

    async def work(database: Database) -> PassReport:
        return await build_dispatcher(database, settings).deliver_due()

    report = cli_support.with_database(settings, work)
    typer.echo(
        f"Messages remis : {report.delivered} ; à réessayer : {report.retried} ; "
        f"abandonnés : {report.failed}."
    )


@outbox_app.command("status")
def status() -> None:
    """Print the messages waiting, the age of the oldest and the failures."""
    from core.services import outbox

    settings = cli_support.load_settings()

    async def work(database: Database) -> outbox.OutboxStats:
        async with database.sessions() as db:
            return await outbox.stats(db)

    stats = cli_support.with_database(settings, work)
    typer.echo(
        f"En attente : {stats.waiting} (le plus ancien depuis "
        f"{stats.oldest_waiting_seconds:.0f} s) ; en échec : {stats.failed}."
    )

"""The dispatcher of a running service: built from the settings, run in the app's lifespan."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from functools import partial

from starlette.applications import Starlette

from core.clock import Clock
from core.db import Database
from core.mail.sender import EmailSender
from core.models import OutboxChannel
from core.outbox.dispatcher import Dispatcher, OutboxMetrics
from core.services import reminders, staff_notices
from core.services.address_confirmation import expire_unconfirmed
from core.settings import Settings
from core.webhooks.sender import WebhookSender


def build_dispatcher(
    database: Database,
    settings: Settings,
    metrics: OutboxMetrics | None = None,
    clock: Clock | None = None,
) -> Dispatcher:
    """The dispatcher of ``database`` with the channels the settings configure; ``clock``
    (the real one unless given) says which reminders are due."""
    clock = clock if clock is not None else Clock()
    return Dispatcher(
        database,
        {
            OutboxChannel.EMAIL: EmailSender(settings, database),
            OutboxChannel.WEBHOOK: WebhookSender(settings, database),
        },
        retry_seconds=settings.outbox_retry_seconds,
        max_attempts=settings.outbox_max_attempts,
        retention_days=settings.outbox_retention_days,
        metrics=metrics,
        chores=[
            partial(expire_unconfirmed, valid_for=timedelta(hours=settings.confirmation_hours)),
            partial(reminders.write_due, clock=clock, days=settings.reminder_days),
            partial(
                staff_notices.write_due,
                clock=clock,
                extra=settings.staff_notify_emails,
                digest=settings.staff_digest,
            ),
        ],
    )


@contextlib.asynccontextmanager
async def running_dispatcher(app: Starlette, settings: Settings) -> AsyncIterator[Dispatcher]:
    """Run the dispatcher in the background while the app runs (``app.state.outbox``), unless
    the settings say another process delivers (``outbox_dispatcher``).

    Needs ``app.state.database`` and ``app.state.metrics``. Every worker runs one: on
    PostgreSQL they share the work through row locks.
    """
    dispatcher = build_dispatcher(
        app.state.database, settings, app.state.metrics, app.state.clock
    )
    app.state.outbox = dispatcher
    if not settings.outbox_dispatcher:
        yield dispatcher
        return
    task = asyncio.create_task(dispatcher.run(settings.outbox_poll_seconds), name="cps-outbox")
    try:
        yield dispatcher
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

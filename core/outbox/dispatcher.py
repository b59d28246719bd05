"""The dispatcher: delivers the outbox's due messages, retries with backoff, gives up at last.

One pass (``deliver_due``) does the periodic chores it was given (which may write messages),
then takes the due messages one at a time until none is left:

- on PostgreSQL each is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` in its own
  transaction, delivered, marked and committed while the row stays locked: several workers
  (and ``cps outbox deliver``) share the work and never deliver one message twice; a process
  killed before the commit leaves the row PENDING and unlocked, so it is delivered again, with
  the same ``Message-ID``/``webhook-id`` for the receiver to recognise;
- on SQLite (one process) the row is read, delivered, then marked in a short write under the
  process's write lock (``seat_transaction``): a transaction held open across an SMTP exchange
  would block every other write of the file.

A failed attempt sets the next one ``retry_seconds × 2^(attempts-1)`` later (at most
``MAX_DELAY``); after ``max_attempts`` the message is FAILED. Each pass also refreshes the
outbox metrics and drops the bodies of messages delivered before the retention period.
Delivery times are the wall clock (``utcnow``), not the app's clock: a test that sets the
day for the rules must not stop the retries.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database, utcnow
from core.models import OutboxChannel, OutboxMessage, OutboxStatus
from core.outbox import DeliveryError, PermanentDeliveryError
from core.services import outbox
from core.services.seat_lock import seat_transaction

logger = logging.getLogger("cps.outbox")

MAX_DELAY = timedelta(hours=6)


class Channel(Protocol):
    """Delivers one message of its channel."""

    async def send(self, message: OutboxMessage) -> OutboxStatus:
        """Deliver ``message``; return SENT or KEPT, or raise ``DeliveryError``."""


# Periodic work done at each pass, in one transaction committed after it: expiring
# unconfirmed registrations, writing the reminders that are due.
Chore = Callable[[AsyncSession], Awaitable[object]]


class OutboxMetrics(Protocol):
    """What the dispatcher reports to (``core.observability.metrics.Metrics``)."""

    def observe_outbox(self, stats: outbox.OutboxStats) -> None: ...

    def count_outbox_attempt(self, channel: str, outcome: str) -> None: ...


@dataclass
class PassReport:
    """What one pass did: messages delivered (sent or kept), retried later, given up."""

    delivered: int = 0
    retried: int = 0
    failed: int = 0


def backoff(attempts: int, retry_seconds: float) -> timedelta:
    """The delay before the next attempt after ``attempts`` failed ones."""
    delay = timedelta(seconds=retry_seconds * 2 ** max(attempts - 1, 0))
    return min(delay, MAX_DELAY)


class Dispatcher:
    """Delivers the outbox of ``database`` through ``channels``."""

    def __init__(
        self,
        database: Database,
        channels: Mapping[OutboxChannel, Channel],
        *,
        retry_seconds: float,
        max_attempts: int,
        retention_days: int,
        metrics: OutboxMetrics | None = None,
        chores: Sequence[Chore] = (),
    ) -> None:
        self.database = database
        self.channels = channels
        self.retry_seconds = retry_seconds
        self.max_attempts = max_attempts
        self.retention_days = retention_days
        self.metrics = metrics
        self.chores = tuple(chores)
        self._postgres = database.sync_engine.dialect.name == "postgresql"

    async def deliver_due(self) -> PassReport:
        """One pass: the chores (retention, expiries), every due message, the metrics."""
        report = PassReport()
        async with seat_transaction(self.database) as db:
            await outbox.drop_old_bodies(db, self.retention_days)
            for chore in self.chores:
                await chore(db)
            await db.commit()
        while await self._deliver_next(report):
            pass
        async with self.database.sessions() as db:
            if self.metrics is not None:
                self.metrics.observe_outbox(await outbox.stats(db))
        return report

    async def run(self, interval: float) -> None:
        """Pass after pass, ``interval`` seconds apart, until cancelled; a failing pass (the
        database away) is logged and the next one tries again."""
        while True:
            try:
                await self.deliver_due()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                logger.warning("outbox pass failed: %s", type(error).__name__, exc_info=error)
            await asyncio.sleep(interval)

    def _due(self):
        return (
            select(OutboxMessage)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.next_attempt_at <= utcnow(),
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
        )

    async def _deliver_next(self, report: PassReport) -> bool:
        if self._postgres:
            async with self.database.sessions() as db, db.begin():
                message = await db.scalar(self._due().with_for_update(skip_locked=True))
                if message is None:
                    return False
                self._mark(message, await self._send(message), report)
            return True
        async with self.database.sessions() as db:
            message = await db.scalar(self._due())
            if message is None:
                return False
        outcome = await self._send(message)
        async with seat_transaction(self.database) as db:
            stored = await db.get(OutboxMessage, message.id)
            if stored is not None and stored.status == OutboxStatus.PENDING:
                self._mark(stored, outcome, report)
            await db.commit()
        return True

    async def _send(self, message: OutboxMessage) -> OutboxStatus | DeliveryError:
        channel = self.channels.get(message.channel)
        if channel is None:
            return PermanentDeliveryError(f"no channel {message.channel.value}")
        try:
            return await channel.send(message)
        except DeliveryError as error:
            return error

    def _mark(
        self, message: OutboxMessage, outcome: OutboxStatus | DeliveryError, report: PassReport
    ) -> None:
        now = utcnow()
        message.attempts += 1
        if isinstance(outcome, OutboxStatus):
            message.status = outcome
            message.sent_at = now
            message.last_error = None
            report.delivered += 1
            self._count(message, outcome.value.lower())
            return
        message.last_error = str(outcome)[:500]
        if isinstance(outcome, PermanentDeliveryError) or message.attempts >= self.max_attempts:
            message.status = OutboxStatus.FAILED
            report.failed += 1
            self._count(message, "failed")
            logger.warning(
                "outbox message %s (%s) failed for good after %d attempt(s): %s",
                message.public_id, message.topic, message.attempts, message.last_error,
            )
            return
        message.next_attempt_at = now + backoff(message.attempts, self.retry_seconds)
        report.retried += 1
        self._count(message, "retried")
        logger.info(
            "outbox message %s (%s) attempt %d failed, next at %s: %s",
            message.public_id, message.topic, message.attempts,
            message.next_attempt_at.isoformat(), message.last_error,
        )

    def _count(self, message: OutboxMessage, outcome: str) -> None:
        if self.metrics is not None:
            self.metrics.count_outbox_attempt(message.channel.value.lower(), outcome)

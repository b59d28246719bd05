"""Writing messages into the outbox, and what the outbox holds: counts, erasure, retention.

Services call ``enqueue_email`` with the session of the change that causes the message, before
they commit: the message exists if and only if the change does. The dispatcher
(``core.outbox.dispatcher``) delivers it afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.models import OutboxChannel, OutboxMessage, OutboxStatus

# What the dispatcher still has to do something with.
WAITING = (OutboxStatus.PENDING,)
# Delivered one way or the other: the body may be dropped after the retention period.
DONE = (OutboxStatus.SENT, OutboxStatus.KEPT, OutboxStatus.FAILED)


@dataclass(frozen=True)
class OutboxStats:
    """How the outbox stands: messages waiting, the age of the oldest (seconds), failures."""

    waiting: int
    oldest_waiting_seconds: float
    failed: int


def _normalised(email: str) -> str:
    return email.strip().lower()


async def enqueue_email(
    db: AsyncSession,
    topic: str,
    recipient: str,
    context: Mapping[str, Any],
    *,
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Write an e-mail to ``recipient`` into the outbox, in ``db``'s transaction.

    ``topic`` names its templates (``core/mail/templates/<topic>.txt`` and ``.html``);
    ``context`` is the plain, JSON-serialisable data they read, taken now, so the message says
    what was true when the change was made. Returns the row (flushed: it has its public ID,
    the future ``Message-ID``). ``dedupe_key`` names a message to be written once only
    (``written`` tells whether it was).
    """
    message = OutboxMessage(
        channel=OutboxChannel.EMAIL,
        topic=topic,
        recipient=_normalised(recipient),
        context=dict(context),
        status=OutboxStatus.PENDING,
        next_attempt_at=utcnow(),
        dedupe_key=dedupe_key,
    )
    db.add(message)
    await db.flush()
    return message


async def stats(db: AsyncSession, now: datetime | None = None) -> OutboxStats:
    """Messages waiting, the age of the oldest one in seconds (0 when none) and the failures."""
    now = now or utcnow()
    waiting, oldest = (
        await db.execute(
            select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at)).where(
                OutboxMessage.status.in_(WAITING)
            )
        )
    ).one()
    failed = await db.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.status == OutboxStatus.FAILED)
    )
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=now.tzinfo)
    age = max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
    return OutboxStats(waiting=waiting, oldest_waiting_seconds=age, failed=failed or 0)


async def erase_for_address(db: AsyncSession, email: str) -> int:
    """Delete every message to ``email`` not yet delivered, and drop the bodies of those that
    were (a person's erasure). Returns how many unsent messages were deleted."""
    address = _normalised(email)
    unsent = list(
        await db.scalars(
            select(OutboxMessage).where(
                OutboxMessage.recipient == address, OutboxMessage.status.in_(WAITING)
            )
        )
    )
    for message in unsent:
        await db.delete(message)
    await db.execute(
        update(OutboxMessage)
        .where(OutboxMessage.recipient == address)
        .values(context={}, recipient=None, body_dropped_at=utcnow())
    )
    await db.flush()
    return len(unsent)


async def drop_old_bodies(db: AsyncSession, retention_days: int, now: datetime | None = None) -> int:
    """Empty the body of every message delivered (or given up) more than ``retention_days``
    ago, and forget an e-mail's address; its state, dates and identity stay. Returns how
    many were emptied."""
    now = now or utcnow()
    emptied = 0
    for channel, values in (
        (OutboxChannel.EMAIL, {"context": {}, "recipient": None, "body_dropped_at": now}),
        (OutboxChannel.WEBHOOK, {"context": {}, "body_dropped_at": now}),
    ):
        # An UPDATE's result is a cursor result, which counts the rows it changed.
        result = cast(CursorResult[Any], await db.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.channel == channel,
                OutboxMessage.status.in_(DONE),
                OutboxMessage.body_dropped_at.is_(None),
                OutboxMessage.updated_at < now - timedelta(days=retention_days),
            )
            .values(**values)
        ))
        emptied += result.rowcount or 0
    return emptied


async def kept_emails(db: AsyncSession, limit: int = 50) -> list[OutboxMessage]:
    """The e-mails kept for want of an SMTP server, newest first (the debug page)."""
    return list(
        await db.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.channel == OutboxChannel.EMAIL,
                OutboxMessage.status == OutboxStatus.KEPT,
                OutboxMessage.body_dropped_at.is_(None),
            )
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
    )


async def by_public_id(db: AsyncSession, public_id: str) -> OutboxMessage | None:
    """A message by its public ID."""
    return await db.scalar(select(OutboxMessage).where(OutboxMessage.public_id == public_id))


async def sent_recently(db: AsyncSession, recipient: str, topic: str, period: timedelta) -> bool:
    """Whether a message of ``topic`` to ``recipient`` was written in the last ``period``."""
    found = await db.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.recipient == _normalised(recipient),
            OutboxMessage.topic == topic,
            OutboxMessage.created_at > utcnow() - period,
        )
        .limit(1)
    )
    return found is not None


async def written(db: AsyncSession, dedupe_key: str) -> bool:
    """Whether the message named ``dedupe_key`` was written already."""
    found = await db.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key).limit(1)
    )
    return found is not None


async def failed_messages(db: AsyncSession, limit: int = 100) -> list[OutboxMessage]:
    """The messages given up after every attempt failed, newest first (shown to staff)."""
    return list(
        await db.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.FAILED)
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
    )

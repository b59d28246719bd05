"""The transactional outbox: every message the service sends, written in the transaction of the
change that causes it and delivered afterwards by the dispatcher (``core.outbox``).

A row holds what its channel needs to build the message at delivery (``context``: plain data
captured at the time of the change, never an ORM object), its state and its attempts. Its
``public_id`` is the message's stable identity: the e-mail's ``Message-ID`` and a webhook's
``webhook-id``, the same on every attempt, so that a receiver recognises a duplicate.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime
from core.models.columns import enum_column


class OutboxChannel(enum.StrEnum):
    """How a message leaves the service."""

    EMAIL = "EMAIL"
    WEBHOOK = "WEBHOOK"


class OutboxStatus(enum.StrEnum):
    """Where a message stands."""

    # Waiting for its first attempt or for a retry (``next_attempt_at``).
    PENDING = "PENDING"
    # Handed to the SMTP server or accepted by the partner (2xx).
    SENT = "SENT"
    # No SMTP server is set: kept in the database (and shown on /debug/mails in debug mode).
    KEPT = "KEPT"
    # Every attempt failed: given up, shown to staff.
    FAILED = "FAILED"


class OutboxMessage(Base):
    """One message to send: an e-mail to a person or a webhook delivery to a partner."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_status_next", "status", "next_attempt_at"),)

    channel: Mapped[OutboxChannel] = mapped_column(enum_column(OutboxChannel))
    # What the message says, named as its template is ("registration_confirmed").
    topic: Mapped[str] = mapped_column(String(80))
    # An e-mail address, or the public ID of a webhook.
    recipient: Mapped[str | None] = mapped_column(String(300), index=True)
    # The data the message is built from; emptied once the retention period has passed.
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Why the last attempt failed (no secret: an exception's class and the server's answer).
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Names a message that must be written once only ("reminder:<registration>:<day>").
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # When the body (``context``) was dropped, after the retention period or an erasure.
    body_dropped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

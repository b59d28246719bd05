"""Webhooks of partner sites: where to POST which events, and the log of every attempt.

The secret signs deliveries (Standard Webhooks: HMAC-SHA256), so it is kept as it is, unlike
tokens (only their hash): the service must sign with it. It is shown once, when created.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


class Webhook(Base):
    """A partner's endpoint and the event types it wants."""

    __tablename__ = "webhook"

    url: Mapped[str] = mapped_column(String(2000))
    event_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    secret: Mapped[str] = mapped_column(String(100))
    # Who made it, and the address told when it is disabled (no staff accounts yet).
    created_by_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"))
    created_by: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(300))
    # Since when every attempt failed; reset by a success.
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WebhookDelivery(Base):
    """One attempt to deliver one event to one webhook."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_webhook_id_id", "webhook_id", "id"),)

    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhook.id", ondelete="CASCADE"))
    # The message's webhook-id (the same on every attempt) and its event type.
    message_id: Mapped[str] = mapped_column(String(36))
    event_type: Mapped[str] = mapped_column(String(80))
    succeeded: Mapped[bool] = mapped_column(default=False)
    status_code: Mapped[int | None] = mapped_column()
    duration_ms: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)

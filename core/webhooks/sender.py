"""The webhook channel of the outbox: POST an event, signed per Standard Webhooks.

Headers ``webhook-id`` (the outbox message's public ID, the same on every attempt, so that a
partner recognises a duplicate), ``webhook-timestamp`` and ``webhook-signature`` (HMAC-SHA256
with the webhook's secret, by the ``standardwebhooks`` package). A 2xx answer is a success;
anything else, or no answer within ``TIMEOUT_SECONDS``, a failure retried by the dispatcher.
Every attempt is logged (``WebhookDelivery``). A webhook failing without a break for
``CPS_WEBHOOK_DISABLE_AFTER_HOURS`` is disabled, and the address given at its creation told.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select
import orjson
from standardwebhooks import Webhook as Signer

from core.db import Database, utcnow
from core.models import OutboxMessage, OutboxStatus, Webhook, WebhookDelivery
from core.outbox import DeliveryError, PermanentDeliveryError
from core.services import outbox, webhooks
from core.services.errors import InputError
from core.services.seat_lock import seat_transaction
from core.settings import Settings

TIMEOUT_SECONDS = 10.0
USER_AGENT = "pole-cps-webhooks/1"


class WebhookSender:
    """Delivers the outbox's webhook events."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.database = database
        self.disable_after = timedelta(hours=settings.webhook_disable_after_hours)

    async def send(self, message: OutboxMessage) -> OutboxStatus:
        """Deliver one event; returns SENT, or raises ``DeliveryError`` (retried) or
        ``PermanentDeliveryError`` (the webhook is gone, disabled or its URL now refused)."""
        async with self.database.sessions() as db:
            webhook = await db.scalar(
                select(Webhook).where(Webhook.public_id == message.recipient)
            )
        if webhook is None or webhook.deleted_at is not None:
            raise PermanentDeliveryError("webhook deleted")
        if webhook.disabled_at is not None:
            raise PermanentDeliveryError("webhook disabled")
        try:
            await webhooks.check_url(
                webhook.url, allow_private=self.settings.webhook_allow_private
            )
        except InputError as error:
            if error.code == "WEBHOOK_HOST_UNKNOWN":
                raise DeliveryError(error.code) from None
            raise PermanentDeliveryError(error.code) from None
        body = orjson.dumps(message.context)
        sent_at = utcnow()
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "webhook-id": message.public_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": Signer(webhook.secret).sign(message.public_id, sent_at, body),
        }
        # Imported here, not with the module: every worker loads this module, few send.
        import httpx

        started = time.monotonic()
        status_code: int | None = None
        failure_name: str | None = None
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as http:
                response = await http.post(webhook.url, content=body, headers=headers)
            status_code = response.status_code
        except httpx.HTTPError as failure:
            failure_name = type(failure).__name__
        succeeded = status_code is not None and 200 <= status_code < 300
        await self._log(webhook.id, message, succeeded, status_code, started, failure_name)
        if succeeded:
            return OutboxStatus.SENT
        raise DeliveryError(f"HTTP {status_code}" if status_code else f"HTTP: {failure_name}")

    async def _log(
        self,
        webhook_id: int,
        message: OutboxMessage,
        succeeded: bool,
        status_code: int | None,
        started: float,
        error: str | None,
    ) -> None:
        """Log the attempt; a success ends a run of failures, a long one disables the webhook."""
        async with seat_transaction(self.database) as db:
            db.add(
                WebhookDelivery(
                    webhook_id=webhook_id,
                    message_id=message.public_id,
                    event_type=message.topic,
                    succeeded=succeeded,
                    status_code=status_code,
                    duration_ms=int((time.monotonic() - started) * 1000),
                    error=error,
                )
            )
            # Its deliveries keep a webhook's row (it is only marked deleted).
            webhook = await db.get_one(Webhook, webhook_id)
            now = utcnow()
            if succeeded:
                webhook.failing_since = None
            else:
                webhook.failing_since = webhook.failing_since or now
                if webhook.disabled_at is None and now - webhook.failing_since >= self.disable_after:
                    webhook.disabled_at = now
                    await outbox.enqueue_email(
                        db,
                        "webhook_disabled",
                        webhook.contact_email,
                        {
                            "full_name": webhook.created_by,
                            "url": webhook.url,
                            "failing_since": webhook.failing_since.isoformat(timespec="minutes"),
                        },
                    )
            await db.commit()

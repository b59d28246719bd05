"""The messages the service gave up sending, for regional staff to see and act on."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from core.auth.permissions import require_regional
from core.services import outbox


@strawberry.type(name="FailedMessage", description="An e-mail or webhook event never delivered.")
class FailedMessageType:
    """A message given up after every attempt failed."""

    message_id: str = strawberry.field(description="Its Message-ID / webhook-id.")
    channel: str = strawberry.field(description="EMAIL or WEBHOOK.")
    topic: str = strawberry.field(description="What it said (`registration_confirmed`…).")
    recipient: str | None = strawberry.field(description="The address or webhook.")
    attempts: int = strawberry.field(description="Attempts made.")
    last_error: str | None = strawberry.field(description="Why the last attempt failed.")
    created_at: datetime = strawberry.field(description="When written (UTC).")


@strawberry.type
class OutboxQuery:
    """The outbox's failures."""

    @strawberry.field(description="Regional staff: the messages given up, newest first.")
    async def failed_messages(self, info: Info) -> list[FailedMessageType]:
        require_regional(info.context.viewer)
        async with info.context.session() as db:
            rows = await outbox.failed_messages(db)
        return [
            FailedMessageType(
                message_id=row.public_id, channel=row.channel.value, topic=row.topic,
                recipient=row.recipient, attempts=row.attempts, last_error=row.last_error,
                created_at=row.created_at,
            )
            for row in rows
        ]

"""What partners' webhooks are sent: an event per write, read from the audit entry.

Every write leaves an audit entry (``audit.record``), which calls ``from_audit``: the entry's
object and action give the event type (``session.updated``…); a registration's write becomes
its session's or event's ``seats_changed``. The payload names the object (type, global ID,
``updatedAt``) and the fields that changed, never their values nor anything personal:
partners read the rest through GraphQL. One outbox message per subscribed webhook, in the
write's transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import to_base64

from core.models import (
    Action,
    AuditEntry,
    Event,
    OutboxChannel,
    OutboxMessage,
    OutboxStatus,
    Person,
    Registration,
    Resource,
    TrainingSession,
)
from core.models.enums import RegistrationStatus
from core.db import utcnow
from core.services import webhooks

# The audit's object types partners hear of, with the GraphQL type and the event prefix.
_OBJECTS = {
    "TrainingSession": (TrainingSession, "TrainingSession", "session"),
    "Event": (Event, "Event", "event"),
    "Person": (Person, "Person", "trainer"),
    "Action": (Action, "Action", "action"),
    "Resource": (Resource, "Resource", "resource"),
}
_VERBS = {"create": "created", "cancel": "cancelled", "archive": "archived"}
# Registration writes that do not move the public counts.
_UNCOUNTED = {"registration.update", "registration.expired"}


def _event_type(prefix: str, action: str) -> str:
    verb = _VERBS.get(action.rsplit(".", 1)[-1], "updated")
    return f"{prefix}.{verb}"


async def _seats_changed(db: AsyncSession, entry: AuditEntry) -> tuple[str, str, str] | None:
    if entry.action in _UNCOUNTED or entry.changes.get("status") == RegistrationStatus.UNCONFIRMED:
        return None
    row = await db.scalar(
        select(Registration).where(Registration.public_id == entry.object_public_id)
    )
    if row is None:
        return None
    if row.session_id is not None:
        session = await db.get_one(TrainingSession, row.session_id)
        return "TrainingSession", session.public_id, "session.seats_changed"
    event = await db.get_one(Event, row.event_id)
    return "Event", event.public_id, "event.seats_changed"


async def from_audit(db: AsyncSession, entry: AuditEntry) -> None:
    """Write the webhook messages an audited write causes (none for other objects)."""
    if entry.object_type == "Registration":
        found = await _seats_changed(db, entry)
        if found is None:
            return
        object_type, public_id, event_type = found
        changed: list[str] = []
    elif entry.object_type in _OBJECTS:
        object_type, public_id = entry.object_type, entry.object_public_id
        event_type = _event_type(_OBJECTS[object_type][2], entry.action)
        changed = sorted(entry.changes)
    else:
        return
    targets = await webhooks.subscribed(db, event_type)
    if not targets:
        return
    model, graphql_type, _ = _OBJECTS[object_type]
    await db.flush()
    updated_at = await db.scalar(select(model.updated_at).where(model.public_id == public_id))
    payload: dict[str, Any] = {
        "type": event_type,
        "timestamp": utcnow().isoformat(),
        "data": {
            "typename": graphql_type,
            "id": to_base64(graphql_type, public_id),
            "updatedAt": updated_at.isoformat() if updated_at else None,
            "changed": changed,
        },
    }
    for webhook in targets:
        db.add(
            OutboxMessage(
                channel=OutboxChannel.WEBHOOK,
                topic=event_type,
                recipient=webhook.public_id,
                context=payload,
                status=OutboxStatus.PENDING,
                next_attempt_at=utcnow(),
            )
        )

"""Commands on partners' webhooks: create (the signing secret shown once), delete.

Who may: regional staff (``AccessDenied`` otherwise, before anything). A URL, event type or
address refused comes back in ``result.errors``, nothing written; each write is audited.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.permissions import require_regional
from core.commands.context import CommandContext
from core.commands.results import CommandResult, done, refused
from core.hooks.types import Violation
from core.models import Webhook
from core.services import audit, webhooks
from core.services.errors import InputError
from core.services.seat_lock import seat_transaction

__all__ = ["create_webhook", "delete_webhook"]


def _refused(error: InputError) -> CommandResult[webhooks.CreatedWebhook]:
    return refused([Violation(error.code, error.field or "input", error.message)])


async def _audit(ctx: CommandContext, db: AsyncSession, action: str, row: Webhook) -> None:
    await audit.record(
        db, ctx.viewer, action=action, object_type="Webhook",
        object_public_id=row.public_id, changes={"url": row.url, "eventTypes": row.event_types},
    )


async def create_webhook(
    ctx: CommandContext, url: str, event_types: Sequence[str], contact_email: str
) -> CommandResult[webhooks.CreatedWebhook]:
    """Tell a partner's ``url`` of the changes of ``event_types`` (``session.updated``…),
    signed per Standard Webhooks; ``contact_email`` is told if it gets disabled.

    Who may: regional staff. Returns the webhook and its secret (shown once), or why not
    (``INVALID_URL``, ``PRIVATE_ADDRESS``, ``UNKNOWN_EVENT_TYPE``…).
    """
    require_regional(ctx.viewer)
    async with seat_transaction(ctx.database) as db:
        try:
            created = await webhooks.create(
                db, ctx.viewer, url=url, event_types=event_types, contact_email=contact_email,
                allow_private=ctx.settings.webhook_allow_private,
            )
        except InputError as error:
            return _refused(error)
        await _audit(ctx, db, "webhook.create", created.row)
        await db.commit()
    return done(created)


async def delete_webhook(ctx: CommandContext, public_id: str | None) -> CommandResult[Webhook]:
    """Delete a webhook: nothing more is sent to it (its delivery log stays).

    Who may: regional staff. Returns the webhook deleted, or ``WEBHOOK_NOT_FOUND``
    (``public_id`` ``None``: an ID that names no webhook).
    """
    require_regional(ctx.viewer)
    async with seat_transaction(ctx.database) as db:
        row = await webhooks.by_public_id(db, public_id) if public_id is not None else None
        if row is None:
            return _refused(
                InputError("WEBHOOK_NOT_FOUND", "Aucun webhook n'a cet ID.", field="id")
            )
        await webhooks.delete(db, row)
        await _audit(ctx, db, "webhook.delete", row)
        await db.commit()
    return done(row)

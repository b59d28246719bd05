"""Commands on staff's private calendar feeds: subscribe, rotate the URL, revoke.

Who may: staff. A subscription follows the region's calendar or one department's, with its
non-public events: subscribing needs to cover that department (the region's: regional staff).
Rotating and revoking act on one's own subscriptions (any for regional staff); another's is
``SUBSCRIPTION_NOT_FOUND``, as if it did not exist. Each write is audited.

The value of a result is the subscription with its owner (``ListedFeed``) and, when just made
or rotated, its secret token: the only time it is shown. These commands take no idempotency
key: a retry would have to show the secret again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.permissions import require_departments, require_staff
from core.commands.context import CommandContext
from core.commands.results import CommandResult, done
from core.models import FeedSubscription
from core.services import audit, feed_subscriptions
from core.calendars.keys import FeedKind
from core.services.seat_lock import seat_transaction

__all__ = [
    "IssuedSubscription",
    "create_calendar_subscription",
    "revoke_calendar_subscription",
    "rotate_calendar_subscription",
]


@dataclass(frozen=True)
class IssuedSubscription:
    """A subscription as listed, and its token when it was just issued (else ``None``)."""

    feed: feed_subscriptions.ListedFeed
    token: str | None = None


async def _audit(ctx: CommandContext, db: AsyncSession, action: str, row: FeedSubscription) -> None:
    await audit.record(
        db, ctx.viewer, action=action, object_type="CalendarSubscription",
        object_public_id=row.public_id,
        department_codes=[row.feed_key or None], changes={"label": row.label},
    )


async def create_calendar_subscription(
    ctx: CommandContext, label: str, kind: FeedKind, department_code: str | None = None
) -> CommandResult[IssuedSubscription]:
    """Subscribe to a private feed of the region (``FeedKind.REGION``) or of a department
    (``FeedKind.DEPARTMENT`` and ``department_code``), at a URL of its own.

    Who may: staff covering that department (the region's: regional staff). Raises the
    service's ``InputError`` for a label refused. Returns the subscription and its token.
    """
    key = (department_code or "").strip() if kind is FeedKind.DEPARTMENT else ""
    require_departments(ctx.viewer, feed_subscriptions.departments_of(kind, key))
    async with seat_transaction(ctx.database) as db:
        issued = await feed_subscriptions.create(db, ctx.viewer, label=label, kind=kind, key=key)
        await _audit(ctx, db, "calendar_subscription.create", issued.row)
        feed = await feed_subscriptions.with_owner(db, issued.row)
        await db.commit()
    return done(IssuedSubscription(feed, issued.token))


async def _change_owned(
    ctx: CommandContext,
    public_id: str,
    action: str,
    change: Callable[[AsyncSession, FeedSubscription], Awaitable[str | None]],
) -> CommandResult[IssuedSubscription]:
    """Apply ``change`` (which gives a new token, or ``None``) to one of the viewer's
    subscriptions in one write, audited as ``action``."""
    require_staff(ctx.viewer)
    async with seat_transaction(ctx.database) as db:
        row = await feed_subscriptions.owned(db, ctx.viewer, public_id)
        token = await change(db, row)
        await _audit(ctx, db, action, row)
        feed = await feed_subscriptions.with_owner(db, row)
        await db.commit()
    return done(IssuedSubscription(feed, token))


async def _rotate(db: AsyncSession, row: FeedSubscription) -> str:
    return (await feed_subscriptions.rotate(db, row)).token


async def _revoke(db: AsyncSession, row: FeedSubscription) -> None:
    await feed_subscriptions.revoke(db, row)


async def rotate_calendar_subscription(
    ctx: CommandContext, public_id: str
) -> CommandResult[IssuedSubscription]:
    """Give a subscription a new URL; the old one stops at once.

    Who may: staff, on their own subscriptions (any for regional staff). Raises
    ``SUBSCRIPTION_NOT_FOUND`` and ``SUBSCRIPTION_REVOKED``. Returns it with its new token.
    """
    return await _change_owned(ctx, public_id, "calendar_subscription.rotate", _rotate)


async def revoke_calendar_subscription(
    ctx: CommandContext, public_id: str
) -> CommandResult[IssuedSubscription]:
    """Revoke a subscription; its feed stops at once.

    Who may: staff, on their own subscriptions (any for regional staff). Raises
    ``SUBSCRIPTION_NOT_FOUND``. Returns it (without token).
    """
    return await _change_owned(ctx, public_id, "calendar_subscription.revoke", _revoke)

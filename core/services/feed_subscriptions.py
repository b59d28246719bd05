"""Private calendar feeds of staff: one subscription per calendar application, each with its own
token in its URL.

A feed token is 32 fresh random bytes (``secrets.token_urlsafe``), never derived from an API
token or another secret; only its SHA-256 is stored and a request's token is found by its hash,
then compared again in constant time. Rotating gives a new token (the old URL stops at once);
revoking stops the feed at once. A private feed shows what the public feed of the same calendar
shows, plus the events that are not public (COTER meetings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.secrets import digest, new_secret, same_digest
from core.auth.viewer import Viewer
from core.db import utcnow
from core.models import Department, FeedSubscription
from core.services.calendar_feeds import FeedKey, FeedKind
from core.services.errors import InputError

FEED_TOKEN_PREFIX = "cal_"
# The calendars a private subscription may follow.
PRIVATE_KINDS = (FeedKind.REGION, FeedKind.DEPARTMENT)
LAST_USE_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedFeed:
    """A subscription and its token, shown once (in the feed's URL)."""

    row: FeedSubscription
    token: str


def feed_of(row: FeedSubscription) -> FeedKey:
    """The calendar a subscription follows."""
    return FeedKey(FeedKind(row.feed_kind), row.feed_key)


def departments_of(kind: FeedKind, key: str) -> list[str | None]:
    """Whose calendar it is: a department's, or regional (``[None]``)."""
    return [key] if kind is FeedKind.DEPARTMENT else [None]


async def create(
    db: AsyncSession, viewer: Viewer, *, label: str, kind: FeedKind, key: str = ""
) -> IssuedFeed:
    """A new subscription of ``viewer`` to a calendar; the caller checked the viewer may."""
    label = label.strip()
    if not label or len(label) > 200:
        raise InputError(
            "INVALID_LABEL", "Le libellé doit faire de 1 à 200 caractères.", field="label"
        )
    if kind not in PRIVATE_KINDS:
        raise InputError(
            "INVALID_SCOPE", "Un flux privé suit la région ou un département.", field="scope"
        )
    if kind is FeedKind.DEPARTMENT:
        found = await db.scalar(select(Department.code).where(Department.code == key))
        if found is None:
            raise InputError(
                "UNKNOWN_DEPARTMENT", f"Département inconnu : {key[:10]}.", field="scope"
            )
    token = new_secret(FEED_TOKEN_PREFIX)
    row = FeedSubscription(
        label=label,
        feed_kind=kind.value,
        feed_key=key if kind is FeedKind.DEPARTMENT else "",
        token_hash=digest(token),
        owner_token_id=viewer.token_id,
    )
    db.add(row)
    await db.flush()
    return IssuedFeed(row, token)


async def owned(db: AsyncSession, viewer: Viewer, public_id: str) -> FeedSubscription:
    """A subscription the viewer manages (its own; any for regional staff), or ``InputError``."""
    row = await db.scalar(select(FeedSubscription).where(FeedSubscription.public_id == public_id))
    if row is None or not (viewer.is_regional or row.owner_token_id == viewer.token_id):
        raise InputError("SUBSCRIPTION_NOT_FOUND", "Abonnement introuvable.", field="id")
    return row


async def listed(db: AsyncSession, viewer: Viewer) -> list[FeedSubscription]:
    """The viewer's subscriptions (every one for regional staff), oldest first."""
    statement = select(FeedSubscription).order_by(FeedSubscription.id)
    if not viewer.is_regional:
        statement = statement.where(FeedSubscription.owner_token_id == viewer.token_id)
    return list(await db.scalars(statement))


async def rotate(db: AsyncSession, row: FeedSubscription) -> IssuedFeed:
    """A new token for the subscription; the old URL stops working at once."""
    if row.revoked_at is not None:
        raise InputError("SUBSCRIPTION_REVOKED", "Cet abonnement est révoqué.", field="id")
    token = new_secret(FEED_TOKEN_PREFIX)
    row.token_hash = digest(token)
    row.rotated_at = utcnow()
    await db.flush()
    return IssuedFeed(row, token)


async def revoke(db: AsyncSession, row: FeedSubscription) -> FeedSubscription:
    """Revoke the subscription; its feed answers 404 from now on."""
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        await db.flush()
    return row


async def resolve(db: AsyncSession, token: str) -> FeedSubscription | None:
    """The live subscription a feed token stands for, recording its use; ``None`` otherwise.

    The caller commits.
    """
    if not token.startswith(FEED_TOKEN_PREFIX) or len(token) > 100:
        return None
    given = digest(token)
    row = await db.scalar(select(FeedSubscription).where(FeedSubscription.token_hash == given))
    if row is None or not same_digest(given, row.token_hash) or row.revoked_at is not None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > LAST_USE_PRECISION:
        row.last_used_at = now
    return row

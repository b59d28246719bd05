"""Private calendar feeds of staff: one subscription per calendar application, each with its own
token in its URL.

A feed token is 32 fresh random bytes (``secrets.token_urlsafe``), never derived from an API
token or another secret; only its SHA-256 is stored and a request's token is found by its hash,
then compared again in constant time. Rotating gives a new token (the old URL stops at once);
revoking stops the feed at once. A private feed shows what the public feed of the same calendar
shows, plus the events that are not public (COTER meetings).

A feed lives only as long as its owner: the API token that made it (once revoked, expired or
gone, the feed answers 404), or the staff account that made it in the back-office (once
disabled, likewise). Both are checked on every request, from the database, so every worker
stops serving it at once. Revoking a token or disabling an account revokes its feeds too
(``revoke_owned_by``), so that staff see them dead in the list and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, false, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.secrets import digest, new_secret, same_digest
from core.auth.viewer import Viewer
from core.db import utcnow
from core.models import ApiToken, Department, FeedSubscription, StaffAccount
from core.services import audit
from core.services.api_tokens import is_usable
from core.calendars.keys import FeedKey, FeedKind
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
        owner_account_id=viewer.account_id,
    )
    db.add(row)
    await db.flush()
    return IssuedFeed(row, token)


def _owned_by(viewer: Viewer) -> ColumnElement[bool]:
    """The subscriptions the viewer made: with its API token, or from its staff account."""
    if viewer.token_id is not None:
        return FeedSubscription.owner_token_id == viewer.token_id
    if viewer.account_id is not None:
        return FeedSubscription.owner_account_id == viewer.account_id
    return false()


async def owned(db: AsyncSession, viewer: Viewer, public_id: str) -> FeedSubscription:
    """A subscription the viewer manages (its own; any for regional staff), or ``InputError``."""
    statement = select(FeedSubscription).where(FeedSubscription.public_id == public_id)
    if not viewer.is_regional:
        statement = statement.where(_owned_by(viewer))
    row = await db.scalar(statement)
    if row is None:
        raise InputError("SUBSCRIPTION_NOT_FOUND", "Abonnement introuvable.", field="id")
    return row


@dataclass(frozen=True)
class ListedFeed:
    """A subscription, the API token or staff account that owns it (``None`` if gone), and
    whether it is live."""

    row: FeedSubscription
    owner: ApiToken | None
    live: bool
    owner_account: StaffAccount | None = None

    @property
    def owner_words(self) -> str:
        """Who made it, as staff read it: "jeton Site 44" or the account's address."""
        if self.owner is not None:
            return f"jeton {self.owner.name}"
        if self.owner_account is not None:
            return self.owner_account.email
        return "—"


def _listed(
    row: FeedSubscription, owner: ApiToken | None, account: StaffAccount | None, now: datetime
) -> ListedFeed:
    live = row.revoked_at is None and (
        (owner is not None and is_usable(owner, now))
        or (account is not None and account.disabled_at is None)
    )
    return ListedFeed(row, owner, live, account)


def _with_owners() -> Select[FeedSubscription, ApiToken, StaffAccount]:
    return (
        select(FeedSubscription, ApiToken, StaffAccount)
        .outerjoin(ApiToken, ApiToken.id == FeedSubscription.owner_token_id)
        .outerjoin(StaffAccount, StaffAccount.id == FeedSubscription.owner_account_id)
    )


async def listed(db: AsyncSession, viewer: Viewer) -> list[ListedFeed]:
    """The viewer's subscriptions (every one for regional staff) with their owners, oldest
    first."""
    statement = _with_owners().order_by(FeedSubscription.id)
    if not viewer.is_regional:
        statement = statement.where(_owned_by(viewer))
    now = utcnow()
    return [
        _listed(row, owner, account, now)
        for row, owner, account in (await db.execute(statement)).all()
    ]


async def with_owner(db: AsyncSession, row: FeedSubscription) -> ListedFeed:
    """One subscription as ``listed`` gives it: whether it is live is read from its owner."""
    found = (await db.execute(_with_owners().where(FeedSubscription.id == row.id))).one()
    return _listed(row, found[1], found[2], utcnow())


async def revoke_owned_by(
    db: AsyncSession,
    viewer: Viewer,
    *,
    token_id: int | None = None,
    account_id: int | None = None,
) -> list[FeedSubscription]:
    """Revoke the subscriptions of an API token being revoked, or of a staff account being
    disabled (one audit entry each); returns those that were still live."""
    reason = "owner_token_revoked" if token_id is not None else "owner_account_disabled"
    owner = (
        FeedSubscription.owner_token_id == token_id
        if token_id is not None
        else FeedSubscription.owner_account_id == account_id
    )
    rows = list(
        await db.scalars(
            select(FeedSubscription)
            .where(owner, FeedSubscription.revoked_at.is_(None))
            .order_by(FeedSubscription.id)
        )
    )
    now = utcnow()
    for row in rows:
        row.revoked_at = now
        await audit.record(
            db, viewer, action="calendar_subscription.revoke", object_type="CalendarSubscription",
            object_public_id=row.public_id, department_codes=[row.feed_key or None],
            changes={"label": row.label, "reason": reason},
        )
    await db.flush()
    return rows


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
    """The live subscription a feed token stands for, recording its use; ``None`` otherwise
    (unknown, rotated or revoked token, or an owner's API token revoked, expired or gone).

    The caller commits.
    """
    if not token.startswith(FEED_TOKEN_PREFIX) or len(token) > 100:
        return None
    given = digest(token)
    row = await db.scalar(select(FeedSubscription).where(FeedSubscription.token_hash == given))
    if row is None or not same_digest(given, row.token_hash):
        return None
    if not (await with_owner(db, row)).live:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > LAST_USE_PRECISION:
        row.last_used_at = now
    return row

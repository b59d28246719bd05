"""API tokens: creating one (its secret shown once), listing, revoking, and resolving a bearer.

A token is found by the SHA-256 of the bearer value (a unique index), then the stored digest
is compared again in constant time. An expired or revoked token resolves to nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.secrets import API_TOKEN_PREFIX, digest, new_secret, same_digest
from core.auth.viewer import Viewer
from core.db import utcnow
from core.models import ApiToken, Department
from core.models.enums import StaffRole
from core.services.errors import InputError

# ``last_used_at`` is written at most this often, so that reads do not all become writes.
LAST_USE_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedToken:
    """A new token: its row and its secret, which is shown once and never stored."""

    row: ApiToken
    secret: str


async def create_token(
    db: AsyncSession,
    *,
    role: StaffRole,
    name: str,
    department_codes: Sequence[str] = (),
    expires_at: datetime | None = None,
) -> CreatedToken:
    """Store a new token's hash and return its secret.

    A DEPARTMENT token needs at least one existing department; the other roles take none.
    Raises ``InputError`` otherwise. Flushes, never commits.
    """
    name = name.strip()
    if not name or len(name) > 200:
        raise InputError("INVALID_NAME", "Le nom du jeton doit faire de 1 à 200 caractères.")
    codes = sorted(set(department_codes))
    if role is StaffRole.DEPARTMENT and not codes:
        raise InputError(
            "DEPARTMENT_REQUIRED", "Un jeton de département doit nommer au moins un département."
        )
    if role is not StaffRole.DEPARTMENT and codes:
        raise InputError(
            "DEPARTMENT_NOT_ALLOWED",
            "Seul un jeton de département (rôle department) nomme des départements.",
        )
    if codes:
        known = set(await db.scalars(select(Department.code).where(Department.code.in_(codes))))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise InputError(
                "UNKNOWN_DEPARTMENT", f"Département inconnu : {', '.join(unknown)}."
            )
    if expires_at is not None and expires_at <= utcnow():
        raise InputError("EXPIRY_IN_PAST", "La date d'expiration est déjà passée.")
    secret = new_secret(API_TOKEN_PREFIX)
    row = ApiToken(
        name=name,
        role=role,
        department_codes=codes,
        token_hash=digest(secret),
        expires_at=expires_at,
    )
    db.add(row)
    await db.flush()
    return CreatedToken(row, secret)


async def list_tokens(db: AsyncSession) -> list[ApiToken]:
    """Every token, revoked and expired ones included, oldest first."""
    return list(await db.scalars(select(ApiToken).order_by(ApiToken.id)))


async def token_by_public_id(db: AsyncSession, public_id: str) -> ApiToken | None:
    """The token with that public ID (revoked or expired ones included), if any."""
    return await db.scalar(select(ApiToken).where(ApiToken.public_id == public_id))


async def revoke_token(db: AsyncSession, public_id: str) -> ApiToken:
    """Revoke a token at once; revoking it again changes nothing. Raises if none has that ID."""
    row = await token_by_public_id(db, public_id)
    if row is None:
        raise InputError("TOKEN_NOT_FOUND", f"Aucun jeton n'a l'identifiant « {public_id} ».")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        await db.flush()
    return row


def is_usable(row: ApiToken, now: datetime) -> bool:
    """Neither revoked nor expired at ``now``."""
    return row.revoked_at is None and (row.expires_at is None or row.expires_at > now)


async def viewer_for_bearer(db: AsyncSession, bearer: str) -> Viewer | None:
    """The viewer a bearer value stands for; ``None`` if it is unknown, expired or revoked.

    Records the token's last use (to the minute). The caller commits.
    """
    given = digest(bearer)
    row = await db.scalar(select(ApiToken).where(ApiToken.token_hash == given))
    now = utcnow()
    if row is None or not same_digest(given, row.token_hash) or not is_usable(row, now):
        return None
    if row.last_used_at is None or now - row.last_used_at > LAST_USE_PRECISION:
        row.last_used_at = now
    return Viewer(
        role=row.role,
        department_codes=frozenset(row.department_codes or ()),
        token_id=row.id,
        token_name=row.name,
    )


async def role_of_token_digest(db: AsyncSession, token_digest: str) -> StaffRole | None:
    """The role of the usable token whose SHA-256 is ``token_digest``; for the rate limiter.

    ``token_digest`` is ``core.auth.secrets.digest`` of the bearer value. Returns ``None`` when
    no token has it or when it is revoked or expired. One query on the unique index; writes
    nothing (unlike ``viewer_for_bearer``, it does not record the token's last use).
    """
    row = await db.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest))
    if row is None or not is_usable(row, utcnow()):
        return None
    return row.role

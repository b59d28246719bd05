"""Issuing and revoking API tokens as staff do it, on the back-office page or the command
line: the token service's write, the private feeds a revoked token made, the audit entry.

Only regional staff manage tokens (the doors check it first): a department account may not
give itself another department, nor a regional token.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.models import ApiToken, FeedSubscription
from core.models.enums import StaffRole
from core.services import api_tokens, audit, feed_subscriptions


@dataclass(frozen=True)
class RevokedToken:
    """A token revoked, and the private feeds that died with it."""

    row: ApiToken
    feeds: list[FeedSubscription]


async def issue(
    db: AsyncSession,
    viewer: Viewer,
    *,
    role: StaffRole,
    name: str,
    department_codes: Sequence[str] = (),
    expires_at: datetime | None = None,
) -> api_tokens.CreatedToken:
    """Create a token (``api_tokens.create_token``, its refusals as ``InputError``) and audit
    it; the secret is in the result, once. Flushes, never commits."""
    created = await api_tokens.create_token(
        db, role=role, name=name, department_codes=department_codes, expires_at=expires_at
    )
    await audit.record(
        db, viewer, action="apiToken.create", object_type="ApiToken",
        object_public_id=created.row.public_id, department_codes=created.row.department_codes,
        changes={
            "name": created.row.name, "role": role.value,
            "departmentCodes": created.row.department_codes,
            "expiresAt": expires_at.isoformat() if expires_at else None,
        },
    )
    return created


async def withdraw(db: AsyncSession, viewer: Viewer, public_id: str) -> RevokedToken:
    """Revoke a token at once and the private feeds it made, audited; revoking it again
    changes nothing. Raises ``TOKEN_NOT_FOUND``. Flushes, never commits."""
    row = await api_tokens.revoke_token(db, public_id)
    feeds = await feed_subscriptions.revoke_owned_by(db, viewer, row.id)
    await audit.record(
        db, viewer, action="apiToken.revoke", object_type="ApiToken",
        object_public_id=row.public_id, department_codes=row.department_codes or (),
        changes={"revoked": True},
    )
    return RevokedToken(row, feeds)

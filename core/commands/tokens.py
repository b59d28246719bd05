"""Commands on API tokens: create one (its secret shown once), revoke one.

Who may: regional staff, any token; department staff, department tokens of their own
departments only (never a wider one, nor a partner's or a regional one). ``AccessDenied``
comes before anything is written; a name, department or expiry refused raises the service's
``InputError`` (``INVALID_NAME``, ``UNKNOWN_DEPARTMENT``, ``EXPIRY_IN_PAST``…). Each write is
audited (the token's ID and role, never its secret). Revoking a token also revokes the
private calendar feeds it made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.auth.permissions import require_departments, require_regional, require_staff
from core.auth.viewer import Viewer
from core.commands.context import CommandContext
from core.commands.results import CommandResult, done
from core.models import ApiToken, FeedSubscription
from core.models.enums import StaffRole
from core.services import api_tokens, audit, feed_subscriptions
from core.services.seat_lock import seat_transaction

__all__ = ["RevokedToken", "create_token", "revoke_token"]


@dataclass(frozen=True)
class RevokedToken:
    """A token revoked, and the private feeds that were revoked with it."""

    token: ApiToken
    feeds: list[FeedSubscription]


def _require_token_scope(viewer: Viewer, role: StaffRole, department_codes: Sequence[str]) -> None:
    """Raise unless ``viewer`` may manage a token of ``role`` on ``department_codes``."""
    if role is StaffRole.DEPARTMENT and department_codes:
        require_departments(viewer, department_codes)
    else:
        require_regional(viewer)


async def create_token(
    ctx: CommandContext,
    role: StaffRole,
    name: str,
    department_codes: Sequence[str] = (),
    expires_at: datetime | None = None,
) -> CommandResult[api_tokens.CreatedToken]:
    """Create an API token for a program or a person (``name``: who holds it).

    Who may: regional staff; department staff for department tokens of their departments.
    Returns the token and its secret, shown this once (only its hash is stored).
    """
    _require_token_scope(ctx.viewer, role, department_codes)
    async with seat_transaction(ctx.database) as db:
        created = await api_tokens.create_token(
            db, role=role, name=name, department_codes=department_codes, expires_at=expires_at
        )
        await audit.record(
            db, ctx.viewer, action="token.create", object_type="ApiToken",
            object_public_id=created.row.public_id,
            department_codes=list(created.row.department_codes or []),
            changes={"role": role.value, "departments": list(created.row.department_codes or [])},
        )
        await db.commit()
    return done(created)


async def revoke_token(ctx: CommandContext, public_id: str) -> CommandResult[RevokedToken]:
    """Revoke a token at once, and the private calendar feeds it made; revoking it again
    changes nothing.

    Who may: regional staff; department staff for department tokens of their departments.
    Raises ``TOKEN_NOT_FOUND``. Returns the token and the feeds revoked with it.
    """
    require_staff(ctx.viewer)
    async with seat_transaction(ctx.database) as db:
        row = await api_tokens.token_by_public_id(db, public_id)
        if row is None:
            # Only regional staff learn that there is no such token.
            require_regional(ctx.viewer)
        else:
            _require_token_scope(ctx.viewer, row.role, row.department_codes or [])
        row = await api_tokens.revoke_token(db, public_id)
        feeds = await feed_subscriptions.revoke_owned_by(db, ctx.viewer, token_id=row.id)
        await audit.record(
            db, ctx.viewer, action="token.revoke", object_type="ApiToken",
            object_public_id=row.public_id, department_codes=list(row.department_codes or []),
            changes={"revoked": True},
        )
        await db.commit()
    return done(RevokedToken(row, feeds))

"""Commands on a person's data, on their request: export it, erase it.

Who may: regional staff (``AccessDenied`` otherwise, before anything). Both write to the audit
trail (without the address); erasure keeps seats, counts and the trail, without the data.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.permissions import require_regional
from core.commands.context import CommandContext
from core.commands.results import CommandResult, done
from core.commands.running import Idempotency, run_idempotent
from core.services import personal_data

__all__ = ["erase_personal_data", "export_personal_data"]


async def export_personal_data(ctx: CommandContext, email: str) -> CommandResult[dict[str, Any]]:
    """Everything held about the person of ``email``: each registration with its declared data
    and target, as JSON-able data; the export is audited.

    Who may: regional staff. Returns the export.
    """
    require_regional(ctx.viewer)

    async def write(db: AsyncSession) -> CommandResult[dict[str, Any]]:
        return done(await personal_data.export_person(db, ctx.viewer, email))

    return await run_idempotent(ctx, "person.export", None, write, stored_as=None)


async def erase_personal_data(
    ctx: CommandContext, email: str, *, idempotency: Idempotency | None = None
) -> CommandResult[int]:
    """Erase the personal data of every registration of ``email``.

    Who may: regional staff. Returns how many registrations lost their personal data.
    """
    require_regional(ctx.viewer)

    async def write(db: AsyncSession) -> CommandResult[int]:
        return done(await personal_data.erase_person(db, ctx.viewer, email))

    return await run_idempotent(ctx, "person.erase", idempotency, write, stored_as="erased")

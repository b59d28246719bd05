"""Session numbers: each year numbers its sessions 1, 2, 3…, each number once.

Staff screens propose the next free number and show those taken; the rule itself (a number
taken twice in a year is refused with ``SESSION_NUMBER_TAKEN``) is checked where a session is
created (``staff_sessions.create_session``).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Reader
from core.models import TrainingSession


async def taken_session_numbers(db: AsyncSession | Reader, year: int) -> list[int]:
    """The numbers of ``year``'s sessions (cancelled ones included: a number stays taken),
    in increasing order."""
    rows = await db.execute(
        select(TrainingSession.number)
        .where(TrainingSession.year == year)
        .order_by(TrainingSession.number)
    )
    return list(rows.scalars())


async def next_session_number(db: AsyncSession | Reader, year: int) -> int:
    """The number the next session of ``year`` should take: one more than the highest taken
    (1 for a year without sessions), so that numbers keep the order sessions were entered."""
    highest = await db.scalar(
        select(func.max(TrainingSession.number)).where(TrainingSession.year == year)
    )
    return (highest or 0) + 1

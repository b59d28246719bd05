"""The two modules of the trainers' course and their prerequisites."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import ModulePrerequisite, TrainingModule
from core.services.lookup import children_by_parent, rows_by_key
from core.services.pagination import Page, PageRequest, paginate

SORT_KEYS = (TrainingModule.number, TrainingModule.id)


async def list_modules(
    db: AsyncSession, request: PageRequest, *, with_total: bool = False
) -> Page[TrainingModule]:
    """A page of modules, by number."""
    return await paginate(db, select(TrainingModule), SORT_KEYS, request, with_total=with_total)


async def modules_by_ids(db: AsyncSession, ids: Sequence[int]) -> list[TrainingModule | None]:
    """Modules by primary key."""
    return await rows_by_key(db, TrainingModule, TrainingModule.id, ids, plain=True)


async def modules_by_numbers(
    db: AsyncSession, numbers: Sequence[int]
) -> list[TrainingModule | None]:
    """Modules by number (1 or 2)."""
    return await rows_by_key(db, TrainingModule, TrainingModule.number, numbers)


async def modules_by_public_ids(
    db: AsyncSession, ids: Sequence[str]
) -> list[TrainingModule | None]:
    """Modules by public ID."""
    return await rows_by_key(db, TrainingModule, TrainingModule.public_id, ids)


async def prerequisites_by_module(
    db: AsyncSession, module_ids: Sequence[int]
) -> list[list[ModulePrerequisite]]:
    """The prerequisites of each module, in their order."""
    return await children_by_parent(
        db, ModulePrerequisite, ModulePrerequisite.module_id, module_ids,
        ModulePrerequisite.position,
    )

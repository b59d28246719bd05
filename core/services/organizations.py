"""Organizations that employ trainers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import Organization
from core.services.lookup import rows_by_key
from core.services.pagination import Page, PageRequest, paginate

SORT_KEYS = (Organization.name, Organization.id)


async def list_organizations(
    db: AsyncSession, request: PageRequest, *, with_total: bool = False
) -> Page[Organization]:
    """A page of organizations, by name."""
    return await paginate(db, select(Organization), SORT_KEYS, request, with_total=with_total)


async def organizations_by_ids(db: AsyncSession, ids: Sequence[int]) -> list[Organization | None]:
    """Organizations by primary key."""
    return await rows_by_key(db, Organization, Organization.id, ids, plain=True)


async def organizations_by_public_ids(
    db: AsyncSession, ids: Sequence[str]
) -> list[Organization | None]:
    """Organizations by public ID."""
    return await rows_by_key(db, Organization, Organization.public_id, ids)

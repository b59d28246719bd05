"""Organizations that employ trainers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Reader
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


async def by_name(db: Reader) -> Sequence[Row]:
    """Every organization's public ID, name and membership of InteractionS, the members first,
    then by name (the choices of a form that asks who gave a training)."""
    return (
        await db.execute(
            select(Organization.public_id, Organization.name, Organization.interactions_member)
            .order_by(Organization.interactions_member.desc(), Organization.name, Organization.id)
        )
    ).all()

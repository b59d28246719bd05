"""Batch look-ups by key, in the order asked: the building block of the DataLoaders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from core.db import Base

M = TypeVar("M", bound=Base)


async def rows_by_key(
    db: AsyncSession,
    model: type[M],
    key: InstrumentedAttribute,
    values: Sequence[Hashable],
    *options: Any,
    where: Sequence[Any] = (),
) -> list[M | None]:
    """One row per value of ``key`` (unique), ``None`` where there is none, in the order given."""
    statement: Select = select(model).where(key.in_(set(values)), *where).options(*options)
    found = {getattr(row, key.key): row for row in (await db.scalars(statement)).all()}
    return [found.get(value) for value in values]


async def children_by_parent(
    db: AsyncSession,
    model: type[M],
    parent_key: InstrumentedAttribute,
    parent_ids: Sequence[Hashable],
    *order_by: Any,
) -> list[list[M]]:
    """Every child row of each parent, grouped in the order of ``parent_ids``."""
    statement = select(model).where(parent_key.in_(set(parent_ids))).order_by(*order_by)
    grouped: dict[Hashable, list[M]] = defaultdict(list)
    for row in (await db.scalars(statement)).all():
        grouped[getattr(row, parent_key.key)].append(row)
    return [grouped.get(parent_id, []) for parent_id in parent_ids]

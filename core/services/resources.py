"""The resources the Pôle recommends."""

from __future__ import annotations

from typing import Any

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import Resource, ResourceTheme
from core.models.enums import RecordStatus, ResourceKind
from core.services.lookup import children_by_parent, rows_by_key
from core.services.pagination import Page, PageRequest, paginate
from core.text import search_key, slugify

SORT_KEYS = (Resource.sort_title, Resource.id)


def resource_search_fields(title: str, description: str, publisher: str | None) -> dict[str, Any]:
    """The derived sort and search columns of a resource."""
    return {
        "sort_title": search_key(title),
        "search_text": "|".join(search_key(text) for text in (title, description, publisher or "")),
    }


@dataclass(frozen=True)
class ResourceFilter:
    """Which resources to list; every criterion given must hold."""

    kind: ResourceKind | None = None
    theme: str | None = None
    text: str | None = None
    statuses: tuple[RecordStatus, ...] | None = None
    updated_since: datetime | None = None


def resources_query(criteria: ResourceFilter) -> Select[Any]:
    """The ``select`` of the resources matching ``criteria``, unordered."""
    statement = select(Resource)
    if criteria.kind is not None:
        statement = statement.where(Resource.kind == criteria.kind)
    if criteria.theme:
        statement = statement.where(
            exists().where(
                ResourceTheme.resource_id == Resource.id,
                ResourceTheme.slug == slugify(criteria.theme),
            )
        )
    if criteria.text:
        statement = statement.where(Resource.search_text.contains(search_key(criteria.text)))
    if criteria.statuses:
        statement = statement.where(Resource.status.in_(criteria.statuses))
    if criteria.updated_since is not None:
        statement = statement.where(Resource.updated_at >= criteria.updated_since)
    return statement


async def list_resources(
    db: AsyncSession, criteria: ResourceFilter, request: PageRequest, *, with_total: bool = False
) -> Page[Resource]:
    """A page of resources matching ``criteria``, by title."""
    return await paginate(
        db, resources_query(criteria), SORT_KEYS, request, with_total=with_total
    )


async def resources_by_public_ids(db: AsyncSession, ids: Sequence[str]) -> list[Resource | None]:
    """Resources by public ID."""
    return await rows_by_key(db, Resource, Resource.public_id, ids)


async def themes_by_resource(
    db: AsyncSession, resource_ids: Sequence[int]
) -> list[list[ResourceTheme]]:
    """The themes of each resource, in their order."""
    return await children_by_parent(
        db, ResourceTheme, ResourceTheme.resource_id, resource_ids, ResourceTheme.position
    )

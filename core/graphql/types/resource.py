"""Resources the Pôle recommends."""

from __future__ import annotations

from typing import Self

import strawberry
from strawberry.types import Info

from core import models
from core.graphql.enums import RecordStatus, ResourceKind
from core.graphql.types.base import Record
from core.services.resources import resources_by_public_ids, themes_by_resource


@strawberry.type(name="Theme", description="A theme resources are filed under.")
class ThemeType:
    """A theme, with the slug to filter on."""

    label: str = strawberry.field(description="The theme, in French.")
    slug: str = strawberry.field(description="The theme's slug, usable in `ResourceFilter.theme`.")


@strawberry.type(name="Resource", description="A document or tool about psychosocial skills.")
class ResourceType(Record):
    """A resource of the brochure's reading list."""

    title: str = strawberry.field(description="Title, in French.")
    kind: ResourceKind = strawberry.field(description="What kind of resource it is.")
    publisher: str | None = strawberry.field(description="Who publishes it, where known.")
    published: str | None = strawberry.field(
        description='When it was published, as precisely as known ("septembre 2024").'
    )
    description: str = strawberry.field(description="Description, in French.")
    audience: str | None = strawberry.field(description="Who it is for.")
    url: str | None = strawberry.field(description="Link, where known.")
    status: RecordStatus = strawberry.field(description="ACTIVE, or ARCHIVED (kept for syncs).")

    lookup = resources_by_public_ids

    @classmethod
    def from_model(cls, row: models.Resource) -> Self:
        """The GraphQL object of a resource row."""
        return cls(
            **cls.record_fields(row),
            title=row.title,
            kind=row.kind,
            publisher=row.publisher,
            published=row.published,
            description=row.description,
            audience=row.audience,
            url=row.url,
            status=row.status,
        )

    @strawberry.field(description="The themes the resource is filed under.")
    async def themes(self, info: Info) -> list[ThemeType]:
        rows = await info.context.loaders(themes_by_resource).load(self.row_id)
        return [ThemeType(label=row.label, slug=row.slug) for row in rows]

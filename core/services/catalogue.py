"""The public catalogue of resources, as the site's pages show it.

A list costs two statements whatever its length: the resources, then their themes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.db import Reader
from core.models import Resource, ResourceTheme
from core.models.enums import RecordStatus, ResourceKind
from core.services.lookup import children_by_parent
from core.services.resources import ResourceFilter, resources_query

# A page never lists more resources than this.
MAX_RESOURCES = 300

RESOURCE_KIND_LABELS = {
    ResourceKind.KNOWLEDGE_FILE: "Dossier de connaissances",
    ResourceKind.TOOL_CATALOGUE: "Catalogue d'outils",
    ResourceKind.THEMATIC_SELECTION: "Sélection thématique",
    ResourceKind.SYNTHESIS: "Synthèse",
    ResourceKind.INFOGRAPHIC: "Infographie",
    ResourceKind.WEBSITE: "Site de ressources",
    ResourceKind.FRAMEWORK: "Référentiel",
}


@dataclass(frozen=True)
class CatalogueCriteria:
    """What the catalogue is narrowed to; ``None`` keeps every active resource.

    ``text`` is looked for, without accents or case, in the title, description and publisher;
    ``theme`` is a theme's slug (``"milieu-scolaire"``).
    """

    text: str | None = None
    theme: str | None = None
    kind: ResourceKind | None = None


@dataclass(frozen=True)
class Theme:
    """A theme a resource is filed under."""

    label: str
    slug: str


@dataclass(frozen=True)
class CatalogueEntry:
    """A resource as the catalogue shows it."""

    public_id: str
    title: str
    kind: ResourceKind
    publisher: str | None
    published: str | None
    description: str
    audience: str | None
    url: str | None
    themes: tuple[Theme, ...]

    @property
    def kind_label(self) -> str:
        """The kind in French."""
        return RESOURCE_KIND_LABELS[self.kind]


async def catalogue(db: Reader, criteria: CatalogueCriteria) -> list[CatalogueEntry]:
    """The active resources ``criteria`` keep, by title."""
    statement = (
        resources_query(
            ResourceFilter(
                kind=criteria.kind,
                theme=criteria.theme,
                text=criteria.text,
                statuses=(RecordStatus.ACTIVE,),
            )
        )
        .with_only_columns(*Resource.__table__.columns)
        .order_by(Resource.sort_title, Resource.id)
        .limit(MAX_RESOURCES)
    )
    rows = (await db.execute(statement)).all()
    if not rows:
        return []
    themes = await children_by_parent(
        db, ResourceTheme, ResourceTheme.resource_id, [row.id for row in rows],
        ResourceTheme.position, plain=True,
    )
    return [
        CatalogueEntry(
            public_id=row.public_id,
            title=row.title,
            kind=ResourceKind(row.kind),
            publisher=row.publisher,
            published=row.published,
            description=row.description,
            audience=row.audience,
            url=row.url,
            themes=tuple(Theme(theme.label, theme.slug) for theme in its_themes),
        )
        for row, its_themes in zip(rows, themes, strict=True)
    ]


async def theme_labels(db: Reader) -> dict[str, str]:
    """The label of every theme of an active resource, by slug, in alphabetical order."""
    statement = (
        select(ResourceTheme.slug, ResourceTheme.label)
        .join(Resource, Resource.id == ResourceTheme.resource_id)
        .where(Resource.status == RecordStatus.ACTIVE)
        .distinct()
        .order_by(ResourceTheme.slug)
    )
    return {slug: label for slug, label in (await db.execute(statement)).all()}

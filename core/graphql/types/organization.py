"""Organizations and institutions."""

from __future__ import annotations

from typing import Self

import strawberry

from core import models
from core.graphql.enums import InstitutionKind
from core.graphql.types.base import Record
from core.services.organizations import organizations_by_public_ids


@strawberry.type(name="Organization", description="An organization that employs trainers.")
class OrganizationType(Record):
    """An organization: Promotion Santé, Addictions France, Mutualité Française…"""

    name: str = strawberry.field(description="Full name.")
    short_name: str = strawberry.field(description="Usual short name.")
    interactions_member: bool = strawberry.field(
        description="Member of the InteractionS Pays de la Loire network (module 2 prerequisite)."
    )
    website: str | None = strawberry.field(description="Web site, where known.")

    lookup = organizations_by_public_ids

    @classmethod
    def from_model(cls, row: models.Organization) -> Self:
        """The GraphQL object of an organization row."""
        return cls(
            **cls.record_fields(row),
            name=row.name,
            short_name=row.short_name,
            interactions_member=row.interactions_member,
            website=row.website,
        )


@strawberry.type(
    name="Institution",
    description="A public institution: a COTER's steering body, or one a referent follows.",
)
class InstitutionType:
    """A public institution (DT ARS, DSDEN, Conseil départemental, DREETS…)."""

    name: str = strawberry.field(description="Full name.")
    short_name: str = strawberry.field(description="Acronym or short name.")
    kind: InstitutionKind = strawberry.field(description="What kind of institution it is.")

    @classmethod
    def from_model(cls, row: models.Institution) -> Self:
        """The GraphQL object of an institution row."""
        return cls(name=row.name, short_name=row.short_name, kind=row.kind)

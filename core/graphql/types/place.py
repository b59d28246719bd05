"""Places where sessions and events are held."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from core.graphql.types.department import DepartmentType
from core.services.departments import departments_by_codes


@strawberry.type(name="Place", description="A place: a city, maybe a venue, and its department.")
class PlaceType:
    """A place, located by city and postal code."""

    city: str = strawberry.field(description="City.")
    venue: str | None = strawberry.field(description="Venue, where known.")
    postal_code: str | None = strawberry.field(description="Postal code.")
    department_code: strawberry.Private[str | None]

    @strawberry.field(description="The department the place lies in.")
    async def department(self, info: Info) -> DepartmentType | None:
        if self.department_code is None:
            return None
        row = await info.context.loaders(departments_by_codes).load(self.department_code)
        return DepartmentType.from_model(row) if row else None

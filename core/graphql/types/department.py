"""Departments and their committees."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry.types import Info

from core import models
from core.graphql.types.base import Record
from core.graphql.types.calendar import CalendarType
from core.graphql.types.organization import InstitutionType
from core.graphql.types.person import PersonType
from core.hooks.graphql import DepartmentExtension
from core.services.departments import (
    departments_by_public_ids,
    referent_ids_by_department,
    steering_institutions_by_department,
)
from core.services.people import people_by_ids

if TYPE_CHECKING:
    from core.graphql.plugins import PluginType

Plugin = Annotated["PluginType", strawberry.lazy("core.graphql.plugins")]


@strawberry.type(name="Coter", description="The territorial committee (COTER) of a department.")
class CoterType:
    """A department's COTER, which decides its events and prioritises its actions."""

    name: str = strawberry.field(description="Name of the committee.")
    department_code: strawberry.Private[str]

    @strawberry.field(
        description="The institutions that steer the committee: the DT ARS, the DSDEN and the "
        "Conseil départemental."
    )
    async def steering_institutions(self, info: Info) -> list[InstitutionType]:
        rows = await info.context.loaders(steering_institutions_by_department).load(
            self.department_code
        )
        return [InstitutionType.from_model(row) for row in rows]


@strawberry.type(name="Department", description="One of the five departments of the region.")
class DepartmentType(Record):
    """A department: Loire-Atlantique (44), Maine-et-Loire (49), Mayenne (53), Sarthe (72), Vendée (85)."""

    code: str = strawberry.field(description='Department code, a string ("44").')
    name: str = strawberry.field(description="Name of the department.")
    coter: CoterType = strawberry.field(description="The department's territorial committee.")

    lookup = departments_by_public_ids

    @classmethod
    def from_model(cls, row: models.Department) -> Self:
        """The GraphQL object of a department row."""
        return cls(
            **cls.record_fields(row),
            code=row.code,
            name=row.name,
            coter=CoterType(name=row.coter_name, department_code=row.code),
        )

    @strawberry.field(description="The Pôle CPS referents who follow the department.")
    async def referents(self, info: Info) -> list[PersonType]:
        ids = await info.context.loaders(referent_ids_by_department).load(self.code)
        rows = await info.context.loaders(people_by_ids).load_many(ids)
        return [PersonType.from_model(row) for row in rows if row is not None]

    @strawberry.field(
        description="The department's calendar feed: its sessions, public events and actions."
    )
    def calendar(self, info: Info) -> CalendarType:
        return CalendarType.department(info.context.settings.base_url, self.code, self.name)

    @strawberry.field(description="The plugin that speaks for the department; null if none runs.")
    def plugin(self, info: Info) -> Plugin | None:
        from core.graphql.plugins import plugin_of_department

        return plugin_of_department(info, self.code)

    @strawberry.field(
        description="What the department's plugin adds (see the types implementing "
        "DepartmentExtension); null if it adds nothing or failed (see extensions.pluginFailures)."
    )
    def extension(self, info: Info) -> DepartmentExtension | None:
        from core.graphql.plugins import department_extension

        return department_extension(info, self.code)

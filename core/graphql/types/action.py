"""Deployment-pack actions."""

from __future__ import annotations

from datetime import date
from typing import Self

import strawberry
from strawberry.types import Info

from core import models
from core.graphql.enums import ActionKind, Programme, RecordStatus
from core.graphql.types.base import Record
from core.graphql.types.department import DepartmentType
from core.services.actions import actions_by_public_ids
from core.services.departments import departments_by_codes


@strawberry.type(name="Action", description="An action of a department's deployment pack.")
class ActionType(Record):
    """An action a COTER prioritised, over a period."""

    kind: ActionKind = strawberry.field(description="What kind of action it is.")
    programme: Programme | None = strawberry.field(
        description="The evidence-based programme supported, where there is one."
    )
    title: str = strawberry.field(description="Title, in French.")
    description: str | None = strawberry.field(description="Description, in French.")
    period_start: date = strawberry.field(description="First day of the period.")
    period_end: date | None = strawberry.field(description="Last day of the period, if it ends.")
    status: RecordStatus = strawberry.field(description="ACTIVE, or ARCHIVED (kept for syncs).")
    department_code: strawberry.Private[str]

    lookup = actions_by_public_ids

    @classmethod
    def from_model(cls, row: models.Action) -> Self:
        """The GraphQL object of an action row."""
        return cls(
            **cls.record_fields(row),
            kind=row.kind,
            programme=row.programme,
            title=row.title,
            description=row.description,
            period_start=row.period_start,
            period_end=row.period_end,
            status=row.status,
            department_code=row.department_code,
        )

    @strawberry.field(description="The department whose COTER prioritised the action.")
    async def department(self, info: Info) -> DepartmentType:
        row = await info.context.loaders(departments_by_codes).load(self.department_code)
        return DepartmentType.from_model(row)

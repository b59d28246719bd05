"""The modules of the trainers' course."""

from __future__ import annotations

from typing import Self

import strawberry
from strawberry.types import Info

from core import models
from core.graphql.enums import ModuleNumber, PrerequisiteKind
from core.graphql.types.base import Record
from core.graphql.types.calendar import CalendarType
from core.services.modules import modules_by_public_ids, prerequisites_by_module


@strawberry.type(name="Prerequisite", description="One prerequisite of a module.")
class PrerequisiteType:
    """A prerequisite, structured so that a rule or a form can check it."""

    code: str = strawberry.field(description="Stable code of the prerequisite.")
    kind: PrerequisiteKind = strawberry.field(description="What the prerequisite asks for.")
    label: str = strawberry.field(description="The prerequisite as the brochure states it.")
    minimum_score: float | None = strawberry.field(
        description="For the concepts questionnaire: the least share of right answers (0.8)."
    )
    requires_interactions_member: bool = strawberry.field(
        description="For a prior CPS training: it must come from a member of InteractionS."
    )


@strawberry.type(name="Module", description="Module 1 or 2 of the course for trainers of trainers.")
class ModuleType(Record):
    """A module of the course, with its prerequisites."""

    number: ModuleNumber = strawberry.field(description="Which module.")
    title: str = strawberry.field(description="Title, in French.")
    length_days: int = strawberry.field(description="Length in training days.")
    description: str | None = strawberry.field(description="What the module offers, in French.")

    lookup = modules_by_public_ids

    @classmethod
    def from_model(cls, row: models.TrainingModule) -> Self:
        """The GraphQL object of a module row."""
        return cls(
            **cls.record_fields(row),
            number=ModuleNumber(row.number),
            title=row.title,
            length_days=row.length_days,
            description=row.description,
        )

    @strawberry.field(description="The module's calendar feed: every day of its sessions.")
    def calendar(self, info: Info) -> CalendarType:
        return CalendarType.module(info.context.settings.base_url, self.number.value, self.title)

    @strawberry.field(description="What a person needs to enrol.")
    async def prerequisites(self, info: Info) -> list[PrerequisiteType]:
        rows = await info.context.loaders(prerequisites_by_module).load(self.row_id)
        return [
            PrerequisiteType(
                code=row.code,
                kind=row.kind,
                label=row.label,
                minimum_score=row.minimum_score,
                requires_interactions_member=row.requires_interactions_member,
            )
            for row in rows
        ]

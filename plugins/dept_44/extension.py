"""What the Loire-Atlantique plugin adds to GraphQL: the university diploma held in Nantes.

The brochure's training path for trainers (axis 2) includes a university diploma held by the
Université de Nantes; the plugin publishes it under ``Department.extension`` for department 44.
Its text is the ``[university_diploma]`` table of ``department.toml``. ``LoireAtlantiquePlugin``
is every department's plugin plus the two hooks that publish it.
"""

from __future__ import annotations

import strawberry
from pydantic import Field

from core.hooks import DepartmentFile, DepartmentPlugin, hookimpl
from core.hooks.datafile import Section
from core.hooks.graphql import DepartmentExtension


class UniversityDiplomaSection(Section):
    title: str = Field(min_length=1)
    holder: str = Field(min_length=1)
    city: str = Field(min_length=1)
    description: str = Field(min_length=1)


class LoireAtlantiqueFile(DepartmentFile):
    """The department's data file, with its own ``[university_diploma]`` table."""

    university_diploma: UniversityDiplomaSection


@strawberry.type(
    name="Dept44UniversityDiploma",
    description="A university diploma of the trainers' path, held in Loire-Atlantique.",
)
class UniversityDiploma:
    """A university diploma and the university that holds it."""

    title: str = strawberry.field(description="Title of the diploma, in French.")
    holder: str = strawberry.field(description="The university that holds it.")
    city: str = strawberry.field(description="Where it is taught.")
    description: str = strawberry.field(description="What it is, in French.")


@strawberry.type(
    name="Dept44Extension",
    description="What the Loire-Atlantique (44) plugin adds: the university diploma of the "
    "trainers' path held by the Université de Nantes.",
)
class LoireAtlantiqueExtension(DepartmentExtension):
    """Department 44's extension."""

    university_diploma: UniversityDiploma = strawberry.field(
        description="The university diploma « Référent en développement des CPS, santé et "
        "bien-être des enfants et des jeunes »."
    )


class LoireAtlantiquePlugin(DepartmentPlugin[LoireAtlantiqueFile]):
    """Department 44's plugin: the hooks every department shares, and its GraphQL extension."""

    @hookimpl
    def cps_graphql_types(self) -> list[type]:
        """The extension's types, added to the schema."""
        return [LoireAtlantiqueExtension, UniversityDiploma]

    @hookimpl
    def cps_department_extension(self) -> LoireAtlantiqueExtension:
        """The university diploma of the data file, under ``Department.extension``."""
        diploma = self.content().university_diploma
        return LoireAtlantiqueExtension(
            department_code=self.content().department.code,
            university_diploma=UniversityDiploma(
                title=diploma.title,
                holder=diploma.holder,
                city=diploma.city,
                description=diploma.description,
            ),
        )

"""The GraphQL interface a plugin's extension implements, under ``Department.extension``."""

from __future__ import annotations

import strawberry


@strawberry.interface(
    name="DepartmentExtension",
    description="What a department's own plugin adds to the API under its department; query "
    "the fields of the type that implements it (for example `... on Dept44Extension`).",
)
class DepartmentExtension:
    """Base of every plugin's extension type; a plugin subclasses it with a Strawberry type."""

    department_code: str = strawberry.field(
        description='Code of the department whose plugin adds it ("44").'
    )

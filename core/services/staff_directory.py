"""Staff writes to the directory: trainers, deployment-pack actions and resources.

No plugin declares rules for these (rules check registrations, sessions and events), so the
checks here are those of the input: texts that fit, an email that is one, a period that ends
after it starts. Nothing is deleted: archiving sets ``status`` to ARCHIVED, so that partner
sites synchronising with ``updatedSince`` see it go.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Base
from core.hooks.types import Violation
from core.models import Action, Person, PersonDepartment, PersonRoleAssignment, Resource
from core.models.enums import PersonRole, RecordStatus
from core.services.errors import InputError
from core.services.people import person_search_fields
from core.services.resources import resource_search_fields

TEXT_LIMIT = 300
LONG_TEXT_LIMIT = 5_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?$")
_LONG = {"description"}
_REQUIRED = frozenset({"given_name", "family_name", "title"})
# A resource is shown by its description: it cannot be left empty.
_RESOURCE_REQUIRED = _REQUIRED | {"description"}


def input_errors(
    values: Mapping[str, Any], required: frozenset[str] = _REQUIRED
) -> list[Violation]:
    """What is malformed in the values given (field names as the model spells them);
    ``required`` names the fields that cannot be empty."""
    errors = []
    for field, value in values.items():
        graphql_field = re.sub(r"_(\w)", lambda m: m.group(1).upper(), field)
        if field in required and (value is None or not str(value).strip()):
            errors.append(Violation("REQUIRED", graphql_field, "Ce champ est requis."))
        if isinstance(value, str):
            limit = LONG_TEXT_LIMIT if field in _LONG else TEXT_LIMIT
            if len(value) > limit:
                errors.append(
                    Violation(
                        "TEXT_TOO_LONG", graphql_field, f"Ce texte dépasse {limit} caractères."
                    )
                )
            elif field == "email" and not _EMAIL.match(value):
                errors.append(
                    Violation("INVALID_EMAIL", "email", f"« {value} » n'est pas une adresse électronique.")
                )
            elif field == "url" and not _URL.match(value):
                errors.append(
                    Violation(
                        "INVALID_URL", "url",
                        f"« {value} » n'est pas une adresse web : elle commence par https://.",
                    )
                )
    start, end = values.get("period_start"), values.get("period_end")
    if start is not None and end is not None and end < start:
        errors.append(
            Violation("PERIOD_ENDS_BEFORE_START", "periodEnd", "La période finit avant de commencer.")
        )
    return errors


def apply(row: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """Set the values that differ; returns the changes (JSON-able) for the audit trail."""
    changes = {}
    for field, value in values.items():
        if getattr(row, field) != value:
            setattr(row, field, value)
            changes[field] = value if isinstance(value, str | int | bool | None) else str(value)
    return changes


def archive(row: Person | Action | Resource) -> dict[str, Any]:
    """Archive a row (never deleted)."""
    return apply(row, {"status": RecordStatus.ARCHIVED})


# Any model: every one has a public ID (``core.db.Base``).
RowT = TypeVar("RowT", bound=Base)


async def by_public_id(db: AsyncSession, model: type[RowT], public_id: str, what: str) -> RowT:
    """A row by public ID, or ``InputError`` ``NOT_FOUND``."""
    row = await db.scalar(select(model).where(model.public_id == public_id))
    if row is None:
        raise InputError("NOT_FOUND", f"{what} « {public_id} » est introuvable.", field="id")
    return row


async def trainer_departments(db: AsyncSession, person: Person) -> list[str | None]:
    """The departments a trainer covers; ``[None]`` for a regional trainer (regional staff's)."""
    codes: list[str | None] = list(
        await db.scalars(
            select(PersonDepartment.department_code).where(PersonDepartment.person_id == person.id)
        )
    )
    return codes or [None]


async def create_trainer(
    db: AsyncSession, values: Mapping[str, Any], department_codes: Sequence[str]
) -> tuple[Person | None, list[Violation]]:
    """A new trainer: regional (no department) or of the departments given."""
    if errors := input_errors(values):
        return None, errors
    person = Person(
        **values,
        aliases=[],
        **person_search_fields(values["given_name"], values["family_name"], []),
    )
    db.add(person)
    await db.flush()
    role = PersonRole.DEPARTMENT_TRAINER if department_codes else PersonRole.REGIONAL_TRAINER
    db.add(PersonRoleAssignment(person_id=person.id, role=role))
    db.add_all(PersonDepartment(person_id=person.id, department_code=c) for c in department_codes)
    await db.flush()
    return person, []


async def update_trainer(
    db: AsyncSession, person: Person, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Violation]]:
    """Change a trainer's fields given; keeps the derived search columns right."""
    if errors := input_errors(values):
        return {}, errors
    changes = apply(person, values)
    if {"given_name", "family_name"} & changes.keys():
        apply(person, person_search_fields(person.given_name, person.family_name, person.aliases or []))
    return changes, []


async def create_action(
    db: AsyncSession, values: Mapping[str, Any]
) -> tuple[Action | None, list[Violation]]:
    """A new deployment-pack action of a department."""
    if errors := input_errors(values):
        return None, errors
    action = Action(**values)
    db.add(action)
    await db.flush()
    return action, []


async def update_action(
    action: Action, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Violation]]:
    """Change an action's fields given; a new period raises its calendar SEQUENCE."""
    merged = {"period_start": action.period_start, "period_end": action.period_end, **values}
    if errors := input_errors(merged if {"period_start", "period_end"} & values.keys() else values):
        return {}, errors
    changes = apply(action, values)
    if changes:
        action.sequence += 1
    return changes, []


async def create_resource(
    db: AsyncSession, values: Mapping[str, Any]
) -> tuple[Resource | None, list[Violation]]:
    """A new resource (regional)."""
    if errors := input_errors(values, _RESOURCE_REQUIRED):
        return None, errors
    resource = Resource(
        **values,
        **resource_search_fields(values["title"], values["description"], values.get("publisher")),
    )
    db.add(resource)
    await db.flush()
    return resource, []


async def update_resource(
    resource: Resource, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Violation]]:
    """Change a resource's fields given; keeps the derived search columns right."""
    if errors := input_errors(values, _RESOURCE_REQUIRED):
        return {}, errors
    changes = apply(resource, values)
    if changes:
        apply(
            resource,
            resource_search_fields(resource.title, resource.description, resource.publisher),
        )
    return changes, []

"""Staff writes to the organizations that employ trainers (Promotion Santé, Addictions France…).

The checks are those of the input: a name and a short name that fit their columns, a website
that is a web address. Organizations are never deleted (people and sessions point at them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.hooks.types import Violation
from core.models import Organization
from core.services.errors import InputError
from core.services.staff_directory import apply, is_web_address

# The longest text each field takes (its column's length).
LIMITS = {"name": 200, "short_name": 80, "website": 500}
_FIELD = {"name": "name", "short_name": "shortName", "website": "website"}
_MISSING = {
    "name": "Indiquez le nom de l'organisme.",
    "short_name": "Indiquez le nom court de l'organisme.",
}


def organization_errors(values: Mapping[str, Any]) -> list[Violation]:
    """What is malformed in the organization's values given (as the model spells them)."""
    errors = []
    for field, missing in _MISSING.items():
        if field in values and not str(values[field] or "").strip():
            errors.append(Violation("REQUIRED", _FIELD[field], missing))
    for field, limit in LIMITS.items():
        if len(str(values.get(field) or "")) > limit:
            errors.append(
                Violation("TEXT_TOO_LONG", _FIELD[field], f"Ce texte dépasse {limit} caractères.")
            )
    if "interactions_member" in values and not isinstance(values["interactions_member"], bool):
        errors.append(
            Violation(
                "REQUIRED", "interactionsMember",
                "Indiquez si l'organisme est membre du réseau InteractionS.",
            )
        )
    website = values.get("website")
    if website and not is_web_address(website):
        errors.append(
            Violation(
                "INVALID_URL", "website",
                f"« {website} » n'est pas une adresse de site web (https://…).",
            )
        )
    return errors


async def create_organization(
    db: AsyncSession, values: Mapping[str, Any]
) -> tuple[Organization | None, list[Violation]]:
    """A new organization, or the input's violations."""
    if errors := organization_errors({"name": None, "short_name": None, **values}):
        return None, errors
    organization = Organization(**values)
    db.add(organization)
    await db.flush()
    return organization, []


async def update_organization(
    organization: Organization, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Violation]]:
    """Change the organization's fields given; returns the changes, or the violations."""
    if errors := organization_errors(values):
        return {}, errors
    return apply(organization, values), []


async def all_organizations(db: AsyncSession) -> list[Organization]:
    """Every organization, by name (the back-office's list)."""
    return list(await db.scalars(select(Organization).order_by(Organization.name, Organization.id)))


async def organization_by_public_id(db: AsyncSession, public_id: str) -> Organization:
    """The organization with that public ID, or ``InputError`` ``NOT_FOUND``."""
    row = await db.scalar(select(Organization).where(Organization.public_id == public_id))
    if row is None:
        raise InputError("NOT_FOUND", f"L'organisme « {public_id} » est introuvable.", field="id")
    return row

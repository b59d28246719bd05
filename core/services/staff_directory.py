"""Staff writes to the directory: trainers and referents, deployment-pack actions, resources.

No plugin declares rules for these (rules check registrations, sessions and events), so the
checks here are those of the input: texts that fit, an email that is one, a period that ends
after it starts, roles that fit the departments. One rule is the directory's own: a person's
contact details are published only with their written consent, whose date is kept (not in the
future) while it lasts and cleared when it is withdrawn. Nothing is deleted: archiving sets
``status`` to ARCHIVED, so that partner sites synchronising with ``updatedSince`` see it go.

A person's values may also hold ``roles`` (a list of ``PersonRole``), ``department_codes`` and
``organization_public_id`` (``None``: no organization), the rows around the person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Base
from core.hooks.types import Violation
from core.models import (
    Action,
    Department,
    Organization,
    Person,
    PersonDepartment,
    PersonRoleAssignment,
    Resource,
)
from core.models.enums import PersonRole, RecordStatus
from core.services.errors import InputError
from core.services.people import person_search_fields
from core.services.resources import resource_search_fields

TEXT_LIMIT = 300
LONG_TEXT_LIMIT = 5_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LONG = {"description"}
_REQUIRED = frozenset({"given_name", "family_name", "title"})
# A resource is shown by its description: it cannot be left empty.
_RESOURCE_REQUIRED = _REQUIRED | {"description"}


def is_web_address(text: str) -> bool:
    """Whether ``text`` is an http(s) address with a host (what a link of the site may be)."""
    try:
        parts = urlsplit(text)
    except ValueError:  # "http://[" and the like
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text


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
            elif field == "url" and not is_web_address(value):
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


CONSENT_REQUIRED = "Indiquez la date à laquelle la personne a donné son accord écrit."
CONSENT_IN_FUTURE = (
    "La date de l'accord ne peut pas être dans le futur : indiquez le jour où la personne a "
    "donné son accord écrit."
)
# The fields of a person that are rows of their own, not columns.
_AROUND = ("roles", "department_codes", "organization_public_id")


def settle_consent(
    person: Person | None,
    values: Mapping[str, Any],
    today: date,
    *,
    default_today: bool = False,
) -> tuple[dict[str, Any], list[Violation]]:
    """The consent fields to write, from the values given and what ``person`` has (``None``:
    a new person), or why not.

    Publishing needs the date of the consent, given or kept, not after ``today`` (with
    ``default_today``, a missing date is ``today``: API clients that never sent one);
    withdrawing the consent clears its date. Nothing to write when neither field is given.
    """
    if "contact_public" not in values and "contact_consent_on" not in values:
        return {}, []
    current_public = person.contact_public if person is not None else False
    public = bool(values.get("contact_public", current_public))
    if not public:
        return {"contact_public": False, "contact_consent_on": None}, []
    if "contact_consent_on" in values:
        on = values["contact_consent_on"]
    else:
        on = person.contact_consent_on if person is not None else None
    if on is None and default_today:
        on = today
    if on is None:
        return {}, [Violation("CONSENT_DATE_REQUIRED", "contactConsentOn", CONSENT_REQUIRED)]
    if on > today:
        return {}, [Violation("CONSENT_DATE_IN_FUTURE", "contactConsentOn", CONSENT_IN_FUTURE)]
    return {"contact_public": True, "contact_consent_on": on}, []


def default_roles(department_codes: Sequence[str]) -> list[PersonRole]:
    """The role of a trainer added without one: departmental with departments, else regional."""
    return [PersonRole.DEPARTMENT_TRAINER if department_codes else PersonRole.REGIONAL_TRAINER]


async def _around_errors(
    db: AsyncSession, roles: Sequence[PersonRole], department_codes: Sequence[str]
) -> list[Violation]:
    errors = []
    if not roles:
        errors.append(Violation("ROLE_REQUIRED", "roles", "Choisissez au moins un rôle."))
    if PersonRole.DEPARTMENT_TRAINER in roles and not department_codes:
        errors.append(
            Violation(
                "DEPARTMENT_REQUIRED", "departmentCodes",
                "Une formatrice ou un formateur du département couvre au moins un département.",
            )
        )
    known = set(await db.scalars(select(Department.code).where(Department.code.in_(department_codes))))
    if unknown := sorted(set(department_codes) - known):
        errors.append(
            Violation(
                "UNKNOWN_DEPARTMENT", "departmentCodes",
                f"Département inconnu : {', '.join(unknown)}.",
            )
        )
    return errors


async def _organization_id(
    db: AsyncSession, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Violation]]:
    """``organization_id`` for the ``organization_public_id`` given (nothing if none given)."""
    if "organization_public_id" not in values:
        return {}, []
    public_id = values["organization_public_id"]
    if public_id is None:
        return {"organization_id": None}, []
    found = await db.scalar(select(Organization.id).where(Organization.public_id == public_id))
    if found is None:
        return {}, [
            Violation("ORGANIZATION_NOT_FOUND", "organization", "Choisissez l'organisme dans la liste.")
        ]
    return {"organization_id": found}, []


async def _person_input(
    db: AsyncSession,
    person: Person | None,
    values: Mapping[str, Any],
    today: date,
    default_today: bool,
) -> tuple[dict[str, Any], list[Violation]]:
    """The columns to write for ``values``, or every violation found."""
    columns = {name: value for name, value in values.items() if name not in _AROUND}
    consent, errors = settle_consent(person, columns, today, default_today=default_today)
    organization, unknown = await _organization_id(db, values)
    columns.update(consent)
    columns.update(organization)
    return columns, input_errors({k: v for k, v in columns.items() if k in values}) + errors + unknown


async def _replace_links(
    db: AsyncSession, person: Person, model: Any, column: str, wanted: Sequence[Any]
) -> bool:
    """Make the person's ``model`` rows (their roles, their departments) hold the values
    ``wanted`` in ``column``; whether anything changed."""
    value_of = getattr(model, column)
    current = set(await db.scalars(select(value_of).where(model.person_id == person.id)))
    if current == set(wanted):
        return False
    await db.execute(
        delete(model).where(model.person_id == person.id, value_of.not_in(list(wanted)))
    )
    db.add_all(model(person_id=person.id, **{column: value}) for value in set(wanted) - current)
    return True


async def create_trainer(
    db: AsyncSession,
    values: Mapping[str, Any],
    department_codes: Sequence[str],
    *,
    today: date,
    consent_today_if_missing: bool = False,
) -> tuple[Person | None, list[Violation]]:
    """A new person: regional (no department) or of the departments given, with the
    ``roles`` of ``values`` (by default: trainer, departmental or regional)."""
    roles = list(values["roles"]) if "roles" in values else default_roles(department_codes)
    columns, errors = await _person_input(db, None, values, today, consent_today_if_missing)
    errors += await _around_errors(db, roles, department_codes)
    if errors:
        return None, errors
    person = Person(
        **columns,
        aliases=[],
        **person_search_fields(values["given_name"], values["family_name"], []),
    )
    db.add(person)
    await db.flush()
    db.add_all(PersonRoleAssignment(person_id=person.id, role=role) for role in set(roles))
    db.add_all(PersonDepartment(person_id=person.id, department_code=c) for c in department_codes)
    await db.flush()
    return person, []


async def update_trainer(
    db: AsyncSession,
    person: Person,
    values: Mapping[str, Any],
    *,
    today: date,
    consent_today_if_missing: bool = False,
) -> tuple[dict[str, Any], list[Violation]]:
    """Change a person's fields given (``roles`` and ``department_codes`` included); keeps the
    derived search columns right."""
    columns, errors = await _person_input(db, person, values, today, consent_today_if_missing)
    departments: list[str] = list(values.get("department_codes") or ())
    roles: list[PersonRole] = list(values.get("roles") or ())
    if {"roles", "department_codes"} & values.keys():
        if "department_codes" not in values:
            departments = [code for code in await trainer_departments(db, person) if code]
        if "roles" not in values:
            roles = list(
                await db.scalars(
                    select(PersonRoleAssignment.role).where(
                        PersonRoleAssignment.person_id == person.id
                    )
                )
            )
        errors += await _around_errors(db, roles, departments)
    if errors:
        return {}, errors
    changes = apply(person, columns)
    if {"given_name", "family_name"} & changes.keys():
        apply(person, person_search_fields(person.given_name, person.family_name, person.aliases or []))
    if "roles" in values and await _replace_links(db, person, PersonRoleAssignment, "role", roles):
        changes["roles"] = sorted(roles)
    if "department_codes" in values and await _replace_links(
        db, person, PersonDepartment, "department_code", departments
    ):
        changes["department_codes"] = sorted(departments)
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

"""The directory of referents and trainers."""

from __future__ import annotations

from typing import Any

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Reader
from core.models import (
    Organization,
    Person,
    PersonDepartment,
    PersonInstitution,
    PersonRoleAssignment,
)
from core.models.enums import PersonRole, RecordStatus
from core.services.lookup import children_by_parent, require_public_id, rows_by_key
from core.services.pagination import Page, PageRequest, paginate
from core.text import search_key

SORT_KEYS = (Person.sort_name, Person.id)


def person_search_fields(
    given_name: str, family_name: str, aliases: Sequence[str]
) -> dict[str, Any]:
    """The derived sort and search columns of a person, from their names."""
    spellings = [f"{given_name} {family_name}", f"{family_name} {given_name}", *aliases]
    return {
        "sort_name": f"{search_key(family_name)} {search_key(given_name)}",
        "search_text": "|".join(search_key(spelling) for spelling in spellings),
    }


@dataclass(frozen=True)
class TrainerFilter:
    """Which people to list; every criterion given must hold."""

    department_code: str | None = None
    organization_public_id: str | None = None
    role: PersonRole | None = None
    name: str | None = None
    statuses: tuple[RecordStatus, ...] | None = None
    updated_since: datetime | None = None


def trainers_query(criteria: TrainerFilter) -> Select[Any]:
    """The ``select`` of the people matching ``criteria``, unordered."""
    statement = select(Person)
    if criteria.department_code is not None:
        statement = statement.where(
            exists().where(
                PersonDepartment.person_id == Person.id,
                PersonDepartment.department_code == criteria.department_code,
            )
        )
    if criteria.organization_public_id is not None:
        statement = statement.where(
            Person.organization_id
            == select(Organization.id)
            .where(Organization.public_id == criteria.organization_public_id)
            .scalar_subquery()
        )
    if criteria.role is not None:
        statement = statement.where(
            exists().where(
                PersonRoleAssignment.person_id == Person.id,
                PersonRoleAssignment.role == criteria.role,
            )
        )
    if criteria.name:
        statement = statement.where(Person.search_text.contains(search_key(criteria.name)))
    if criteria.statuses:
        statement = statement.where(Person.status.in_(criteria.statuses))
    if criteria.updated_since is not None:
        statement = statement.where(Person.updated_at >= criteria.updated_since)
    return statement


async def list_trainers(
    db: AsyncSession, criteria: TrainerFilter, request: PageRequest, *, with_total: bool = False
) -> Page[Person]:
    """A page of people matching ``criteria``, by family name; ``InputError`` ``UNKNOWN_ID``
    for an organization that does not exist."""
    await require_public_id(
        db, Organization, criteria.organization_public_id, "organization", "aucun organisme"
    )
    return await paginate(
        db, trainers_query(criteria), SORT_KEYS, request, with_total=with_total
    )


async def people_by_ids(db: AsyncSession, ids: Sequence[int]) -> list[Person | None]:
    """People by primary key."""
    return await rows_by_key(db, Person, Person.id, ids, plain=True)


async def people_by_public_ids(db: AsyncSession, ids: Sequence[str]) -> list[Person | None]:
    """People by public ID."""
    return await rows_by_key(db, Person, Person.public_id, ids)


async def roles_by_person(
    db: AsyncSession, person_ids: Sequence[int]
) -> list[list[PersonRoleAssignment]]:
    """The roles of each person."""
    return await children_by_parent(
        db, PersonRoleAssignment, PersonRoleAssignment.person_id, person_ids,
        PersonRoleAssignment.role,
    )


async def departments_by_person(
    db: AsyncSession, person_ids: Sequence[int]
) -> list[list[PersonDepartment]]:
    """The departments each person covers."""
    return await children_by_parent(
        db, PersonDepartment, PersonDepartment.person_id, person_ids,
        PersonDepartment.department_code,
    )


async def roles_and_departments(
    db: Reader, person_ids: Sequence[int]
) -> tuple[list[list[Any]], list[list[Any]]]:
    """The roles and the departments of each person, as read-only rows (two statements)."""
    roles = await children_by_parent(
        db, PersonRoleAssignment, PersonRoleAssignment.person_id, person_ids,
        PersonRoleAssignment.role, plain=True,
    )
    departments = await children_by_parent(
        db, PersonDepartment, PersonDepartment.person_id, person_ids,
        PersonDepartment.department_code, plain=True,
    )
    return roles, departments


async def institutions_by_person(
    db: AsyncSession, person_ids: Sequence[int]
) -> list[list[PersonInstitution]]:
    """The institutions each referent follows."""
    return await children_by_parent(
        db, PersonInstitution, PersonInstitution.person_id, person_ids, PersonInstitution.id
    )

"""Departments, the institutions that steer their COTER, and the referents who follow them."""

from __future__ import annotations

from typing import Any

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Reader
from core.models import Department, Institution, PersonDepartment, PersonRoleAssignment
from core.models.enums import PersonRole
from core.services.lookup import children_by_parent, rows_by_key
from core.services.pagination import Page, PageRequest, paginate

SORT_KEYS = (Department.code, Department.id)


@dataclass(frozen=True)
class DepartmentFilter:
    """Which departments to list."""

    updated_since: datetime | None = None


def departments_query(criteria: DepartmentFilter) -> Select[Any]:
    """The ``select`` of the departments matching ``criteria``, unordered."""
    statement = select(Department)
    if criteria.updated_since is not None:
        statement = statement.where(Department.updated_at >= criteria.updated_since)
    return statement


async def list_departments(
    db: AsyncSession, criteria: DepartmentFilter, request: PageRequest, *, with_total: bool = False
) -> Page[Department]:
    """A page of departments, by code."""
    return await paginate(
        db, departments_query(criteria), SORT_KEYS, request, with_total=with_total
    )


async def departments_by_codes(db: Reader, codes: Sequence[str]) -> list[Department | None]:
    """Departments by code (``"44"``…)."""
    return await rows_by_key(db, Department, Department.code, codes, plain=True)


async def departments_by_public_ids(
    db: AsyncSession, ids: Sequence[str]
) -> list[Department | None]:
    """Departments by public ID."""
    return await rows_by_key(db, Department, Department.public_id, ids)


async def steering_institutions_by_department(
    db: AsyncSession, codes: Sequence[str]
) -> list[list[Institution]]:
    """The institutions that steer each department's COTER."""
    grouped = await children_by_parent(
        db, Institution, Institution.department_code, codes, Institution.id
    )
    return [[row for row in rows if row.steers_coter] for rows in grouped]


async def referent_ids_by_department(db: Reader, codes: Sequence[str]) -> list[list[int]]:
    """The IDs of the Pôle referents who follow each department."""
    statement = (
        select(PersonDepartment.department_code, PersonDepartment.person_id)
        .join(PersonRoleAssignment, PersonRoleAssignment.person_id == PersonDepartment.person_id)
        .where(
            PersonDepartment.department_code.in_(set(codes)),
            PersonRoleAssignment.role == PersonRole.REFERENT,
        )
        .order_by(PersonDepartment.person_id)
    )
    grouped: dict[str, list[int]] = defaultdict(list)
    for code, person_id in await db.execute(statement):
        grouped[code].append(person_id)
    return [grouped.get(code, []) for code in codes]


async def institutions_by_ids(db: AsyncSession, ids: Sequence[int]) -> list[Institution | None]:
    """Institutions by primary key."""
    return await rows_by_key(db, Institution, Institution.id, ids)


async def department_choices(db: AsyncSession) -> list[tuple[str, str]]:
    """Every department's code and name, by code (the choices of the back-office's filters)."""
    rows = await db.execute(select(Department.code, Department.name).order_by(Department.code))
    return [(code, name) for code, name in rows]

"""The directory as staff read it: every person with their roles, departments, status and
consent to publish their contact, and one person as their form shows them.

Department staff see the people of their departments only (what they may change is the
commands' to decide, ``core.commands.directory``). A list costs three statements whatever
its length: the people with their organizations, their roles, their departments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import exists

from core.auth.viewer import Viewer
from core.db import Reader
from core.models import Organization, Person, PersonDepartment
from core.models.enums import PersonRole, RecordStatus
from core.services.people import TrainerFilter, roles_and_departments, trainers_query
from core.services.errors import InputError

# A list never shows more people than this.
MAX_PEOPLE = 500


@dataclass(frozen=True)
class StaffPerson:
    """A person as the back-office shows them, contact details included (staff see them)."""

    public_id: str
    given_name: str
    family_name: str
    job_title: str | None
    organization: str | None
    organization_short_name: str | None
    organization_public_id: str | None
    email: str | None
    phone: str | None
    roles: tuple[PersonRole, ...]
    department_codes: tuple[str, ...]
    status: RecordStatus
    contact_public: bool
    contact_consent_on: date | None

    @property
    def full_name(self) -> str:
        """Given and family name."""
        return f"{self.given_name} {self.family_name}"


def _statement(criteria: TrainerFilter) -> Any:
    return (
        trainers_query(criteria)
        .with_only_columns(
            *Person.__table__.columns,
            Organization.name.label("organization_name"),
            Organization.short_name.label("organization_short_name"),
            Organization.public_id.label("organization_public_id"),
        )
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .order_by(Person.sort_name, Person.id)
    )


async def _people(db: Reader, rows: Sequence[Any]) -> list[StaffPerson]:
    ids = [row.id for row in rows]
    roles, departments = await roles_and_departments(db, ids)
    return [
        StaffPerson(
            public_id=row.public_id,
            given_name=row.given_name,
            family_name=row.family_name,
            job_title=row.job_title,
            organization=row.organization_name,
            organization_short_name=row.organization_short_name,
            organization_public_id=row.organization_public_id,
            email=row.email,
            phone=row.phone,
            roles=tuple(PersonRole(link.role) for link in its_roles),
            department_codes=tuple(link.department_code for link in its_departments),
            status=RecordStatus(row.status),
            contact_public=bool(row.contact_public),
            contact_consent_on=row.contact_consent_on,
        )
        for row, its_roles, its_departments in zip(rows, roles, departments, strict=True)
    ]


async def people_for_staff(
    db: Reader,
    viewer: Viewer,
    *,
    role: PersonRole | None = None,
    department_code: str | None = None,
) -> list[StaffPerson]:
    """The people ``viewer`` may see (department staff: those of their departments), active
    and archived, by family name; only those of ``role`` and ``department_code`` if given."""
    statement = _statement(TrainerFilter(role=role, department_code=department_code))
    if not viewer.is_regional:
        statement = statement.where(
            exists().where(
                PersonDepartment.person_id == Person.id,
                PersonDepartment.department_code.in_(sorted(viewer.department_codes)),
            )
        )
    rows = (await db.execute(statement.limit(MAX_PEOPLE))).all()
    return await _people(db, rows) if rows else []


async def person_for_staff(db: Reader, public_id: str) -> StaffPerson:
    """The person with that public ID, whatever their status; ``InputError`` ``NOT_FOUND``."""
    rows = (await db.execute(_statement(TrainerFilter()).where(Person.public_id == public_id))).all()
    if not rows:
        raise InputError("NOT_FOUND", f"La personne « {public_id} » est introuvable.", field="id")
    return (await _people(db, rows))[0]

"""The public directory of referents and trainers, as the site's pages show it.

Contact details leave this module only for a person who agreed to publish them: a page cannot
show an address it was never given. A list costs three statements whatever its length: the
people with their organisations, then their roles, then their departments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from core.db import Reader
from core.models import Organization, Person
from core.models.enums import PersonRole, RecordStatus
from core.services.people import TrainerFilter, roles_and_departments, trainers_query

# A page never lists more people than this.
MAX_PEOPLE = 300

ROLE_LABELS = {
    PersonRole.REFERENT: "Référente ou référent du Pôle CPS",
    PersonRole.REGIONAL_TRAINER: "Formatrice ou formateur de formateurs (pool régional)",
    PersonRole.DEPARTMENT_TRAINER: "Formatrice ou formateur CPS du département",
}


@dataclass(frozen=True)
class DirectoryCriteria:
    """What the directory is narrowed to; ``None`` keeps everyone active."""

    text: str | None = None
    department_code: str | None = None
    organization_public_id: str | None = None
    role: PersonRole | None = None


@dataclass(frozen=True)
class DirectoryEntry:
    """A person as the public directory shows them.

    ``email`` and ``phone`` are ``None`` unless the person agreed to publish them.
    """

    public_id: str
    full_name: str
    job_title: str | None
    organization: str | None
    roles: tuple[PersonRole, ...]
    department_codes: tuple[str, ...]
    email: str | None
    phone: str | None

    @property
    def role_labels(self) -> list[str]:
        """The roles in French."""
        return [ROLE_LABELS[role] for role in self.roles]


def _people_statement(criteria: TrainerFilter) -> Select[*tuple[Any, ...]]:
    return (
        trainers_query(criteria)
        .with_only_columns(
            Person.id,
            Person.public_id,
            Person.given_name,
            Person.family_name,
            Person.job_title,
            Person.email,
            Person.phone,
            Person.contact_public,
            Organization.name.label("organization_name"),
        )
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .order_by(Person.sort_name, Person.id)
    )


async def _entries(db: Reader, rows: Sequence[Any]) -> list[DirectoryEntry]:
    ids = [row.id for row in rows]
    if not ids:
        return []
    roles, departments = await roles_and_departments(db, ids)
    return [
        DirectoryEntry(
            public_id=row.public_id,
            full_name=f"{row.given_name} {row.family_name}",
            job_title=row.job_title,
            organization=row.organization_name,
            roles=tuple(PersonRole(link.role) for link in its_roles),
            department_codes=tuple(link.department_code for link in its_departments),
            email=row.email if row.contact_public else None,
            phone=row.phone if row.contact_public else None,
        )
        for row, its_roles, its_departments in zip(rows, roles, departments, strict=True)
    ]


async def directory(db: Reader, criteria: DirectoryCriteria) -> list[DirectoryEntry]:
    """The active people ``criteria`` keep, by family name; the name search ignores accents,
    case, spaces and hyphens ("le royer" finds "Anne Le Royer" and "Leroyer")."""
    statement = _people_statement(
        TrainerFilter(
            department_code=criteria.department_code,
            organization_public_id=criteria.organization_public_id,
            role=criteria.role,
            name=criteria.text,
            statuses=(RecordStatus.ACTIVE,),
        )
    ).limit(MAX_PEOPLE)
    return await _entries(db, (await db.execute(statement)).all())


async def directory_entry(db: Reader, public_id: str) -> DirectoryEntry | None:
    """The active person with that public ID, or ``None``."""
    statement = _people_statement(TrainerFilter(statuses=(RecordStatus.ACTIVE,))).where(
        Person.public_id == public_id
    )
    found = await _entries(db, (await db.execute(statement)).all())
    return found[0] if found else None


async def directory_entries_by_ids(db: Reader, ids: Sequence[int]) -> list[DirectoryEntry]:
    """The active people of ``ids`` (primary keys), by family name."""
    if not ids:
        return []
    statement = _people_statement(TrainerFilter(statuses=(RecordStatus.ACTIVE,))).where(
        Person.id.in_(list(ids))
    )
    return await _entries(db, (await db.execute(statement)).all())


async def organization_names(db: Reader) -> dict[str, str]:
    """The name of each organisation that employs someone in the directory, by public ID."""
    statement = (
        select(Organization.public_id, Organization.name)
        .where(Organization.id.in_(select(Person.organization_id)))
        .order_by(Organization.name)
    )
    return {public_id: name for public_id, name in (await db.execute(statement)).all()}

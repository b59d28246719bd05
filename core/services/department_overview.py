"""A department as its public page shows it: its COTER, referents and actions.

Its sessions and events come from ``core.services.agenda``. The page costs the same statements
whatever the number of referents or actions: the department, its steering institutions, its
referents' IDs, the referents (three, see ``core.services.directory``), its actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.db import Reader
from core.models import Action, Institution
from core.models.enums import ActionKind, Programme, RecordStatus
from core.services.actions import ActionFilter, actions_query
from core.services.departments import departments_by_codes, referent_ids_by_department
from core.services.directory import DirectoryEntry, directory_entries_by_ids
from core.services.lookup import children_by_parent

@dataclass(frozen=True)
class SteeringInstitution:
    """An institution that steers the COTER."""

    name: str
    short_name: str


@dataclass(frozen=True)
class DepartmentAction:
    """An action of the deployment pack the COTER prioritised."""

    title: str
    kind: ActionKind
    programme: Programme | None
    description: str | None
    period_start: date
    period_end: date | None


@dataclass(frozen=True)
class DepartmentOverview:
    """Everything a department's page shows but its agenda."""

    code: str
    name: str
    coter_name: str
    steering: tuple[SteeringInstitution, ...]
    referents: tuple[DirectoryEntry, ...]
    actions: tuple[DepartmentAction, ...]


async def department_overview(db: Reader, code: str) -> DepartmentOverview | None:
    """The department with that code (``"44"``), or ``None``; its active actions by period."""
    (department,) = await departments_by_codes(db, [code])
    if department is None:
        return None
    (institutions,) = await children_by_parent(
        db, Institution, Institution.department_code, [code], Institution.id, plain=True
    )
    (referent_ids,) = await referent_ids_by_department(db, [code])
    referents = await directory_entries_by_ids(db, referent_ids)
    actions = (
        await db.execute(
            actions_query(ActionFilter(department_code=code, statuses=(RecordStatus.ACTIVE,)))
            .with_only_columns(*Action.__table__.columns)
            .order_by(Action.period_start, Action.id)
        )
    ).all()
    return DepartmentOverview(
        code=department.code,
        name=department.name,
        coter_name=department.coter_name,
        steering=tuple(
            SteeringInstitution(row.name, row.short_name) for row in institutions if row.steers_coter
        ),
        referents=tuple(referents),
        actions=tuple(
            DepartmentAction(
                title=row.title,
                kind=ActionKind(row.kind),
                programme=Programme(row.programme) if row.programme else None,
                description=row.description,
                period_start=row.period_start,
                period_end=row.period_end,
            )
            for row in actions
        ),
    )

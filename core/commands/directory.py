"""Commands on the directory: trainers, deployment-pack actions and resources.

Create, update (only the fields given) and archive (never delete). Who may: staff covering the
object's departments, so department staff manage the trainers and actions of their departments;
regional trainers and resources (no department) are regional staff's. ``AccessDenied`` comes
before anything is written; ``NOT_FOUND`` (an ``InputError``) when the object does not exist.

``values`` are the fields given, named as the model spells them (``given_name``,
``period_start``…); a field left out keeps its value. The checks are those of the input
(``core.services.staff_directory``); a refused input comes back in ``result.errors``. Each write
records its audit entry (which also tells partners' webhooks). The value of a result is the
object's public ID.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.permissions import require_departments
from core.commands.context import CommandContext
from core.commands.results import CommandResult, done, refused
from core.commands.running import Idempotency, run_idempotent
from core.hooks.types import Violation
from core.models import Action, Person, Resource
from core.services import audit, staff_directory

__all__ = [
    "archive_action",
    "archive_resource",
    "archive_trainer",
    "create_action",
    "create_resource",
    "create_trainer",
    "update_action",
    "update_resource",
    "update_trainer",
]

Values = Mapping[str, Any]
# A write's work: the row written, the changes for the audit trail, the violations.
Work = Callable[[AsyncSession], Awaitable[tuple[Any, Mapping[str, Any], list[Violation]]]]


@dataclass(frozen=True)
class _Kind:
    """One kind of directory object: its model, audit type and how messages name it."""

    model: type
    object_type: str
    prefix: str
    what: str


TRAINER = _Kind(Person, "Person", "trainer", "La personne")
ACTION = _Kind(Action, "Action", "action", "L'action")
RESOURCE = _Kind(Resource, "Resource", "resource", "La ressource")


async def _departments(ctx: CommandContext, kind: _Kind, public_id: str) -> list[str | None]:
    """The departments of an existing object (``[None]``: regional); ``NOT_FOUND`` if none.
    Resources are all regional: looked up in the write only."""
    if kind is RESOURCE:
        return [None]
    async with ctx.database.sessions() as db:
        row = await staff_directory.by_public_id(db, kind.model, public_id, "L'objet")
        if kind is TRAINER:
            return await staff_directory.trainer_departments(db, row)
        return [row.department_code]


async def _run(
    ctx: CommandContext,
    kind: _Kind,
    verb: str,
    departments: Sequence[str | None],
    work: Work,
    idempotency: Idempotency | None,
) -> CommandResult[str]:
    """Check access to ``departments``, then run ``work`` in one write and audit it."""
    require_departments(ctx.viewer, departments)
    operation = f"{kind.prefix}.{verb}"

    async def write(db: AsyncSession) -> CommandResult[str]:
        row, changes, violations = await work(db)
        if violations:
            return refused(violations)
        await db.flush()
        await audit.record(
            db, ctx.viewer, action=operation, object_type=kind.object_type,
            object_public_id=row.public_id,
            department_codes=[code for code in departments if code], changes=changes,
        )
        return done(row.public_id)

    return await run_idempotent(ctx, operation, idempotency, write, stored_as="id")


async def _update(
    ctx: CommandContext,
    kind: _Kind,
    public_id: str,
    change: Callable[[AsyncSession, Any], Awaitable[tuple[Mapping[str, Any], list[Violation]]]],
    verb: str,
    idempotency: Idempotency | None,
) -> CommandResult[str]:
    """Apply ``change(db, row)`` to an existing object under ``verb``."""
    departments = await _departments(ctx, kind, public_id)

    async def work(db: AsyncSession):
        row = await staff_directory.by_public_id(db, kind.model, public_id, kind.what)
        changes, violations = await change(db, row)
        return row, changes, violations

    return await _run(ctx, kind, verb, departments, work, idempotency)


async def _create_titled(
    ctx: CommandContext,
    kind: _Kind,
    create: Callable[[AsyncSession, Values], Awaitable[tuple[Any, list[Violation]]]],
    values: Values,
    departments: Sequence[str | None],
    idempotency: Idempotency | None,
) -> CommandResult[str]:
    """Create an object with a title (an action, a resource); the audit entry names it."""

    async def work(db: AsyncSession):
        row, violations = await create(db, values)
        return row, {"title": values.get("title")}, violations

    return await _run(ctx, kind, "create", departments, work, idempotency)


async def create_trainer(
    ctx: CommandContext,
    values: Values,
    department_codes: Sequence[str] = (),
    *,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Add a trainer to the directory: regional (no department) or of ``department_codes``.

    Who may: staff covering those departments (a regional trainer: regional staff). Returns
    the person's public ID, or the input's violations (``INVALID_TEXT``, ``INVALID_EMAIL``…).
    """
    codes = sorted(set(department_codes))
    given = {name: value for name, value in values.items() if name != "department_codes"}

    async def work(db: AsyncSession):
        person, violations = await staff_directory.create_trainer(db, given, codes)
        names = {"givenName": given.get("given_name"), "familyName": given.get("family_name")}
        return person, names, violations

    return await _run(ctx, TRAINER, "create", codes or [None], work, idempotency)


async def update_trainer(
    ctx: CommandContext, public_id: str, values: Values, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Change the trainer's fields given (``contact_public``: consent to publish the contact).

    Who may: staff covering the trainer's departments. Raises ``NOT_FOUND``; returns the
    person's public ID or the input's violations.
    """

    async def change(db: AsyncSession, person: Person):
        return await staff_directory.update_trainer(db, person, values)

    return await _update(ctx, TRAINER, public_id, change, "update", idempotency)


async def _archive(db: AsyncSession, row: Any) -> tuple[Mapping[str, Any], list[Violation]]:
    return staff_directory.archive(row), []


async def archive_trainer(
    ctx: CommandContext, public_id: str, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Archive a trainer: kept, shown ARCHIVED, so that partners who synchronise see it go.

    Who may: staff covering the trainer's departments. Raises ``NOT_FOUND``; returns the
    person's public ID.
    """
    return await _update(ctx, TRAINER, public_id, _archive, "archive", idempotency)


async def create_action(
    ctx: CommandContext, values: Values, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Add a deployment-pack action to the department ``values["department_code"]``.

    Who may: staff of that department. Returns the action's public ID, or the input's
    violations (a period that ends before it starts…).
    """
    department = values.get("department_code")
    return await _create_titled(
        ctx, ACTION, staff_directory.create_action, values, [department], idempotency
    )


async def update_action(
    ctx: CommandContext, public_id: str, values: Values, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Change the action's fields given; a new period raises its calendar SEQUENCE.

    Who may: staff of the action's department. Raises ``NOT_FOUND``; returns the action's
    public ID or the input's violations.
    """

    async def change(db: AsyncSession, action: Action):
        return await staff_directory.update_action(action, values)

    return await _update(ctx, ACTION, public_id, change, "update", idempotency)


async def _archive_action(
    db: AsyncSession, action: Action
) -> tuple[Mapping[str, Any], list[Violation]]:
    changes = staff_directory.archive(action)
    if changes:
        # Its calendar entry changes: calendar applications must take the new version.
        action.sequence += 1
    return changes, []


async def archive_action(
    ctx: CommandContext, public_id: str, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Archive an action (kept, shown ARCHIVED; its calendar SEQUENCE grows).

    Who may: staff of the action's department. Raises ``NOT_FOUND``; returns its public ID.
    """
    return await _update(ctx, ACTION, public_id, _archive_action, "archive", idempotency)


async def create_resource(
    ctx: CommandContext, values: Values, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Add a resource to the Pôle's list.

    Who may: regional staff. Returns the resource's public ID, or the input's violations
    (``INVALID_URL``…).
    """
    return await _create_titled(
        ctx, RESOURCE, staff_directory.create_resource, values, [None], idempotency
    )


async def update_resource(
    ctx: CommandContext, public_id: str, values: Values, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Change the resource's fields given.

    Who may: regional staff. Returns its public ID, or ``NOT_FOUND`` and the input's
    violations.
    """

    async def change(db: AsyncSession, resource: Resource):
        return await staff_directory.update_resource(resource, values)

    return await _update(ctx, RESOURCE, public_id, change, "update", idempotency)


async def archive_resource(
    ctx: CommandContext, public_id: str, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Archive a resource (kept, shown ARCHIVED).

    Who may: regional staff. Returns its public ID, or ``NOT_FOUND``.
    """
    return await _update(ctx, RESOURCE, public_id, _archive, "archive", idempotency)

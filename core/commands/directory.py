"""Commands on the directory: trainers and referents, organizations, deployment-pack actions
and resources.

Create, update (only the fields given) and archive (never delete). Who may: staff covering the
object's departments, so department staff manage the trainers and actions of their departments;
regional trainers, organizations and resources (no department) are regional staff's. ``AccessDenied`` comes
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
from core.models import Action, Organization, Person, Resource
from core.services import audit, staff_directory, staff_organizations

__all__ = [
    "archive_action",
    "archive_resource",
    "archive_trainer",
    "create_action",
    "create_organization",
    "create_resource",
    "create_trainer",
    "update_action",
    "update_organization",
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
ORGANIZATION = _Kind(Organization, "Organization", "organization", "L'organisme")


async def _departments(ctx: CommandContext, kind: _Kind, public_id: str) -> list[str | None]:
    """The departments of an existing object (``[None]``: regional); ``NOT_FOUND`` if none.
    Resources and organizations are all regional: looked up in the write only."""
    if kind in (RESOURCE, ORGANIZATION):
        return [None]
    async with ctx.database.sessions() as db:
        row: Any = await staff_directory.by_public_id(db, kind.model, public_id, "L'objet")
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
    new_departments: Sequence[str | None] = (),
) -> CommandResult[str]:
    """Apply ``change(db, row)`` to an existing object under ``verb``; the caller must cover
    its departments and ``new_departments`` (those it moves to)."""
    departments = await _departments(ctx, kind, public_id)
    departments += [code for code in new_departments if code not in departments]

    async def work(db: AsyncSession):
        row: Any = await staff_directory.by_public_id(db, kind.model, public_id, kind.what)
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


def _consent_changes(person: Person) -> dict[str, Any]:
    """What the audit entry of a new person says of the consent to publish their contact."""
    if not person.contact_public:
        return {}
    return {"contact_public": True, "contact_consent_on": str(person.contact_consent_on)}


async def create_trainer(
    ctx: CommandContext,
    values: Values,
    department_codes: Sequence[str] = (),
    *,
    consent_today_if_missing: bool = False,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Add a person to the directory: regional (no department) or of ``department_codes``.

    ``values["roles"]`` (``PersonRole`` values) says what the person does, by default a
    trainer (of the departments, or regional). ``contact_public`` needs ``contact_consent_on``,
    the date of the written consent, not in the future (``ctx.clock``); with
    ``consent_today_if_missing`` a missing date is today's. Who may: staff covering those
    departments (a regional person: regional staff). Returns the person's public ID, or the
    input's violations (``INVALID_TEXT``, ``INVALID_EMAIL``, ``CONSENT_DATE_IN_FUTURE``…).
    """
    codes = sorted(set(department_codes))
    given = {name: value for name, value in values.items() if name != "department_codes"}

    async def work(db: AsyncSession):
        person, violations = await staff_directory.create_trainer(
            db, given, codes, today=ctx.clock.today(),
            consent_today_if_missing=consent_today_if_missing,
        )
        changes = {"givenName": given.get("given_name"), "familyName": given.get("family_name")}
        if person is not None:
            changes.update(_consent_changes(person))
        return person, changes, violations

    return await _run(ctx, TRAINER, "create", codes or [None], work, idempotency)


async def update_trainer(
    ctx: CommandContext,
    public_id: str,
    values: Values,
    *,
    consent_today_if_missing: bool = False,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Change the person's fields given: ``contact_public`` (the consent to publish the contact)
    with ``contact_consent_on`` (its date, kept while it lasts, cleared when it is withdrawn),
    ``roles``, ``department_codes``, ``organization_public_id``…

    Who may: staff covering the person's departments, and the new ones when they change.
    Raises ``NOT_FOUND``; returns the person's public ID or the input's violations.
    """
    new_departments: list[str | None] = []
    if "department_codes" in values:
        new_departments = list(values["department_codes"] or [None])

    async def change(db: AsyncSession, person: Person):
        return await staff_directory.update_trainer(
            db, person, values, today=ctx.clock.today(),
            consent_today_if_missing=consent_today_if_missing,
        )

    return await _update(
        ctx, TRAINER, public_id, change, "update", idempotency, new_departments
    )


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


async def create_organization(
    ctx: CommandContext, values: Values, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Add an organization that employs trainers (``name``, ``short_name``,
    ``interactions_member``, ``website``).

    Who may: regional staff. Returns its public ID, or the input's violations (``REQUIRED``,
    ``INVALID_URL``…).
    """

    async def work(db: AsyncSession):
        row, violations = await staff_organizations.create_organization(db, values)
        return row, {"name": values.get("name")}, violations

    return await _run(ctx, ORGANIZATION, "create", [None], work, idempotency)


async def update_organization(
    ctx: CommandContext, public_id: str, values: Values, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Change the organization's fields given.

    Who may: regional staff. Raises ``NOT_FOUND``; returns its public ID, or the input's
    violations.
    """

    async def change(db: AsyncSession, organization: Organization):
        return await staff_organizations.update_organization(organization, values)

    return await _update(ctx, ORGANIZATION, public_id, change, "update", idempotency)

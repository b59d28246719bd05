"""Commands on registrations: register, the person's own changes, and staff's.

Who may:

- ``register``: anyone (a partner site's form, the public); staff registering someone on their
  behalf only within their departments (regional staff everywhere).
- ``cancel_my_registration``, ``update_my_registration``: whoever holds the private reference
  given at registration (the reference is the credential); ``confirm_registration_address``
  and ``cancel_registration_by_link``: whoever holds the e-mailed link's secret;
  ``send_my_registration_links``: anyone (the answer says nothing of the address).
- the staff commands (``confirm_registration``, ``refuse_registration``,
  ``cancel_registration``, ``cancel_registrations``, ``move_registration``,
  ``update_registration``): staff covering the registration's departments (and, for a move,
  the new target's); ``AccessDenied`` otherwise, before anything is written.

Each writes in one transaction (``core.services.registrations``: seats locked, rules run,
waitlists promoted), records the audit entry and leaves the person's e-mail in the outbox. The
result's value is the registration's public ID (a list of them for ``cancel_registrations``;
the public ID and the private reference for ``register``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any, TypedDict

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.permissions import require_departments
from core.commands.context import CommandContext
from core.commands.results import CommandResult, done, refused
from core.commands.running import Idempotency, run_idempotent
from core.hooks.types import RegistrationDraft, TargetKind, Violation
from core.models import Registration
from core.services import address_confirmation, registration_mail
from core.services.registrations import amendments, queries, registering, status_changes
from core.services.registrations.declared import DeclaredChanges
from core.services.registrations.outcomes import RegistrationOutcome
from core.services import staff_messages
from core.services.eligibility import registration_target
from core.services.errors import InputError
from core.services.seat_lock import seat_transaction

__all__ = [
    "BULK_LIMIT",
    "REASON_LIMIT",
    "Registered",
    "cancel_my_registration",
    "cancel_registration_by_link",
    "confirm_registration_address",
    "cancel_registration",
    "cancel_registrations",
    "check_bulk_size",
    "confirm_registration",
    "move_registration",
    "refuse_registration",
    "register",
    "send_my_registration_links",
    "require_registration",
    "update_my_registration",
    "update_registration",
]

# Most registrations one command changes at once.
BULK_LIMIT = 500
# Longest reason staff give for a refusal.
REASON_LIMIT = 1000
STORED_AS = "registration"


class Registered(TypedDict):
    """The value of ``register``: the registration's public ID and the person's private
    reference (shown once)."""

    registration: str
    reference: str


def _not_found(field: str) -> CommandResult[Any]:
    message = staff_messages.REGISTRATION_NOT_FOUND
    return refused([Violation("REGISTRATION_NOT_FOUND", field, message)])


def _outcome(outcome: RegistrationOutcome) -> CommandResult[str]:
    if outcome.errors or outcome.registration is None:
        return refused(outcome.errors)
    return done(outcome.registration.public_id)


def check_bulk_size(count: int) -> None:
    """Raise ``TOO_MANY_IDS`` when ``count`` registrations are more than one command changes."""
    if count > BULK_LIMIT:
        raise InputError(
            "TOO_MANY_IDS",
            f"Au plus {BULK_LIMIT} inscriptions par demande ({count} reçues).",
            field="ids",
        )


async def require_registration(ctx: CommandContext, public_id: str) -> None:
    """Raise (``UNAUTHENTICATED``, ``FORBIDDEN``) unless the viewer covers the registration's
    departments; ``REGISTRATION_NOT_FOUND`` when there is none (after the access check, so
    that an anonymous caller learns nothing)."""
    async with ctx.database.sessions() as db:
        row = await queries.by_public_id(db, public_id)
    require_departments(ctx.viewer, row.department_codes if row else [None])
    if row is None:
        raise InputError(
            "REGISTRATION_NOT_FOUND", staff_messages.REGISTRATION_NOT_FOUND, field="id"
        )


async def _require_target(ctx: CommandContext, kind: TargetKind, public_id: str) -> None:
    """Raise unless the viewer covers the target's departments (regional staff only for a
    target that does not exist: the write then says ``TARGET_NOT_FOUND``)."""
    async with ctx.database.sessions() as db:
        found = await registration_target(db, kind, public_id)
    require_departments(ctx.viewer, found.department_codes if found else [None])


async def register(
    ctx: CommandContext,
    kind: TargetKind,
    target_public_id: str,
    draft: RegistrationDraft,
    *,
    idempotency: Idempotency | None = None,
) -> CommandResult[Registered]:
    """Register a person to a session or event under the rules of ``eligibility``.

    Who may: anyone; staff (registering someone on their behalf) within their departments.
    Without a staff viewer the registration waits, UNCONFIRMED, for its address to be
    confirmed through an e-mailed link. Returns the registration's public ID and private
    reference, or the violations (``TARGET_NOT_FOUND``, ``ALREADY_REGISTERED``, the rules').
    The per-address caps on anonymous registrations belong to the door that knows the address
    (``core.ratelimit.registration_caps``).
    """
    if ctx.viewer.is_staff:
        await _require_target(ctx, kind, target_public_id)

    async def write(db: AsyncSession) -> CommandResult[Registered]:
        outcome = await registering.register(
            db, ctx.plugin_manager, ctx.viewer, kind, target_public_id, draft,
            today=ctx.clock.today(),
        )
        if outcome.errors or outcome.registration is None or outcome.reference is None:
            return refused(outcome.errors)
        return done(
            Registered(registration=outcome.registration.public_id, reference=outcome.reference)
        )

    return await run_idempotent(ctx, "registration.register", idempotency, write, stored_as=None)


Find = Callable[[AsyncSession], Awaitable[Registration | None]]


async def _update_declared(
    ctx: CommandContext,
    operation: str,
    find: Find,
    not_found_field: str,
    changes: DeclaredChanges,
    idempotency: Idempotency | None,
) -> CommandResult[str]:
    async def write(db: AsyncSession) -> CommandResult[str]:
        row = await find(db)
        if row is None:
            return _not_found(not_found_field)
        outcome = await amendments.update_declared(
            db, ctx.plugin_manager, ctx.viewer, row, changes, today=ctx.clock.today()
        )
        return _outcome(outcome)

    return await run_idempotent(ctx, operation, idempotency, write, stored_as=STORED_AS)


async def cancel_my_registration(
    ctx: CommandContext, reference: str, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Cancel a registration by its private reference; a seat it frees goes to the first on
    the waitlist.

    Who may: whoever holds the reference. Returns the registration's public ID, or
    ``REGISTRATION_NOT_FOUND`` (field ``reference``) or ``INVALID_TRANSITION``.
    """

    async def write(db: AsyncSession) -> CommandResult[str]:
        row = await queries.by_reference(db, reference)
        if row is None:
            return _not_found("reference")
        return _outcome(await status_changes.change_status(db, ctx.viewer, row, "cancel"))

    return await run_idempotent(
        ctx, "registration.cancel_own", idempotency, write, stored_as=STORED_AS
    )


async def update_my_registration(
    ctx: CommandContext,
    reference: str,
    changes: DeclaredChanges,
    *,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Correct what the person declared (``changes`` maps ``RegistrationDraft`` fields to new
    values), found by its private reference; the rules are evaluated again on the new data.

    Who may: whoever holds the reference. Returns the registration's public ID, or the
    violations (nothing changed): ``REGISTRATION_NOT_FOUND``, ``ERASED``, the rules'.
    """

    async def find(db: AsyncSession) -> Registration | None:
        return await queries.by_reference(db, reference)

    return await _update_declared(
        ctx, "registration.update_own", find, "id", changes, idempotency
    )


async def update_registration(
    ctx: CommandContext,
    public_id: str,
    changes: DeclaredChanges,
    *,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Staff: correct what a person declared (as ``update_my_registration``).

    Who may: staff covering the registration's departments. Raises
    ``REGISTRATION_NOT_FOUND``; returns its public ID or the violations.
    """
    await require_registration(ctx, public_id)

    async def find(db: AsyncSession) -> Registration | None:
        return await queries.by_public_id(db, public_id)

    return await _update_declared(ctx, "registration.update", find, "id", changes, idempotency)


async def _status_change(
    ctx: CommandContext,
    action: str,
    public_id: str,
    idempotency: Idempotency | None,
    reasons: Sequence[str] = (),
) -> CommandResult[str]:
    await require_registration(ctx, public_id)

    async def write(db: AsyncSession) -> CommandResult[str]:
        row = await queries.by_public_id(db, public_id)
        if row is None:
            return _not_found("id")
        return _outcome(await status_changes.change_status(db, ctx.viewer, row, action, reasons))

    return await run_idempotent(
        ctx, f"registration.{action}", idempotency, write, stored_as=STORED_AS
    )


async def confirm_registration(
    ctx: CommandContext, public_id: str, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Staff: confirm a registration awaiting approval, waitlisted or refused (the last two
    need a free seat); the person is told.

    Who may: staff covering the registration's departments. Raises
    ``REGISTRATION_NOT_FOUND``; returns its public ID, or ``NO_SEAT_LEFT`` /
    ``INVALID_TRANSITION``.
    """
    return await _status_change(ctx, "confirm", public_id, idempotency)


async def refuse_registration(
    ctx: CommandContext,
    public_id: str,
    reason: str | None = None,
    *,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Staff: refuse a registration, with the ``reason`` told to the person (optional, at
    most ``REASON_LIMIT`` characters); a seat it held goes to the first on the waitlist.

    Who may: staff covering the registration's departments. Raises
    ``REGISTRATION_NOT_FOUND``; returns its public ID, or ``INVALID_TEXT`` (field ``reason``)
    / ``INVALID_TRANSITION``.
    """
    reason = (reason or "").strip()
    if len(reason) > REASON_LIMIT:
        await require_registration(ctx, public_id)
        return refused(
            [
                Violation(
                    "INVALID_TEXT",
                    "reason",
                    f"La raison du refus fait au plus {REASON_LIMIT} caractères.",
                )
            ]
        )
    return await _status_change(ctx, "refuse", public_id, idempotency, [reason] if reason else [])


async def cancel_registration(
    ctx: CommandContext, public_id: str, *, idempotency: Idempotency | None = None
) -> CommandResult[str]:
    """Staff: cancel a registration; a seat it held goes to the first on the waitlist and the
    person is told.

    Who may: staff covering the registration's departments. Raises
    ``REGISTRATION_NOT_FOUND``; returns its public ID, or ``INVALID_TRANSITION``.
    """
    return await _status_change(ctx, "cancel", public_id, idempotency)


async def cancel_registrations(
    ctx: CommandContext,
    public_ids: Sequence[str],
    *,
    idempotency: Idempotency | None = None,
) -> CommandResult[list[str]]:
    """Staff: cancel several registrations at once (``BULK_LIMIT`` at most), all or none: one
    audit entry and one e-mail each, the seats freed going to the waitlists.

    Who may: staff covering every registration's departments. Raises ``TOO_MANY_IDS`` and
    ``REGISTRATION_NOT_FOUND``; returns the public IDs cancelled (each once, in the order
    given), or the violations, each naming its registration in ``field``.
    """
    check_bulk_size(len(public_ids))
    wanted = list(dict.fromkeys(public_ids))
    for public_id in wanted:
        await require_registration(ctx, public_id)

    async def write(db: AsyncSession) -> CommandResult[list[str]]:
        found = [await queries.by_public_id(db, public_id) for public_id in wanted]
        rows = [row for row in found if row is not None]
        if len(rows) < len(found):
            return _not_found("ids")
        cancelled, errors = await status_changes.cancel_many(db, ctx.viewer, rows)
        if errors:
            return refused(errors)
        return done([row.public_id for row in cancelled])

    return await run_idempotent(
        ctx, "registration.cancel_many", idempotency, write, stored_as="registrations"
    )


async def move_registration(
    ctx: CommandContext,
    public_id: str,
    kind: TargetKind,
    target_public_id: str,
    *,
    idempotency: Idempotency | None = None,
) -> CommandResult[str]:
    """Staff: move a registration to another session or event, under that target's rules and
    seats; the seat it frees goes to the first on the old waitlist.

    Who may: staff covering the registration's departments and the new target's. Raises
    ``REGISTRATION_NOT_FOUND``; returns its public ID, or the violations
    (``TARGET_NOT_FOUND``, ``SAME_TARGET``, ``INVALID_TRANSITION``, the rules').
    """
    await require_registration(ctx, public_id)
    await _require_target(ctx, kind, target_public_id)

    async def write(db: AsyncSession) -> CommandResult[str]:
        row = await queries.by_public_id(db, public_id)
        if row is None:
            return _not_found("id")
        outcome = await amendments.move(
            db, ctx.plugin_manager, ctx.viewer, row, kind, target_public_id,
            today=ctx.clock.today(),
        )
        return _outcome(outcome)

    return await run_idempotent(
        ctx, "registration.move", idempotency, write, stored_as=STORED_AS
    )


async def send_my_registration_links(ctx: CommandContext, email: str) -> CommandResult[None]:
    """Send ``email`` a new private link to each of its registrations (to see or cancel
    them); nothing is sent to an address without registrations, and the result is the same.

    Who may: anyone. Returns no value.
    """

    async def write(db: AsyncSession) -> CommandResult[None]:
        await registration_mail.send_links_again(db, email)
        return done(None)

    return await run_idempotent(ctx, "registration.send_links", None, write, stored_as=None)


async def confirm_registration_address(
    ctx: CommandContext, secret: str
) -> CommandResult[address_confirmation.Confirmation]:
    """Follow an e-mailed confirmation link (once, within ``CPS_CONFIRMATION_HOURS``): seat
    the registration under the rules and seats of today, and e-mail its outcome.

    Who may: whoever holds the link's secret. Returns the confirmation (its ``state`` is
    "invalid" for an unknown, used or expired link).
    """
    valid_for = timedelta(hours=ctx.settings.confirmation_hours)
    async with seat_transaction(ctx.database) as db:
        outcome = await address_confirmation.confirm(
            db, ctx.plugin_manager, secret, valid_for, today=ctx.clock.today()
        )
        await db.commit()
    return done(outcome)


async def cancel_registration_by_link(ctx: CommandContext, secret: str) -> CommandResult[str]:
    """Cancel the registration an e-mailed private link stands for; a seat it frees goes to
    the first on the waitlist.

    Who may: whoever holds the link's secret. Returns the registration's public ID, or
    ``LINK_INVALID`` (no such link, or the person's data erased) / ``INVALID_TRANSITION``.
    """

    async def write(db: AsyncSession) -> CommandResult[str]:
        row = await registration_mail.registration_by_link(db, secret)
        if row is None or row.erased_at is not None:
            return refused([Violation("LINK_INVALID", "secret", staff_messages.LINK_INVALID)])
        return _outcome(await status_changes.change_status(db, ctx.viewer, row, "cancel"))

    return await run_idempotent(
        ctx, "registration.cancel_by_link", None, write, stored_as=STORED_AS
    )

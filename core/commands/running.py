"""Running a command's write: one transaction, idempotency keys, results as plain data.

A write function gets the session and returns a ``CommandResult``; the result can be stored
under an idempotency key and answered again on a retry. A result with errors wrote nothing:
its transaction is rolled back and its key not remembered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.permissions import AccessDenied
from core.commands.context import CommandContext
from core.commands.results import CommandResult, refused
from core.hooks.types import Violation
from core.services import idempotency
from core.services.errors import InputError
from core.services.seat_lock import seat_transaction

T = TypeVar("T")
Write = Callable[[AsyncSession], Awaitable[CommandResult[T]]]


@dataclass(frozen=True)
class Idempotency:
    """A caller's idempotency key, with the arguments it goes with.

    The key is remembered for this caller, operation and arguments: the same key sent again
    with the same ``arguments`` is a retry; with other arguments it is refused
    (``IDEMPOTENCY_KEY_REUSED``). ``arguments`` are the request as the caller's door sent it
    (the GraphQL mutation's arguments, its key left out), so that a retry is recognised
    whichever way the door turned them into a command's input.
    """

    key: str
    arguments: Mapping[str, Any] = field(default_factory=dict)


async def run_command(
    ctx: CommandContext,
    operation: str,
    arguments: Mapping[str, Any],
    key: str | None,
    write: Write[T],
    *,
    stored_as: str | None,
) -> CommandResult[T]:
    """Run ``write`` in one transaction (serialised per database on SQLite, see
    ``core.services.seat_lock``) and commit it unless its result has errors.

    With ``key``, the key is claimed in that transaction for this caller, ``operation`` and
    ``arguments`` (``core.services.idempotency``): a retry gets the first applied result (with
    ``replayed`` set) without writing again, waiting for it if the first is still running;
    the key sent with other arguments raises ``InputError`` (``IDEMPOTENCY_KEY_REUSED``), an
    empty or too long one ``INVALID_IDEMPOTENCY_KEY``. The result is stored with its value
    under ``stored_as`` (``CommandResult.to_json``).

    ``AccessDenied`` raised by ``write`` goes up; another ``InputError`` (a day not found,
    hours the wrong way round) becomes the result's error, like a rule's.
    """
    if key is not None:
        idempotency.check_key(key)
        scope = idempotency.scope_of(ctx.viewer, ctx.caller_address)
        fingerprint = idempotency.fingerprint_of(operation, dict(arguments))
        ttl = timedelta(hours=ctx.settings.idempotency_ttl_hours)
        async with seat_transaction(ctx.database) as db:
            await idempotency.forget_expired(db, scope, operation, key)
            await db.commit()
    for _attempt in range(3):
        async with seat_transaction(ctx.database) as db:
            claimed = None
            if key is not None:
                claimed = await idempotency.claim(db, scope, operation, key, fingerprint, ttl)
                if claimed is None:
                    stored = await idempotency.stored(db, scope, operation, key, fingerprint)
                    if stored is None:
                        # Expired between the first look and the claim: forget it, claim again.
                        await idempotency.forget_expired(db, scope, operation, key)
                        await db.commit()
                        continue
                    await db.rollback()
                    return CommandResult.from_json(stored, stored_as, replayed=True)
            try:
                result = await write(db)
            except AccessDenied:
                raise
            except InputError as error:
                result = refused([Violation(error.code, error.field or "input", error.message)])
            if result.errors:
                await db.rollback()
                return result
            try:
                # Storing the result flushes the write's rows: a unique row another writer
                # committed meanwhile is refused there or at the commit.
                if claimed is not None and key is not None:
                    await idempotency.remember(db, claimed, result.to_json(stored_as), key)
                await db.commit()
            except IntegrityError:
                await db.rollback()
                if key is None:
                    raise
                continue
            return result
    raise RuntimeError("idempotency key neither stored nor found")


async def run_idempotent(
    ctx: CommandContext,
    operation: str,
    idempotency_: Idempotency | None,
    write: Write[T],
    *,
    stored_as: str | None,
) -> CommandResult[T]:
    """``run_command`` with a command's optional ``Idempotency`` (none: no key)."""
    if idempotency_ is None:
        return await run_command(ctx, operation, {}, None, write, stored_as=stored_as)
    return await run_command(
        ctx, operation, idempotency_.arguments, idempotency_.key, write, stored_as=stored_as
    )

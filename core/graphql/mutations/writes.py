"""Running a mutation's write: one transaction, idempotency keys, results as plain data.

A write function gets the session and returns a JSON-able result (public IDs and errors), so
that the same result can be stored under an idempotency key and answered again on a retry. A
result with errors wrote nothing: its transaction is rolled back and its key not remembered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta
from typing import Any

from graphql import value_from_ast_untyped
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from core.auth.permissions import AccessDenied
from core.graphql.eligibility import RuleViolationType
from core.hooks.types import Violation
from core.ratelimit.policy import network_of
from core.services import idempotency
from core.services.errors import InputError
from core.services.seat_lock import seat_transaction

Result = dict[str, Any]
Write = Callable[[AsyncSession], Awaitable[Result]]


def errors_result(violations: Iterable[Violation], **values: Any) -> Result:
    """The result of a refused write."""
    return {
        **values,
        "errors": [
            {"code": v.code, "field": v.field, "message": v.message, "plugin": v.plugin}
            for v in violations
        ],
    }


def error_types(result: Result) -> list[RuleViolationType]:
    """The payload's errors of a result."""
    return [RuleViolationType(**error) for error in result.get("errors", [])]


def _arguments(info: Info) -> dict[str, Any]:
    """The mutation field's arguments as sent (variables resolved), its key left out."""
    raw = info._raw_info
    variables = dict(raw.variable_values or {})
    return {
        argument.name.value: value_from_ast_untyped(argument.value, variables)
        for argument in raw.field_nodes[0].arguments or ()
        if argument.name.value != "idempotencyKey"
    }


def _caller_address(info: Info) -> str:
    request = info.context.request
    client = request.scope.get("client") if request is not None else None
    return network_of(client[0]) if client else "unknown"


async def run_write(info: Info, operation: str, key: str | None, write: Write) -> Result:
    """Run ``write`` in one transaction (serialised per database on SQLite, see
    ``core.services.seat_lock``) and commit it unless it returned errors.

    With ``key``, the key is claimed in that transaction for this caller and these arguments
    (``core.services.idempotency``): a retry gets the first applied result (with
    ``"replayed": True``) without writing again, waiting for it if the first is still running;
    the key sent with other arguments raises ``InputError`` (``IDEMPOTENCY_KEY_REUSED``)."""
    viewer = info.context.viewer
    database = info.context.database
    if key is not None:
        idempotency.check_key(key)
        scope = idempotency.scope_of(viewer, _caller_address(info))
        fingerprint = idempotency.fingerprint_of(operation, _arguments(info))
        ttl = timedelta(hours=info.context.settings.idempotency_ttl_hours)
        async with seat_transaction(database) as db:
            await idempotency.forget_expired(db, scope, operation, key)
            await db.commit()
    for _attempt in range(3):
        async with seat_transaction(database) as db:
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
                    return {**stored, "replayed": True}
            try:
                result = await write(db)
            except AccessDenied:
                raise
            except InputError as error:
                # An expected refusal of a service (a day not found, hours the wrong way round):
                # an error of the payload, like a rule's.
                result = errors_result(
                    [Violation(error.code, error.field or "input", error.message)]
                )
            if result.get("errors"):
                await db.rollback()
                return result
            if claimed is not None:
                await idempotency.remember(db, claimed, result, key)
            try:
                await db.commit()
            except IntegrityError:
                # On SQLite, the same key committed by another process meanwhile.
                await db.rollback()
                if key is None:
                    raise
                continue
            return result
    raise RuntimeError("idempotency key neither stored nor found")

"""Running a mutation's write: one transaction, idempotency keys, results as plain data.

A write function gets the session and returns a JSON-able result (public IDs and errors), so
that the same result can be stored under an idempotency key and answered again on a retry. A
result with errors wrote nothing: its transaction is rolled back and its key not remembered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from core.auth.permissions import AccessDenied
from core.graphql.eligibility import RuleViolationType
from core.hooks.types import Violation
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


async def run_write(
    info: Info, operation: str, key: str | None, write: Write, fingerprint: str = ""
) -> Result:
    """Run ``write`` in one transaction (serialised per database on SQLite, see
    ``core.services.seat_lock``) and commit it unless it returned errors; with ``key``, a
    second call returns the first applied result without writing again. ``fingerprint`` (the
    arguments, as text) scopes an anonymous caller's keys (``idempotency.scope_of``)."""
    viewer = info.context.viewer
    if key is not None:
        idempotency.check_key(key)
    database = info.context.database
    for _attempt in range(2):
        async with seat_transaction(database) as db:
            if key is not None:
                stored = await idempotency.replay(db, viewer, operation, key, fingerprint)
                if stored is not None:
                    return stored
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
            if key is not None:
                idempotency.remember(db, viewer, operation, key, result, fingerprint)
            try:
                await db.commit()
            except IntegrityError:
                # The same key committed by a request sent side by side: answer its result.
                await db.rollback()
                if key is None:
                    raise
                continue
            return result
    raise RuntimeError("idempotency key neither stored nor found")

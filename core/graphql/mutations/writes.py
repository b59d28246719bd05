"""The GraphQL side of a write: the command context of a request, the mutation's arguments
for its idempotency key, and a command's result as payload errors.

The writes themselves (transaction, idempotency, access, rules, audit) are the command
functions' (``core.commands``); a resolver maps its input to a command's and the result to its
payload.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from graphql import value_from_ast_untyped
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from core.commands.context import CommandContext
from core.commands.results import CommandResult
from core.commands.running import Idempotency, run_command
from core.graphql.eligibility import RuleViolationType
from core.hooks.types import Violation
from core.ratelimit.policy import network_of

Result = dict[str, Any]
Write = Callable[[AsyncSession], Awaitable[Result]]


def command_context(info: Info) -> CommandContext:
    """The context a command runs in, for this GraphQL request."""
    context = info.context
    return CommandContext(
        database=context.database,
        settings=context.settings,
        plugin_manager=context.plugin_manager,
        viewer=context.viewer,
        clock=context.clock,
        caller_address=_caller_address(info),
    )


def idempotency_of(info: Info, key: str | None) -> Idempotency | None:
    """The mutation's idempotency key with its arguments as sent (none without a key)."""
    return None if key is None else Idempotency(key, _arguments(info))


def errors_result(violations: Iterable[Violation], **values: Any) -> Result:
    """The result of a refused write."""
    return {
        **values,
        "errors": [
            {"code": v.code, "field": v.field, "message": v.message, "plugin": v.plugin}
            for v in violations
        ],
    }


def error_types(result: Result | CommandResult[Any]) -> list[RuleViolationType]:
    """The payload's errors of a result."""
    if isinstance(result, CommandResult):
        return [
            RuleViolationType(code=v.code, field=v.field, message=v.message, plugin=v.plugin)
            for v in result.errors
        ]
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
    """Run a write that returns a plain result (its values and ``errors``) as a command
    (``core.commands.running.run_command``): one transaction, committed unless it returned
    errors, applied once per idempotency key. A replayed result has ``"replayed": True``."""

    async def command(db: AsyncSession) -> CommandResult[Result]:
        result = await write(db)
        errors = [Violation(**error) for error in result.get("errors", [])]
        values = {name: value for name, value in result.items() if name != "errors"}
        return CommandResult(value=values, errors=errors)

    done = await run_command(
        command_context(info), operation, _arguments(info) if key is not None else {}, key,
        command, stored_as=None,
    )
    result = errors_result(done.errors, **(done.value or {}))
    if done.replayed:
        result["replayed"] = True
    return result

"""The GraphQL side of a write: the command context of a request, the mutation's arguments
for its idempotency key, and a command's violations as payload errors.

The writes themselves (transaction, idempotency, access, rules, audit, notices) are the
command functions' (``core.commands``): a resolver maps its input to a command's, and the
command's result to its payload.
"""

from __future__ import annotations

from typing import Any, cast

from graphql import value_from_ast_untyped
from strawberry.types import Info

from core.commands.context import CommandContext
from core.commands.results import CommandResult
from core.commands.running import Idempotency
from core.graphql.eligibility import RuleViolationType
from core.ratelimit.policy import network_of


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
    """The mutation's idempotency key with the mutation's arguments as sent, which make its
    fingerprint (none without a key)."""
    return None if key is None else Idempotency(key, _arguments(info))


def error_types(result: CommandResult[Any]) -> list[RuleViolationType]:
    """The payload's errors of a command's result."""
    return [
        RuleViolationType(code=v.code, field=v.field, message=v.message, plugin=v.plugin)
        for v in result.errors
    ]


def _arguments(info: Info) -> dict[str, Any]:
    """The mutation field's arguments as sent (variables resolved), its key left out."""
    raw = info._raw_info
    # graphql-core 3.3 types them as its own mapping class.
    variables: dict[str, Any] = dict(cast(Any, raw.variable_values) or {})
    return {
        argument.name.value: value_from_ast_untyped(argument.value, variables)
        for argument in raw.field_nodes[0].arguments or ()
        if argument.name.value != "idempotencyKey"
    }


def _caller_address(info: Info) -> str:
    request = info.context.request
    client = request.scope.get("client") if request is not None else None
    return network_of(client[0]) if client else "unknown"

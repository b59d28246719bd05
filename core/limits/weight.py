"""``OperationWeight``: the Strawberry extension that makes mutations and costly queries weigh
on the rate limit.

The HTTP edge counts each request once when it arrives (``core.http.rate_limit``); once the
document is valid and its cost known, this adds what the operation weighs beyond one request:
``CPS_RATE_LIMIT_MUTATION_WEIGHT`` for each root field of a mutation, and one request per
``CPS_RATE_LIMIT_COST_PER_REQUEST`` objects of cost. Past the caller's limit, the operation is
refused unrun with ``RATE_LIMITED`` (answered 429 with ``Retry-After``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from graphql import ExecutionResult, GraphQLError, OperationType, get_operation_ast
from strawberry.extensions import SchemaExtension

from core.http.rate_limit import too_many_requests_message

RATE_LIMITED = "RATE_LIMITED"


def operation_weight(mutations: int, cost: int, settings: Any) -> int:
    """What an operation weighs beyond the request that carried it."""
    weight = mutations * max(settings.rate_limit_mutation_weight - 1, 0)
    if settings.rate_limit_cost_per_request > 0:
        weight += cost // settings.rate_limit_cost_per_request
    return weight


class OperationWeight(SchemaExtension):
    """Charge an operation's weight on its caller's rate limit before it runs."""

    async def on_execute(self) -> AsyncIterator[None]:
        """Charge the weight; refuse the operation, unrun, past the limit."""
        context = self.execution_context
        request = getattr(context.context, "request", None)
        settings = getattr(context.context, "settings", None)
        document = context.graphql_document
        if context.result is None and request is not None and settings is not None and document:
            await self._charge(context, request, settings)
        yield

    async def _charge(self, context: Any, request: Any, settings: Any) -> None:
        limiter = getattr(request.app.state, "rate_limiter", None)
        caller = request.scope.get("state", {}).get("rate_limit_caller")
        operation = get_operation_ast(context.graphql_document, context.operation_name)
        if limiter is None or caller is None or operation is None:
            return
        mutations = 0
        if operation.operation == OperationType.MUTATION:
            mutations = len(operation.selection_set.selections)
        cost = getattr(request.state, "graphql_cost", None) or 0
        weight = operation_weight(mutations, cost, settings)
        verdict = await limiter.charge(caller, weight)
        if verdict.allowed:
            return
        request.state.rate_limit_retry_after = verdict.retry_after
        request.app.state.metrics.rate_limit_refusals.labels(caller.tier.value).inc()
        error = GraphQLError(
            too_many_requests_message(verdict, limiter.window_seconds),
            extensions={
                "code": RATE_LIMITED,
                "limit": caller.limit,
                "windowSeconds": limiter.window_seconds,
                "retryAfter": verdict.retry_after,
            },
        )
        context.result = ExecutionResult(data=None, errors=[error])

"""Every GraphQL query the suite sends, answered again by plain execution and compared.

The service completes answers by plans (``core.graphql.execution``); ``CPS_PLANNED_EXECUTION=0``
turns them off. ``ExecutionPaths`` wraps the app's GraphQL endpoint for one test: each query
operation it runs (through any client, in the database state that test made) is run a second
time on a schema built with ``planned=False``, with a fresh context, and the two results (data,
and each error's message, path and extensions) must be equal (when they are not, the planned
path is asked once more, in case a background task changed the data in between). The second
run is not charged on the rate limit (the caller paid for the request once). Mutations are not
run twice: their writes would be; requests refused before execution are not either: no path
ran them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextvars import Context, ContextVar
from typing import Any
from weakref import WeakKeyDictionary

import strawberry
from graphql import GraphQLSyntaxError, OperationType, get_operation_ast, parse
from strawberry.types import ExecutionResult

from core.graphql.schema import build_schema
from core.hooks.manager import PluginManager
from core.limits.weight import OperationWeight

ExecuteOperation = Callable[..., Awaitable[Any]]


def answer_of(result: ExecutionResult) -> tuple[Any, list[tuple[Any, ...]]]:
    """What a caller sees of a result, before the view masks unexpected errors."""
    errors = [
        (error.message, error.path, error.extensions or {}) for error in result.errors or []
    ]
    return result.data, errors


def is_query(query: str | None, operation_name: str | None) -> bool:
    """Whether the document's chosen operation is a query (and the document parses)."""
    if not query:
        return False
    try:
        operation = get_operation_ast(parse(query), operation_name)
    except GraphQLSyntaxError:
        return False
    return operation is not None and operation.operation == OperationType.QUERY


def was_run(result: Any) -> bool:
    """Whether the result comes from executing one operation: not a batch or a stream, nor a
    refusal before execution (a document that does not validate, a limit, the rate limit),
    whose errors have no path and which has no data."""
    if not isinstance(result, ExecutionResult):
        return False
    return result.data is not None or any(error.path for error in result.errors or [])


# True in the second run of a query: what counts a test's SQL statements leaves it out.
SECOND_RUN: ContextVar[bool] = ContextVar("cps_second_run", default=False)

# Plain schemas, by endpoint and by what they are built from (kept across tests: the same
# plugins give the same schema, and building one takes a tenth of a second).
_PLAIN_BY_VIEW: WeakKeyDictionary[Any, strawberry.Schema] = WeakKeyDictionary()
_PLAIN_BY_SHAPE: dict[tuple[Any, ...], strawberry.Schema] = {}


def plain_schema(view: Any) -> strawberry.Schema:
    """The schema of the endpoint ``view`` without the shortcuts nor the rate-limit charge."""
    if view in _PLAIN_BY_VIEW:
        return _PLAIN_BY_VIEW[view]
    plugins: PluginManager = view.plugins
    key = (tuple((d.name, d.status) for d in plugins.describe()), view.schema.as_str())
    if key not in _PLAIN_BY_SHAPE:
        failures = list(plugins.startup_failures)
        schema = build_schema(plugins, planned=False)
        plugins.startup_failures[:] = failures  # already reported by the app's own build
        schema.extensions = tuple(e for e in schema.extensions if e is not OperationWeight)
        _PLAIN_BY_SHAPE[key] = schema
    _PLAIN_BY_VIEW[view] = _PLAIN_BY_SHAPE[key]
    return _PLAIN_BY_VIEW[view]


class ExecutionPaths:
    """Compares the two paths' answers to the queries of one test; keeps the differences."""

    def __init__(self) -> None:
        self.compared = 0
        self.differences: list[str] = []

    def wrap(self, execute_operation: ExecuteOperation) -> ExecuteOperation:
        """``execute_operation`` of Strawberry's view, comparing each query's two answers."""
        paths = self

        async def compared(
            view: Any,
            request: Any,
            request_adapter: Any,
            request_data: Any,
            context: Any,
            root_value: Any,
            sub_response: Any,
        ) -> Any:
            result = await execute_operation(
                view, request, request_adapter, request_data, context, root_value, sub_response
            )
            if (
                isinstance(request_data, list)
                or not was_run(result)
                or not is_query(request_data.query, request_data.operation_name)
            ):
                return result

            async def run_on(schema: strawberry.Schema) -> ExecutionResult:
                return await schema.execute(
                    request_data.query,
                    variable_values=request_data.variables,
                    context_value=await view.get_context(request, response=sub_response),
                    root_value=root_value,
                    operation_name=request_data.operation_name,
                )

            async def compare() -> None:
                SECOND_RUN.set(True)
                again, planned = await run_on(plain_schema(view)), result
                paths.compared += 1
                if answer_of(again) != answer_of(planned):
                    # The data may have changed in between (a test polling what a background
                    # task writes): the planned path is asked again, on the data the plain one
                    # saw.
                    planned = await run_on(view.schema)
                if answer_of(again) != answer_of(planned):
                    paths.differences.append(
                        f"query: {request_data.query}\nvariables: {request_data.variables}\n"
                        f"planned: {answer_of(planned)}\nplain: {answer_of(again)}"
                    )

            # In a context of its own: the request's statements, logs and metrics (kept in
            # context variables) do not see the second run, nor do the tests' counters.
            await asyncio.get_running_loop().create_task(compare(), context=Context())
            return result

        return compared

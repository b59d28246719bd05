"""``QueryLimits``: the Strawberry extension that applies the limits of a public API.

Per request it gives the parser its token limit, adds the shape rules to validation, and,
once the document is valid, computes its cost with the request's variables: a document over a
limit is refused before any resolver runs. The cost is reported in the response's
``extensions`` (``{"cost": {"requested": 120, "limit": 5000}}``) so that a partner sees how
close to the limit it is; it is also left on the request for the access log.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLSyntaxError, get_operation_ast
from strawberry.extensions import SchemaExtension

from core.limits.cost import query_cost
from core.limits.errors import refusal_for_syntax_error, too_costly
from core.limits.rules import validation_rules
from core.settings import Settings


@dataclass(frozen=True)
class Limits:
    """The limits of one request, from the settings."""

    depth: int
    aliases: int
    tokens: int
    cost: int
    operations: int
    default_page_size: int

    @classmethod
    def from_settings(cls, settings: Settings | None) -> Limits:
        """The settings' limits; their defaults when a schema runs without settings."""
        if settings is None:
            fields = Settings.model_fields
            values = {name: fields[name].default for name in _SETTING_NAMES.values()}
        else:
            values = {name: getattr(settings, name) for name in _SETTING_NAMES.values()}
        return cls(**{key: values[name] for key, name in _SETTING_NAMES.items()})


_SETTING_NAMES = {
    "depth": "max_query_depth",
    "aliases": "max_query_aliases",
    "tokens": "max_query_tokens",
    "cost": "max_query_cost",
    "operations": "max_operations",
    "default_page_size": "default_page_size",
}


class QueryLimits(SchemaExtension):
    """Refuse documents over the limits before execution; report each query's cost."""

    def __init__(self, *, execution_context: Any = None) -> None:
        self.cost: int | None = None
        self.limits: Limits | None = None

    def on_operation(self) -> Iterator[None]:
        """Set the token limit and the shape rules; afterwards, name the parser's own refusals."""
        context = self.execution_context
        limits = self.limits = Limits.from_settings(getattr(context.context, "settings", None))
        parse_options: dict[str, Any] = context.parse_options  # type: ignore[assignment]
        parse_options["max_lexical_tokens"] = parse_options["max_comments"] = limits.tokens
        context.validation_rules = context.validation_rules + validation_rules(
            limits.depth, limits.aliases, limits.operations
        )
        try:
            yield
        except GraphQLSyntaxError as error:
            # With a parser cache the parser's error comes through here; else it is in the result.
            raise self._refusal(error) or error from None
        result = context.result
        errors = result.errors if result is not None else None
        for index, found in enumerate(errors or []):
            if errors is not None and isinstance(found, GraphQLSyntaxError):
                errors[index] = self._refusal(found) or found
        request = getattr(context.context, "request", None)
        if request is not None and self.cost is not None:
            request.state.graphql_cost = self.cost

    def on_execute(self) -> Iterator[None]:
        """Compute the cost of the valid operation; refuse it, unrun, when over the limit."""
        context = self.execution_context
        document = context.graphql_document
        operation = get_operation_ast(document, context.operation_name) if document else None
        if document is not None and operation is not None and self.limits is not None:
            self.cost = query_cost(
                context.schema._schema,
                document,
                operation,
                context.variables,
                self.limits.default_page_size,
            )
            request = getattr(context.context, "request", None)
            if request is not None:
                # Read by the rate limit's weight of the operation (``core.limits.weight``).
                request.state.graphql_cost = self.cost
            if self.cost > self.limits.cost:
                context.result = GraphQLExecutionResult(
                    data=None, errors=[too_costly(self.cost, self.limits.cost)]
                )
        yield

    def get_results(self) -> dict[str, Any]:
        """``{"cost": {"requested": N, "limit": M}}`` once the cost is known."""
        if self.cost is None or self.limits is None:
            return {}
        return {"cost": {"requested": self.cost, "limit": self.limits.cost}}

    def _refusal(self, error: GraphQLSyntaxError) -> Any:
        assert self.limits is not None
        return refusal_for_syntax_error(
            error, max_tokens=self.limits.tokens, max_depth=self.limits.depth
        )

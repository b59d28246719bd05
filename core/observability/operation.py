"""``OperationLog``: tells the access log and the metrics which GraphQL operation a request ran."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension


class OperationLog(SchemaExtension):
    """Leave the operation's name on the request (``request.state.graphql_operation``)."""

    def on_operation(self) -> Iterator[None]:
        """Once the operation is over (run or refused), note its name on the request."""
        try:
            yield
        finally:
            context = self.execution_context
            request = getattr(context.context, "request", None)
            if request is not None:
                request.state.graphql = True
                request.state.graphql_operation = context.operation_name

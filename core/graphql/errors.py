"""Turning the services' expected failures into GraphQL errors with a stable code."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension
from strawberry.relay import GlobalIDValueError

from core.services.errors import InputError


class ErrorCodes(SchemaExtension):
    """Give each expected error ``extensions.code`` (and ``field``) after execution.

    An ``InputError`` keeps its code; a malformed global ID gets ``INVALID_ID``. Other errors
    are left as they are.
    """

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in (result.errors if result else None) or []:
            original = error.original_error
            if isinstance(original, InputError):
                error.extensions = {"code": original.code}
                if original.field:
                    error.extensions["field"] = original.field
            elif isinstance(original, GlobalIDValueError):
                error.message = "Identifiant global invalide."
                error.extensions = {"code": "INVALID_ID"}

"""Expected failures of the services, shown to people with a stable code and a French message.

``InputError`` is raised when a caller's input cannot be used (a malformed cursor, a page size
out of range); the GraphQL layer turns it into an error whose ``extensions.code`` is the code.
"""

from __future__ import annotations


class InputError(Exception):
    """A caller's input is unusable; ``code`` is stable, ``message`` is French."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

"""The request being served, as seen from code that is not handed it (loggers, SQL events).

The HTTP middleware opens a ``RequestScope`` for each request in a context variable: every task
started while serving it (resolvers, DataLoader batches) shares it, and nothing outlives it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event

from core.db import Database


@dataclass
class RequestScope:
    """What is known about the request being served: its ID and the SQL statements it ran."""

    request_id: str
    statements: int = 0


_current: ContextVar[RequestScope | None] = ContextVar("cps_request_scope", default=None)


@contextmanager
def request_scope(request_id: str) -> Iterator[RequestScope]:
    """Make a new ``RequestScope`` the current one while the request is served."""
    scope = RequestScope(request_id)
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


def current_request_id() -> str | None:
    """The ID of the request being served, or None outside of a request."""
    scope = _current.get()
    return scope.request_id if scope is not None else None


def _count_statement(*_args: Any) -> None:
    scope = _current.get()
    if scope is not None:
        scope.statements += 1


@contextmanager
def counting_statements(database: Database) -> Iterator[None]:
    """Count, while open, every SQL statement ``database`` runs in the current request's scope."""
    event.listen(database.sync_engine, "before_cursor_execute", _count_statement)
    try:
        yield
    finally:
        event.remove(database.sync_engine, "before_cursor_execute", _count_statement)

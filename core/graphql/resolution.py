"""Resolvers that return plain values when the data is at hand, and await only when it is not."""

from __future__ import annotations

from asyncio import Future
from collections.abc import Callable
from types import CoroutineType
from typing import Any


def isawaitable(value: Any) -> bool:
    """``inspect.isawaitable``, quicker on the plain values most resolvers return."""
    if isinstance(value, CoroutineType | Future):
        return True
    if isinstance(value, list | tuple | str | int | dict) or value is None:
        return False
    return hasattr(type(value), "__await__")


def uses_only_context(resolver: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a resolver ``(self, info)`` that reads nothing of ``info`` but ``info.context``:
    a planned execution (``core.graphql.execution``) may then call it with a bare holder of
    the context, without building the field's resolve info. Put it under ``@strawberry.field``.
    """
    resolver.__cps_uses_only_context__ = True  # type: ignore[attr-defined]
    return resolver


def then(result: Any, convert: Callable[[Any], Any]) -> Any:
    """``convert(result)``, now if ``result`` is a value, later if it is an awaitable.

    graphql-core awaits what a resolver returns only when it is awaitable, so a field whose
    data was fetched ahead costs no coroutine at all.
    """
    if isawaitable(result):

        async def converted() -> Any:
            value = convert(await result)
            return await value if isawaitable(value) else value

        return converted()
    return convert(result)

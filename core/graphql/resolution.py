"""Resolvers that return plain values when the data is at hand, and await only when it is not."""

from __future__ import annotations

from asyncio import Future
from collections.abc import Callable
from types import CoroutineType, GeneratorType
from typing import Any

# Classes whose instances are never awaitable: values of these classes are taken as they are
# without asking more (a class joins on its first value, and stays).
NOT_AWAITABLE: set[type] = {list, tuple, dict, str, int, float, bool, type(None)}


def isawaitable(value: Any) -> bool:
    """``inspect.isawaitable``, quicker on the plain values most resolvers return."""
    cls = value.__class__
    if cls in NOT_AWAITABLE:
        return False
    if isinstance(value, CoroutineType | Future) or hasattr(cls, "__await__"):
        return True
    if issubclass(cls, GeneratorType):
        return False  # a generator-based coroutine is awaitable, another generator not
    NOT_AWAITABLE.add(cls)
    return False


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

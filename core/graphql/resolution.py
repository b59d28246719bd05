"""Resolvers that return plain values when the data is at hand, and await only when it is not."""

from __future__ import annotations

from collections.abc import Callable
from inspect import isawaitable
from typing import Any


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

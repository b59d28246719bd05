"""``ConcreteNodeIds``: the ``node``/``nodes`` fields accept IDs of concrete types only.

A global ID names a type and a key; one that names an interface ("Node") or another abstract
type would reach Strawberry's resolution of that interface, which has none, and fail as an
internal error. It is refused as a malformed ID (``INVALID_ID``) instead.
"""

from __future__ import annotations

from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.relay import GlobalID, GlobalIDValueError
from strawberry.types.base import StrawberryObjectDefinition


def _check(info: Any, ids: list[GlobalID]) -> None:
    for global_id in ids:
        definition = info.schema.get_type_by_name(global_id.type_name)
        if isinstance(definition, StrawberryObjectDefinition) and definition.is_interface:
            raise GlobalIDValueError(f"{global_id.type_name} is an interface")


def _ids(kwargs: dict[str, Any]) -> list[GlobalID]:
    if "ids" in kwargs:
        return list(kwargs["ids"])
    return [kwargs["id"]] if "id" in kwargs else []


class ConcreteNodeIds(FieldExtension):
    """Refuse, before resolution, a global ID naming an abstract type."""

    def resolve(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        """Check the IDs, then resolve."""
        _check(info, _ids(kwargs))
        return next_(source, info, **kwargs)

    async def resolve_async(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        """Check the IDs, then resolve."""
        _check(info, _ids(kwargs))
        result = next_(source, info, **kwargs)
        return await result if hasattr(result, "__await__") else result

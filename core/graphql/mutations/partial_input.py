"""Reading a partial input, whose fields a client may leave out (``UNSET``) or send as null."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from strawberry import UNSET
from strawberry.types.unset import UnsetType

T = TypeVar("T")


def none_if_unset(value: T | UnsetType | None) -> T | None:
    """A field's value, or None when it was left out (as when it was sent as null)."""
    return None if isinstance(value, UnsetType) else value


def sent_fields(input: object, names: Iterable[str] | None = None) -> dict[str, object]:
    """The fields of ``input`` that were sent, null included: those of ``names``, or all."""
    if names is None:
        names = [name for name in vars(input) if not name.startswith("_")]
    return {name: getattr(input, name) for name in names if getattr(input, name) is not UNSET}

"""What a command returns: the value written or why not, as data that can be stored.

A result is stored under an idempotency key as JSON and answered again on a retry, so it holds
plain values only (public IDs, lists of them, numbers). The stored form is
``{NAME: value, "errors": [...]}``, ``NAME`` being what the command calls its value
(``"session"``, ``"event"``, ``"id"``…); a command whose value is a mapping of several fields
is stored with those fields at the top (``name=None``). This is the format the GraphQL
mutations stored before the commands existed, so a key claimed then is still answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from core.hooks.types import Violation

T = TypeVar("T")


@dataclass
class CommandResult(Generic[T]):
    """The value a command wrote (a public ID, a list of them…), or the violations that stopped
    it (then nothing was written); ``replayed`` when it is the first answer to a retried key."""

    value: T | None = None
    errors: list[Violation] = field(default_factory=list)
    replayed: bool = False

    @property
    def ok(self) -> bool:
        """Whether the command wrote (no violation)."""
        return not self.errors

    def to_json(self, name: str | None) -> dict[str, Any]:
        """The stored form of the result, its value under ``name`` (spread when ``None``)."""
        stored: dict[str, Any] = {}
        if self.ok:
            if name is None:
                stored.update(self.value or {})
            else:
                stored[name] = self.value
        stored["errors"] = [
            {"code": v.code, "field": v.field, "message": v.message, "plugin": v.plugin}
            for v in self.errors
        ]
        return stored

    @classmethod
    def from_json(
        cls, stored: Mapping[str, Any], name: str | None, *, replayed: bool = False
    ) -> CommandResult[Any]:
        """The result a stored form holds (as written by ``to_json``)."""
        errors = [Violation(**error) for error in stored.get("errors", [])]
        if name is None:
            value: Any = {k: v for k, v in stored.items() if k not in ("errors", "replayed")}
        else:
            value = stored.get(name)
        return cls(value=value, errors=errors, replayed=replayed)


def refused(violations: Iterable[Violation]) -> CommandResult[Any]:
    """The result of a command that wrote nothing, for these violations."""
    return CommandResult(errors=list(violations))


def done(value: T) -> CommandResult[T]:
    """The result of a command that wrote ``value``."""
    return CommandResult(value=value)

"""Entries of the audit trail, as regional staff read them."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from core import models


@strawberry.type(name="AuditEntry", description="One write: who, with which token, when, what.")
class AuditEntryType:
    """An entry; it never holds a person's personal data."""

    at: datetime = strawberry.field(description="When (UTC).")
    actor: str = strawberry.field(
        description='Who: "role:token name", or "anonyme" (a registration through a form).'
    )
    token_id: int | None = strawberry.field(description="Internal number of the token used.")
    action: str = strawberry.field(description='What was done ("session.update").')
    object_id: relay.GlobalID = strawberry.field(description="The object written.")
    changes: JSON = strawberry.field(description="The fields changed and their new values.")

    @classmethod
    def from_model(cls, row: models.AuditEntry) -> Self:
        """The GraphQL entry of a row."""
        return cls(
            at=row.created_at,
            actor=row.actor,
            token_id=row.token_id,
            action=row.action,
            object_id=relay.GlobalID(row.object_type, row.object_public_id),
            changes=JSON(row.changes),
        )

"""What every node type shares: its row ID (private), its timestamps, its node look-up."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar, Self

import strawberry
from strawberry import relay
from strawberry.types import Info

from core.graphql.context import BatchFunction


@strawberry.type
class Record(relay.Node):
    """A stored object: a stable global ID and the times it was created and last changed."""

    public_id: relay.NodeID[str]
    row_id: strawberry.Private[int]
    created_at: datetime = strawberry.field(description="When the object was created (UTC).")
    updated_at: datetime = strawberry.field(
        description="When the object last changed (UTC); see `updatedSince` on every list."
    )

    @classmethod
    def record_fields(cls, row: Any) -> dict[str, Any]:
        """The shared fields of ``row`` as constructor arguments."""
        return {
            "public_id": row.public_id,
            "row_id": row.id,
            "created_at": row.created_at,
            "updated_at": row.updated_at,
        }

    @classmethod
    def from_model(cls, row: Any) -> Self:
        """The GraphQL object of a model row."""
        raise NotImplementedError

    # The services' batch look-up by public ID, set by each node type.
    lookup: ClassVar[BatchFunction]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one body for Strawberry's overloads
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Nodes by public ID, through the request's loader of ``cls.lookup``."""
        rows = await info.context.loaders(cls.lookup).load_many(list(node_ids))
        return [cls.from_model(row) if row is not None else None for row in rows]

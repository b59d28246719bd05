"""A person's data on request (regional staff): export it, erase it; and the audit log."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from core.auth.permissions import require_regional
from core.commands import personal_data as commands
from core.graphql.mutations.arguments import Email, IdempotencyKey
from core.graphql.mutations.writes import command_context, idempotency_of
from core.graphql.types.audit import AuditEntryType
from core.services import audit


@strawberry.type(name="ErasePersonalDataPayload", description="What an erasure did.")
class ErasePersonalDataPayload:
    """How many registrations lost their personal data."""

    erased_registrations: int = strawberry.field(
        description="Registrations whose personal data was erased (their seats stay counted)."
    )


@strawberry.type
class PersonalDataMutation:
    """Regional staff's mutations on a person's data (``core.commands.personal_data``)."""

    @strawberry.mutation(
        description="Regional staff: everything held about a person (by email), as JSON. The "
        "export is written to the audit log."
    )
    async def export_personal_data(
        self, info: Info, email: Email
    ) -> JSON:
        exported = await commands.export_personal_data(command_context(info), email)
        return cast(JSON, exported.written)

    @strawberry.mutation(
        description="Regional staff: erase a person's personal data (by email). Seats, counts "
        "and the audit log stay, without it."
    )
    async def erase_personal_data(
        self, info: Info, email: Email, idempotency_key: IdempotencyKey = None
    ) -> ErasePersonalDataPayload:
        result = await commands.erase_personal_data(
            command_context(info), email, idempotency=idempotency_of(info, idempotency_key)
        )
        return ErasePersonalDataPayload(erased_registrations=result.written)


@strawberry.type
class AuditQuery:
    """The audit log (regional staff)."""

    @strawberry.field(description="Regional staff: the latest writes, newest first.")
    async def audit_log(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many (at most 200).")] = 50,
        object_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only this object's entries.")
        ] = None,
    ) -> list[AuditEntryType]:
        require_regional(info.context.viewer)
        async with info.context.session() as db:
            rows = await audit.list_entries(
                db, first=first, object_public_id=object_id.node_id if object_id else None
            )
        return [AuditEntryType.from_model(row) for row in rows]

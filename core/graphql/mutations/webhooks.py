"""Partners' webhooks (regional staff): create (the secret shown once), list with their
delivery log, delete."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

import strawberry
from strawberry import relay
from strawberry.types import Info

from core import models
from core.auth.permissions import require_regional
from core.commands import webhooks as commands
from core.graphql.eligibility import RuleViolationType
from core.graphql.mutations.arguments import ObjectId
from core.graphql.mutations.writes import command_context, error_types
from core.services import webhooks


@strawberry.type(name="WebhookDelivery", description="One attempt to deliver an event.")
class WebhookDeliveryType:
    """An attempt: when, which event, the answer."""

    message_id: str = strawberry.field(description="The webhook-id header, the same on retries.")
    event_type: str = strawberry.field(description="The event (`session.updated`…).")
    succeeded: bool = strawberry.field(description="Answered 2xx.")
    status_code: int | None = strawberry.field(description="The HTTP answer; null if none.")
    duration_ms: int = strawberry.field(description="Time to the answer, in milliseconds.")
    error: str | None = strawberry.field(description="Why there was no answer (a timeout…).")
    attempted_at: datetime = strawberry.field(description="When (UTC).")

    @classmethod
    def from_model(cls, row: models.WebhookDelivery) -> Self:
        """The GraphQL attempt of a row."""
        return cls(
            message_id=row.message_id, event_type=row.event_type, succeeded=row.succeeded,
            status_code=row.status_code, duration_ms=row.duration_ms, error=row.error,
            attempted_at=row.created_at,
        )


@strawberry.type(name="Webhook", description="A partner's endpoint told of changes.")
class WebhookType:
    """A webhook; never its secret."""

    id: relay.GlobalID = strawberry.field(description="ID, to delete it.")
    url: str = strawberry.field(description="Where events are POSTed.")
    event_types: list[str] = strawberry.field(description="The events it receives.")
    created_by: str = strawberry.field(description="Who created it (the token's name).")
    contact_email: str = strawberry.field(description="Told if it gets disabled.")
    created_at: datetime = strawberry.field(description="When created (UTC).")
    failing_since: datetime | None = strawberry.field(description="Failing without a break since.")
    disabled_at: datetime | None = strawberry.field(
        description="When disabled after failing too long; null while live."
    )
    row_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: models.Webhook) -> Self:
        """The GraphQL webhook of a row."""
        return cls(
            id=relay.GlobalID("Webhook", row.public_id), url=row.url,
            event_types=list(row.event_types), created_by=row.created_by,
            contact_email=row.contact_email, created_at=row.created_at,
            failing_since=row.failing_since, disabled_at=row.disabled_at, row_id=row.id,
        )

    @strawberry.field(description="The latest delivery attempts, newest first (at most 100).")
    async def deliveries(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many (at most 100).")] = 20,
    ) -> list[WebhookDeliveryType]:
        async with info.context.session() as db:
            found = await webhooks.deliveries(db, [self.row_id], first)
        return [WebhookDeliveryType.from_model(row) for row in found[self.row_id]]


@strawberry.type(name="WebhookPayload", description="A webhook created or deleted, or why not.")
class WebhookPayload:
    """The webhook, its secret when just created, or the errors (nothing written)."""

    webhook: WebhookType | None = strawberry.field(description="The webhook.")
    secret: str | None = strawberry.field(
        description="The signing secret (whsec_…), shown once: give it to the partner."
    )
    errors: list[RuleViolationType] = strawberry.field(description="Why nothing was written.")


@strawberry.type
class WebhookMutation:
    """Webhook mutations (regional staff): the commands of ``core.commands.webhooks``."""

    @strawberry.mutation(
        description="Regional staff: tell a partner's URL of changes (event types from "
        "`session.created`, `session.updated`, `session.cancelled`, `session.seats_changed`, "
        "the same for `event`, and `trainer`/`action`/`resource` `.created`/`.updated`/"
        "`.archived`). Deliveries are signed per Standard Webhooks with the secret returned once."
    )
    async def create_webhook(
        self,
        info: Info,
        url: Annotated[str, strawberry.argument(description="The partner's https URL.")],
        event_types: Annotated[list[str], strawberry.argument(description="Events wanted.")],
        contact_email: Annotated[
            str, strawberry.argument(description="Address told if the webhook gets disabled.")
        ],
    ) -> WebhookPayload:
        result = await commands.create_webhook(
            command_context(info), url, event_types, contact_email
        )
        created = result.value
        return WebhookPayload(
            webhook=WebhookType.from_model(created.row) if created else None,
            secret=created.secret if created else None,
            errors=error_types(result),
        )

    @strawberry.mutation(description="Regional staff: delete a webhook; nothing more is sent.")
    async def delete_webhook(self, info: Info, id: ObjectId) -> WebhookPayload:
        public_id = id.node_id if id.type_name == "Webhook" else None
        result = await commands.delete_webhook(command_context(info), public_id)
        return WebhookPayload(
            webhook=WebhookType.from_model(result.value) if result.value else None,
            secret=None,
            errors=error_types(result),
        )


@strawberry.type
class WebhookQuery:
    """Listing webhooks."""

    @strawberry.field(description="Regional staff: every webhook, with its delivery log.")
    async def webhooks(self, info: Info) -> list[WebhookType]:
        require_regional(info.context.viewer)
        async with info.context.session() as db:
            rows = await webhooks.listed(db)
        return [WebhookType.from_model(row) for row in rows]

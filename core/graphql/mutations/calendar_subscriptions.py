"""Staff's private calendar feeds: subscribe, rotate, revoke, list. A feed's URL (with its
token) is shown only in the answer of ``createCalendarSubscription`` and of a rotation."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated, Self

import strawberry
from strawberry import relay
from strawberry.types import Info

from core.auth.permissions import require_staff
from core.commands import calendar_subscriptions as commands
from core.commands.calendar_subscriptions import IssuedSubscription
from core.commands.results import CommandResult
from core.calendars.links import webcal_url
from core.calendars.private import private_feed_url
from core.graphql.mutations.arguments import ObjectId
from core.graphql.mutations.writes import command_context
from core.services import feed_subscriptions
from core.calendars.keys import FeedKind
from core.services.errors import InputError


@strawberry.enum(name="PrivateCalendarScope", description="Which calendar a private feed follows.")
class PrivateCalendarScope(enum.Enum):
    """The calendars a private feed may follow."""

    REGION = "REGION"
    DEPARTMENT = "DEPARTMENT"


@strawberry.type(name="CalendarSubscription", description="A private calendar feed of staff.")
class CalendarSubscriptionType:
    """A subscription; never its token."""

    id: relay.GlobalID = strawberry.field(description="ID, to rotate or revoke it.")
    label: str = strawberry.field(description='Where it is used ("Outlook du bureau").')
    scope: PrivateCalendarScope = strawberry.field(description="Which calendar.")
    department_code: str | None = strawberry.field(description="The department, if one.")
    created_at: datetime = strawberry.field(description="When created (UTC).")
    last_used_at: datetime | None = strawberry.field(description="Last poll (to the minute).")
    rotated_at: datetime | None = strawberry.field(description="Last change of its URL.")
    revoked_at: datetime | None = strawberry.field(description="When revoked; null if live.")
    owner_token_id: str | None = strawberry.field(
        description="ID of the API token that made it (as `cps token list` shows); the feed "
        "dies with that token. Null if the token is gone, or if a staff account made it in "
        "the back-office."
    )
    owner_name: str | None = strawberry.field(
        description="Name of that token's holder, or the address of the staff account that "
        "made it (the feed dies when that account is disabled)."
    )
    live: bool = strawberry.field(
        description="Whether the feed answers: not revoked, and its owner (token or staff "
        "account) neither revoked, expired nor disabled."
    )

    @classmethod
    def from_listed(cls, feed: feed_subscriptions.ListedFeed) -> Self:
        """The GraphQL subscription of a row with its owner."""
        row, owner = feed.row, feed.owner
        return cls(
            owner_token_id=owner.public_id if owner else None,
            owner_name=(
                owner.name if owner else feed.owner_account.email if feed.owner_account else None
            ),
            live=feed.live,
            id=relay.GlobalID("CalendarSubscription", row.public_id),
            label=row.label,
            scope=PrivateCalendarScope(row.feed_kind),
            department_code=row.feed_key or None,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            rotated_at=row.rotated_at,
            revoked_at=row.revoked_at,
        )


@strawberry.type(name="CalendarSubscriptionPayload", description="A subscription and its URL.")
class CalendarSubscriptionPayload:
    """The subscription, and its feed's URL when it was just made or rotated."""

    subscription: CalendarSubscriptionType = strawberry.field(description="The subscription.")
    url: str | None = strawberry.field(
        description="The private feed's https URL, with its token: shown once, keep it secret."
    )
    webcal_url: str | None = strawberry.field(description="The same URL as webcal://.")


def _payload(info: Info, result: CommandResult[IssuedSubscription]) -> CalendarSubscriptionPayload:
    """The subscription, with its URL when a token was issued."""
    issued = result.written
    url = None
    if issued.token is not None:
        url = private_feed_url(info.context.settings.base_url, issued.token)
    return CalendarSubscriptionPayload(
        subscription=CalendarSubscriptionType.from_listed(issued.feed),
        url=url,
        webcal_url=webcal_url(url) if url else None,
    )


def _subscription_id(id: relay.GlobalID) -> str:
    if id.type_name != "CalendarSubscription":
        raise InputError("INVALID_ID", "L'identifiant doit désigner un abonnement.", field="id")
    return id.node_id


@strawberry.type
class CalendarSubscriptionMutation:
    """Private calendar feed mutations (staff): the commands of
    ``core.commands.calendar_subscriptions``."""

    @strawberry.mutation(
        description="Staff: a private feed of the region or of one of your departments, with "
        "its non-public events (COTER meetings), at a URL of its own."
    )
    async def create_calendar_subscription(
        self,
        info: Info,
        label: Annotated[str, strawberry.argument(description="Where it will be used.")],
        scope: Annotated[PrivateCalendarScope, strawberry.argument(description="Which calendar.")],
        department_code: Annotated[
            str | None, strawberry.argument(description="The department, for DEPARTMENT.")
        ] = None,
    ) -> CalendarSubscriptionPayload:
        result = await commands.create_calendar_subscription(
            command_context(info), label, FeedKind(scope.value), department_code
        )
        return _payload(info, result)

    @strawberry.mutation(description="Staff: a new URL for a subscription; the old one stops.")
    async def rotate_calendar_subscription(
        self, info: Info, id: ObjectId
    ) -> CalendarSubscriptionPayload:
        ctx = command_context(info)
        require_staff(ctx.viewer)
        result = await commands.rotate_calendar_subscription(ctx, _subscription_id(id))
        return _payload(info, result)

    @strawberry.mutation(description="Staff: revoke a subscription; its feed stops at once.")
    async def revoke_calendar_subscription(
        self, info: Info, id: ObjectId
    ) -> CalendarSubscriptionPayload:
        ctx = command_context(info)
        require_staff(ctx.viewer)
        result = await commands.revoke_calendar_subscription(ctx, _subscription_id(id))
        return _payload(info, result)


@strawberry.type
class CalendarSubscriptionQuery:
    """Listing private feeds."""

    @strawberry.field(
        description="Staff: your private feeds (every one for regional staff, with whose each "
        "is and its last use), never their URL."
    )
    async def calendar_subscriptions(self, info: Info) -> list[CalendarSubscriptionType]:
        require_staff(info.context.viewer)
        async with info.context.session() as db:
            found = await feed_subscriptions.listed(db, info.context.viewer)
        return [
            CalendarSubscriptionType.from_listed(feed) for feed in found
        ]

"""``Query.calendars``: every published calendar feed, as a connection."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from core.graphql import connections
from core.graphql.pagination import (
    After,
    Before,
    First,
    Last,
    connection_from_page,
    page_request,
    wants_total,
)
from core.graphql.types.calendar import CalendarKind, CalendarType
from core.calendars.listing import list_feeds


@strawberry.type
class CalendarQuery:
    """The root fields of the calendar feeds."""

    @strawberry.field(
        description="Every published calendar feed: the region, the departments, the modules, "
        "the trainers, the sessions, then the public events."
    )
    async def calendars(
        self,
        info: Info,
        kinds: Annotated[
            list[CalendarKind] | None,
            strawberry.argument(description="Only calendars of these kinds."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> connections.CalendarConnection:
        base_url = info.context.settings.base_url
        async with info.context.session() as db:
            page = await list_feeds(
                db,
                page_request(info, first, after, last, before),
                kinds=kinds,
                with_total=wants_total(info),
            )
        return connection_from_page(
            connections.CalendarConnection,
            page,
            lambda listing: CalendarType.from_listing(base_url, listing),
        )

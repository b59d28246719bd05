"""Relay connections built from the services' keyset pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry import relay
from strawberry.types import Info

from core.services.pagination import Page, PageRequest

C = TypeVar("C")

FIRST = "Return at most this many items from the start (1 to 100 by default; 20 if omitted)."
AFTER = "Return the items after this cursor."
LAST = "Return at most this many items from the end (1 to 100)."
BEFORE = "Return the items before this cursor."

First = Annotated[int | None, strawberry.argument(description=FIRST)]
After = Annotated[str | None, strawberry.argument(description=AFTER)]
Last = Annotated[int | None, strawberry.argument(description=LAST)]
Before = Annotated[str | None, strawberry.argument(description=BEFORE)]


def page_request(
    info: Info, first: int | None, after: str | None, last: int | None, before: str | None
) -> PageRequest:
    """The services' page request from Relay arguments, with the configured page sizes."""
    settings = info.context.settings
    return PageRequest(
        first=first,
        after=after,
        last=last,
        before=before,
        default_size=settings.default_page_size,
        max_size=settings.max_page_size,
    )


def wants_total(info: Info) -> bool:
    """True when the query selects ``totalCount`` on this connection (it costs a COUNT)."""
    return any(
        getattr(selection, "name", None) == "totalCount"
        for field in info.selected_fields
        for selection in field.selections
    )


def connection_from_page(
    connection_type: type[C], page: Page[Any], to_node: Callable[[Any], Any]
) -> C:
    """A connection of ``connection_type`` holding the page's rows mapped by ``to_node``."""
    return connection_type(
        page_info=relay.PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        edges=[
            relay.Edge(cursor=cursor, node=to_node(row))
            for row, cursor in zip(page.rows, page.cursors, strict=True)
        ],
        total_count=page.total_count if page.total_count is not None else 0,
    )

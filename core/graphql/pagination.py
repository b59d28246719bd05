"""Relay connections built from the services' keyset pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Protocol, TypeVar

import strawberry
from strawberry import relay
from strawberry.types import Info

from core.services.pagination import Page, PageRequest



class CountedConnectionLike(Protocol):
    """A connection type with a ``totalCount`` (``core.graphql.connections``)."""

    def __init__(
        self, *, page_info: relay.PageInfo, edges: list[relay.Edge[Any]], total_count: int
    ) -> None: ...


C = TypeVar("C", bound=CountedConnectionLike)

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


def _fields(selections: list) -> dict[str, Any]:
    """The selected fields by name, fragments flattened."""
    found: dict[str, Any] = {}
    for selection in selections:
        name = getattr(selection, "name", None)
        if name is not None and hasattr(selection, "arguments"):
            found.setdefault(name, selection)
        else:
            found.update(_fields(getattr(selection, "selections", [])))
    return found


def node_selection(info: Info) -> dict[str, Any]:
    """The fields the query selects on this connection's nodes (``edges { node { … } }``)."""
    nodes: dict[str, Any] = {}
    for field in info.selected_fields:
        edges = _fields(field.selections).get("edges")
        node = _fields(edges.selections).get("node") if edges is not None else None
        if node is not None:
            nodes.update(_fields(node.selections))
    return nodes


def selects(field: Any, name: str) -> bool:
    """True when ``field`` (a selected field) selects ``name`` below it."""
    return field is not None and name in _fields(field.selections)


def wants_edge_cursors(info: Info) -> bool:
    """True when the query selects ``edges { cursor }`` on this connection."""
    return any(selects(field, "edges") and selects(
        _fields(field.selections)["edges"], "cursor"
    ) for field in info.selected_fields)


def connection_from_page(
    connection_type: type[C],
    page: Page[Any],
    to_node: Callable[[Any], Any],
    edge_cursors: bool = True,
) -> C:
    """A connection of ``connection_type`` holding the page's rows mapped by ``to_node``.

    Without ``edge_cursors`` (the query does not select ``edges { cursor }``) the edges carry
    an empty cursor, never shown, and only the page's first and last cursors are encoded.
    """
    cursors = page.cursors if edge_cursors else [""] * len(page.rows)
    return connection_type(
        page_info=relay.PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursor(0),
            end_cursor=page.cursor(-1),
        ),
        edges=[
            relay.Edge(cursor=cursor, node=to_node(row))
            for row, cursor in zip(page.rows, cursors, strict=True)
        ],
        total_count=page.total_count if page.total_count is not None else 0,
    )

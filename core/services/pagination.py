"""Keyset pagination: pages bounded by cursors that hold the sort key and the row ID.

A cursor never holds an offset, so a page stays right when rows are inserted before it and
page 50 costs what page 1 costs: both are one indexed range scan of ``limit + 1`` rows.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import BindParameter, Integer, Select, bindparam, func, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from core.db import Reader
from core.services.errors import InputError
from core.services.plain_rows import plain_rows

T = TypeVar("T")

@dataclass(frozen=True)
class PageRequest:
    """Relay pagination arguments: ``first``/``after`` forwards, ``last``/``before`` backwards.

    ``default_size`` applies when neither ``first`` nor ``last`` is given; a size above
    ``max_size`` is refused.
    """

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None
    default_size: int = 20
    max_size: int = 100

    def size(self) -> int:
        """The number of rows asked for, checked against the bounds."""
        if self.first is not None and self.last is not None:
            raise InputError(
                "PAGINATION_CONFLICT", "Indiquez « first » ou « last », pas les deux.", field="first"
            )
        size = self.last if self.last is not None else self.first
        if size is None:
            return self.default_size
        if not 1 <= size <= self.max_size:
            raise InputError(
                "PAGE_SIZE_OUT_OF_RANGE",
                f"La taille de page doit être comprise entre 1 et {self.max_size} (reçu : {size}).",
                field="last" if self.last is not None else "first",
            )
        return size

    @property
    def backwards(self) -> bool:
        """True when the page is counted from its end (``last``)."""
        return self.last is not None


@dataclass
class Page(Generic[T]):
    """One page of rows with their cursors, and a way to count every matching row.

    A cursor is encoded when asked for (``cursor``, ``cursors``): most queries want only the
    last one, to ask for the next page.
    """

    rows: list[T]
    sort_keys: Sequence[InstrumentedAttribute[Any]]
    has_next_page: bool
    has_previous_page: bool
    total_count: int | None
    # The other columns the statement selected beside each row, when it selected some.
    extras: list[tuple[Any, ...]] | None = None
    # What the cursors are read from, when not the rows themselves (rows made from query rows).
    cursor_sources: list[Any] | None = None

    def cursor(self, index: int) -> str | None:
        """The cursor of the row at ``index`` (negative from the end); None on an empty page."""
        sources = self.rows if self.cursor_sources is None else self.cursor_sources
        return encode_cursor(sources[index], self.sort_keys) if sources else None

    @property
    def cursors(self) -> list[str]:
        """The cursor of every row of the page."""
        sources = self.rows if self.cursor_sources is None else self.cursor_sources
        return [encode_cursor(row, self.sort_keys) for row in sources]


def _encode_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _decode_value(raw: Any, attribute: InstrumentedAttribute[Any]) -> Any:
    python_type = attribute.type.python_type
    if python_type in (date, datetime):
        if not isinstance(raw, str):
            raise TypeError(raw)
        return python_type.fromisoformat(raw)
    if not isinstance(raw, python_type):
        raise TypeError(raw)
    return raw


def encode_cursor(row: Any, keys: Sequence[InstrumentedAttribute[Any]]) -> str:
    """The opaque cursor of ``row`` for an ordering on ``keys``."""
    payload = json.dumps([_encode_value(getattr(row, key.key)) for key in keys])
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(
    cursor: str, keys: Sequence[InstrumentedAttribute[Any]], argument: str
) -> list[Any]:
    """The key values a cursor holds; ``InputError`` when it was not made for this list."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != len(keys):
            raise ValueError(values)
        return [_decode_value(raw, key) for raw, key in zip(values, keys, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InputError(
            "INVALID_CURSOR",
            f"Le curseur « {argument} » n'est pas valide pour cette liste : "
            "reprenez un curseur renvoyé par la page précédente.",
            field=argument,
        ) from None


class _PageShape(NamedTuple):
    """What a page's statement depends on besides the list's: which cursors, which way."""

    after: bool
    before: bool
    backwards: bool


def _page_statement(
    statement: Select[Any], keys: Sequence[InstrumentedAttribute[Any]], shape: _PageShape
) -> Select[Any]:
    """``statement`` ordered on ``keys`` and limited, its cursors and size bound as parameters
    (``after_0``…, ``before_0``…, ``page_limit``)."""
    key_tuple = tuple_(*keys)
    if shape.after:
        statement = statement.where(key_tuple > tuple_(*_cursor_parameters("after", keys)))
    if shape.before:
        statement = statement.where(key_tuple < tuple_(*_cursor_parameters("before", keys)))
    ordering = [key.desc() for key in keys] if shape.backwards else list(keys)
    return statement.order_by(*ordering).limit(bindparam("page_limit", type_=Integer))


def _cursor_parameters(
    side: str, keys: Sequence[InstrumentedAttribute[Any]]
) -> list[BindParameter[Any]]:
    return [bindparam(f"{side}_{index}", type_=key.type) for index, key in enumerate(keys)]


# Page statements of the statements their callers keep (``paginate``'s ``bound``), by the
# statement's identity and the page's shape; the statement is held with them, so that its
# identity cannot stand for another. As many as the callers' shapes of filter.
_KEPT_PAGES: dict[tuple[int, _PageShape], tuple[Select[Any], Select[Any]]] = {}


def _kept_page_statement(
    statement: Select[Any], keys: Sequence[InstrumentedAttribute[Any]], shape: _PageShape
) -> Select[Any]:
    kept = _KEPT_PAGES.get((id(statement), shape))
    if kept is None or kept[0] is not statement:
        kept = _KEPT_PAGES[(id(statement), shape)] = (
            statement, _page_statement(statement, keys, shape)
        )
    return kept[1]


async def paginate(
    db: Reader,
    statement: Select[Any],
    keys: Sequence[InstrumentedAttribute[Any]],
    request: PageRequest,
    *,
    with_total: bool = False,
    plain_width: int | None = None,
    bound: Mapping[str, Any] | None = None,
) -> Page[Any]:
    """Run ``statement`` (a filtered ``select`` of one entity) for the page ``request`` asks.

    ``keys`` is the ordering, unique thanks to its last element (the primary key). The total
    number of matching rows costs one more statement, so it is counted only ``with_total``.
    Columns the statement selects after the entity (joined in) come back as ``Page.extras``.
    With ``plain_width``, the statement selects columns, not an entity: each row is a plain
    (read-only) row, and its columns from ``plain_width`` on are its extras.
    ``bound`` gives the values of ``statement``'s own parameters, for a statement its caller
    made once and keeps (one per shape of filter): its page statements are then made once too,
    sparing the construction and the cache key of a statement at each page.
    """
    size = request.size()
    after = decode_cursor(request.after, keys, "after") if request.after is not None else []
    before = decode_cursor(request.before, keys, "before") if request.before is not None else []
    shape = _PageShape(request.after is not None, request.before is not None, request.backwards)
    make = _kept_page_statement if bound is not None else _page_statement
    page_statement = make(statement, keys, shape)
    parameters = {
        **(bound or {}),
        "page_limit": size + 1,
        **{f"after_{index}": value for index, value in enumerate(after)},
        **{f"before_{index}": value for index, value in enumerate(before)},
    }
    extras = None
    if plain_width is not None:
        rows = plain_rows(await db.execute(page_statement, parameters))
        extras = [tuple(row[plain_width:]) for row in rows]
    elif len(statement.column_descriptions) > 1:
        found = (await db.execute(page_statement, parameters)).all()
        rows, extras = [row[0] for row in found], [tuple(row[1:]) for row in found]
    else:
        rows = list((await db.scalars(page_statement, parameters)).all())
    has_more = len(rows) > size
    rows = rows[:size]
    extras = extras[:size] if extras is not None else None
    if request.backwards:
        rows.reverse()
        if extras is not None:
            extras.reverse()
        has_next, has_previous = request.before is not None, has_more
    else:
        has_next, has_previous = has_more, request.after is not None

    total = None
    if with_total:
        total = await db.scalar(
            select(func.count()).select_from(statement.order_by(None).subquery()), bound
        )
    return Page(
        rows=rows,
        sort_keys=keys,
        has_next_page=has_next,
        has_previous_page=has_previous,
        total_count=total,
        extras=extras,
    )

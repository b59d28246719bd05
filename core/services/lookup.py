"""Batch look-ups by key, in the order asked: the building block of the DataLoaders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute

from core.db import Base, Reader
from core.services.errors import InputError
from core.services.key_list import keys_in
from core.services.plain_rows import plain_rows

M = TypeVar("M", bound=Base)


def _select(model: type[M], plain: bool) -> Select[Any]:
    # Plain rows carry the model's attribute names without the ORM's identity map and instance
    # state: several times cheaper for the hundreds of rows of a large answer, and read-only.
    return select(*model.__table__.columns) if plain else select(model)


async def _rows(
    db: Reader, statement: Select[Any], plain: bool, parameters: dict[str, Any] | None = None
) -> Sequence[Any]:
    rows: Sequence[Any]
    if plain:
        rows = plain_rows(await db.execute(statement, parameters))
    else:
        rows = (await db.scalars(statement, parameters)).all()
    return rows


# The look-ups of a large answer run the same few statements over and over: built once, with
# the keys as one parameter (``keys_in``), they skip their construction and their cache key (which
# SQLAlchemy memoises on the statement object) at each call.
@cache
def _rows_by_key_statement(
    model: type[M], key: InstrumentedAttribute[Any], plain: bool
) -> Select[Any]:
    return _select(model, plain).where(keys_in(key, "keys"))


@cache
def _children_statement(
    model: type[M], parent_key: InstrumentedAttribute[Any], order_by: tuple[Any, ...], plain: bool
) -> Select[Any]:
    return (
        _select(model, plain)
        .where(keys_in(parent_key, "parents"))
        .order_by(*order_by)
    )


async def rows_by_key(
    db: Reader,
    model: type[M],
    key: InstrumentedAttribute[Any],
    values: Sequence[Hashable],
    *options: Any,
    where: Sequence[Any] = (),
    plain: bool = False,
) -> list[M | None]:
    """One row per value of ``key`` (unique), ``None`` where there is none, in the order given.

    ``plain`` gives read-only rows (same attribute names) instead of ORM instances.
    """
    if where or options:
        statement = _select(model, plain).where(key.in_(set(values)), *where).options(*options)
        rows = await _rows(db, statement, plain)
    else:
        statement = _rows_by_key_statement(model, key, plain)
        rows = await _rows(db, statement, plain, {"keys": list(set(values))})
    found = {getattr(row, key.key): row for row in rows}
    return [found.get(value) for value in values]


async def children_by_parent(
    db: Reader,
    model: type[M],
    parent_key: InstrumentedAttribute[Any],
    parent_ids: Sequence[Hashable],
    *order_by: Any,
    plain: bool = False,
) -> list[list[M]]:
    """Every child row of each parent, grouped in the order of ``parent_ids``.

    ``plain`` gives read-only rows (same attribute names) instead of ORM instances.
    """
    statement = _children_statement(model, parent_key, order_by, plain)
    rows = await _rows(db, statement, plain, {"parents": list(set(parent_ids))})
    return group_by_parent(rows, parent_key.key, parent_ids)


def group_by_parent(
    rows: Sequence[Any], parent: str, parent_ids: Sequence[Hashable]
) -> list[list[Any]]:
    """``rows`` grouped by their attribute ``parent``, in the order of ``parent_ids`` (a list,
    maybe empty, for each), each group in the order of ``rows``."""
    grouped: dict[Hashable, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, parent)].append(row)
    return [grouped.get(parent_id, []) for parent_id in parent_ids]


async def require_public_id(
    db: Reader, model: type[Base], public_id: str | None, field: str, what: str
) -> None:
    """Raise ``InputError`` ``UNKNOWN_ID`` when no row of ``model`` has ``public_id`` (a filter
    on an object that does not exist would answer an empty list, as if nothing matched).
    ``what`` names the object in French ("aucun formateur")."""
    if public_id is None:
        return
    if await db.scalar(select(model.id).where(model.public_id == public_id)) is None:
        raise InputError(
            "UNKNOWN_ID", f"L'identifiant donné dans « {field} » ne désigne {what}.", field=field
        )

"""One row of aggregates over a table's rows: what a feed's stamp is made of."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    select,
)


def aggregate(
    model: Any,
    *where: ColumnElement[bool],
    sequence: Any = None,
    cancelled: ColumnElement[bool] | None = None,
    on: Any = None,
    today: Any = None,
    join: Any = None,
) -> Select[*tuple[Any, ...]]:
    """One row of aggregates over ``model``'s rows matching ``where`` (see ``FeedStamp``)."""
    columns = [
        func.count().label("n"),
        func.max(model.updated_at).label("changed_at"),
        (func.coalesce(func.sum(sequence), 0) if sequence is not None else literal(0, Integer))
        .label("sequences"),
    ]
    if cancelled is not None:
        columns.append(
            func.coalesce(func.sum(case((and_(cancelled, on >= today), 1), else_=0)), 0).label(
                "pending"
            )
        )
        columns.append(func.max(case((and_(cancelled, on < today), on))).label("expired_on"))
    else:
        columns.append(literal(0, Integer).label("pending"))
        columns.append(cast(null(), Date).label("expired_on"))
    statement = select(*columns).select_from(model)
    if join is not None:
        statement = statement.join(*join)
    return statement.where(*where)

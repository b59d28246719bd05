"""Deployment-pack actions of the departments."""

from __future__ import annotations

from typing import Any

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import Action
from core.models.enums import ActionKind, Programme, RecordStatus
from core.services.lookup import rows_by_key
from core.services.pagination import Page, PageRequest, paginate

SORT_KEYS = (Action.period_start, Action.id)


@dataclass(frozen=True)
class ActionFilter:
    """Which actions to list; every criterion given must hold.

    ``active_on`` keeps the actions whose period contains that date.
    """

    department_code: str | None = None
    kind: ActionKind | None = None
    programme: Programme | None = None
    active_on: date | None = None
    statuses: tuple[RecordStatus, ...] | None = None
    updated_since: datetime | None = None


def actions_query(criteria: ActionFilter) -> Select[Any]:
    """The ``select`` of the actions matching ``criteria``, unordered."""
    statement = select(Action)
    if criteria.department_code is not None:
        statement = statement.where(Action.department_code == criteria.department_code)
    if criteria.kind is not None:
        statement = statement.where(Action.kind == criteria.kind)
    if criteria.programme is not None:
        statement = statement.where(Action.programme == criteria.programme)
    if criteria.active_on is not None:
        statement = statement.where(
            Action.period_start <= criteria.active_on,
            or_(Action.period_end.is_(None), Action.period_end >= criteria.active_on),
        )
    if criteria.statuses:
        statement = statement.where(Action.status.in_(criteria.statuses))
    if criteria.updated_since is not None:
        statement = statement.where(Action.updated_at >= criteria.updated_since)
    return statement


async def list_actions(
    db: AsyncSession, criteria: ActionFilter, request: PageRequest, *, with_total: bool = False
) -> Page[Action]:
    """A page of actions matching ``criteria``, by start of period."""
    return await paginate(db, actions_query(criteria), SORT_KEYS, request, with_total=with_total)


async def actions_by_public_ids(db: AsyncSession, ids: Sequence[str]) -> list[Action | None]:
    """Actions by public ID."""
    return await rows_by_key(db, Action, Action.public_id, ids)

"""Where a session or an event stands at a given instant: its stage and its registration.

Derived from the days and the clock (``core.clock``), never stored: a 2025 session no longer
reads as if it were to come in 2026. The same functions answer GraphQL's fields and filters
and the feeds' text, so that they agree.

- The stage: ``UPCOMING`` before the first day starts, ``UNDER_WAY`` from then until the last
  day ends, ``OVER`` after (days taken out of a session do not count; a cancelled session or
  event keeps the stage of its dates).
- Registration is open until the first day starts (the regional rule refuses registrations
  once it has begun), unless the session or event is cancelled. A full session is still open:
  a new registration goes to its waiting list. Closed, it says why in French.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, not_, or_, select

from core.db import utcnow
from core.models import Event, SessionDay, TrainingSession
from core.models.enums import SessionStatus
from core.services import staff_messages
from core.timezone import PARIS, paris_datetime


class Stage(enum.StrEnum):
    """Where a session or an event stands in time."""

    UPCOMING = "UPCOMING"
    UNDER_WAY = "UNDER_WAY"
    OVER = "OVER"


@dataclass(frozen=True)
class Standing:
    """A session's or event's stage, and whether registration is open (until ``closes_at``,
    the start of the first day); ``closed_reason`` says why not, in French."""

    stage: Stage
    registration_open: bool
    closes_at: datetime
    closed_reason: str | None


def when(moment: datetime) -> str:
    """A moment as the closing messages and the feeds say it: "22/05/2025 à 9 h 00"."""
    local = moment.astimezone(PARIS)
    return f"{local:%d/%m/%Y} à {local.hour} h {local.minute:02d}"


def session_closes_at(days: Sequence[Any]) -> datetime:
    """When registration to a session closes: the start of the first of its held ``days``."""
    first = min(days, key=lambda day: (day.date, day.start_time))
    return paris_datetime(first.date, first.start_time)


def _standing(
    starts: datetime, ends: datetime, cancelled: bool, now: datetime, words: dict[str, str]
) -> Standing:
    if now < starts:
        stage = Stage.UPCOMING
    elif now < ends:
        stage = Stage.UNDER_WAY
    else:
        stage = Stage.OVER
    if cancelled:
        reason = words["cancelled"]
    elif stage is Stage.OVER:
        reason = words["over"]
    elif stage is Stage.UNDER_WAY:
        reason = words["begun"].format(when=when(starts))
    else:
        reason = None
    return Standing(stage, reason is None, starts, reason)


def session_standing(status: SessionStatus, days: Sequence[Any], now: datetime) -> Standing:
    """The standing of a session whose held days are ``days`` (``date start_time end_time``,
    in date order) at ``now``."""
    last = max(days, key=lambda day: (day.date, day.end_time))
    return _standing(
        session_closes_at(days),
        paris_datetime(last.date, last.end_time),
        status == SessionStatus.CANCELLED,
        now,
        staff_messages.SESSION_REGISTRATION_CLOSED,
    )


def event_standing(
    status: SessionStatus, starts: datetime, ends: datetime, now: datetime
) -> Standing:
    """The standing of an event held from ``starts`` to ``ends`` (aware) at ``now``."""
    return _standing(
        starts,
        ends,
        status == SessionStatus.CANCELLED,
        now,
        staff_messages.EVENT_REGISTRATION_CLOSED,
    )


# --- As SQL conditions, for the filters ------------------------------------------------------


def _held_time(column: Any, on: Any) -> Any:
    """The start or end time of the session's held day on ``on`` (its first or last)."""
    return (
        select(column)
        .where(
            SessionDay.session_id == TrainingSession.id,
            SessionDay.date == on,
            SessionDay.cancelled_at.is_(None),
        )
        .limit(1)
        .scalar_subquery()
    )


def _stages(
    first_day: Any, first_start: Any, last_day: Any, last_end: Any, now: datetime
) -> dict[Stage, ColumnElement[bool]]:
    local = now.astimezone(PARIS)
    today, moment = local.date(), local.time().replace(tzinfo=None)
    upcoming = or_(first_day > today, and_(first_day == today, first_start > moment))
    over = or_(last_day < today, and_(last_day == today, last_end <= moment))
    return {
        Stage.UPCOMING: upcoming,
        Stage.OVER: over,
        Stage.UNDER_WAY: and_(not_(upcoming), not_(over)),
    }


def session_stage_conditions(now: datetime) -> dict[Stage, ColumnElement[bool]]:
    """For each stage, the SQL condition a session meets when it is at that stage at ``now``."""
    return _stages(
        TrainingSession.starts_on,
        _held_time(SessionDay.start_time, TrainingSession.starts_on),
        TrainingSession.ends_on,
        _held_time(SessionDay.end_time, TrainingSession.ends_on),
        now,
    )


def event_stage_conditions(now: datetime) -> dict[Stage, ColumnElement[bool]]:
    """For each stage, the SQL condition an event meets when it is at that stage at ``now``."""
    return _stages(Event.date, Event.start_time, Event.date, Event.end_time, now)


def standing_conditions(
    criteria: Any, stage_conditions: Callable[[datetime], dict[Stage, ColumnElement[bool]]]
) -> list[ColumnElement[bool]]:
    """The conditions of a filter (``stages``: any of them, ``registration_open``, at ``now``,
    the current instant by default) on sessions or events (``stage_conditions``)."""
    wanted_stages, registration_open = criteria.stages, criteria.registration_open
    if not wanted_stages and registration_open is None:
        return []
    stages = stage_conditions(criteria.now or utcnow())
    status = TrainingSession.status if stage_conditions is session_stage_conditions else Event.status
    conditions = []
    if wanted_stages:
        conditions.append(or_(*(stages[stage] for stage in wanted_stages)))
    if registration_open is not None:
        is_open = and_(stages[Stage.UPCOMING], status != SessionStatus.CANCELLED)
        conditions.append(is_open if registration_open else not_(is_open))
    return conditions

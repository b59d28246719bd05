"""Each session's days and places read with its page, as JSON that PostgreSQL builds.

A partner's query lists a hundred sessions with their days and places. Read apart, each list
costs a statement, its round trip and its rows; as columns of the page's statement
(``json_agg`` in a subquery per session) they cost neither, and the page answers in two
statements with the trainers'. SQLite, in the process, has no round trip to save: there the
batch look-ups (``days_by_session``, ``places_by_session``) read them.

The same sessions are asked for again and again (every partner site shows the next ones), so
the rows made from a session's JSON text are kept by that text, bounded: the same text gives
the same rows, and a changed day or place gives another text.
"""

from __future__ import annotations

from datetime import date, time
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import Text, cast, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from core.models import SessionDay, SessionPlace, TrainingSession
from core.services.plain_rows import as_plain

# The rows of ``days_by_session`` and ``places_by_session``, which these lists give too.
DAY_FIELDS = ("session_id", "date", "start_time", "end_time")
PLACE_FIELDS = ("session_id", "city", "venue", "postal_code", "department_code")
# Sessions whose rows are kept (a few kB each).
KEPT_SESSIONS = 16_384


def days_json() -> Any:
    """The column of a session's held days as JSON text, ``[[date, start, end], …]`` in date
    order; null when it has none (a day taken out of its session is left out)."""
    day = func.json_build_array(SessionDay.date, SessionDay.start_time, SessionDay.end_time)
    return (
        select(cast(func.json_agg(aggregate_order_by(day, SessionDay.date)), Text))
        .where(SessionDay.session_id == TrainingSession.id, SessionDay.cancelled_at.is_(None))
        .scalar_subquery()
        .label("days_json")
    )


def places_json() -> Any:
    """The column of a session's places as JSON text, ``[[city, venue, postal code,
    department], …]`` in their order."""
    place = func.json_build_array(
        SessionPlace.city, SessionPlace.venue, SessionPlace.postal_code, SessionPlace.department_code
    )
    return (
        select(cast(func.json_agg(aggregate_order_by(place, SessionPlace.position)), Text))
        .where(SessionPlace.session_id == TrainingSession.id)
        .scalar_subquery()
        .label("places_json")
    )


@lru_cache(maxsize=KEPT_SESSIONS)
def days_from_json(session_id: int, text: str | None) -> tuple[Any, ...]:
    """The rows of ``days_json``'s ``text`` for the session, as ``days_by_session`` gives."""
    days = orjson.loads(text) if text else ()
    return tuple(as_plain(
        [
            (session_id, date.fromisoformat(day), time.fromisoformat(start), time.fromisoformat(end))
            for day, start, end in days
        ],
        DAY_FIELDS,
    ))


@lru_cache(maxsize=KEPT_SESSIONS)
def places_from_json(session_id: int, text: str | None) -> tuple[Any, ...]:
    """The rows of ``places_json``'s ``text`` for the session, as ``places_by_session`` gives."""
    places = orjson.loads(text) if text else ()
    return tuple(as_plain([(session_id, *place) for place in places], PLACE_FIELDS))

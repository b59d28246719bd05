"""The SQL conditions of a feed (``FeedScope``) and the tables it reads.

A ``FeedKey`` narrowed by a ``FeedFilter`` turns into conditions on sessions, events and
actions; the stamp (``stamp``) and the rows (``rows``) are read under the same conditions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select, true

from core.calendars.aggregate import aggregate
from core.calendars.keys import FEED_CONTENTS, EntryKind, FeedFilter, FeedKey, FeedKind
from core.models import (
    Action,
    Department,
    Event,
    EventLeader,
    Person,
    SessionPlace,
    SessionTrainer,
    TrainingModule,
    TrainingSession,
)


@dataclass(frozen=True)
class FeedScope:
    """The SQL conditions a feed puts on sessions, events and actions (None: none of them).

    ``registrations`` True when the feed shows the registration counts of its sessions and
    events (private feeds).
    """

    subject: Select[Any] | None
    sessions: ColumnElement[bool] | None
    events: ColumnElement[bool] | None
    actions: ColumnElement[bool] | None
    registrations: bool = False

    def sessions_condition(self) -> ColumnElement[bool]:
        """The condition on sessions; asked only of a feed that shows sessions."""
        if self.sessions is None:
            raise ValueError("this feed shows no sessions")
        return self.sessions

    def events_condition(self) -> ColumnElement[bool]:
        """The condition on events; asked only of a feed that shows events."""
        if self.events is None:
            raise ValueError("this feed shows no events")
        return self.events

    def session_ids(self) -> Select[int]:
        """The IDs of the sessions in scope."""
        return select(TrainingSession.id).where(self.sessions_condition())

    def event_ids(self) -> Select[int]:
        """The IDs of the events in scope."""
        return select(Event.id).where(self.events_condition())


def _person_id(public_id: str) -> Any:
    return select(Person.id).where(Person.public_id == public_id).scalar_subquery()


def feed_scope(feed: FeedKey, criteria: FeedFilter = FeedFilter()) -> FeedScope:
    """The conditions of ``feed`` narrowed by ``criteria``; only public events count, unless
    ``criteria.include_private`` (a staff member's private feed, which also counts the
    registrations)."""
    contents = FEED_CONTENTS[feed.kind]
    if criteria.contents is not None:
        contents = contents & criteria.contents
    public = true() if criteria.include_private else Event.is_public.is_(True)
    subject: Select[Any] | None = None
    sessions: ColumnElement[bool] | None = None
    events: ColumnElement[bool] | None = None
    actions: ColumnElement[bool] | None = None
    if feed.kind is FeedKind.REGION:
        sessions, events = true(), public
    elif feed.kind is FeedKind.DEPARTMENT:
        subject = aggregate(Department, Department.code == feed.key)
        sessions = or_(
            TrainingSession.department_code == feed.key,
            exists().where(
                SessionPlace.session_id == TrainingSession.id,
                SessionPlace.department_code == feed.key,
            ),
        )
        events = and_(public, Event.department_code == feed.key)
        # An action that restates an event (its practice-exchange day) is the event's entry.
        actions = and_(Action.department_code == feed.key, Action.event_id.is_(None))
    elif feed.kind is FeedKind.TRAINER:
        subject = aggregate(Person, Person.public_id == feed.key)
        person_id = _person_id(feed.key)
        sessions = exists().where(
            SessionTrainer.session_id == TrainingSession.id, SessionTrainer.person_id == person_id
        )
        events = and_(
            public,
            exists().where(EventLeader.event_id == Event.id, EventLeader.person_id == person_id),
        )
    elif feed.kind is FeedKind.MODULE:
        number = int(feed.key) if feed.key.isdigit() else -1
        subject = aggregate(TrainingModule, TrainingModule.number == number)
        sessions = TrainingSession.module_id == (
            select(TrainingModule.id).where(TrainingModule.number == number).scalar_subquery()
        )
    elif feed.kind is FeedKind.SESSION:
        subject = aggregate(TrainingSession, TrainingSession.public_id == feed.key)
        sessions = TrainingSession.public_id == feed.key
    elif feed.kind is FeedKind.EVENT:
        subject = aggregate(Event, Event.public_id == feed.key, public)
        events = and_(public, Event.public_id == feed.key)
    if criteria.module_number is not None and sessions is not None:
        sessions = and_(
            sessions,
            TrainingSession.module_id
            == select(TrainingModule.id)
            .where(TrainingModule.number == criteria.module_number)
            .scalar_subquery(),
        )
        events = actions = None
    return FeedScope(
        subject=subject,
        sessions=sessions if EntryKind.SESSIONS in contents else None,
        events=events if EntryKind.EVENTS in contents else None,
        actions=actions if EntryKind.ACTIONS in contents else None,
        registrations=criteria.include_private,
    )


# The tables each part of a feed reads (its stamp and its rows); see ``feed_tables``.
_SUBJECT_TABLES: dict[FeedKind, tuple[str, ...]] = {
    FeedKind.REGION: (),
    FeedKind.DEPARTMENT: ("department",),
    FeedKind.TRAINER: ("person",),
    FeedKind.MODULE: ("training_module",),
    FeedKind.SESSION: ("training_session", "training_module"),
    FeedKind.EVENT: ("event",),
}
_CONTENT_TABLES: dict[EntryKind, tuple[str, ...]] = {
    EntryKind.SESSIONS: (
        "training_session",
        "session_day",
        "session_place",
        "session_trainer",
        "person",
        "training_module",
        "module_prerequisite",
    ),
    EntryKind.EVENTS: ("event", "event_leader", "person"),
    EntryKind.ACTIONS: ("action",),
    EntryKind.LOCAL: (),
}


@functools.cache
def feed_tables(kind: FeedKind, criteria: FeedFilter = FeedFilter()) -> tuple[str, ...]:
    """The tables a feed of ``kind`` narrowed by ``criteria`` reads, sorted: a write to any
    other table leaves its stamp as it was (``core.models.revision`` counts writes per table).
    """
    contents = FEED_CONTENTS[kind]
    if criteria.contents is not None:
        contents = contents & criteria.contents
    tables = set(_SUBJECT_TABLES[kind])
    for content in contents:
        tables.update(_CONTENT_TABLES[content])
    if criteria.include_private:
        tables.add("registration")
    return tuple(sorted(tables))

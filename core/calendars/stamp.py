"""A feed's stamp: one statement of aggregates over every row the feed shows or draws text from.

The stamp (count, latest ``updated_at``, sum of ``sequence``… of each kind of row) changes
whenever the feed's content does. The feed's ETag and ``Last-Modified`` derive from it, never
from the clock. A row is never deleted in this service (a removed day or a cancelled event
stays), and a service that deletes a link row (a trainer taken off a session) touches its
parent, so the stamp sees every change.

A private feed also shows the registration counts of its sessions and events
(``core.services.registration_counts``): its stamp then covers every registration of them,
whatever its status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import CompoundSelect, Date, Select, String, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from core.calendars.aggregate import aggregate
from core.calendars.scope import FeedScope
from core.models import (
    Action,
    Event,
    EventLeader,
    ModulePrerequisite,
    Person,
    Registration,
    SessionDay,
    SessionPlace,
    SessionTrainer,
    TrainingModule,
    TrainingSession,
)
from core.models.enums import RegistrationStatus, SessionStatus


@dataclass(frozen=True)
class FeedStamp:
    """The aggregates of a feed's rows; equal stamps mean equal feeds.

    ``parts`` holds, for each kind of row, its count, latest ``updated_at``, sum of ``sequence``,
    number of cancelled entries still shown and last date of those no longer shown.
    ``exists`` is False when the feed's subject (a department, a trainer…) does not exist.
    """

    parts: tuple[tuple[Any, ...], ...]
    exists: bool
    changed_at: datetime | None
    # The last date of a cancelled entry that left the feed because its date has passed.
    last_expired_on: date | None

    def fingerprint(self) -> str:
        """A canonical text of the stamp, to hash into an ETag."""
        return repr(
            tuple(
                tuple(value.isoformat() if isinstance(value, date) else value for value in part)
                for part in self.parts
            )
        )


def _stamp_statement(scope: FeedScope, today: date) -> CompoundSelect[*tuple[Any, ...]]:
    on_day = literal(today, Date)
    parts: list[tuple[str, Select[*tuple[Any, ...]]]] = []
    if scope.subject is not None:
        parts.append(("subject", scope.subject))
    if scope.sessions is not None:
        session_ids = scope.session_ids()
        module_ids = select(TrainingSession.module_id).where(scope.sessions)
        trainer_ids = select(SessionTrainer.person_id).where(
            SessionTrainer.session_id.in_(session_ids)
        )
        parts += [
            ("sessions", aggregate(TrainingSession, scope.sessions)),
            (
                "days",
                aggregate(
                    SessionDay,
                    scope.sessions,
                    sequence=SessionDay.sequence,
                    cancelled=or_(
                        SessionDay.cancelled_at.is_not(None),
                        TrainingSession.status == SessionStatus.CANCELLED,
                    ),
                    on=SessionDay.date,
                    today=on_day,
                    join=(TrainingSession, TrainingSession.id == SessionDay.session_id),
                ),
            ),
            ("places", aggregate(SessionPlace, SessionPlace.session_id.in_(session_ids))),
            (
                "trainer_links",
                aggregate(SessionTrainer, SessionTrainer.session_id.in_(session_ids)),
            ),
            ("trainers", aggregate(Person, Person.id.in_(trainer_ids))),
            ("modules", aggregate(TrainingModule, TrainingModule.id.in_(module_ids))),
            (
                "prerequisites",
                aggregate(ModulePrerequisite, ModulePrerequisite.module_id.in_(module_ids)),
            ),
        ]
    if scope.events is not None:
        event_ids = scope.event_ids()
        leader_ids = select(EventLeader.person_id).where(EventLeader.event_id.in_(event_ids))
        parts += [
            (
                "events",
                aggregate(
                    Event,
                    scope.events,
                    sequence=Event.sequence,
                    cancelled=Event.status == SessionStatus.CANCELLED,
                    on=Event.date,
                    today=on_day,
                ),
            ),
            ("leader_links", aggregate(EventLeader, EventLeader.event_id.in_(event_ids))),
            ("leaders", aggregate(Person, Person.id.in_(leader_ids))),
        ]
    if scope.actions is not None:
        parts.append(("actions", aggregate(Action, scope.actions, sequence=Action.sequence)))
    if scope.registrations:
        parts += _registration_parts(scope)
    return union_all(
        *(
            statement.add_columns(literal(name, String).label("part"))
            for name, statement in parts
        )
    )


def _registration_parts(scope: FeedScope) -> list[tuple[str, Select[*tuple[Any, ...]]]]:
    """One part per status (counted or not) over the registrations of the feed's sessions and
    events: any registration written, or moved from one status to another, changes a count or
    a latest change time, so the stamp moves with the counts the feed shows."""
    targets = []
    if scope.sessions is not None:
        targets.append(Registration.session_id.in_(scope.session_ids()))
    if scope.events is not None:
        targets.append(Registration.event_id.in_(scope.event_ids()))
    if not targets:
        return []
    return [
        (
            f"registrations:{status.value}",
            aggregate(Registration, or_(*targets), Registration.status == status),
        )
        for status in RegistrationStatus
    ]


async def feed_stamp(db: AsyncSession, scope: FeedScope, today: date) -> FeedStamp:
    """The stamp of the feed ``scope`` describes, on ``today`` (Europe/Paris), in one statement.

    Cancelled entries show until their date has passed, so ``today`` is part of the question.
    """
    rows = sorted((await db.execute(_stamp_statement(scope, today))).all(), key=lambda r: r.part)
    changed = [row.changed_at for row in rows if row.changed_at is not None]
    expired = [row.expired_on for row in rows if row.expired_on is not None]
    subject = next((row for row in rows if row.part == "subject"), None)
    return FeedStamp(
        parts=tuple(
            (row.part, row.n, row.changed_at, row.sequences, row.pending, row.expired_on)
            for row in rows
        ),
        exists=subject is None or subject.n > 0,
        changed_at=max(changed) if changed else None,
        last_expired_on=max(expired) if expired else None,
    )

"""What the back-office's dashboard shows: the next sessions and events with their seats and
the registrations waiting (approval, waitlist), and the messages and webhooks failing.

Department staff see the sessions and events of their departments only (those that concern at
least one of them); messages and webhooks are the regional staff's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.hooks.types import TargetKind
from core.models import (
    Event,
    OutboxMessage,
    SessionPlace,
    TrainingModule,
    TrainingSession,
    Webhook,
)
from core.models.enums import SessionStatus
from core.services import outbox
from core.services.registrations.queries import SeatCount, seat_counts
from core.services.agenda import session_title

UPCOMING_LIMIT = 12


@dataclass(frozen=True)
class UpcomingTarget:
    """A session or event to come, with its seats and waiting registrations."""

    public_id: str
    title: str
    starts_on: date
    department_codes: tuple[str, ...]
    seats: SeatCount


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows, for one viewer."""

    sessions: list[UpcomingTarget]
    events: list[UpcomingTarget]
    failed_messages: list[OutboxMessage]
    waiting_messages: int
    failing_webhooks: list[Webhook]

    @property
    def pending_approval(self) -> int:
        """Registrations awaiting approval, in every target shown."""
        return sum(item.seats.pending_approval for item in (*self.sessions, *self.events))

    @property
    def waitlisted(self) -> int:
        """Registrations on a waitlist, in every target shown."""
        return sum(item.seats.waitlisted for item in (*self.sessions, *self.events))


def _visible(viewer: Viewer, codes: tuple[str, ...]) -> bool:
    return viewer.is_regional or bool(set(codes) & viewer.department_codes)


async def _sessions(db: AsyncSession, viewer: Viewer, today: date) -> list[UpcomingTarget]:
    rows = (
        await db.execute(
            select(TrainingSession, TrainingModule.number)
            .join(TrainingModule, TrainingModule.id == TrainingSession.module_id)
            .where(TrainingSession.ends_on >= today)
            .where(TrainingSession.status != SessionStatus.CANCELLED)
            .order_by(TrainingSession.starts_on, TrainingSession.id)
        )
    ).all()
    places: dict[int, list[str]] = defaultdict(list)
    for session_id, code in await db.execute(
        select(SessionPlace.session_id, SessionPlace.department_code).where(
            SessionPlace.session_id.in_([session.id for session, _ in rows])
        )
    ):
        places[session_id].append(code)
    shown = []
    for session, module_number in rows:
        codes = tuple(sorted({*places[session.id], *filter(None, [session.department_code])}))
        if _visible(viewer, codes):
            shown.append((session, module_number, codes))
    shown = shown[:UPCOMING_LIMIT]
    seats = await seat_counts(db, TargetKind.SESSION, [s.id for s, _, _ in shown])
    return [
        UpcomingTarget(
            session.public_id,
            session_title(session.number, session.year, module_number),
            session.starts_on,
            codes,
            count,
        )
        for (session, module_number, codes), count in zip(shown, seats, strict=True)
    ]


async def _events(db: AsyncSession, viewer: Viewer, today: date) -> list[UpcomingTarget]:
    statement = (
        select(Event)
        .where(Event.date >= today, Event.status != SessionStatus.CANCELLED)
        .order_by(Event.date, Event.id)
    )
    if not viewer.is_regional:
        statement = statement.where(Event.department_code.in_(sorted(viewer.department_codes)))
    rows = list(await db.scalars(statement.limit(UPCOMING_LIMIT)))
    seats = await seat_counts(db, TargetKind.EVENT, [row.id for row in rows])
    return [
        UpcomingTarget(
            row.public_id, row.title, row.date, tuple(filter(None, [row.department_code])), count
        )
        for row, count in zip(rows, seats, strict=True)
    ]


async def dashboard(db: AsyncSession, viewer: Viewer, today: date) -> Dashboard:
    """The dashboard of ``viewer`` on ``today``."""
    failed: list[OutboxMessage] = []
    waiting = 0
    failing: list[Webhook] = []
    if viewer.is_regional:
        failed = await outbox.failed_messages(db, limit=20)
        waiting = (await outbox.stats(db)).waiting
        failing = list(
            await db.scalars(
                select(Webhook)
                .where(Webhook.deleted_at.is_(None))
                .where((Webhook.failing_since.is_not(None)) | (Webhook.disabled_at.is_not(None)))
                .order_by(Webhook.id)
            )
        )
    return Dashboard(
        sessions=await _sessions(db, viewer, today),
        events=await _events(db, viewer, today),
        failed_messages=failed,
        waiting_messages=waiting,
        failing_webhooks=failing,
    )

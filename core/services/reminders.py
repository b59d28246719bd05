"""Reminders: an e-mail to each confirmed registrant some days before the first day.

Written by the dispatcher's pass (a chore, ``core.outbox.running``), with the app's clock:
every confirmed registration whose session or event starts within ``days`` days from today
(and not today or before) gets its reminder once (the outbox's ``dedupe_key``), so a
service stopped on the exact day still reminds the next time it runs.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import Clock
from core.models import Event, Registration, TrainingSession
from core.models.enums import RegistrationStatus, SessionStatus
from core.services import outbox, registration_mail


async def write_due(db: AsyncSession, clock: Clock, days: int) -> int:
    """Write the reminders due today; returns how many were written."""
    if days <= 0:
        return 0
    today = clock.today()
    until = today + timedelta(days=days)
    written = 0
    for kind_query in (
        select(Registration, TrainingSession.starts_on)
        .join(TrainingSession, Registration.session_id == TrainingSession.id)
        .where(
            TrainingSession.starts_on > today,
            TrainingSession.starts_on <= until,
            TrainingSession.status != SessionStatus.CANCELLED,
        ),
        select(Registration, Event.date)
        .join(Event, Registration.event_id == Event.id)
        .where(Event.date > today, Event.date <= until, Event.status != SessionStatus.CANCELLED),
    ):
        for row, first_day in (
            await db.execute(
                kind_query.where(
                    Registration.status == RegistrationStatus.CONFIRMED,
                    Registration.email.is_not(None),
                )
            )
        ).all():
            key = f"reminder:{row.public_id}:{first_day.isoformat()}"
            if await outbox.written(db, key):
                continue
            await registration_mail.reminder(db, row, key)
            written += 1
    return written

"""The e-mails a registration causes: written into the outbox with the change itself.

``registrations`` calls ``registration_written`` when a registration is created and
``registration_promoted`` when the waitlist gives it a seat, in the same transaction. Each
e-mail carries a new private link to the registration's page (``/inscription/<secret>``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.secrets import digest, new_secret
from core.hooks.messages import french_date, french_time
from core.hooks.types import TargetKind
from core.models import (
    Event,
    LinkPurpose,
    Registration,
    RegistrationLink,
    SessionDay,
    SessionPlace,
    TrainingSession,
)
from core.models.enums import RegistrationStatus
from core.services import outbox
from core.services.eligibility import registration_target

LINK_PREFIX = "lien_"
LINK_PATH = "/inscription/"

_TOPICS = {
    RegistrationStatus.CONFIRMED: "registration_confirmed",
    RegistrationStatus.WAITLISTED: "registration_waitlisted",
    RegistrationStatus.PENDING_APPROVAL: "registration_pending_approval",
}


async def new_link(db: AsyncSession, row: Registration, purpose: LinkPurpose) -> str:
    """A new private link secret for ``row`` (only its hash is stored)."""
    secret = new_secret(LINK_PREFIX)
    db.add(RegistrationLink(registration_id=row.id, purpose=purpose, token_hash=digest(secret)))
    await db.flush()
    return secret


async def _session_lines(db: AsyncSession, session: TrainingSession) -> list[str]:
    days = await db.scalars(
        select(SessionDay)
        .where(SessionDay.session_id == session.id, SessionDay.cancelled_at.is_(None))
        .order_by(SessionDay.date)
    )
    places = list(
        await db.scalars(
            select(SessionPlace)
            .where(SessionPlace.session_id == session.id)
            .order_by(SessionPlace.position)
        )
    )
    where = " ou ".join(
        ", ".join(part for part in (place.venue, place.city) if part) for place in places
    )
    return [
        f"{french_date(day.date)}, {french_time(day.start_time)} – {french_time(day.end_time)}"
        + (f", {where}" if where else "")
        for day in days
    ]


def _event_lines(event: Event) -> list[str]:
    where = ", ".join(part for part in (event.venue, event.city) if part)
    return [
        f"{french_date(event.date)}, {french_time(event.start_time)} – "
        f"{french_time(event.end_time)}" + (f", {where}" if where else "")
    ]


async def _waitlist_position(db: AsyncSession, row: Registration) -> int:
    column = Registration.session_id if row.session_id is not None else Registration.event_id
    target = row.session_id if row.session_id is not None else row.event_id
    ahead = await db.scalar(
        select(func.count(Registration.id)).where(
            column == target,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.id < row.id,
        )
    )
    return ahead + 1


async def _context(db: AsyncSession, row: Registration) -> dict[str, Any]:
    """What every registration e-mail says: who, what, when and where, and its private link."""
    if row.session_id is not None:
        session = await db.get(TrainingSession, row.session_id)
        target = await registration_target(db, TargetKind.SESSION, session.public_id)
        title, lines = target.title, await _session_lines(db, session)
    else:
        event = await db.get(Event, row.event_id)
        title, lines = event.title, _event_lines(event)
    return {
        "full_name": row.full_name,
        "title": title,
        "days": lines,
        "link": LINK_PATH + await new_link(db, row, LinkPurpose.MANAGE),
    }


async def registration_written(db: AsyncSession, row: Registration) -> None:
    """Tell the person what became of the registration just created (confirmed, waitlisted
    with its position, awaiting approval)."""
    topic = _TOPICS.get(row.status)
    if topic is None or not row.email:
        return
    context = await _context(db, row)
    if row.status is RegistrationStatus.WAITLISTED:
        context["position"] = await _waitlist_position(db, row)
    await outbox.enqueue_email(db, topic, row.email, context)


async def registration_promoted(db: AsyncSession, row: Registration) -> None:
    """Tell a waitlisted person that a seat was freed for them (confirmed or, where the session
    asks for it, awaiting approval)."""
    if not row.email:
        return
    context = await _context(db, row)
    context["awaiting_approval"] = row.status is RegistrationStatus.PENDING_APPROVAL
    await outbox.enqueue_email(db, "registration_promoted", row.email, context)

"""The e-mails a registration causes: written into the outbox with the change itself.

``registrations`` calls ``registration_written`` when a registration is created and
``registration_promoted`` when the waitlist gives it a seat, in the same transaction. Each
e-mail carries a new private link to the registration's page (``/inscription/<secret>``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.secrets import digest, new_secret
from core.email_address import normalise_email
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
from core.calendars.links import feed_path
from core.services import outbox
from core.calendars.keys import FeedKey, FeedKind
from core.services.eligibility import registration_target
from core.services.staff_messages import STATUS_WORDS

LINK_PREFIX = "lien_"
LINK_PATH = "/inscription/"
CONFIRM_PATH = "/inscription/confirmer/"

_TOPICS = {
    RegistrationStatus.CONFIRMED: "registration_confirmed",
    RegistrationStatus.WAITLISTED: "registration_waitlisted",
    RegistrationStatus.PENDING_APPROVAL: "registration_pending_approval",
    RegistrationStatus.REFUSED: "registration_refused",
    RegistrationStatus.CANCELLED: "registration_cancelled",
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


async def waitlist_position(db: AsyncSession, row: Registration) -> int:
    column = Registration.session_id if row.session_id is not None else Registration.event_id
    target = row.session_id if row.session_id is not None else row.event_id
    ahead = await db.scalar(
        select(func.count(Registration.id)).where(
            column == target,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.id < row.id,
        )
    )
    return (ahead or 0) + 1


async def target_title(db: AsyncSession, row: Registration) -> str:
    """The title of a registration's session or event, as people read it."""
    if row.session_id is not None:
        session = await db.get_one(TrainingSession, row.session_id)
        target = await registration_target(db, TargetKind.SESSION, session.public_id)
        if target is None:
            raise LookupError(f"session {session.public_id} has no registration target")
        return target.title
    return (await db.get_one(Event, row.event_id)).title


async def _day_lines(db: AsyncSession, row: Registration) -> list[str]:
    if row.session_id is not None:
        return await _session_lines(db, await db.get_one(TrainingSession, row.session_id))
    return _event_lines(await db.get_one(Event, row.event_id))


async def manage_link(db: AsyncSession, row: Registration) -> str:
    """The path of a new private link to ``row``'s page (see it, cancel it)."""
    return LINK_PATH + await new_link(db, row, LinkPurpose.MANAGE)


async def _invitation(db: AsyncSession, row: Registration, method: str) -> dict[str, str]:
    """What the e-mail's calendar file will be (built when sent, from the feed's entries)."""
    if row.session_id is not None:
        session = await db.get_one(TrainingSession, row.session_id)
        return {"kind": FeedKind.SESSION.value, "public_id": session.public_id, "method": method}
    event = await db.get_one(Event, row.event_id)
    return {"kind": FeedKind.EVENT.value, "public_id": event.public_id, "method": method}


async def _context(db: AsyncSession, row: Registration) -> dict[str, Any]:
    """What every registration e-mail says: who, what, when and where, and its private link."""
    return {
        "full_name": row.full_name,
        "title": await target_title(db, row),
        "days": await _day_lines(db, row),
        "link": await manage_link(db, row),
    }


async def registration_written(
    db: AsyncSession, row: Registration, reasons: Sequence[str] = ()
) -> None:
    """Tell the person where the registration just written or changed stands: confirmed,
    waitlisted (with its position), awaiting approval, refused (with the rules' French
    ``reasons``, if any) or cancelled."""
    topic = _TOPICS.get(row.status)
    if topic is None or not row.email:
        return
    context = await _context(db, row)
    if row.status is RegistrationStatus.WAITLISTED:
        context["position"] = await waitlist_position(db, row)
    context["reasons"] = list(reasons)
    if row.status is RegistrationStatus.CONFIRMED:
        context["invitation"] = await _invitation(db, row, "REQUEST")
    elif row.status is RegistrationStatus.CANCELLED:
        context["invitation"] = await _invitation(db, row, "CANCEL")
    await outbox.enqueue_email(db, topic, row.email, context)


async def registration_promoted(db: AsyncSession, row: Registration) -> None:
    """Tell a waitlisted person that a seat was freed for them (confirmed or, where the session
    asks for it, awaiting approval)."""
    if not row.email:
        return
    context = await _context(db, row)
    context["awaiting_approval"] = row.status is RegistrationStatus.PENDING_APPROVAL
    if row.status is RegistrationStatus.CONFIRMED:
        context["invitation"] = await _invitation(db, row, "REQUEST")
    await outbox.enqueue_email(db, "registration_promoted", row.email, context)


async def confirmation_request(db: AsyncSession, row: Registration) -> None:
    """Ask the address of an UNCONFIRMED registration to confirm it, with a single-use link."""
    if row.email is None:  # erased on request: nobody to ask
        return
    context = {
        "full_name": row.full_name,
        "title": await target_title(db, row),
        "days": await _day_lines(db, row),
        "link": CONFIRM_PATH + await new_link(db, row, LinkPurpose.CONFIRM_ADDRESS),
    }
    await outbox.enqueue_email(db, "address_confirmation", row.email, context)


async def links_again(
    db: AsyncSession, email: str, rows: list[Registration], *, repeated: bool = False
) -> None:
    """Send ``email`` a new link to each of its registrations ``rows``; ``repeated`` says the
    message answers a new registration for a target the address is registered to already."""
    entries = [
        {
            "title": await target_title(db, row),
            "status": STATUS_WORDS[row.status.value],
            "link": await manage_link(db, row),
        }
        for row in rows
    ]
    context = {"full_name": rows[0].full_name, "registrations": entries, "repeated": repeated}
    await outbox.enqueue_email(db, "registration_links", email, context)


async def registration_by_link(
    db: AsyncSession, secret: str, purpose: LinkPurpose = LinkPurpose.MANAGE
) -> Registration | None:
    """The registration a private link of ``purpose`` stands for (looked up by its hash)."""
    if not secret or len(secret) > 200:
        return None
    link = await db.scalar(
        select(RegistrationLink).where(
            RegistrationLink.token_hash == digest(secret), RegistrationLink.purpose == purpose
        )
    )
    return None if link is None else await db.get(Registration, link.registration_id)


async def calendar_path(db: AsyncSession, row: Registration) -> str:
    """The path of the calendar file of a registration's session or event."""
    if row.session_id is not None:
        session = await db.get_one(TrainingSession, row.session_id)
        return feed_path(FeedKey(FeedKind.SESSION, session.public_id))
    event = await db.get_one(Event, row.event_id)
    return feed_path(FeedKey(FeedKind.EVENT, event.public_id))


# One "your links" e-mail per address in this period, however often it is asked for.
LINKS_AGAIN_PERIOD = timedelta(minutes=10)


async def send_links_again(db: AsyncSession, email: str) -> None:
    """E-mail ``email`` a new link to each of its active registrations, if it has any (and
    was not sent one in the last ``LINKS_AGAIN_PERIOD``). Says nothing either way: the
    caller's answer must not tell whether the address is registered."""
    address = normalise_email(email)
    rows = list(
        await db.scalars(
            select(Registration)
            .where(
                Registration.email == address,
                Registration.status.in_(
                    (
                        RegistrationStatus.CONFIRMED,
                        RegistrationStatus.PENDING_APPROVAL,
                        RegistrationStatus.WAITLISTED,
                    )
                ),
            )
            .order_by(Registration.created_at, Registration.id)
        )
    )
    if not rows or await outbox.sent_recently(
        db, address, "registration_links", LINKS_AGAIN_PERIOD
    ):
        return
    await links_again(db, address, rows)


# Who is told of a change of the session or event: those holding or awaiting a seat.
TOLD_OF_CHANGES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.PENDING_APPROVAL,
    RegistrationStatus.WAITLISTED,
)


async def _told(db: AsyncSession, kind: TargetKind, row_id: int) -> list[Registration]:
    column = Registration.session_id if kind is TargetKind.SESSION else Registration.event_id
    return list(
        await db.scalars(
            select(Registration)
            .where(
                column == row_id,
                Registration.status.in_(TOLD_OF_CHANGES),
                Registration.email.is_not(None),
            )
            .order_by(Registration.id)
        )
    )


async def told_count(db: AsyncSession, kind: TargetKind, row_id: int) -> int:
    """How many people a change or cancellation of the session or event would e-mail now."""
    return len(await _told(db, kind, row_id))


async def _tell_all(db: AsyncSession, kind: TargetKind, row_id: int, topic: str, method: str) -> None:
    await db.flush()
    for row in await _told(db, kind, row_id):
        if row.email is None:  # erased on request: nobody to tell
            continue
        context = await _context(db, row)
        context["invitation"] = await _invitation(db, row, method)
        await outbox.enqueue_email(db, topic, row.email, context)


async def target_changed(db: AsyncSession, kind: TargetKind, row_id: int) -> None:
    """Tell everyone registered (confirmed, awaiting approval, waitlisted) that the session or
    event changed (a day moved, added or removed, hours or place), with the calendar file
    (``METHOD:REQUEST``) that updates the entries their calendar holds."""
    await _tell_all(db, kind, row_id, "target_changed", "REQUEST")


async def target_cancelled(db: AsyncSession, kind: TargetKind, row_id: int) -> None:
    """Tell everyone registered that the session or event is cancelled, with the calendar
    file (``METHOD:CANCEL``) that removes it. Call it before their registrations change."""
    await _tell_all(db, kind, row_id, "target_cancelled", "CANCEL")


async def reminder(db: AsyncSession, row: Registration, dedupe_key: str) -> None:
    """Remind a confirmed registrant of the days ahead, with the practical details."""
    if row.email is None:  # erased on request: nobody to remind
        return
    context = await _context(db, row)
    context["invitation"] = await _invitation(db, row, "REQUEST")
    await outbox.enqueue_email(db, "reminder", row.email, context, dedupe_key=dedupe_key)

"""Double opt-in: a registration made without a staff token holds nothing until its address
is confirmed through a single-use link sent to it.

``registrations.registering.register`` writes such a registration UNCONFIRMED and calls ``ask``, which
e-mails the confirmation link, or, when the address already has an active registration of
that target, tells that registrant instead (with their links): the caller's answer is the same
either way, so it never reveals who is registered. ``confirm`` follows a link: the rules and
seats of the moment decide, as for a registration made then. Links not followed within the
validity period (``CPS_CONFIRMATION_HOURS``) are dead, and ``expire_unconfirmed`` cancels
their registrations and erases what they held (they never held a seat).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.secrets import digest
from core.auth.viewer import SYSTEM, Viewer
from core.db import utcnow
from core.hooks.manager import PluginManager
from core.models import LinkPurpose, Registration, RegistrationLink
from core.models.enums import RegistrationStatus
from core.services import audit, registration_mail
from core.services.registrations.declared import erase_personal_data
from core.services.registrations.seats import ACTIVE
from core.services.registrations.status_changes import seat_confirmed_address

MAX_SECRET_LENGTH = 200


@dataclass(frozen=True)
class Confirmation:
    """What following a confirmation link did, for the page that says so.

    ``state`` is ``confirmed``, ``pending_approval``, ``waitlisted`` (with ``position``),
    ``refused`` (with the rules' French ``reasons``), ``already_registered``, ``undetermined``
    (a department's rules failed: try again later), or ``invalid`` (unknown, used or expired
    link). ``manage_link`` is the path of the registration's page when there is one.
    """

    state: str
    title: str | None = None
    position: int | None = None
    reasons: tuple[str, ...] = ()
    manage_link: str | None = None


def required(viewer: Viewer) -> bool:
    """Whether a registration by ``viewer`` waits for its address to be confirmed (any caller
    without a staff token, partner sites included)."""
    return not viewer.is_staff


async def _active_of(db: AsyncSession, row: Registration) -> Registration | None:
    column = Registration.session_id if row.session_id is not None else Registration.event_id
    return await db.scalar(
        select(Registration).where(
            column == (row.session_id or row.event_id),
            Registration.email == row.email,
            Registration.status.in_(ACTIVE),
        )
    )


async def ask(db: AsyncSession, row: Registration, *, already_registered: bool) -> None:
    """E-mail the address of the UNCONFIRMED ``row`` its confirmation link; when the address
    already holds an active registration of the target, send that registrant their links
    instead (nobody else learns it)."""
    existing = await _active_of(db, row) if already_registered else None
    if existing is not None and existing.email is not None:
        await registration_mail.links_again(db, existing.email, [existing], repeated=True)
        return
    await registration_mail.confirmation_request(db, row)


async def _link(db: AsyncSession, secret: str, valid_for: timedelta) -> RegistrationLink | None:
    if not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    link = await db.scalar(
        select(RegistrationLink).where(
            RegistrationLink.token_hash == digest(secret),
            RegistrationLink.purpose == LinkPurpose.CONFIRM_ADDRESS,
        )
    )
    if link is None or link.used_at is not None or link.created_at + valid_for < utcnow():
        return None
    return link


async def pending_title(db: AsyncSession, secret: str, valid_for: timedelta) -> str | None:
    """The title of the session or event a live confirmation link is for; ``None`` when the
    link is unknown, used or expired (the page then says so)."""
    link = await _link(db, secret, valid_for)
    if link is None:
        return None
    row = await db.get_one(Registration, link.registration_id)
    return await registration_mail.target_title(db, row)


async def confirm(
    db: AsyncSession, plugins: PluginManager, secret: str, valid_for: timedelta, *, today: date
) -> Confirmation:
    """Follow a confirmation link (once): seat the registration under the rules and seats of
    ``today``, and e-mail its outcome with the link to its page. The caller commits."""
    link = await _link(db, secret, valid_for)
    if link is None:
        return Confirmation("invalid")
    row = await db.get_one(Registration, link.registration_id)
    title = await registration_mail.target_title(db, row)
    outcome = await seat_confirmed_address(db, plugins, row, today=today)
    codes = {violation.code for violation in outcome.errors}
    if "RULES_UNDETERMINED" in codes:
        return Confirmation("undetermined", title)
    if "INVALID_TRANSITION" in codes:
        return Confirmation("invalid")
    link.used_at = utcnow()
    if row.status is RegistrationStatus.CANCELLED:
        # Cancelled as a duplicate: the address holds another active registration.
        existing = await _active_of(db, row)
        if existing is not None and row.email is not None:
            await registration_mail.links_again(db, row.email, [existing], repeated=True)
        return Confirmation("already_registered", title)
    if row.status is RegistrationStatus.REFUSED:
        return Confirmation(
            "refused", title, reasons=tuple(violation.message for violation in outcome.errors)
        )
    position = None
    if row.status is RegistrationStatus.WAITLISTED:
        position = await registration_mail.waitlist_position(db, row)
    manage = await registration_mail.manage_link(db, row)
    return Confirmation(row.status.value.lower(), title, position, manage_link=manage)


async def expire_unconfirmed(db: AsyncSession, valid_for: timedelta, now: datetime | None = None) -> int:
    """Cancel every UNCONFIRMED registration whose link has expired and erase its personal
    data (it never held a seat: no count changes). Returns how many."""
    limit = (now or utcnow()) - valid_for
    expired = list(
        await db.scalars(
            select(Registration).where(
                Registration.status == RegistrationStatus.UNCONFIRMED,
                Registration.created_at < limit,
            )
        )
    )
    for row in expired:
        row.status = RegistrationStatus.CANCELLED
        erase_personal_data(row)
        await audit.record(
            db, SYSTEM, action="registration.expired", object_type="Registration",
            object_public_id=row.public_id, department_codes=row.department_codes,
            changes={"status": row.status.value},
        )
    await db.flush()
    return len(expired)


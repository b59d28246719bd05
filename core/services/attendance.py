"""What an attendance sheet holds: one day of a session or event, who leads it, who comes.

Only the confirmed participants are listed (a person awaiting approval or on the waitlist has
no seat that day), by name; the sheet is read by staff covering the session's or event's
departments only (``participants.allowed_target``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy.ext.asyncio import AsyncSession
from unidecode import unidecode

from core.auth.viewer import Viewer
from core.hooks.messages import french_date
from core.hooks.types import TargetKind
from core.models.enums import RegistrationStatus
from core.services.agenda import (
    AgendaItem,
    EventDetail,
    PersonName,
    SessionDetail,
    event_detail,
    session_detail,
)
from core.services.errors import InputError
from core.services.participants import allowed_target, participant_list


@dataclass(frozen=True)
class Attendee:
    """A confirmed participant, as the sheet lists them."""

    full_name: str
    organization: str | None


@dataclass(frozen=True)
class AttendanceSheet:
    """One day of a session or event, ready to print.

    ``title`` names the session ("Session 1 (2025) — Module 1") or the event; ``subtitle`` is
    the module's title or the event's kind; ``day_number`` counts the day among ``day_count``.
    """

    kind: TargetKind
    public_id: str
    title: str
    subtitle: str
    year: int
    number: int | None
    day: date
    starts_at: time
    ends_at: time
    day_number: int
    day_count: int
    place: str
    department_codes: tuple[str, ...]
    leaders: tuple[str, ...]
    attendees: tuple[Attendee, ...]


def place_words(item: AgendaItem) -> str:
    """Where the session or event is held, in words: "Promotion Santé, Pôle 72 — Le Mans
    (72000)", "Nantes ou La Roche-sur-Yon — lieu à confirmer"."""
    places = []
    for place in item.places:
        town = f"{place.city} ({place.postal_code})" if place.postal_code else place.city
        places.append(f"{place.venue} — {town}" if place.venue else town)
    words = " ou ".join(places) or "lieu à préciser"
    return f"{words} — lieu à confirmer" if item.tentative else words


def _leader(person: PersonName) -> str:
    if person.organization:
        return f"{person.full_name} ({person.organization})"
    return person.full_name


async def attendance_sheet(
    db: AsyncSession, viewer: Viewer, kind: TargetKind, public_id: str, day: date
) -> AttendanceSheet:
    """The attendance sheet of ``day`` of a session or event.

    Raises ``AccessDenied`` unless ``viewer`` covers its departments, ``InputError``
    (``TARGET_NOT_FOUND``) when there is no such session or event, and ``InputError``
    (``DAY_NOT_HELD``, naming the days there are) when it is not held on ``day``.
    """
    target = await allowed_target(db, viewer, kind, public_id)
    detail: SessionDetail | EventDetail | None
    if kind is TargetKind.SESSION:
        detail = await session_detail(db, public_id)
        assert detail is not None, "allowed_target found it"
        leaders = detail.trainers
    else:
        detail = await event_detail(db, public_id)
        assert detail is not None, "allowed_target found it"
        leaders = detail.leaders
    item = detail.item
    dates = [held.date for held in item.days]
    if day not in dates:
        held = ", ".join(french_date(other) for other in dates) or "aucun jour"
        raise InputError(
            "DAY_NOT_HELD",
            f"« {target.title} » n'a pas lieu le {french_date(day)} ; ses jours : {held}.",
            field="day",
        )
    index = dates.index(day)
    participants = await participant_list(db, viewer, kind, public_id)
    confirmed = sorted(
        participants.with_status(RegistrationStatus.CONFIRMED),
        key=lambda row: unidecode(row.full_name).casefold(),
    )
    return AttendanceSheet(
        kind=kind,
        public_id=public_id,
        title=target.title,
        subtitle=item.subtitle,
        year=item.year,
        number=item.number,
        day=day,
        starts_at=item.days[index].starts_at,
        ends_at=item.days[index].ends_at,
        day_number=index + 1,
        day_count=len(dates),
        place=place_words(item),
        department_codes=target.department_codes,
        leaders=tuple(_leader(person) for person in leaders),
        attendees=tuple(Attendee(row.full_name, row.organization) for row in confirmed),
    )


async def held_days(db: AsyncSession, kind: TargetKind, public_id: str) -> list[date]:
    """The days a session (its days not taken out) or an event is held, in order: those an
    attendance sheet can be printed for."""
    detail: SessionDetail | EventDetail | None
    if kind is TargetKind.SESSION:
        detail = await session_detail(db, public_id)
    else:
        detail = await event_detail(db, public_id)
    return [] if detail is None else [day.date for day in detail.item.days]

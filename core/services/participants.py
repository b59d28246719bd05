"""The participants of a session or event, as staff list, export and print them.

A participant list is personal data: only regional staff and the staff of every department the
session or event concerns may read it (``require_departments``, checked before anything else
is read). Registrations whose personal data was erased are left out: nothing is left to list.
Rows come in the order staff work through them: confirmed, awaiting approval, the waitlist in
the order its seats will be given, then those not yet confirmed by e-mail, refused, cancelled;
within a status, oldest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.permissions import require_departments
from core.auth.viewer import Viewer
from core.hooks.types import RegistrationTarget, TargetKind
from core.models import Event, Registration, TrainingSession
from core.models.enums import RegistrationStatus
from core.services import staff_messages
from core.services.agenda import AgendaCriteria, AgendaItem, ItemKind, Period, agenda
from core.services.agenda import department_names
from core.services.eligibility import registration_target
from core.services.errors import InputError
from core.services.registrations.queries import SeatCount, of_target, seat_counts, target_row_id
from core.services.registrations.seats import ACTIVE
from core.timezone import PARIS

# The order of the statuses in a list: who comes, who may come, who will not.
STATUS_ORDER = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.PENDING_APPROVAL,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.UNCONFIRMED,
    RegistrationStatus.REFUSED,
    RegistrationStatus.CANCELLED,
)
# Who staff may confirm (a seat free for those not holding one), refuse, move or cancel.
CONFIRMABLE = (
    RegistrationStatus.PENDING_APPROVAL,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.REFUSED,
)
CHANGEABLE = ACTIVE
# A session named the way staff say it: "2025-4" is session 4 of 2025.
_SESSION_NUMBER = re.compile(r"^\s*(\d{4})\s*-\s*(\d{1,3})\s*$")


@dataclass(frozen=True)
class Participant:
    """One registration as a participant list shows it (``registered_at`` in Paris time)."""

    public_id: str
    full_name: str
    email: str
    organization: str | None
    department_code: str | None
    department_name: str | None
    status: RegistrationStatus
    waitlist_position: int | None
    registered_at: datetime
    prior_training_by: str | None
    questionnaire_score: float | None
    employer_commitment: bool | None

    @property
    def status_label(self) -> str:
        """The status in French ("confirmée", "en liste d'attente"…)."""
        return staff_messages.STATUS_WORDS[self.status.value]

    @property
    def confirmable(self) -> bool:
        """Whether staff may confirm it (awaiting approval, waitlisted or refused)."""
        return self.status in CONFIRMABLE

    @property
    def changeable(self) -> bool:
        """Whether staff may refuse, move or cancel it (it holds a seat or waits for one)."""
        return self.status in CHANGEABLE


@dataclass(frozen=True)
class ParticipantList:
    """The participants of a session or event, with what names it."""

    target: RegistrationTarget
    participants: tuple[Participant, ...]

    def with_status(self, *statuses: RegistrationStatus) -> list[Participant]:
        """The participants with one of ``statuses``, in the list's order."""
        return [row for row in self.participants if row.status in statuses]


def _not_found(reference: str) -> InputError:
    return InputError(
        "TARGET_NOT_FOUND",
        f"Aucune session ni aucun évènement n'a l'identifiant « {reference.strip()} » "
        "(son identifiant public, ou ANNÉE-NUMÉRO pour une session : 2025-4).",
        field="target",
    )


async def find_target(db: AsyncSession, reference: str) -> tuple[TargetKind, str]:
    """The kind and public ID of the session or event ``reference`` names: a public ID, or
    ``YEAR-NUMBER`` for a session ("2025-4"). Raises ``InputError`` (``TARGET_NOT_FOUND``)."""
    matched = _SESSION_NUMBER.match(reference)
    if matched:
        public_id = await db.scalar(
            select(TrainingSession.public_id).where(
                TrainingSession.year == int(matched[1]),
                TrainingSession.number == int(matched[2]),
            )
        )
        if public_id is not None:
            return TargetKind.SESSION, public_id
        raise _not_found(reference)
    wanted = reference.strip()
    for kind, model in ((TargetKind.SESSION, TrainingSession), (TargetKind.EVENT, Event)):
        if await db.scalar(select(model.id).where(model.public_id == wanted)) is not None:
            return kind, wanted
    raise _not_found(reference)


async def allowed_target(
    db: AsyncSession, viewer: Viewer, kind: TargetKind, public_id: str
) -> RegistrationTarget:
    """The session or event ``public_id``, once ``viewer`` is known to cover its departments.

    Raises ``AccessDenied`` (``UNAUTHENTICATED``, ``FORBIDDEN``) before saying whether it
    exists, then ``InputError`` (``TARGET_NOT_FOUND``) when it does not."""
    target = await registration_target(db, kind, public_id)
    require_departments(viewer, target.department_codes if target else [None])
    if target is None:
        raise _not_found(public_id)
    return target


def _sort_key(row: Registration) -> tuple[int, datetime, int]:
    return STATUS_ORDER.index(row.status), row.created_at, row.id


async def participant_list(
    db: AsyncSession, viewer: Viewer, kind: TargetKind, public_id: str
) -> ParticipantList:
    """Every registration (not erased) of a session or event, in the list's order, for staff
    covering its departments (``allowed_target`` says what is raised otherwise).

    A waitlisted participant's position is the order in which freed seats are given (oldest
    registration first), so the first one listed gets the next seat."""
    target = await allowed_target(db, viewer, kind, public_id)
    row_id = await target_row_id(db, kind, public_id)
    assert row_id is not None, "allowed_target found it"
    rows = sorted(
        (row for row in await of_target(db, kind, row_id) if row.erased_at is None),
        key=_sort_key,
    )
    names = await department_names(db)
    participants = []
    waiting = 0
    for row in rows:
        position = None
        if row.status is RegistrationStatus.WAITLISTED:
            waiting += 1
            position = waiting
        participants.append(
            Participant(
                public_id=row.public_id,
                full_name=row.full_name or "",
                email=row.email or "",
                organization=row.employer,
                department_code=row.practice_department_code,
                department_name=names.get(row.practice_department_code or ""),
                status=row.status,
                waitlist_position=position,
                registered_at=row.created_at.astimezone(PARIS),
                prior_training_by=row.prior_training_organization,
                questionnaire_score=row.questionnaire_score,
                employer_commitment=row.employer_commitment,
            )
        )
    return ParticipantList(target=target, participants=tuple(participants))


@dataclass(frozen=True)
class TargetSummary:
    """A session or event staff may manage the registrations of, with its counts."""

    item: AgendaItem
    counts: SeatCount

    @property
    def kind(self) -> TargetKind:
        """Session or event."""
        return TargetKind.SESSION if self.item.kind is ItemKind.SESSION else TargetKind.EVENT


async def registration_targets(
    db: AsyncSession, viewer: Viewer, today: date, *, period: Period = Period.UPCOMING
) -> list[TargetSummary]:
    """The sessions and public events of ``period`` whose registrations ``viewer`` manages
    (every department of each covered), by first day, with their seat counts."""
    items = [
        item
        for item in await agenda(db, AgendaCriteria(period=period), today)
        if viewer.covers(item.department_codes)
    ]
    counts: dict[tuple[ItemKind, int], SeatCount] = {}
    for item_kind, kind in ((ItemKind.SESSION, TargetKind.SESSION), (ItemKind.EVENT, TargetKind.EVENT)):
        ids = [item.row_id for item in items if item.kind is item_kind]
        if ids:
            for row_id, count in zip(ids, await seat_counts(db, kind, ids), strict=True):
                counts[(item_kind, row_id)] = count
    return [TargetSummary(item, counts[(item.kind, item.row_id)]) for item in items]

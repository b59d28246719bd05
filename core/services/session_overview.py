"""Sessions as the back-office lists and shows them: a year's sessions with their numbers,
days, places and seats; one session with everything staff act on.

Department staff see the sessions that concern at least one of their departments; what they
may change is decided by the commands (``core.commands.sessions``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.hooks.types import TargetKind
from core.models import (
    Person,
    PersonDepartment,
    PersonRoleAssignment,
    SessionDay,
    SessionPlace,
    SessionTrainer,
    TrainingModule,
    TrainingSession,
)
from core.models.enums import PersonRole, RecordStatus
from core.services import registration_mail
from core.services.registrations.queries import SeatCount, seat_counts
from core.services.agenda import session_title
from core.services.staff_sessions import session_by_public_id


@dataclass(frozen=True)
class TrainerChoice:
    """A trainer as the session forms offer them: public ID and "Claire Martin (44, 85)"."""

    public_id: str
    label: str


@dataclass
class SessionSummary:
    """A session with what a list or a page shows of it."""

    row: TrainingSession
    module_number: int
    module_title: str
    days: list[SessionDay] = field(default_factory=list)
    places: list[SessionPlace] = field(default_factory=list)
    seats: SeatCount | None = None

    @property
    def title(self) -> str:
        """ "Session 1 (2025) — Module 2"."""
        return session_title(self.row.number, self.row.year, self.module_number)

    @property
    def department_codes(self) -> list[str]:
        """The departments the session concerns: its holding one and its places'."""
        codes = [self.row.department_code] if self.row.department_code else []
        return codes + [p.department_code for p in self.places if p.department_code not in codes]

    @property
    def active_days(self) -> list[SessionDay]:
        """The days not taken out, in date order."""
        return [day for day in self.days if day.cancelled_at is None]


def _visible(viewer: Viewer, summary: SessionSummary) -> bool:
    return viewer.is_regional or bool(set(summary.department_codes) & viewer.department_codes)


async def _summaries(
    db: AsyncSession, rows: list[tuple[TrainingSession, int, str]]
) -> list[SessionSummary]:
    ids = [row.id for row, _, _ in rows]
    days: dict[int, list[SessionDay]] = defaultdict(list)
    places: dict[int, list[SessionPlace]] = defaultdict(list)
    for day in await db.scalars(
        select(SessionDay)
        .where(SessionDay.session_id.in_(ids))
        .order_by(SessionDay.date, SessionDay.start_time)
    ):
        days[day.session_id].append(day)
    for place in await db.scalars(
        select(SessionPlace).where(SessionPlace.session_id.in_(ids)).order_by(SessionPlace.position)
    ):
        places[place.session_id].append(place)
    seats = await seat_counts(db, TargetKind.SESSION, ids)
    return [
        SessionSummary(row, number, title, days[row.id], places[row.id], count)
        for (row, number, title), count in zip(rows, seats, strict=True)
    ]


def _with_module() -> Select[TrainingSession, int, str]:
    return select(TrainingSession, TrainingModule.number, TrainingModule.title).join(
        TrainingModule, TrainingModule.id == TrainingSession.module_id
    )


async def sessions_of_year(db: AsyncSession, viewer: Viewer, year: int) -> list[SessionSummary]:
    """The sessions of ``year`` the viewer sees, by number."""
    rows = (
        await db.execute(
            _with_module().where(TrainingSession.year == year).order_by(TrainingSession.number)
        )
    ).all()
    summaries = await _summaries(db, [(session, number, title) for session, number, title in rows])
    return [summary for summary in summaries if _visible(viewer, summary)]


async def years_with_sessions(db: AsyncSession) -> list[int]:
    """Every year that has sessions, newest first."""
    return list(
        await db.scalars(
            select(TrainingSession.year).distinct().order_by(TrainingSession.year.desc())
        )
    )


async def session_summary(db: AsyncSession, public_id: str) -> SessionSummary:
    """One session with its days (taken out ones too), places and seats; ``InputError``
    ``SESSION_NOT_FOUND`` when there is none."""
    session = await session_by_public_id(db, public_id)
    row = (await db.execute(_with_module().where(TrainingSession.id == session.id))).one()
    session_row, number, title = row
    [summary] = await _summaries(db, [(session_row, number, title)])
    return summary


async def told_of_changes(db: AsyncSession, summary: SessionSummary) -> int:
    """How many registrants a change of this session would e-mail."""
    return await registration_mail.told_count(db, TargetKind.SESSION, summary.row.id)


async def module_choices(db: AsyncSession) -> list[tuple[int, str, int]]:
    """The modules: number, title and length in days."""
    rows = await db.execute(
        select(TrainingModule.number, TrainingModule.title, TrainingModule.length_days).order_by(
            TrainingModule.number
        )
    )
    return [(row.number, row.title, row.length_days) for row in rows]




async def trainer_choices(db: AsyncSession) -> list[TrainerChoice]:
    """The active trainers (regional and departmental), by name, each with the departments
    they cover ("régional" for a regional trainer)."""
    trainer_roles = (PersonRole.REGIONAL_TRAINER, PersonRole.DEPARTMENT_TRAINER)
    people = (
        await db.execute(
            select(Person.id, Person.public_id, Person.given_name, Person.family_name)
            .where(
                Person.status == RecordStatus.ACTIVE,
                Person.id.in_(
                    select(PersonRoleAssignment.person_id).where(
                        PersonRoleAssignment.role.in_(trainer_roles)
                    )
                ),
            )
            .order_by(Person.sort_name, Person.id)
        )
    ).all()
    regional = set(
        await db.scalars(
            select(PersonRoleAssignment.person_id).where(
                PersonRoleAssignment.role == PersonRole.REGIONAL_TRAINER
            )
        )
    )
    covered: dict[int, list[str]] = defaultdict(list)
    for person_id, code in await db.execute(
        select(PersonDepartment.person_id, PersonDepartment.department_code).order_by(
            PersonDepartment.department_code
        )
    ):
        covered[person_id].append(code)
    return [
        TrainerChoice(
            public_id,
            f"{given} {family} ("
            + ", ".join((["régional·e"] if person_id in regional else []) + covered[person_id])
            + ")",
        )
        for person_id, public_id, given, family in people
    ]


async def session_trainer_ids(db: AsyncSession, session: TrainingSession) -> list[str]:
    """The public IDs of the session's trainers, in their order."""
    return list(
        await db.scalars(
            select(Person.public_id)
            .join(SessionTrainer, SessionTrainer.person_id == Person.id)
            .where(SessionTrainer.session_id == session.id)
            .order_by(SessionTrainer.position)
        )
    )

"""Rows a test needs beyond the seed, written through the ORM."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from core.db import Database
from core.models import (
    Event,
    Person,
    SessionDay,
    SessionPlace,
    SessionTrainer,
    TrainingModule,
    TrainingSession,
)
from core.models.enums import EventKind, PersonRole
from core.models.person import PersonRoleAssignment
from core.services.people import person_search_fields


async def add_sessions(
    database: Database, count: int, *, year: int = 2030, trainers: int = 2
) -> None:
    """Add ``count`` module 1 sessions in Nantes, three days each, led by new trainers."""
    async with database.sessions() as session, session.begin():
        module_id = await session.scalar(
            select(TrainingModule.id).where(TrainingModule.number == 1)
        )
        organization_id = await session.scalar(select(Person.organization_id).limit(1))
        people = [
            Person(
                given_name=f"Formatrice{index}",
                family_name="Test",
                organization_id=organization_id,
                roles=[PersonRoleAssignment(role=PersonRole.DEPARTMENT_TRAINER)],
                **person_search_fields(f"Formatrice{index}", "Test", []),
            )
            for index in range(trainers)
        ]
        session.add_all(people)
        await session.flush()
        first_day = date(year, 1, 5)
        for number in range(1, count + 1):
            start = first_day + timedelta(days=number)
            training = TrainingSession(
                year=year,
                number=number,
                module_id=module_id,
                department_code="44",
                places=[
                    SessionPlace(
                        position=0,
                        city="Nantes",
                        city_search="nantes",
                        postal_code="44000",
                        department_code="44",
                    )
                ],
                trainers=[
                    SessionTrainer(person_id=person.id, position=position)
                    for position, person in enumerate(people)
                ],
            )
            training.set_days(
                [
                    SessionDay(date=start + timedelta(days=offset), start_time=time(9), end_time=time(17))
                    for offset in (0, 1, 7)
                ]
            )
            session.add(training)


async def add_private_meeting(database: Database) -> str:
    """Add a non-public COTER 44 meeting on 4 March 2025; returns its public ID."""
    async with database.sessions() as session, session.begin():
        meeting = Event(
            kind=EventKind.COTER_MEETING,
            title="Réunion du COTER",
            department_code="44",
            year=2025,
            date=date(2025, 3, 4),
            start_time=time(14),
            end_time=time(16),
            is_public=False,
        )
        session.add(meeting)
        await session.flush()
        return meeting.public_id

"""A database of realistic size for the benchmarks: 5,000 sessions, 12,500 days, 400 trainers.

The seed's departments, modules and organizations are kept; the generated sessions are spread
over the five departments and over the years from 2026, two or three days each (alternately),
each led by two of the 400 generated trainers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

from core import bootstrap
from core.db import Database, seeded_public_id
from core.models import (
    Organization,
    Person,
    PersonDepartment,
    PersonRoleAssignment,
    SessionDay,
    SessionPlace,
    SessionTrainer,
    TrainingModule,
    TrainingSession,
)
from core.models.enums import PersonRole, RecordStatus, SessionStatus
from core.services.people import person_search_fields

SESSIONS = 5_000
TRAINERS = 400
CITIES = {
    "44": ("Nantes", "44000"),
    "49": ("Angers", "49000"),
    "53": ("Laval", "53000"),
    "72": ("Le Mans", "72000"),
    "85": ("La Roche-sur-Yon", "85000"),
}
FIRST_DAY = date(2026, 1, 5)


async def build(database: Database, url: str) -> None:
    """Migrate, seed, then add the generated trainers, sessions, days and places."""
    await bootstrap.prepare(database, url)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    stamps = {"created_at": now, "updated_at": now}
    async with database.sessions() as session, session.begin():
        organizations = list(await session.scalars(select(Organization.id)))
        modules = list(await session.scalars(select(TrainingModule.id).order_by(TrainingModule.number)))
        codes = list(CITIES)
        people = []
        for index in range(TRAINERS):
            given, family = f"Formatrice{index:03d}", f"Bench{index:03d}"
            people.append(
                {
                    "public_id": seeded_public_id(f"bench:person:{index}"),
                    "given_name": given,
                    "family_name": family,
                    "aliases": [],
                    "organization_id": organizations[index % len(organizations)],
                    "contact_public": False,
                    "status": RecordStatus.ACTIVE,
                    **person_search_fields(given, family, []),
                    **stamps,
                }
            )
        person_ids = list(
            await session.scalars(insert(Person).returning(Person.id, sort_by_parameter_order=True), people)
        )
        await session.execute(
            insert(PersonRoleAssignment),
            [{"person_id": pid, "role": PersonRole.DEPARTMENT_TRAINER, "public_id": seeded_public_id(f"bench:role:{pid}"), **stamps} for pid in person_ids],
        )
        await session.execute(
            insert(PersonDepartment),
            [
                {"person_id": pid, "department_code": codes[i % 5], "public_id": seeded_public_id(f"bench:pdep:{pid}"), **stamps}
                for i, pid in enumerate(person_ids)
            ],
        )
        sessions, spans = [], []
        for number in range(1, SESSIONS + 1):
            start = FIRST_DAY + timedelta(days=number // 5)
            offsets = (0, 1, 7) if number % 2 else (0, 1)
            spans.append([start + timedelta(days=o) for o in offsets])
            sessions.append(
                {
                    "public_id": seeded_public_id(f"bench:session:{number}"),
                    "year": 3000,
                    "number": number,
                    "module_id": modules[number % 2],
                    "department_code": codes[number % 5],
                    "status": SessionStatus.CONFIRMED,
                    "place_tentative": False,
                    "capacity": 20,
                    "starts_on": spans[-1][0],
                    "ends_on": spans[-1][-1],
                    **stamps,
                }
            )
        session_ids = list(
            await session.scalars(
                insert(TrainingSession).returning(TrainingSession.id, sort_by_parameter_order=True), sessions
            )
        )
        days, places, trainers = [], [], []
        for index, (session_id, span) in enumerate(zip(session_ids, spans, strict=True)):
            code = codes[(index + 1) % 5]
            city, postal_code = CITIES[code]
            for day in span:
                days.append({"public_id": seeded_public_id(f"bench:day:{session_id}:{day}"), "session_id": session_id, "date": day, "start_time": time(9), "end_time": time(17), **stamps})
            places.append({"public_id": seeded_public_id(f"bench:place:{session_id}"), "session_id": session_id, "position": 0, "city": city, "city_search": city.lower(), "postal_code": postal_code, "department_code": code, **stamps})
            for position in range(2):
                trainers.append({"public_id": seeded_public_id(f"bench:trainer:{session_id}:{position}"), "session_id": session_id, "person_id": person_ids[(index * 2 + position) % TRAINERS], "position": position, **stamps})
        await session.execute(insert(SessionDay), days)
        await session.execute(insert(SessionPlace), places)
        await session.execute(insert(SessionTrainer), trainers)
    if url.startswith("postgresql"):
        # The planner's statistics, as autovacuum would gather them some minutes later: without
        # them, the partner query's first statement (service and floor alike) is planned for
        # a few rows and takes 27 ms instead of 3.
        async with database.engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.exec_driver_sql("ANALYZE")

"""Write the seed into the database: insert what is missing, never touch what exists.

Every seeded row's public ID derives from its natural key (``seeded_public_id``). A row whose
public ID is already present is left as it is, with its children, so running the seed twice
changes nothing and an edit made since is never overwritten.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Base, seeded_public_id
from core.models import (
    Department,
    Event,
    EventLeader,
    Institution,
    ModulePrerequisite,
    Organization,
    Person,
    PersonDepartment,
    PersonInstitution,
    PersonRoleAssignment,
    Resource,
    ResourceTheme,
    SessionDay,
    SessionPlace,
    SessionTrainer,
    TrainingModule,
    TrainingSession,
)
from core.places.departments import department_of, departments_of
from core.seed.schema import SeedData
from core.services.people import person_search_fields
from core.services.resources import resource_search_fields
from core.text import search_key, slugify


@dataclass
class SeedReport:
    """How many rows of each kind the seed inserted (and the plugins' synchronisation inserted
    or updated), and which plugins failed to synchronise."""

    inserted: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    plugin_failures: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the seed wrote anything."""
        return sum(self.inserted.values()) + sum(self.updated.values()) > 0


class _Seeder:
    def __init__(self, session: AsyncSession, data: SeedData) -> None:
        self.session = session
        self.data = data
        self.report = SeedReport()
        self.ids: dict[str, int] = {}

    async def _existing(self, model: type[Base], keys: list[str]) -> set[str]:
        """The natural keys among ``keys`` whose rows already exist; records their ids."""
        by_public_id = {seeded_public_id(key): key for key in keys}
        rows = await self.session.execute(
            select(model.public_id, model.id).where(model.public_id.in_(by_public_id))
        )
        found = set()
        for public_id, row_id in rows:
            self.ids[by_public_id[public_id]] = row_id
            found.add(by_public_id[public_id])
        return found

    async def _insert_missing(
        self, model: type[Base], entries: Mapping[str, object], build: Callable[[Any], Base]
    ) -> None:
        """Build and insert a row for each natural key not yet present."""
        existing = await self._existing(model, list(entries))
        new_rows = []
        for key, entry in entries.items():
            if key in existing:
                continue
            row = build(entry)
            row.public_id = seeded_public_id(key)
            new_rows.append((key, row))
        self.session.add_all(row for _, row in new_rows)
        await self.session.flush()
        for key, row in new_rows:
            self.ids[key] = row.id
        self.report.inserted[model.__tablename__] += len(new_rows)

    async def run(self) -> SeedReport:
        data = self.data
        await self._insert_missing(
            Organization,
            {f"organization:{o.key}": o for o in data.organizations},
            lambda o: Organization(
                name=o.name,
                short_name=o.short_name,
                interactions_member=o.interactions_member,
                website=o.website,
            ),
        )
        await self._insert_missing(
            Department,
            {f"department:{d.code}": d for d in data.departments},
            lambda d: Department(code=d.code, name=d.name, coter_name=f"COTER {d.of_name}"),
        )
        # The institutions that steer each COTER are the departments' plugins' content.
        institutions: dict[str, Institution] = {
            f"institution:{i.key}": Institution(
                name=i.name, short_name=i.short_name, kind=i.kind, steers_coter=False
            )
            for i in data.institutions
        }
        await self._insert_missing(Institution, institutions, lambda row: row)
        await self._insert_missing(
            Person, {f"person:{p.key}": p for p in data.people}, self._build_person
        )
        await self._insert_missing(
            TrainingModule, {f"module:{m.number}": m for m in data.modules}, self._build_module
        )
        year = data.defaults.year
        await self._insert_missing(
            TrainingSession,
            {f"session:{year}-{s.number}": s for s in data.sessions},
            self._build_session,
        )
        await self._insert_missing(
            Event, {f"event:{e.key}": e for e in data.events}, self._build_event
        )
        await self._insert_missing(
            Resource, {f"resource:{r.key}": r for r in data.resources}, self._build_resource
        )
        return self.report

    def _build_person(self, entry) -> Person:
        person = Person(
            given_name=entry.given_name,
            family_name=entry.family_name,
            aliases=list(entry.aliases),
            job_title=entry.job_title,
            organization_id=self.ids[f"organization:{entry.organization}"]
            if entry.organization
            else None,
            email=entry.email,
            phone=entry.phone,
            contact_public=entry.contact_public,
            contact_consent_on=entry.contact_consent_on,
            roles=[PersonRoleAssignment(role=role) for role in entry.roles],
            departments=[PersonDepartment(department_code=code) for code in entry.departments],
            institutions=[
                PersonInstitution(institution_id=self.ids[f"institution:{key}"])
                for key in entry.institutions
            ],
            **person_search_fields(entry.given_name, entry.family_name, entry.aliases),
        )
        return person

    def _build_module(self, entry) -> TrainingModule:
        return TrainingModule(
            number=entry.number,
            title=entry.title,
            length_days=entry.length_days,
            description=entry.description,
            prerequisites=[
                ModulePrerequisite(
                    position=position,
                    code=p.code,
                    kind=p.kind,
                    label=p.label,
                    minimum_score=p.minimum_score,
                    requires_interactions_member=p.requires_interactions_member,
                )
                for position, p in enumerate(entry.prerequisites)
            ],
        )

    def _day_hours(self) -> tuple[time, time]:
        return self.data.defaults.day_start, self.data.defaults.day_end

    def _build_session(self, entry) -> TrainingSession:
        year = self.data.defaults.year
        start, end = self._day_hours()
        departments = set(departments_of(place.postal_code for place in entry.places))
        session = TrainingSession(
            year=year,
            number=entry.number,
            module_id=self.ids[f"module:{entry.module}"],
            department_code=departments.pop() if len(departments) == 1 else None,
            place_tentative=entry.place_tentative,
            capacity=entry.capacity,
            places=[
                SessionPlace(
                    position=position,
                    city=place.city,
                    city_search=search_key(place.city),
                    venue=place.venue,
                    postal_code=place.postal_code,
                    department_code=department_of(place.postal_code),
                )
                for position, place in enumerate(entry.places)
            ],
            trainers=[
                SessionTrainer(person_id=self.ids[f"person:{key}"], position=position)
                for position, key in enumerate(entry.trainers)
            ],
        )
        session.set_days(
            [
                SessionDay(
                    public_id=seeded_public_id(f"session:{year}-{entry.number}:day:{day}"),
                    date=day,
                    start_time=start,
                    end_time=end,
                )
                for day in entry.days
            ]
        )
        return session

    def _build_event(self, entry) -> Event:
        start, end = self._day_hours()
        return Event(
            kind=entry.kind,
            title=entry.title,
            description=entry.description,
            department_code=entry.department,
            year=entry.date.year,
            date=entry.date,
            start_time=start,
            end_time=end,
            city=entry.city,
            venue=entry.venue,
            postal_code=entry.postal_code,
            access_conditions=list(entry.access_conditions),
            is_public=entry.is_public,
            leaders=[
                EventLeader(person_id=self.ids[f"person:{key}"], position=position)
                for position, key in enumerate(entry.leaders)
            ],
        )

    def _build_resource(self, entry) -> Resource:
        return Resource(
            title=entry.title,
            kind=entry.kind,
            publisher=entry.publisher,
            published=entry.published,
            description=entry.description,
            audience=entry.audience,
            url=entry.url,
            themes=[
                ResourceTheme(position=position, label=label, slug=slugify(label))
                for position, label in enumerate(entry.themes)
            ],
            **resource_search_fields(entry.title, entry.description, entry.publisher),
        )


async def seed_database(session: AsyncSession, data: SeedData) -> SeedReport:
    """Insert every seeded row that is missing, in the caller's transaction."""
    return await _Seeder(session, data).run()

"""Writing the plugins' content into the database, so the API serves it like any other data.

Each loaded plugin is synchronised in a transaction of its own: its COTER (name, referents,
steering institutions), its events and its actions. Every unit has a natural key (the core
seed's: ``event:2025-practice-exchange-44``, ``institution:44:ars``), so its public ID never
changes, and a fingerprint of what the plugin said: a unit is rewritten only when the plugin's
data changed since the last synchronisation, so an edit made since through the API survives a
restart. A unit the plugin stops publishing is withdrawn, never deleted (an event is cancelled,
an action archived, an institution no longer steers). The plugin's events must pass the rules
like any write. A plugin whose synchronisation fails is rolled back and reported by name; the
others go on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.db import Base, Database, on_postgresql, seeded_public_id
from core.hooks.manager import PluginDescription, PluginManager, failure_of
from core.hooks.types import (
    DepartmentInfo,
    EventDraft,
    LocalAction,
    LocalEvent,
    PluginFailure,
    RecordStatus,
    SessionStatus,
)
from core.models import (
    Action,
    Department,
    Event,
    EventLeader,
    Institution,
    Person,
    PersonDepartment,
    PersonRoleAssignment,
    PluginContent,
)
from core.models.enums import PersonRole
from core.places.communes import place_violations
from core.services.rule_checks import check_event

# The PostgreSQL advisory lock taken while a plugin's content is written.
SYNC_LOCK = 0x43505350  # "CPSP"


class ContentSyncError(Exception):
    """A plugin's content cannot be written: an unknown person, a key another plugin owns, an
    object of another department, or an event that breaks a rule. The message is French."""

    def __init__(self, hook: str, message: str) -> None:
        super().__init__(message)
        self.hook = hook


@dataclass
class SyncReport:
    """What the synchronisation wrote, by table, and which plugins failed."""

    inserted: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    withdrawn: Counter[str] = field(default_factory=Counter)
    failures: list[PluginFailure] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when anything was written."""
        return any(sum(c.values()) for c in (self.inserted, self.updated, self.withdrawn))

    def add(self, other: SyncReport) -> None:
        """Count ``other``'s writes in this report."""
        self.inserted.update(other.inserted)
        self.updated.update(other.updated)
        self.withdrawn.update(other.withdrawn)


def digest(value: Any) -> str:
    """A stable fingerprint of a dataclass or plain value."""
    is_instance = dataclasses.is_dataclass(value) and not isinstance(value, type)
    plain = dataclasses.asdict(value) if is_instance else value
    serialised = json.dumps(plain, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(serialised.encode()).hexdigest()


def event_draft(event: LocalEvent | Event) -> EventDraft:
    """The rules' view of an event, published by a plugin or read from the database."""
    public_id = (
        seeded_public_id(f"event:{event.key}") if isinstance(event, LocalEvent) else event.public_id
    )
    return EventDraft(
        kind=event.kind,
        year=event.year,
        date=event.date,
        start_time=event.start_time,
        end_time=event.end_time,
        title=event.title,
        department_code=event.department_code,
        city=event.city,
        postal_code=event.postal_code,
        venue=event.venue,
        status=event.status,
        public_id=public_id,
    )


def _assign(row: Base, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; True if any did.

    A row that calendars show (it has a ``sequence``) gets a higher sequence on any change, so
    that calendar applications take the new version instead of keeping the old one.
    """
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    if changed and hasattr(row, "sequence"):
        row.sequence += 1
    return changed


class _PluginSync:
    """The synchronisation of one plugin, inside the caller's transaction."""

    def __init__(
        self, db: AsyncSession, plugins: PluginManager, plugin: PluginDescription, today: date
    ) -> None:
        self.db = db
        self.plugins = plugins
        self.today = today
        self.name = plugin.name
        self.department: DepartmentInfo | None = plugin.department
        self.report = SyncReport()
        self.records: dict[str, PluginContent] = {}
        self.published: set[str] = set()

    def _collect(self, hook: str, item_type: type) -> list[Any]:
        try:
            return self.plugins.collect(self.name, hook, item_type)
        except Exception as error:
            raise ContentSyncError(hook, f"{type(error).__name__}: {error}") from error

    async def run(self) -> SyncReport:
        events = self._collect("cps_events", LocalEvent)
        actions = self._collect("cps_actions", LocalAction)
        code = self.department.code if self.department else None
        for item in (*events, *actions):
            if item.department_code != code:
                raise ContentSyncError(
                    "sync",
                    f"« {item.key} » est du département {item.department_code}, pas de celui de "
                    f"l'extension ({code or 'aucun'}).",
                )
        await self._load_records()
        if self.department is not None:
            await self._sync_coter(self.department)
        await self._check_events(events)
        await self._sync_events(events)
        await self._sync_actions(actions)
        await self._withdraw()
        return self.report

    # --- Ownership ------------------------------------------------------------------------------

    async def _load_records(self) -> None:
        rows = await self.db.scalars(select(PluginContent).where(PluginContent.plugin == self.name))
        self.records = {row.natural_key: row for row in rows}

    async def _claim(self, natural_key: str, fingerprint: str) -> bool:
        """Record that this plugin publishes ``natural_key``; True if its data changed."""
        self.published.add(natural_key)
        record = self.records.get(natural_key)
        if record is None:
            owner = await self.db.scalar(
                select(PluginContent.plugin).where(PluginContent.natural_key == natural_key)
            )
            if owner is not None:
                raise ContentSyncError(
                    "sync", f"« {natural_key} » appartient déjà à l'extension « {owner} »."
                )
            record = PluginContent(natural_key=natural_key, plugin=self.name, digest="")
            self.db.add(record)
            self.records[natural_key] = record
        if record.digest == fingerprint and not record.withdrawn:
            return False
        record.digest = fingerprint
        record.withdrawn = False
        return True

    async def _withdraw(self) -> None:
        for natural_key, record in self.records.items():
            if natural_key in self.published or record.withdrawn:
                continue
            public_id = seeded_public_id(natural_key)
            kind = natural_key.split(":", 1)[0]
            if kind == "event":
                row = await self.db.scalar(select(Event).where(Event.public_id == public_id))
                if row is not None and _assign(row, {"status": SessionStatus.CANCELLED}):
                    self.report.withdrawn["event"] += 1
            elif kind == "action":
                row = await self.db.scalar(select(Action).where(Action.public_id == public_id))
                if row is not None and _assign(row, {"status": RecordStatus.ARCHIVED}):
                    self.report.withdrawn["action"] += 1
            elif kind == "institution":
                row = await self.db.scalar(
                    select(Institution).where(Institution.public_id == public_id)
                )
                if row is not None and _assign(row, {"steers_coter": False}):
                    self.report.withdrawn["institution"] += 1
            record.withdrawn = True

    # --- People ---------------------------------------------------------------------------------

    def _where(self, table: str, key: str) -> str:
        return source_line(self.plugins, self.name, table, key)

    async def _people(
        self, keys: Iterable[str], *, referents: bool = False, where: str = ""
    ) -> dict[str, int]:
        keys = list(dict.fromkeys(keys))
        by_public_id = {seeded_public_id(f"person:{key}"): key for key in keys}
        statement = select(Person.public_id, Person.id).where(Person.public_id.in_(by_public_id))
        if referents:
            statement = statement.join(
                PersonRoleAssignment, PersonRoleAssignment.person_id == Person.id
            ).where(PersonRoleAssignment.role == PersonRole.REFERENT)
        found = {
            by_public_id[public_id]: row_id
            for public_id, row_id in await self.db.execute(statement)
        }
        missing = [key for key in keys if key not in found]
        if missing:
            what = "référente du Pôle CPS" if referents else "personne"
            raise ContentSyncError(
                "cps_department" if referents else "cps_events",
                f"{where}aucune {what} de l'annuaire n'a la clé {', '.join(missing)}.",
            )
        return found

    # --- The COTER ------------------------------------------------------------------------------

    async def _sync_coter(self, department: DepartmentInfo) -> None:
        row = await self.db.scalar(select(Department).where(Department.code == department.code))
        if row is None:
            raise ContentSyncError(
                "cps_department", f"le département {department.code} n'existe pas dans la base."
            )
        coter = department.coter
        if await self._claim(f"coter:{department.code}", digest((coter.name, coter.referents))):
            if _assign(row, {"coter_name": coter.name}):
                self.report.updated["department"] += 1
            await self._sync_referents(department.code, coter.referents)
        for institution in coter.steering:
            natural_key = f"institution:{department.code}:{institution.key}"
            if not await self._claim(natural_key, digest(institution)):
                continue
            values = {
                "name": institution.name,
                "short_name": institution.short_name,
                "kind": institution.kind,
                "department_code": department.code,
                "steers_coter": True,
            }
            await self._upsert(Institution, natural_key, values, "institution")

    async def _sync_referents(self, code: str, keys: Sequence[str]) -> None:
        wanted = set((await self._people(keys, referents=True)).values())
        current = set(
            await self.db.scalars(
                select(PersonDepartment.person_id)
                .join(
                    PersonRoleAssignment,
                    PersonRoleAssignment.person_id == PersonDepartment.person_id,
                )
                .where(
                    PersonDepartment.department_code == code,
                    PersonRoleAssignment.role == PersonRole.REFERENT,
                )
            )
        )
        for person_id in sorted(wanted - current):
            self.db.add(PersonDepartment(person_id=person_id, department_code=code))
            self.report.inserted["person_department"] += 1
        if current - wanted:
            await self.db.execute(
                delete(PersonDepartment).where(
                    PersonDepartment.department_code == code,
                    PersonDepartment.person_id.in_(current - wanted),
                )
            )
            self.report.withdrawn["person_department"] += len(current - wanted)

    # --- Events and actions ---------------------------------------------------------------------

    async def _check_events(self, events: Sequence[LocalEvent]) -> None:
        """Every event the plugin publishes passes the rules, like any write."""
        if not events:
            return
        # The plugin's own rows are either published again below or withdrawn.
        keys = {seeded_public_id(f"event:{event.key}") for event in events}
        keys |= {seeded_public_id(key) for key in self.records if key.startswith("event:")}
        years = {event.year for event in events}
        code = self.department.code if self.department else None
        stored = await self.db.scalars(
            select(Event).where(
                Event.department_code.is_(None) if code is None else Event.department_code == code,
                Event.year.in_(years),
                Event.public_id.not_in(keys),
            )
        )
        others = [event_draft(row) for row in stored]
        problems = event_problems(self.plugins, self.name, events, others, today=self.today)
        if problems:
            raise ContentSyncError("cps_validate_event", "\n".join(problems))

    async def _sync_events(self, events: Sequence[LocalEvent]) -> None:
        for event in events:
            natural_key = f"event:{event.key}"
            if not await self._claim(natural_key, digest(event)):
                continue
            leaders = await self._people(event.leaders, where=self._where("events", event.key))
            values = {
                "kind": event.kind,
                "title": event.title,
                "description": event.description,
                "department_code": event.department_code,
                "year": event.year,
                "date": event.date,
                "start_time": event.start_time,
                "end_time": event.end_time,
                "city": event.city,
                "venue": event.venue,
                "postal_code": event.postal_code,
                "access_conditions": list(event.access_conditions),
                "is_public": event.is_public,
                "status": event.status,
            }
            row = await self._upsert(
                Event,
                natural_key,
                values,
                "event",
                selectinload(Event.leaders),
                on_insert={"leaders": []},
            )
            wanted = [leaders[key] for key in event.leaders]
            if [link.person_id for link in row.leaders] != wanted:
                row.leaders = [
                    EventLeader(person_id=person_id, position=position)
                    for position, person_id in enumerate(wanted)
                ]

    async def _sync_actions(self, actions: Sequence[LocalAction]) -> None:
        for action in actions:
            natural_key = f"action:{action.key}"
            if not await self._claim(natural_key, digest(action)):
                continue
            values = {
                "department_code": action.department_code,
                "kind": action.kind,
                "programme": action.programme,
                "title": action.title,
                "description": action.description,
                "period_start": action.period_start,
                "period_end": action.period_end,
                "status": action.status,
                "event_id": await self._event_id(action.event_key),
            }
            await self._upsert(Action, natural_key, values, "action")

    async def _event_id(self, key: str | None) -> int | None:
        """The row ID of the plugin's event ``key`` (synchronised before the actions)."""
        if key is None:
            return None
        public_id = seeded_public_id(f"event:{key}")
        event_id = await self.db.scalar(select(Event.id).where(Event.public_id == public_id))
        if event_id is None:
            raise ContentSyncError("cps_actions", f"l'évènement « {key} » n'existe pas")
        return event_id

    async def _upsert(
        self,
        model: type[Base],
        natural_key: str,
        values: dict[str, Any],
        table: str,
        *options: Any,
        on_insert: dict[str, Any] | None = None,
    ) -> Any:
        """The row of ``natural_key`` with ``values``: inserted, updated, or left as it is."""
        public_id = seeded_public_id(natural_key)
        row = await self.db.scalar(
            select(model).where(model.public_id == public_id).options(*options)
        )
        if row is None:
            row = model(public_id=public_id, **values, **(on_insert or {}))
            self.db.add(row)
            await self.db.flush()
            self.report.inserted[table] += 1
        elif _assign(row, values):
            self.report.updated[table] += 1
        return row


def source_line(plugins: PluginManager, name: str, table: str, key: str) -> str:
    """``file, ligne N : `` where the plugin ``name`` writes the entry ``key`` of ``table``, when
    it has a data file (``DepartmentPlugin.source_of``); else nothing."""
    source_of = getattr(plugins.get_plugin(name), "source_of", None)
    where = source_of(table, key) if source_of is not None else None
    return f"{where} : " if where else ""


def event_problems(
    plugins: PluginManager,
    name: str,
    events: Sequence[LocalEvent],
    others: Sequence[EventDraft],
    *,
    today: date,
) -> list[str]:
    """One French line per event of the plugin ``name`` that breaks a rule (with its file and
    line), given the department's ``others`` events stored besides the plugin's own."""
    drafts = [event_draft(event) for event in events]
    problems = []
    for event, draft in zip(events, drafts, strict=True):
        same_year = [
            other for other in [*others, *drafts] if other is not draft and other.year == draft.year
        ]
        # Its commune and postal code must agree first (core.places.communes), then the rules.
        violations = place_violations(event.city, event.postal_code, "postal_code")
        check = None if violations else check_event(plugins, draft, same_year, today=today)
        if check is not None and not check.passed:
            violations = list(check.violations)
        if violations or (check is not None and not check.passed):
            reasons = [f"{v.code} : {v.message}" for v in violations] + [
                f.message for f in (check.failures if check is not None else ())
            ]
            where = source_line(plugins, name, "events", event.key)
            problems.append(f"{where}« {draft.title} » : " + " ; ".join(reasons))
    return problems


def check_without_database(
    plugins: PluginManager, *, today: date, people: Iterable[str]
) -> list[PluginFailure]:
    """What can be checked of each loaded plugin's content without a database (``cps plugins
    --check``): its events against the rules, and its leaders and referents among ``people``
    (the keys of the regional directory). One failure per plugin, its ``detail`` one line per
    problem."""
    known = set(people)
    failures = []
    for plugin in plugins.loaded():
        try:
            events = plugins.collect(plugin.name, "cps_events", LocalEvent)
            problems = event_problems(plugins, plugin.name, events, (), today=today)
            for event in events:
                unknown = [key for key in event.leaders if key not in known]
                if unknown:
                    where = source_line(plugins, plugin.name, "events", event.key)
                    problems.append(
                        f"{where}aucune personne de l'annuaire n'a la clé {', '.join(unknown)}."
                    )
            if plugin.department is not None:
                unknown = [key for key in plugin.department.coter.referents if key not in known]
                if unknown:
                    problems.append(
                        f"aucune référente de l'annuaire n'a la clé {', '.join(unknown)}."
                    )
        except Exception as error:
            failures.append(failure_of(plugin.name, "cps_events", error))
            continue
        if problems:
            mistakes = ContentSyncError("content", "\n".join(problems))
            failures.append(failure_of(plugin.name, "content", mistakes))
    return failures


async def sync_plugin_content(
    database: Database, plugins: PluginManager, *, today: date
) -> SyncReport:
    """Synchronise every loaded plugin's content, each in its own transaction, its events
    checked by the rules on ``today``.

    A plugin that fails is rolled back, logged, reported in the result and recorded in
    ``plugins.startup_failures``; the others are synchronised.
    """
    report = SyncReport()
    for plugin in plugins.loaded():
        try:
            async with database.sessions() as db, db.begin():
                if on_postgresql(db):
                    # Workers starting together synchronise one after the other.
                    await db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SYNC_LOCK})
                report.add(await _PluginSync(db, plugins, plugin, today).run())
        except ContentSyncError as error:
            failure = failure_of(plugin.name, error.hook, error)
            report.failures.append(failure)
            plugins.startup_failures.append(failure)
        except Exception as error:
            failure = failure_of(plugin.name, "sync", error)
            report.failures.append(failure)
            plugins.startup_failures.append(failure)
    return report

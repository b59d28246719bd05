"""A department's data file: the TOML its maintainer edits, validated when it is loaded.

``load_department_file(path)`` reads the file, checks it against ``DepartmentFile`` (or a
subclass a plugin extends with tables of its own) and raises ``DepartmentFileError`` naming the
file and the line of the first mistake. The model then gives the hooks' dataclasses.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.hooks.types import (
    ActionKind,
    CalendarEntry,
    CalendarStatus,
    Coter,
    DepartmentInfo,
    EventKind,
    InstitutionKind,
    LocalAction,
    LocalEvent,
    Programme,
    RecordStatus,
    SessionStatus,
    SteeringInstitution,
)
from core.timezone import PARIS

F = TypeVar("F", bound="DepartmentFile")

_KEY = r"^[a-z0-9][a-z0-9-]*$"


class DepartmentFileError(Exception):
    """Raised when a department's data file is unreadable or wrong; names the file and line."""


class Section(BaseModel):
    """A table of the file: unknown keys are mistakes (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DepartmentSection(Section):
    code: str = Field(pattern=r"^\d{2}$")
    name: str = Field(min_length=1)


class SteeringSection(Section):
    key: str = Field(pattern=_KEY)
    kind: InstitutionKind
    name: str = Field(min_length=1)
    short_name: str = Field(min_length=1)


class CoterSection(Section):
    name: str = Field(min_length=1)
    referents: list[str] = Field(min_length=1)
    steering: list[SteeringSection] = []


class EventSection(Section):
    key: str = Field(pattern=_KEY)
    kind: EventKind
    date: date
    year: int | None = None
    start: time = time(9)
    end: time = time(17)
    title: str = Field(min_length=1)
    description: str | None = None
    city: str | None = None
    postal_code: str | None = Field(default=None, pattern=r"^\d{5}$")
    venue: str | None = None
    access_conditions: list[str] = []
    leaders: list[str] = []
    public: bool = True
    status: SessionStatus = SessionStatus.PLANNED


class ActionSection(Section):
    key: str = Field(pattern=_KEY)
    kind: ActionKind
    title: str = Field(min_length=1)
    description: str | None = None
    programme: Programme | None = None
    period_start: date
    period_end: date | None = None
    status: RecordStatus = RecordStatus.ACTIVE
    # The key of the event of this file that the action only restates (its day): the event
    # shows in the calendars, the action does not.
    event: str | None = Field(default=None, pattern=_KEY)

    @model_validator(mode="after")
    def _period(self) -> ActionSection:
        if self.period_end is not None and self.period_end < self.period_start:
            raise ValueError("period_end précède period_start")
        return self


class CalendarSection(Section):
    key: str = Field(pattern=_KEY)
    summary: str = Field(min_length=1)
    start: datetime
    end: datetime
    location: str | None = None
    description: str | None = None
    sequence: int = Field(default=0, ge=0)
    last_modified: datetime | None = None
    status: CalendarStatus = CalendarStatus.CONFIRMED

    @model_validator(mode="after")
    def _span(self) -> CalendarSection:
        if _paris(self.end) <= _paris(self.start):
            raise ValueError("end ne suit pas start")
        return self


class DepartmentFile(Section):
    """Everything a department's data file holds.

    A plugin with content of its own subclasses this model and adds its tables.
    """

    department: DepartmentSection
    coter: CoterSection
    events: list[EventSection] = []
    actions: list[ActionSection] = []
    calendar: list[CalendarSection] = []

    def department_info(self) -> DepartmentInfo:
        """The department, for ``cps_department``."""
        return DepartmentInfo(
            code=self.department.code,
            name=self.department.name,
            coter=Coter(
                name=self.coter.name,
                steering=tuple(
                    SteeringInstitution(
                        key=s.key, kind=s.kind, name=s.name, short_name=s.short_name
                    )
                    for s in self.coter.steering
                ),
                referents=tuple(self.coter.referents),
            ),
        )

    def local_events(self) -> list[LocalEvent]:
        """The events, for ``cps_events``; an event's year is its date's unless given."""
        return [
            LocalEvent(
                key=e.key,
                kind=e.kind,
                year=e.year if e.year is not None else e.date.year,
                date=e.date,
                start_time=e.start,
                end_time=e.end,
                title=e.title,
                department_code=self.department.code,
                description=e.description,
                city=e.city,
                postal_code=e.postal_code,
                venue=e.venue,
                access_conditions=tuple(e.access_conditions),
                leaders=tuple(e.leaders),
                is_public=e.public,
                status=e.status,
            )
            for e in self.events
        ]

    def local_actions(self) -> list[LocalAction]:
        """The actions, for ``cps_actions``."""
        return [
            LocalAction(
                key=a.key,
                kind=a.kind,
                title=a.title,
                period_start=a.period_start,
                period_end=a.period_end,
                department_code=self.department.code,
                description=a.description,
                programme=a.programme,
                status=a.status,
                event_key=a.event,
            )
            for a in self.actions
        ]

    def calendar_entries(self) -> list[CalendarEntry]:
        """The calendar entries, for ``cps_calendar_entries``; times without an offset are
        Paris times."""
        return [
            CalendarEntry(
                uid=f"{c.key}.dept-{self.department.code}@pole-cps",
                summary=c.summary,
                start=_paris(c.start),
                end=_paris(c.end),
                location=c.location,
                description=c.description,
                sequence=c.sequence,
                last_modified=_paris(c.last_modified) if c.last_modified else None,
                status=c.status,
            )
            for c in self.calendar
        ]


def _paris(moment: datetime) -> datetime:
    return moment.replace(tzinfo=PARIS) if moment.tzinfo is None else moment.astimezone(PARIS)


def load_department_file(path: Path, model: type[F] = DepartmentFile) -> F:  # type: ignore[assignment]
    """Read and validate a department's data file.

    Raises ``DepartmentFileError`` with the file, the line and the mistake, e.g.
    ``plugins/dept_53/department.toml, ligne 31 : events[0].date : Input should be a valid date``.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DepartmentFileError(f"{path} : illisible ({error.strerror})") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DepartmentFileError(f"{path} : TOML invalide, {error}") from None
    try:
        content = model.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        raise _located(path, text, tuple(first["loc"]), first["msg"]) from None
    for table in ("events", "actions", "calendar"):
        seen: set[str] = set()
        for index, entry in enumerate(raw.get(table, [])):
            if entry["key"] in seen:
                raise _located(path, text, (table, index, "key"), f"clé « {entry['key']} » répétée")
            seen.add(entry["key"])
    events = {entry["key"] for entry in raw.get("events", [])}
    for index, entry in enumerate(raw.get("actions", [])):
        if "event" in entry and entry["event"] not in events:
            raise _located(
                path, text, ("actions", index, "event"),
                f"aucun évènement « {entry['event']} » dans ce fichier",
            )
    return content


def _located(path: Path, text: str, loc: tuple[Any, ...], message: str) -> DepartmentFileError:
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(
        "."
    )
    line = locate(text, loc)
    at = f", ligne {line}" if line else ""
    return DepartmentFileError(f"{path}{at} : {where or 'fichier'} : {message}")


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_ASSIGNMENT = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def locate(text: str, loc: tuple[Any, ...]) -> int | None:
    """The line (from 1) of the key or table that a validation error's ``loc`` points at.

    ``tomllib`` keeps no positions, so the file is scanned: table headers (``[coter]``,
    ``[[events]]``, counting the elements of arrays of tables) and ``key =`` lines. The deepest
    known part of ``loc`` wins: a missing key points at its table's header.
    """
    positions: dict[tuple[Any, ...], int] = {}
    counts: dict[tuple[Any, ...], int] = {}
    current: tuple[Any, ...] = ()
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            in_multiline = line.count('"""') % 2 == 0 and line.count("'''") % 2 == 0
            continue
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith("#"):
            parts = [part.strip().strip('"') for part in header.group(2).split(".")]
            path: tuple[Any, ...] = ()
            for depth, part in enumerate(parts):
                path += (part,)
                last = depth == len(parts) - 1
                if last and header.group(1) == "[[":
                    counts[path] = counts.get(path, -1) + 1
                    path += (counts[path],)
                elif not last and path in counts:
                    path += (counts[path],)
            current = path
            positions.setdefault(current, number)
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment and not line.lstrip().startswith("#"):
            positions.setdefault(current + (assignment.group(1),), number)
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = True
    for depth in range(len(loc), 0, -1):
        if loc[:depth] in positions:
            return positions[loc[:depth]]
    return None

"""A department's data file: the TOML its maintainer edits, validated when it is loaded.

``load_department_file(path)`` reads the file, checks it against ``DepartmentFile`` (or a
subclass a plugin extends with tables of its own) and raises ``DepartmentFileError`` naming the
file and the line of the first mistake. The model then gives the hooks' dataclasses.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails

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

    Raises ``DepartmentFileError`` with one French line per mistake: the file, the line, the
    key or value at fault and what is expected, e.g. ``plugins/dept_53/department.toml,
    ligne 31 : events[0].date : « 25/11 » n'est pas une date au format AAAA-MM-JJ``.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DepartmentFileError(f"{path} : illisible ({error.strerror})") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DepartmentFileError(toml_mistake(path, text, str(error))) from None
    try:
        content = model.model_validate(raw)
    except ValidationError as error:
        raise DepartmentFileError(
            "\n".join(_located(path, text, model, mistake) for mistake in error.errors())
        ) from None
    repeated = []
    for table in ("events", "actions", "calendar"):
        seen: set[str] = set()
        for index, entry in enumerate(raw.get(table, [])):
            if entry["key"] in seen:
                repeated.append(
                    _line(path, text, (table, index, "key"), f"clé « {entry['key']} » répétée")
                )
            seen.add(entry["key"])
    events = {entry["key"] for entry in raw.get("events", [])}
    for index, entry in enumerate(raw.get("actions", [])):
        if "event" in entry and entry["event"] not in events:
            repeated.append(
                _line(
                    path, text, ("actions", index, "event"),
                    f"aucun évènement « {entry['event']} » dans ce fichier",
                )
            )
    if repeated:
        raise DepartmentFileError("\n".join(repeated))
    return content


_TOML_MISTAKES = {
    "Cannot overwrite a value": "déjà donnée plus haut dans la même table",
    "Cannot declare": "cette table est déjà déclarée plus haut",
    "Expected newline or end of document after a statement": (
        "valeur illisible : une date s'écrit AAAA-MM-JJ (sans guillemets), une heure "
        "\"HH:MM\" (entre guillemets), un texte entre guillemets"
    ),
    "Invalid value": (
        "valeur illisible : une date s'écrit AAAA-MM-JJ, une heure \"HH:MM\", un texte entre "
        "guillemets"
    ),
    "Illegal character": "guillemet fermant manquant ou caractère interdit",
}
_TOML_POSITION = re.compile(r"^(?P<what>.*?) \(at line (?P<line>\d+), column \d+\)$")


def toml_mistake(path: Path, text: str, message: str) -> str:
    """A TOML syntax error of ``tomllib`` as one French line with the file, the line and the
    key written there."""
    found = _TOML_POSITION.match(message)
    if found is None:
        return f"{path} : TOML invalide, {message}"
    what, number = found["what"], int(found["line"])
    lines = text.splitlines()
    assignment = _ASSIGNMENT.match(lines[number - 1]) if number <= len(lines) else None
    key = f"clé « {assignment.group(1)} » : " if assignment else ""
    french = next(
        (french for prefix, french in _TOML_MISTAKES.items() if what.startswith(prefix)), what
    )
    return f"{path}, ligne {number} : TOML invalide : {key}{french}"


_FORMATS = {
    "date": "une date au format AAAA-MM-JJ",
    "time": "une heure au format HH:MM",
    "datetime": "une date et une heure au format AAAA-MM-JJTHH:MM:SS",
    "int": "un nombre entier",
    "bool": "true ou false",
    "string": "un texte entre guillemets",
    "list": "une liste [ … ]",
}
_PATTERNS = {
    _KEY: "une clé en minuscules, chiffres et tirets (2026-rencontre-53)",
    r"^\d{5}$": "un code postal de 5 chiffres",
    r"^\d{2}$": "un code de département de 2 chiffres",
}


def _french(model: type[BaseModel], loc: tuple[Any, ...], mistake: ErrorDetails) -> str:
    """What is wrong, in French, for one validation error of pydantic."""
    kind = mistake["type"]
    value = mistake.get("input")
    shown = f"« {value} »" if not isinstance(value, dict | list) else "cette valeur"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _known_keys(model, loc[:-1])
        close = difflib.get_close_matches(key, known, n=1)
        hint = f" : vouliez-vous dire « {close[0]} » ?" if close else ""
        return f"clé inconnue « {key} »{hint}"
    if kind == "missing":
        return f"clé « {loc[-1]} » manquante"
    if kind == "string_pattern_mismatch":
        pattern = mistake.get("ctx", {}).get("pattern", "")
        return f"{shown} n'est pas {_PATTERNS.get(pattern, f'au format {pattern}')}"
    if kind == "enum":
        expected = mistake.get("ctx", {}).get("expected", "")
        expected = expected.replace("' or '", "' ou '")
        return f"{shown} n'est pas une valeur permise ; valeurs possibles : {expected}"
    if kind == "string_too_short":
        return "ne peut pas être vide"
    if kind == "too_short":
        return "ne peut pas être une liste vide"
    if kind == "value_error":
        return str(mistake.get("ctx", {}).get("error", mistake["msg"]))
    for prefix, expected in _FORMATS.items():
        if kind.startswith(f"{prefix}_"):
            return f"{shown} n'est pas {expected}"
    return mistake["msg"]


def _known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the table at ``loc`` accepts (``events[0]``: those of ``EventSection``)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        is_model = isinstance(current, type) and issubclass(current, BaseModel)
        field = current.model_fields.get(part) if is_model else None
        if field is None:
            return []
        current = _section_of(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _section_of(annotation: Any) -> Any:
    """The ``Section`` a field holds, itself or as the items of a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _section_of(argument)
        if found is not None:
            return found
    return None


def _located(path: Path, text: str, model: type[BaseModel], mistake: ErrorDetails) -> str:
    loc = tuple(mistake["loc"])
    # An unknown key is a mistake of its table; the message names the key.
    shown = loc[:-1] if mistake["type"] == "extra_forbidden" else loc
    return _line(path, text, loc, _french(model, loc, mistake), shown)


def _line(
    path: Path, text: str, loc: tuple[Any, ...], message: str, shown: tuple[Any, ...] | None = None
) -> str:
    """One line: the file, the line of ``loc``, where in the file's tables, and what."""
    where = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}"
        for part in (loc if shown is None else shown)
    ).lstrip(".")
    line = locate(text, loc)
    at = f", ligne {line}" if line else ""
    return f"{path}{at} : {where or 'fichier'} : {message}"


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

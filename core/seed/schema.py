"""The shape of the seed file, validated when it is read."""

from __future__ import annotations

import tomllib
from datetime import date, time
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.models.enums import EventKind, InstitutionKind, PersonRole, PrerequisiteKind, ResourceKind

SEED_FILE = Path(__file__).with_name("pole_cps_2025.toml")


class SeedError(Exception):
    """Raised when the seed file cannot be read or does not match its schema."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Defaults(_Entry):
    year: int
    day_start: time
    day_end: time


class OrganizationEntry(_Entry):
    key: str
    name: str
    short_name: str
    interactions_member: bool = False
    website: str | None = None


class DepartmentEntry(_Entry):
    code: str = Field(pattern=r"^\d{2}$")
    name: str
    of_name: str


class InstitutionEntry(_Entry):
    key: str
    name: str
    short_name: str
    kind: InstitutionKind


class PersonEntry(_Entry):
    key: str
    given_name: str
    family_name: str
    aliases: list[str] = []
    organization: str | None = None
    job_title: str | None = None
    email: str | None = None
    phone: str | None = None
    contact_public: bool = False
    contact_consent_on: date | None = None
    roles: list[PersonRole]
    departments: list[str] = []
    institutions: list[str] = []

    @model_validator(mode="after")
    def _consent_is_dated(self) -> PersonEntry:
        # A published contact needs the date of its consent, as every write to the directory.
        if self.contact_public and self.contact_consent_on is None:
            raise ValueError("contact_public needs contact_consent_on, the date of the consent")
        return self


class PrerequisiteEntry(_Entry):
    code: str
    kind: PrerequisiteKind
    label: str
    minimum_score: float | None = Field(default=None, ge=0, le=1)
    requires_interactions_member: bool = False


class ModuleEntry(_Entry):
    number: int = Field(ge=1, le=2)
    title: str
    length_days: int = Field(ge=1)
    description: str | None = None
    prerequisites: list[PrerequisiteEntry]


class PlaceEntry(_Entry):
    city: str
    postal_code: str = Field(pattern=r"^\d{5}$")
    venue: str | None = None


class SessionEntry(_Entry):
    number: int
    module: int
    days: list[date] = Field(min_length=1)
    places: list[PlaceEntry] = Field(min_length=1)
    place_tentative: bool = False
    capacity: int | None = Field(default=None, ge=1)
    trainers: list[str] = []


class EventEntry(_Entry):
    key: str
    kind: EventKind
    department: str | None
    date: date
    title: str
    description: str | None = None
    city: str | None = None
    postal_code: str | None = Field(default=None, pattern=r"^\d{5}$")
    venue: str | None = None
    access_conditions: list[str] = []
    leaders: list[str] = []
    is_public: bool = True


class ResourceEntry(_Entry):
    key: str
    title: str
    kind: ResourceKind
    publisher: str | None = None
    published: str | None = None
    description: str
    audience: str | None = None
    url: str | None = None
    themes: list[str] = []


class SeedData(_Entry):
    """Everything the seed file holds."""

    defaults: Defaults
    organizations: list[OrganizationEntry]
    departments: list[DepartmentEntry]
    institutions: list[InstitutionEntry]
    people: list[PersonEntry]
    modules: list[ModuleEntry]
    sessions: list[SessionEntry]
    # The departments' events are their plugins' content (plugins/dept_NN/department.toml).
    events: list[EventEntry] = []
    resources: list[ResourceEntry]


def read_seed_file(path: Path = SEED_FILE) -> SeedData:
    """Read and validate a seed file; raise ``SeedError`` naming the file and the faulty entry."""
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        return SeedData.model_validate(raw)
    except tomllib.TOMLDecodeError as error:
        raise SeedError(f"{path}: {error}") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise SeedError(f"{path}: {where}: {first['msg']}") from None

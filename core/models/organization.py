"""Organizations that employ trainers, and institutions that steer or are followed."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.models.columns import enum_column
from core.models.enums import InstitutionKind


class Organization(Base):
    """An association or network that employs trainers (Promotion Santé, Addictions France…)."""

    __tablename__ = "organization"

    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80))
    interactions_member: Mapped[bool] = mapped_column(Boolean, default=False)
    website: Mapped[str | None] = mapped_column(String(500))


class Institution(Base):
    """A public institution: a COTER's steering body, or one a referent follows."""

    __tablename__ = "institution"

    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[InstitutionKind] = mapped_column(enum_column(InstitutionKind))
    department_code: Mapped[str | None] = mapped_column(
        ForeignKey("department.code"), index=True
    )
    steers_coter: Mapped[bool] = mapped_column(Boolean, default=False)

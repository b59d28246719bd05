"""People of the directory: the Pôle's referents and the trainers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.models.columns import enum_column
from core.models.enums import PersonRole, RecordStatus


class Person(Base):
    """A referent or a trainer, listed once whatever the spellings of their name."""

    __tablename__ = "person"
    __table_args__ = (Index("ix_person_sort_name_id", "sort_name", "id"),)

    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    # Other spellings met in documents ("Leroyer" for "Le Royer"), kept so searches find them.
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    sort_name: Mapped[str] = mapped_column(String(200))
    search_text: Mapped[str] = mapped_column(String(600))
    job_title: Mapped[str | None] = mapped_column(String(300))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    contact_public: Mapped[bool] = mapped_column(Boolean, default=False)
    # The day the person gave their written consent to publish ``email`` and ``phone``: set
    # while ``contact_public`` holds, cleared when the consent is withdrawn.
    contact_consent_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[RecordStatus] = mapped_column(
        enum_column(RecordStatus), default=RecordStatus.ACTIVE
    )

    roles: Mapped[list[PersonRoleAssignment]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="PersonRoleAssignment.role"
    )
    departments: Mapped[list[PersonDepartment]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="PersonDepartment.department_code"
    )
    institutions: Mapped[list[PersonInstitution]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="PersonInstitution.id"
    )


class PersonRoleAssignment(Base):
    """One role held by a person."""

    __tablename__ = "person_role"
    __table_args__ = (UniqueConstraint("person_id", "role"),)

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    role: Mapped[PersonRole] = mapped_column(enum_column(PersonRole))


class PersonDepartment(Base):
    """A department a person covers (as referent or as departmental trainer)."""

    __tablename__ = "person_department"
    __table_args__ = (UniqueConstraint("person_id", "department_code"),)

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    department_code: Mapped[str] = mapped_column(ForeignKey("department.code"), index=True)


class PersonInstitution(Base):
    """An institution a referent follows for the Pôle."""

    __tablename__ = "person_institution"
    __table_args__ = (UniqueConstraint("person_id", "institution_id"),)

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)

"""Training sessions of the modules: their dated days, their place(s) and their trainers."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime
from core.models.columns import enum_column
from core.models.enums import SessionStatus


class TrainingSession(Base):
    """A session of module 1 or 2, held over days that are not always consecutive.

    ``starts_on`` and ``ends_on`` mirror the first and last day so that lists sort and page on
    an index; ``set_days`` keeps them right.
    """

    __tablename__ = "training_session"
    __table_args__ = (
        UniqueConstraint("year", "number"),
        Index("ix_training_session_starts_on_id", "starts_on", "id"),
    )

    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    module_id: Mapped[int] = mapped_column(ForeignKey("training_module.id"), index=True)
    # The department that holds the session; None while a tentative place spans departments.
    department_code: Mapped[str | None] = mapped_column(
        ForeignKey("department.code"), index=True
    )
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus), default=SessionStatus.PLANNED
    )
    place_tentative: Mapped[bool] = mapped_column(Boolean, default=False)
    capacity: Mapped[int | None] = mapped_column(Integer)
    # Registrations wait for staff approval (holding their seat) before they are confirmed.
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    # Why staff gave the session another number of days than its module's length, kept.
    day_count_reason: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    days: Mapped[list[SessionDay]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="SessionDay.date"
    )
    places: Mapped[list[SessionPlace]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="SessionPlace.position"
    )
    trainers: Mapped[list[SessionTrainer]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="SessionTrainer.position"
    )

    def set_days(self, days: list[SessionDay]) -> None:
        """Replace the session's days and update the span used for sorting."""
        self.days = sorted(days, key=lambda day: day.date)
        self.starts_on = self.days[0].date
        self.ends_on = self.days[-1].date


class SessionDay(Base):
    """One training day, with its hours in Europe/Paris."""

    __tablename__ = "session_day"
    __table_args__ = (UniqueConstraint("session_id", "date"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    # Calendars replace an entry only when its SEQUENCE grows: bumped by every change of the day
    # (core.services.scheduling), never reset.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # Set when the day is taken out of its session: the row stays, so that calendar feeds can
    # show it cancelled until its date has passed, and it no longer counts as a training day.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SessionPlace(Base):
    """Where a session is held: one place, or several alternatives while it is tentative."""

    __tablename__ = "session_place"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    city: Mapped[str] = mapped_column(String(120))
    city_search: Mapped[str] = mapped_column(String(120), index=True)
    venue: Mapped[str | None] = mapped_column(String(300))
    postal_code: Mapped[str] = mapped_column(String(5))
    department_code: Mapped[str] = mapped_column(ForeignKey("department.code"), index=True)


class SessionTrainer(Base):
    """A trainer who leads a session."""

    __tablename__ = "session_trainer"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

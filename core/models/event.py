"""Events of a department or of the region: practice-exchange days, yearly events, meetings."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.models.columns import enum_column
from core.models.enums import EventKind, SessionStatus


class Event(Base):
    """A dated event on one day, with hours in Europe/Paris."""

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_date_id", "date", "id"),)

    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    # None for a regional event (an awareness session for regional institutions).
    department_code: Mapped[str | None] = mapped_column(
        ForeignKey("department.code"), index=True
    )
    year: Mapped[int] = mapped_column(Integer, index=True)
    date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    city: Mapped[str | None] = mapped_column(String(120))
    venue: Mapped[str | None] = mapped_column(String(300))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    access_conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus), default=SessionStatus.PLANNED
    )
    # Calendars replace an entry only when its SEQUENCE grows: bumped by every change of the
    # event's date, hours, place or status (core.services.scheduling), never reset.
    sequence: Mapped[int] = mapped_column(Integer, default=0)

    leaders: Mapped[list[EventLeader]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="EventLeader.position"
    )


class EventLeader(Base):
    """A person who leads an event."""

    __tablename__ = "event_leader"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

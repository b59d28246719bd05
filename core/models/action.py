"""Actions of a department's deployment pack."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.models.columns import enum_column
from core.models.enums import ActionKind, Programme, RecordStatus


class Action(Base):
    """An action a COTER prioritised, over a period."""

    __tablename__ = "action"
    __table_args__ = (Index("ix_action_period_start_id", "period_start", "id"),)

    department_code: Mapped[str] = mapped_column(ForeignKey("department.code"), index=True)
    kind: Mapped[ActionKind] = mapped_column(enum_column(ActionKind))
    programme: Mapped[Programme | None] = mapped_column(enum_column(Programme))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    status: Mapped[RecordStatus] = mapped_column(
        enum_column(RecordStatus), default=RecordStatus.ACTIVE
    )
    # The event the action only restates (a practice-exchange day): feeds show the event alone.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"))
    # Calendars replace an entry only when its SEQUENCE grows: bump it when the period changes.
    sequence: Mapped[int] = mapped_column(Integer, default=0)

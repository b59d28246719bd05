"""Registrations of professionals to training sessions and events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime
from core.models.columns import enum_column
from core.models.enums import RegistrationStatus


class Registration(Base):
    """A person's registration to a session (``session_id``) or an event (``event_id``).

    The personal fields become null when the person's data is erased (``erased_at``); the row
    stays, so that counts and the audit trail keep their meaning. ``reference_hash`` is the
    SHA-256 of the private reference the person was given to see or cancel it.
    """

    __tablename__ = "registration"
    __table_args__ = (
        Index("ix_registration_session_id_status", "session_id", "status"),
        Index("ix_registration_event_id_status", "event_id", "status"),
    )

    session_id: Mapped[int | None] = mapped_column(ForeignKey("training_session.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"))
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus))
    # Every department the session or event concerns: whose staff may see and manage it.
    department_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    reference_hash: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(300), index=True)
    employer: Mapped[str | None] = mapped_column(String(300))
    practice_department_code: Mapped[str | None] = mapped_column(String(3))
    prior_training_organization: Mapped[str | None] = mapped_column(String(300))
    prior_training_interactions_member: Mapped[bool | None] = mapped_column(Boolean)
    questionnaire_score: Mapped[float | None] = mapped_column(Float)
    employer_commitment: Mapped[bool | None] = mapped_column(Boolean)
    confirmed_trainer_training_years: Mapped[list[int] | None] = mapped_column(JSON)
    # Every rule evaluated when the registration was written, with its outcome.
    rule_outcomes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Null when registered through a partner site without a token.
    registered_by_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"))
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

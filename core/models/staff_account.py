"""Staff accounts of the back-office, the single-use links they sign in with, and their
signed-in sessions.

A staff account is a person's e-mail address with a role (regional, or department with its
departments: the roles of API tokens). Only digests of links and session cookies are stored
(``core.auth.secrets.digest``): a copy of the database signs nobody in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime
from core.models.columns import enum_column
from core.models.enums import StaffRole


class StaffAccount(Base):
    """A member of staff who signs in to the back-office with an e-mailed link."""

    __tablename__ = "staff_account"

    # Lower-cased, so that one address is one account whatever its spelling.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[StaffRole] = mapped_column(enum_column(StaffRole))
    # The departments of a DEPARTMENT account ("44", "85"); empty for a regional one.
    department_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StaffSignInLink(Base):
    """A sign-in link e-mailed to a staff account: valid once, for a few minutes."""

    __tablename__ = "staff_sign_in_link"

    account_id: Mapped[int] = mapped_column(ForeignKey("staff_account.id"), index=True)
    link_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StaffWebSession(Base):
    """A signed-in browser: the digest of its cookie, its idle and absolute limits."""

    __tablename__ = "staff_web_session"

    account_id: Mapped[int] = mapped_column(ForeignKey("staff_account.id"), index=True)
    cookie_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Signed out at this instant whatever the activity (the absolute timeout).
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

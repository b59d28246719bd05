"""Private links sent by e-mail about one registration: see and cancel it, give up a seat.

Only the SHA-256 of the link's secret is stored (``core.auth.secrets``); the secret itself is
in the e-mail. Every e-mail carries a link of its own, so that a registration promoted long
after it was made still gets a working link without the reference given at the time.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime
from core.models.columns import enum_column


class LinkPurpose(enum.StrEnum):
    """What following a link does."""

    # Show the registration, with a button to cancel it.
    MANAGE = "MANAGE"
    # Confirm the address of a registration made without a staff token (single use).
    CONFIRM_ADDRESS = "CONFIRM_ADDRESS"


class RegistrationLink(Base):
    """One private link to a registration, known by its hash."""

    __tablename__ = "registration_link"

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[LinkPurpose] = mapped_column(enum_column(LinkPurpose))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

"""Who may write and what they wrote: API tokens, the audit trail, idempotency keys.

Only the SHA-256 of a token is stored; the token itself is printed once, when created.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime
from core.models.columns import enum_column
from core.models.enums import StaffRole


class ApiToken(Base):
    """A bearer token of a staff member or a partner, known by its hash only."""

    __tablename__ = "api_token"

    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[StaffRole] = mapped_column(enum_column(StaffRole))
    # The departments a DEPARTMENT token may act on ("44", "85"); empty for the other roles.
    department_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEntry(Base):
    """One write: who (the token and its role), when (``created_at``), what changed."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_created_at_id", "created_at", "id"),)

    # Null for an anonymous caller (a professional registering through a partner site).
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(80))
    object_type: Mapped[str] = mapped_column(String(80))
    object_public_id: Mapped[str] = mapped_column(String(36), index=True)
    department_code: Mapped[str | None] = mapped_column(String(3))
    # Field names and their new values; personal data is never written here.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class IdempotencyKey(Base):
    """The first result of a mutation sent with an idempotency key, returned again on a retry
    until ``expires_at`` (``core.services.idempotency``).

    The key itself is not stored, only its SHA-256; a registration's reference in ``result`` is
    sealed with a key derived from the idempotency key, so the row alone does not give it.
    """

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("scope", "operation", "key_hash"),)

    # Whose key it is: "token:<id>" or "anonymous:<address or /64>", so callers never share one.
    scope: Mapped[str] = mapped_column(String(80))
    operation: Mapped[str] = mapped_column(String(80))
    key_hash: Mapped[str] = mapped_column(String(64))
    # SHA-256 of the operation's arguments: the same key with other arguments is refused.
    fingerprint: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class FeedSubscription(Base):
    """A staff member's private calendar feed: its own unguessable token in its URL (calendar
    applications cannot send headers), known by its hash only.

    ``feed_kind``/``feed_key`` say which calendar (``REGION``/``""``, ``DEPARTMENT``/``"44"``).
    Rotating replaces the token (the old URL dies); revoking kills the feed at once.
    """

    __tablename__ = "feed_subscription"

    label: Mapped[str] = mapped_column(String(200))
    feed_kind: Mapped[str] = mapped_column(String(20))
    feed_key: Mapped[str] = mapped_column(String(36), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Who created it: an API token, or a staff account of the back-office. Its owner (and
    # regional staff) manage it; the feed dies with the token or when the account is disabled.
    owner_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"), index=True)
    owner_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), index=True
    )
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

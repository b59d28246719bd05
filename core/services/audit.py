"""The audit trail: one entry per write, saying who (token and role), when and what changed.

Entries name objects by public ID and list the fields changed with their new values, but never
a person's personal data (names, emails, scores): erasing a person leaves the trail intact and
free of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.models import AuditEntry
from core.services import webhook_events

AUDIT_PAGE_LIMIT = 200


async def record(
    db: AsyncSession,
    viewer: Viewer,
    *,
    action: str,
    object_type: str,
    object_public_id: str,
    department_codes: Sequence[str | None] = (),
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Add an entry for a write made in this transaction (flushed with it, never committed)."""
    codes = [code for code in department_codes if code]
    entry = AuditEntry(
        token_id=viewer.token_id,
        actor=viewer.actor,
        action=action,
        object_type=object_type,
        object_public_id=object_public_id,
        department_code=codes[0] if len(codes) == 1 else None,
        changes=dict(changes or {}),
    )
    db.add(entry)
    # Partners' webhooks hear of the write (a no-op unless one wants it).
    await webhook_events.from_audit(db, entry)
    return entry


async def list_entries(
    db: AsyncSession, *, first: int = 50, object_public_id: str | None = None
) -> list[AuditEntry]:
    """The latest entries, newest first; only those of one object if ``object_public_id``."""
    statement = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if object_public_id is not None:
        statement = statement.where(AuditEntry.object_public_id == object_public_id)
    return list(await db.scalars(statement.limit(max(1, min(first, AUDIT_PAGE_LIMIT)))))


async def search_entries(
    db: AsyncSession,
    *,
    action: str | None = None,
    department_code: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    visible_departments: frozenset[str] | None = None,
    first: int = AUDIT_PAGE_LIMIT,
) -> list[AuditEntry]:
    """The latest entries matching every filter given, newest first (at most ``first``).

    ``since`` and ``until`` bound ``created_at`` (``until`` excluded); ``visible_departments``
    (department staff) keeps only the entries of those departments, ``None`` keeps all.
    """
    statement = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if action:
        statement = statement.where(AuditEntry.action == action)
    if department_code:
        statement = statement.where(AuditEntry.department_code == department_code)
    if visible_departments is not None:
        statement = statement.where(AuditEntry.department_code.in_(sorted(visible_departments)))
    if since is not None:
        statement = statement.where(AuditEntry.created_at >= since)
    if until is not None:
        statement = statement.where(AuditEntry.created_at < until)
    return list(await db.scalars(statement.limit(max(1, min(first, AUDIT_PAGE_LIMIT)))))


async def actions_recorded(db: AsyncSession) -> list[str]:
    """Every action name the trail holds, in alphabetical order (the filter's choices)."""
    return list(await db.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))

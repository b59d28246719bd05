"""Idempotency keys: a retried mutation (same caller, operation and key) applies once and gets
the first result again.

The key is stored in the write's own transaction, under a unique constraint: of two requests
with the same key sent side by side, the second fails to commit and then reads the first's
result (``replay``). Only applied writes are remembered; a refused one can be sent again.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.models import IdempotencyKey
from core.services.errors import InputError

KEY_LIMIT = 200


def scope_of(viewer: Viewer, fingerprint: str = "") -> str:
    """Whose keys these are: one token's; for anonymous callers, who share no identity, the
    SHA-256 of the request's arguments too, so that nobody can replay another caller's key
    (and read its result, a registration's reference) without sending the very same data."""
    if viewer.token_id is not None:
        return f"token:{viewer.token_id}"
    return "anonymous:" + hashlib.sha256(fingerprint.encode()).hexdigest()


def check_key(key: str) -> str:
    """The key, or ``InputError`` when it is empty or too long."""
    if not key.strip() or len(key) > KEY_LIMIT:
        raise InputError(
            "INVALID_IDEMPOTENCY_KEY",
            f"La clé d'idempotence doit faire de 1 à {KEY_LIMIT} caractères.",
            field="idempotencyKey",
        )
    return key


async def replay(
    db: AsyncSession, viewer: Viewer, operation: str, key: str, fingerprint: str = ""
) -> dict[str, Any] | None:
    """The first result of ``operation`` sent with ``key`` by this caller, if any."""
    return await db.scalar(
        select(IdempotencyKey.result).where(
            IdempotencyKey.scope == scope_of(viewer, fingerprint),
            IdempotencyKey.operation == operation,
            IdempotencyKey.key == key,
        )
    )


def remember(
    db: AsyncSession,
    viewer: Viewer,
    operation: str,
    key: str,
    result: dict[str, Any],
    fingerprint: str = "",
) -> None:
    """Store the result of an applied write under its key, in the write's transaction."""
    scope = scope_of(viewer, fingerprint)
    db.add(IdempotencyKey(scope=scope, operation=operation, key=key, result=result))

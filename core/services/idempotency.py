"""Idempotency keys: a retried mutation (same caller, operation, key and arguments) applies once
and gets the first result again, for ``CPS_IDEMPOTENCY_TTL_HOURS``.

- A key belongs to its caller (``scope_of``: a token, or an anonymous caller's address, an IPv6
  one by its /64) and to one operation with one set of arguments (``fingerprint_of``): the same
  key sent with other arguments is refused with ``IDEMPOTENCY_KEY_REUSED``, never answered with
  the first result nor applied again.
- The key is claimed first thing in the write's transaction (``claim``: ``INSERT … ON CONFLICT
  DO NOTHING``). On PostgreSQL a concurrent claim of the same key waits for the first
  transaction to end: if it committed, the retry reads its result (``stored``); if it rolled
  back (a refused write is not remembered), the retry claims the key and runs. On SQLite the
  process's write lock serialises the same way. So concurrent retries all get the first result.
- Only the key's SHA-256 is stored. A registration's reference in a result is sealed
  (AES-GCM) with a key derived from the idempotency key: the retry, which sends the key, gets
  the reference back; the table alone gives nothing. Rows expire and are deleted as they are
  met or, now and then, in bulk.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
from datetime import timedelta
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.db import on_postgresql, utcnow
from core.models import IdempotencyKey
from core.services.errors import InputError

KEY_LIMIT = 200
# Result fields that are secrets of the caller: stored sealed, never in clear.
SEALED_FIELDS = ("reference",)
# Expired rows of every caller are deleted by about one claim in this many.
PURGE_ONE_IN = 200


def scope_of(viewer: Viewer, caller_address: str) -> str:
    """Whose keys these are: one token's, one staff account's, or one anonymous address's (an
    IPv6 /64)."""
    if viewer.token_id is not None:
        return f"token:{viewer.token_id}"
    if viewer.account_id is not None:
        return f"account:{viewer.account_id}"
    return f"anonymous:{caller_address}"[:80]


def fingerprint_of(operation: str, arguments: Any) -> str:
    """The SHA-256 of an operation and its arguments (JSON, keys sorted)."""
    text = json.dumps([operation, arguments], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def check_key(key: str) -> str:
    """The key, or ``InputError`` when it is empty or too long."""
    if not key.strip() or len(key) > KEY_LIMIT:
        raise InputError(
            "INVALID_IDEMPOTENCY_KEY",
            f"La clé d'idempotence doit faire de 1 à {KEY_LIMIT} caractères.",
            field="idempotencyKey",
        )
    return key


def _key_hash(key: str) -> str:
    return hashlib.sha256(b"cps-idempotency-key:" + key.encode()).hexdigest()


def _sealing_key(key: str) -> bytes:
    return hashlib.sha256(b"cps-idempotency-seal:" + key.encode()).digest()


def seal(result: dict[str, Any], key: str) -> dict[str, Any]:
    """``result`` with its secret fields encrypted under a key derived from ``key``."""
    sealed = dict(result)
    for name in SEALED_FIELDS:
        value = sealed.get(name)
        if isinstance(value, str):
            nonce = random.SystemRandom().randbytes(12)
            box = AESGCM(_sealing_key(key)).encrypt(nonce, value.encode(), name.encode())
            sealed[name] = {"sealed": base64.b64encode(nonce + box).decode()}
    return sealed


def unseal(stored: dict[str, Any], key: str) -> dict[str, Any]:
    """The result as first answered, its secret fields decrypted (``None`` if erased since)."""
    result = dict(stored)
    for name in SEALED_FIELDS:
        value = result.get(name)
        if isinstance(value, dict) and "sealed" in value:
            raw = base64.b64decode(value["sealed"])
            try:
                result[name] = AESGCM(_sealing_key(key)).decrypt(
                    raw[:12], raw[12:], name.encode()
                ).decode()
            except InvalidTag:
                result[name] = None
    return result


def _insert(db: AsyncSession) -> postgresql.Insert | sqlite.Insert:
    if on_postgresql(db):
        return postgresql.insert(IdempotencyKey)
    return sqlite.insert(IdempotencyKey)


async def claim(
    db: AsyncSession,
    scope: str,
    operation: str,
    key: str,
    fingerprint: str,
    ttl: timedelta,
) -> int | None:
    """Claim ``key`` for this write, in its transaction: the new row's ID, or ``None`` when the
    key is already taken (by a committed write; a concurrent one is waited for)."""
    key_hash = _key_hash(key)
    statement = (
        _insert(db)
        .values(
            scope=scope,
            operation=operation,
            key_hash=key_hash,
            fingerprint=fingerprint,
            result={},
            expires_at=utcnow() + ttl,
        )
        .on_conflict_do_nothing(index_elements=["scope", "operation", "key_hash"])
        .returning(IdempotencyKey.id)
    )
    claimed: int | None = await db.scalar(statement)
    return claimed


async def forget_expired(db: AsyncSession, scope: str, operation: str, key: str) -> None:
    """Delete this key if it expired (and, now and then, every expired key); the caller
    commits, apart from the write, so that a refused write still forgets it."""
    expired = delete(IdempotencyKey).where(IdempotencyKey.expires_at < utcnow())
    if random.randrange(PURGE_ONE_IN) != 0:
        expired = expired.where(
            IdempotencyKey.scope == scope,
            IdempotencyKey.operation == operation,
            IdempotencyKey.key_hash == _key_hash(key),
        )
    await db.execute(expired)


async def stored(
    db: AsyncSession, scope: str, operation: str, key: str, fingerprint: str
) -> dict[str, Any] | None:
    """The first result of ``operation`` sent with ``key`` by this caller, unsealed; ``None``
    if there is none (it expired meanwhile). ``InputError`` when the key went with other
    arguments."""
    row = (
        await db.execute(
            select(IdempotencyKey.fingerprint, IdempotencyKey.result).where(
                IdempotencyKey.scope == scope,
                IdempotencyKey.operation == operation,
                IdempotencyKey.key_hash == _key_hash(key),
                IdempotencyKey.expires_at >= utcnow(),
            )
        )
    ).first()
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise InputError(
            "IDEMPOTENCY_KEY_REUSED",
            "Cette clé d'idempotence a déjà servi pour une autre demande : envoyez une clé "
            "nouvelle pour chaque demande, et la même clé seulement pour la répéter à "
            "l'identique.",
            field="idempotencyKey",
        )
    return unseal(row.result, key)


async def remember(
    db: AsyncSession, claimed: int, result: dict[str, Any], key: str
) -> None:
    """Store the result of the applied write on its claimed key, in the write's transaction."""
    row = await db.get_one(IdempotencyKey, claimed)
    row.result = seal(result, key)


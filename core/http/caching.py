"""HTTP caching of public answers: ``Cache-Control`` and ETags, so that caches can revalidate.

An answer is public when it was asked by GET without ``Authorization`` and holds no error: the
same URL then gives the same bytes to everyone, whichever worker answers, and its ETag is a
digest of those bytes, so it changes with the data and with nothing else.
"""

from __future__ import annotations

import hashlib

from core.http.compression import identity_etag_value

NO_STORE = "no-store"


def etag_of(body: bytes) -> str:
    """A strong ETag for ``body``."""
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def public_cache_control(max_age: int) -> str:
    """``Cache-Control`` of a public answer that caches may keep ``max_age`` seconds."""
    return f"public, max-age={max_age}"


def matches(if_none_match: str | None, etag: str) -> bool:
    """True when an ``If-None-Match`` header names ``etag`` in either encoding (weak
    comparison, ``*`` included)."""
    if not if_none_match:
        return False
    wanted = identity_etag_value(etag)
    for candidate in if_none_match.split(","):
        if candidate.strip() == "*" or identity_etag_value(candidate) == wanted:
            return True
    return False

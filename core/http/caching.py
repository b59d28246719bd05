"""HTTP caching of public answers: ``Cache-Control`` and ETags, so that caches can revalidate.

An answer is public when it was asked by GET without ``Authorization``, holds no error and read
nothing that depends on who asks: the same URL then gives the same bytes to everyone, whichever
worker answers, and its ETag is a digest of those bytes, so it changes with the data and with
nothing else. Public answers vary with ``Authorization`` (and ``Origin`` under CORS).

Any other answer is ``private, no-store``: one read with a secret of the caller's (a
registration's reference in ``myRegistration``, a token) must not be kept by a shared cache,
nor by the browser. A resolver that reads such a thing says so with ``mark_caller_specific``.
"""

from __future__ import annotations

import hashlib

from starlette.requests import HTTPConnection

from core.http.compression import identity_etag_value

NO_STORE = "private, no-store"
VARY = "Authorization, Accept-Encoding"


def mark_caller_specific(request: object | None) -> None:
    """Record that the answer to ``request`` depends on its caller: it will not be public."""
    state = getattr(request, "state", None)
    if state is not None:
        state.caller_specific = True


def is_caller_specific(request: HTTPConnection) -> bool:
    """Whether a resolver marked the answer to ``request`` as depending on its caller."""
    return bool(getattr(request.state, "caller_specific", False))


def etag_of(body: bytes | memoryview) -> str:
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

"""Secrets handed out once (API tokens, registration references) and how they are stored.

A secret is 32 random bytes from ``secrets.token_urlsafe``: with that much entropy a plain
SHA-256 is a sufficient one-way store (no salt or slow hash needed, unlike passwords), and it
lets a token be looked up by its hash. The rate limiter names tokens by this same ``digest``
(in its counter keys and in ``CPS_PARTNER_TOKEN_HASHES``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

API_TOKEN_PREFIX = "cps_"
REFERENCE_PREFIX = "ref_"


def new_secret(prefix: str) -> str:
    """A new unguessable secret, with a prefix that says what it is (``cps_…``, ``ref_…``)."""
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The SHA-256 of a secret, in hex: the only form ever stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def same_digest(given: str, stored: str) -> bool:
    """Compare two digests in constant time."""
    return hmac.compare_digest(given.encode(), stored.encode())

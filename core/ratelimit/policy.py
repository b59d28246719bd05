"""Who is calling, for the rate limit, and how many requests a window allows them.

Partners get a higher limit than anonymous callers, counted per token. Tokens are not managed
by the service yet: until they are, a bearer token is a partner's when its SHA-256 is listed in
``CPS_PARTNER_TOKEN_HASHES``. Any other token is anonymous and counted by address like a call
without one, so that inventing tokens gains nothing. Only the token's hash is ever kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from starlette.types import Scope

from core.settings import Settings


class Tier(StrEnum):
    """A class of callers sharing one limit per window."""

    ANONYMOUS = "anonymous"
    PARTNER = "partner"


@dataclass(frozen=True)
class Caller:
    """A caller as the rate limit sees it: its tier, the key its requests are counted under."""

    tier: Tier
    key: str
    limit: int


def bearer_token(scope: Scope) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, if there is one."""
    for key, value in scope.get("headers", ()):
        if key == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            token = token.strip()
            return token if scheme.lower() == "bearer" and token else None
    return None


def token_digest(token: str) -> str:
    """The SHA-256 of a token, in hex: how a token is named in settings, keys and logs."""
    return hashlib.sha256(token.encode()).hexdigest()


class CallerPolicy:
    """Tells the tier and the counting key of a request.

    The staff issue will look tokens up in the database: ``identify`` is a coroutine so that it
    can, and ``tier_of_token`` is the one place to change.
    """

    def __init__(self, settings: Settings) -> None:
        self.partner_digests = frozenset(settings.partner_token_hashes)
        self.limits = {
            Tier.ANONYMOUS: settings.rate_limit_anonymous,
            Tier.PARTNER: settings.rate_limit_partner,
        }

    async def tier_of_token(self, digest: str) -> Tier:
        """The tier of the token whose SHA-256 is ``digest``."""
        return Tier.PARTNER if digest in self.partner_digests else Tier.ANONYMOUS

    async def identify(self, scope: Scope) -> Caller:
        """The caller of the request in ``scope`` (its client address already resolved)."""
        token = bearer_token(scope)
        if token is not None:
            digest = token_digest(token)
            if await self.tier_of_token(digest) is Tier.PARTNER:
                return Caller(Tier.PARTNER, f"token:{digest}", self.limits[Tier.PARTNER])
        client = scope.get("client")
        address = client[0] if client else "unknown"
        return Caller(Tier.ANONYMOUS, f"address:{address}", self.limits[Tier.ANONYMOUS])

"""Who is calling, for the rate limit, and how many requests a window allows them.

Anonymous callers are counted by address, an IPv6 address by its /64 network (``network_of``).
Callers with a usable API token (``cps token create``: partner, regional or department staff;
neither revoked nor expired) get the partner limit, counted per token. A token is named by its
SHA-256 (``core.auth.secrets.digest``, the very digest ``api_token.token_hash`` stores), never by
its secret. Any other token, unknown, revoked or expired, is anonymous and counted by address like
a call without one, so that inventing tokens gains nothing.

``CPS_PARTNER_TOKEN_HASHES`` stays supported as a fallback: a token whose SHA-256 is listed there
gets the partner limit without being in the database (for a client outside ``cps token``). It is
redundant for tokens made with ``cps token create``.

The tier of a token is looked up once per process and kept for ``TOKEN_TIER_TTL_SECONDS``
(``TierCache``), since this runs before every request: a revoked token may keep the partner limit
that long in a worker that saw it. Only the rate limit is that lenient; whether a token may
write is decided from the database on every request (``core.auth.request.resolve_viewer``).
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from starlette.types import Scope

from core.auth.request import bearer_in
from core.auth.secrets import digest
from core.db import Database
from core.services.api_tokens import role_of_token_digest
from core.settings import Settings

logger = logging.getLogger("cps.ratelimit")

# How long a worker believes what it looked up about a token, and how many tokens it remembers.
TOKEN_TIER_TTL_SECONDS = 30.0
TOKEN_TIER_CACHE_SIZE = 4096


class Tier(StrEnum):
    """A class of callers sharing one limit per window."""

    ANONYMOUS = "anonymous"
    PARTNER = "partner"
    # Calendar feed polls, whoever sends them (``core.ratelimit.feeds``).
    FEEDS = "feeds"


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
            return bearer_in(value.decode("latin-1"))
    return None


class TierCache:
    """The tiers of recently seen token digests, each kept ``ttl`` seconds, at most ``size``.

    Unknown digests are remembered too, so that a client still sending a revoked token costs no
    query per request. When full, the oldest entry goes first (it is also the first to expire);
    a flood of invented tokens can push real ones out, which costs them one query, nothing more.
    """

    def __init__(
        self, ttl: float, size: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self._entries: OrderedDict[str, tuple[float, Tier]] = OrderedDict()

    def get(self, token_digest: str) -> Tier | None:
        """The tier remembered for ``token_digest``, or ``None`` if unknown or expired."""
        entry = self._entries.get(token_digest)
        if entry is None:
            return None
        expires, tier = entry
        if expires <= self.clock():
            del self._entries[token_digest]
            return None
        return tier

    def put(self, token_digest: str, tier: Tier) -> None:
        """Remember ``tier`` for ``token_digest`` for the next ``ttl`` seconds."""
        self._entries.pop(token_digest, None)
        while len(self._entries) >= self.size:
            self._entries.popitem(last=False)
        self._entries[token_digest] = (self.clock() + self.ttl, tier)


class CallerPolicy:
    """Tells the tier and the counting key of a request.

    ``database`` is the application's (``app.state.database``), where the API tokens are; without
    one only ``CPS_PARTNER_TOKEN_HASHES`` is known. ``cache`` defaults to a ``TierCache`` of
    ``TOKEN_TIER_TTL_SECONDS`` and ``TOKEN_TIER_CACHE_SIZE``.
    """

    def __init__(
        self,
        settings: Settings,
        database: Database | None = None,
        *,
        cache: TierCache | None = None,
    ) -> None:
        self.partner_digests = frozenset(settings.partner_token_hashes)
        self.database = database
        self.cache = cache or TierCache(TOKEN_TIER_TTL_SECONDS, TOKEN_TIER_CACHE_SIZE)
        self.limits = {
            Tier.ANONYMOUS: settings.rate_limit_anonymous,
            Tier.PARTNER: settings.rate_limit_partner,
            Tier.FEEDS: settings.rate_limit_feeds,
        }

    async def tier_of_token(self, token_digest: str) -> Tier:
        """The tier of the token whose SHA-256 is ``token_digest``.

        PARTNER when the digest is in ``CPS_PARTNER_TOKEN_HASHES`` or names a usable token of the
        database, whatever its role; ANONYMOUS otherwise. At most one indexed query, on a cache
        miss. If that query fails the token counts as anonymous (not remembered) and a warning
        is logged: its holder shares its address's limit rather than getting an error.
        """
        if token_digest in self.partner_digests:
            return Tier.PARTNER
        if self.database is None:
            return Tier.ANONYMOUS
        tier = self.cache.get(token_digest)
        if tier is not None:
            return tier
        try:
            async with self.database.sessions() as db:
                role = await role_of_token_digest(db, token_digest)
        except Exception as error:  # noqa: BLE001 (any failure: count by address, go on)
            logger.warning("token looked up for the rate limit, database failed: %r", error)
            return Tier.ANONYMOUS
        tier = Tier.ANONYMOUS if role is None else Tier.PARTNER
        self.cache.put(token_digest, tier)
        return tier

    async def identify(self, scope: Scope) -> Caller:
        """The caller of the request in ``scope`` (its client address already resolved)."""
        token = bearer_token(scope)
        if token is not None:
            token_digest = digest(token)
            if await self.tier_of_token(token_digest) is Tier.PARTNER:
                return Caller(Tier.PARTNER, f"token:{token_digest}", self.limits[Tier.PARTNER])
        client = scope.get("client")
        address = network_of(client[0]) if client else "unknown"
        return Caller(Tier.ANONYMOUS, f"address:{address}", self.limits[Tier.ANONYMOUS])


def network_of(address: str) -> str:
    """What one anonymous caller is: an IPv4 address, or the /64 network of an IPv6 address
    (one subscriber gets a whole /64 and may use any address of it)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


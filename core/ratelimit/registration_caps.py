"""Caps on anonymous registrations: so many a day per caller address, to one target and to all.

The rate limit bounds requests; these bound what they leave behind. An anonymous caller (no
token; an IPv6 caller by its /64, as the rate limit sees it) may register at most
``CPS_REGISTRATION_CAP_PER_TARGET`` people to one session or event a day (UTC), and
``CPS_REGISTRATION_CAP_PER_ADDRESS`` in all. Only registrations written count. The counters are
the rate limit's (Redis or the database, each worker's memory while the store fails).
"""

from __future__ import annotations

from starlette.requests import Request

from core.hooks.types import Violation
from core.ratelimit.limiter import RateLimiter
from core.ratelimit.policy import Caller
from core.services import staff_messages
from core.settings import Settings

DAY_SECONDS = 86_400


def _caller(request: Request | None) -> tuple[RateLimiter, Caller] | None:
    if request is None:
        return None
    limiter = getattr(request.app.state, "rate_limiter", None)
    caller = request.scope.get("state", {}).get("rate_limit_caller")
    if limiter is None or caller is None:
        return None
    return limiter, caller


def _keys(caller: Caller, target_public_id: str) -> tuple[str, str]:
    return f"registered:{caller.key}:{target_public_id}", f"registered:{caller.key}"


async def cap_reached(
    request: Request | None, settings: Settings, target_public_id: str
) -> Violation | None:
    """The refusal of one more anonymous registration from this caller, if a cap is reached."""
    found = _caller(request)
    if found is None:
        return None
    limiter, caller = found
    per_target, per_address = _keys(caller, target_public_id)
    for key, cap, message, field in (
        (per_target, settings.registration_cap_per_target,
         staff_messages.REGISTRATION_CAP_PER_TARGET, "target"),
        (per_address, settings.registration_cap_per_address,
         staff_messages.REGISTRATION_CAP_PER_ADDRESS, "target"),
    ):
        if cap > 0 and (await limiter.count(key, DAY_SECONDS, 0)).hits >= cap:
            return Violation("REGISTRATION_CAP_REACHED", field, message.format(cap=cap))
    return None


async def count_registration(request: Request | None, target_public_id: str) -> None:
    """Count one anonymous registration written by this caller."""
    found = _caller(request)
    if found is None:
        return
    limiter, caller = found
    for key in _keys(caller, target_public_id):
        await limiter.count(key, DAY_SECONDS, 1)

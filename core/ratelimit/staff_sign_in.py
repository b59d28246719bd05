"""The limit on sign-in attempts to the back-office, on the service's rate-limit counters.

Each attempt (a link asked, a link followed) counts once per hour against the caller's address
(as the rate limit names it: an IPv6 caller by its /64), and each link asked counts against the
e-mail address typed too, known or not, so that the answer tells nothing of which addresses
have an account. Above ``CPS_STAFF_SIGN_IN_PER_HOUR`` (0: no limit) the attempt is refused.
When the service's rate limit is off altogether, so is this one.
"""

from __future__ import annotations

from starlette.requests import Request

from core.auth.secrets import digest

HOUR_SECONDS = 3_600


async def attempt_refused(request: Request, email: str | None = None) -> bool:
    """Count one sign-in attempt of this caller (and for ``email``); whether it is one too many."""
    limit = request.app.state.settings.staff_sign_in_per_hour
    limiter = getattr(request.app.state, "rate_limiter", None)
    caller = request.scope.get("state", {}).get("rate_limit_caller")
    if limit <= 0 or limiter is None:
        return False
    address = caller.key if caller is not None else f"address:{request.client.host if request.client else 'unknown'}"
    keys = [f"staff-sign-in:{address}"]
    if email is not None:
        keys.append(f"staff-sign-in:email:{digest(email)}")
    refused = False
    for key in keys:
        if (await limiter.count(key, HOUR_SECONDS, 1)).hits > limit:
            refused = True
    return refused

"""429 with ``Retry-After`` for a caller past its rate limit.

The limiter is a resource of the application (opened in its lifespan, found on
``app.state.rate_limiter``); probes and metrics are never limited, nor CORS preflights.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from core.http.errors import RATE_LIMITED, error_response
from core.observability.metrics import Metrics
from core.ratelimit.limiter import Verdict
from core.ratelimit.policy import Tier

EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})

_WHO = {
    Tier.ANONYMOUS: "par adresse pour un appelant anonyme",
    Tier.PARTNER: "par jeton d'accès",
    Tier.FEEDS: "pour la lecture des calendriers, par adresse ou par jeton",
}


class RateLimitMiddleware:
    """Refuse requests over the caller's limit with 429."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count the request against its caller's limit; answer 429 past it."""
        limiter = getattr(scope["app"].state, "rate_limiter", None) if "app" in scope else None
        if (
            scope["type"] != "http"
            or limiter is None
            or scope["method"] == "OPTIONS"
            or scope["path"] in EXEMPT_PATHS
        ):
            await self.app(scope, receive, send)
            return
        verdict = await limiter.check(scope)
        # For the access-log line (``RequestContextMiddleware``).
        state = scope.setdefault("state", {})
        state["rate_limit_tier"] = verdict.caller.tier.value
        # For the weight of a GraphQL operation, charged once its document is known.
        state["rate_limit_caller"] = verdict.caller
        if verdict.allowed:
            await self.app(scope, receive, send)
            return
        self.metrics.rate_limit_refusals.labels(verdict.caller.tier.value).inc()
        await _too_many_requests(verdict, limiter.window_seconds)(scope, receive, send)


def too_many_requests_message(verdict: Verdict, window_seconds: int) -> str:
    """The French message of a refusal past the rate limit."""
    return (
        f"Trop de requêtes : la limite est de {verdict.caller.limit} requêtes par "
        f"{window_seconds} s {_WHO[verdict.caller.tier]} (une mutation ou une requête coûteuse "
        f"compte pour plusieurs). Réessayez dans {verdict.retry_after} s."
    )


def _too_many_requests(verdict: Verdict, window_seconds: int):
    return error_response(
        429,
        RATE_LIMITED,
        too_many_requests_message(verdict, window_seconds),
        headers={"Retry-After": str(verdict.retry_after)},
        limit=verdict.caller.limit,
        windowSeconds=window_seconds,
        retryAfter=verdict.retry_after,
    )

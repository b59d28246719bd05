"""What a deployed service adds around its API: middleware, operational routes, resources.

``create_app`` takes these three from here: the middleware stack (``core.http.stack``), the
routes ``/healthz``, ``/readyz`` and ``/metrics``, and, for the application's lifespan, the
rate limiter's counter store and the count of SQL statements per request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import Route

from core.clock import Clock
from core.http.stack import middleware
from core.observability.health import healthz, readyz
from core.observability.metrics import metrics_endpoint
from core.observability.request_scope import counting_statements
from core.ratelimit.limiter import RateLimiter
from core.ratelimit.policy import CallerPolicy
from core.ratelimit.store import open_counter_store
from core.settings import Settings

__all__ = ["middleware", "resources", "routes"]


def routes() -> list[Route]:
    """The probes and the metrics."""
    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
    ]


def _rate_limited(settings: Settings) -> bool:
    return settings.rate_limit_anonymous > 0 or settings.rate_limit_partner > 0


@asynccontextmanager
async def resources(
    app: Starlette, settings: Settings, clock: Clock | None = None
) -> AsyncIterator[None]:
    """Open the rate limiter (``app.state.rate_limiter``) and count SQL statements per request.

    Needs ``app.state.database``, opened before: the rate limiter looks API tokens up there.
    The rate-limit windows follow ``clock`` (the app's; the real one unless given).
    """
    wall = clock if clock is not None else Clock()
    with counting_statements(app.state.database):
        if not _rate_limited(settings):
            app.state.rate_limiter = None
            yield
            return
        async with open_counter_store(settings) as store:
            metrics = app.state.metrics
            app.state.rate_limiter = RateLimiter(
                CallerPolicy(settings, app.state.database),
                store,
                settings.rate_limit_window,
                on_store_failure=metrics.rate_limit_store_failures.inc,
                wall_clock=lambda: wall.now().timestamp(),
            )
            yield

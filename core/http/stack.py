"""The middleware in front of the routes, outermost first, and why in that order.

1. ``RequestContextMiddleware``: every answer, refusals included, gets its request ID, its
   access-log line and its metrics; an unexpected exception becomes a 500 with that ID.
2. CORS (when partner origins are configured): refusals below carry CORS headers too, so a
   partner's page can read a 413 or a 429.
3. ``BodySizeLimitMiddleware``: an announced oversized body is refused before it is counted.
4. ``RateLimitMiddleware``: counts what is left, before any route does work.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from core.http.body_limit import BodySizeLimitMiddleware
from core.http.rate_limit import RateLimitMiddleware
from core.http.request_context import RequestContextMiddleware
from core.observability.metrics import Metrics
from core.settings import Settings

# What a partner's page may send and read across origins.
CORS_ALLOWED_HEADERS = ["Authorization", "Content-Type", "If-None-Match", "X-Request-ID"]
CORS_EXPOSED_HEADERS = ["ETag", "Retry-After", "X-Request-ID"]


def middleware(settings: Settings, metrics: Metrics) -> list[Middleware]:
    """The middleware of the application, outermost first."""
    stack = [Middleware(RequestContextMiddleware, settings=settings, metrics=metrics)]
    if settings.cors_origins:
        stack.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=CORS_ALLOWED_HEADERS,
                expose_headers=CORS_EXPOSED_HEADERS,
                max_age=600,
            )
        )
    stack.append(Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes))
    stack.append(Middleware(RateLimitMiddleware, metrics=metrics))
    return stack

"""Prometheus metrics of the service, served at ``/metrics``.

One ``Metrics`` per application (no process-wide registry, so each test gets its own). With
several worker processes, ``cps serve`` sets ``PROMETHEUS_MULTIPROC_DIR``: each worker then
writes its values to files there, and ``/metrics`` (answered by any worker) adds them all up.

The rest of the code counts through the functions at the end of this module, with the request
at hand: ``record_feed_build(request, "department")``, ``record_feed_not_modified(...)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response

# Operation names come from callers: past this many distinct ones a worker counts the others
# as "other", so that nobody can grow the metrics without bound.
MAX_OPERATION_NAMES = 200

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STATEMENT_BUCKETS = (0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144)


class Metrics:
    """The service's metrics: requests, latency, SQL statements, feeds, refusals."""

    def __init__(self, multiprocess_dir: str | None = None) -> None:
        self.multiprocess_dir = multiprocess_dir
        self.registry = CollectorRegistry()
        # In multi-process mode the values live in files, collected at each scrape.
        registry = None if multiprocess_dir else self.registry
        if registry is not None:
            ProcessCollector(registry=registry)
        self.requests = Counter(
            "cps_http_requests",
            "HTTP requests answered, by route, GraphQL operation and status.",
            ["route", "operation", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "cps_http_request_duration_seconds",
            "Time to answer an HTTP request, by route and GraphQL operation.",
            ["route", "operation"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.statements = Histogram(
            "cps_sql_statements_per_request",
            "SQL statements run to answer one request, by route and GraphQL operation.",
            ["route", "operation"],
            buckets=STATEMENT_BUCKETS,
            registry=registry,
        )
        self.feed_builds = Counter(
            "cps_feed_builds",
            "Calendar feed requests answered in full (200, built or from the worker's cache), "
            "by feed.",
            ["feed"],
            registry=registry,
        )
        self.feed_not_modified = Counter(
            "cps_feed_not_modified",
            "Calendar feed requests answered 304 Not Modified, by feed.",
            ["feed"],
            registry=registry,
        )
        self.rate_limit_refusals = Counter(
            "cps_rate_limit_refusals",
            "Requests refused with 429 by the rate limit, by caller tier.",
            ["tier"],
            registry=registry,
        )
        self.rate_limit_store_failures = Counter(
            "cps_rate_limit_store_failures",
            "Failures of the shared rate-limit store (Redis or the database); the worker "
            "counted in its own memory instead.",
            registry=registry,
        )
        self.graphql_refusals = Counter(
            "cps_graphql_refusals",
            "GraphQL documents refused before execution, by error code.",
            ["code"],
            registry=registry,
        )
        # The outbox (core.outbox): every worker's dispatcher reads the same table, so the
        # gauges take the largest value any live worker reported.
        self.outbox_waiting = Gauge(
            "cps_outbox_messages_waiting",
            "Messages (e-mails, webhooks) waiting to be delivered.",
            registry=registry,
            multiprocess_mode="livemax",
        )
        self.outbox_oldest_age = Gauge(
            "cps_outbox_oldest_waiting_seconds",
            "Age of the oldest message waiting to be delivered, in seconds.",
            registry=registry,
            multiprocess_mode="livemax",
        )
        self.outbox_failed = Gauge(
            "cps_outbox_messages_failed",
            "Messages given up after every attempt failed (shown to staff).",
            registry=registry,
            multiprocess_mode="livemax",
        )
        self.outbox_attempts = Counter(
            "cps_outbox_attempts",
            "Delivery attempts, by channel and outcome (sent, kept, retried, failed).",
            ["channel", "outcome"],
            registry=registry,
        )
        self.plugins = Gauge(
            "cps_plugins",
            "Plugins of the service by status (LOADED, FAILED, DISABLED); a FAILED one means "
            "the writes its rules concern are refused.",
            ["status"],
            registry=registry,
            multiprocess_mode="max",
        )
        self._operation_names: set[str] = set()

    def observe_outbox(self, stats) -> None:
        """Set the outbox gauges from ``stats`` (a ``core.services.outbox.OutboxStats``)."""
        self.outbox_waiting.set(stats.waiting)
        self.outbox_oldest_age.set(stats.oldest_waiting_seconds)
        self.outbox_failed.set(stats.failed)

    def count_outbox_attempt(self, channel: str, outcome: str) -> None:
        """Count one delivery attempt of ``channel`` ("email", "webhook") and its outcome."""
        self.outbox_attempts.labels(channel, outcome).inc()

    def operation_label(self, name: str | None, *, graphql: bool) -> str:
        """The ``operation`` label: the operation's name, ``anonymous``, ``other`` or ``-``."""
        if not graphql:
            return "-"
        if not name:
            return "anonymous"
        if name not in self._operation_names:
            if len(self._operation_names) >= MAX_OPERATION_NAMES or len(name) > 64:
                return "other"
            self._operation_names.add(name)
        return name

    def observe_request(
        self, *, route: str, operation: str, status: int, seconds: float, statements: int
    ) -> None:
        """Count one answered request, its duration and its SQL statements."""
        self.requests.labels(route, operation, str(status)).inc()
        self.latency.labels(route, operation).observe(seconds)
        self.statements.labels(route, operation).observe(statements)

    def record_plugins(self, statuses: Iterable[str]) -> None:
        """Set how many plugins have each status (``LOADED``, ``FAILED``, ``DISABLED``)."""
        statuses = list(statuses)
        for status in ("LOADED", "FAILED", "DISABLED"):
            self.plugins.labels(status).set(statuses.count(status))

    def exposition(self) -> tuple[bytes, str]:
        """The metrics in Prometheus' text format, and its content type."""
        registry = self.registry
        if self.multiprocess_dir:
            registry = CollectorRegistry()
            MultiProcessCollector(registry, path=self.multiprocess_dir)
        return generate_latest(registry), CONTENT_TYPE_LATEST


def metrics_of(request: Request) -> Metrics:
    """The metrics of the application serving ``request``."""
    return request.app.state.metrics


def record_feed_build(request: Request, feed: str) -> None:
    """Count one calendar feed answered in full (200); ``feed`` names its kind ("department",
    "region", "private")."""
    metrics_of(request).feed_builds.labels(feed).inc()


def record_feed_not_modified(request: Request, feed: str) -> None:
    """Count one calendar feed request answered 304 Not Modified."""
    metrics_of(request).feed_not_modified.labels(feed).inc()


async def metrics_endpoint(request: Request) -> Response:
    """``GET /metrics``: every metric, in Prometheus' text format."""
    body, content_type = metrics_of(request).exposition()
    return Response(body, media_type=content_type)

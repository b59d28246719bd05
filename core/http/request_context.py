"""The outermost middleware: what every request gets, whatever answers it.

It gives the request an ID (sent back in ``X-Request-ID``), resolves the client's address
behind trusted proxies, opens the request's scope (for the SQL statement count and the logs),
and once the answer is sent writes the access-log line and the metrics. Paths are logged with
any private feed token redacted (``core.http.redaction``). An exception that
nothing else caught is logged with the request ID and answered 500 with that ID.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.http.client import client_address, request_id
from core.http.error_page import internal_error_page, wants_page
from core.http.errors import INTERNAL_ERROR, error_response, internal_error_message
from core.http.redaction import loggable_path
from core.observability.metrics import Metrics
from core.observability.request_scope import request_scope
from core.settings import Settings

access_log = logging.getLogger("cps.access")
error_log = logging.getLogger("cps.errors")

# Logged for a request whose client went away before it was answered (nginx's convention).
CLIENT_CLOSED_REQUEST = 499

# Probes and scrapes come every few seconds: their lines are only logged at DEBUG level.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})



# Path parameters that are secrets (a private feed's token, an e-mailed link's secret): the
# log names the route's parameter instead of its value.
SECRET_PATH_PARAMS = ("token", "secret")


def logged_path(scope: Scope) -> str:
    """The request's path as logged: secrets in it replaced by ``{token}``/``{secret}`` where
    a route named them, and by ``[jeton]`` wherever they stand (``core.http.redaction``), so
    that no answer (404, 405, a redirect) logs one."""
    path = scope["path"]
    params = scope.get("path_params") or {}
    for name in SECRET_PATH_PARAMS:
        value = params.get(name)
        if value:
            path = path.replace(str(value), "{" + name + "}")
    return loggable_path(path)


class RequestContextMiddleware:
    """Request ID, client address, access log, metrics and the last-resort 500."""

    def __init__(self, app: ASGIApp, *, settings: Settings, metrics: Metrics) -> None:
        self.app = app
        self.trusted = settings.trusted_proxies
        self.debug = settings.debug
        self.metrics = metrics
        self.worker = str(os.getpid()).encode() if settings.worker_header else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request in its context, then log it and count it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        rid = request_id(scope, self.trusted)
        client = client_address(scope, self.trusted)
        scope["client"] = (client, scope["client"][1] if scope.get("client") else 0)
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                headers = list(message.get("headers", ()))
                headers.append((b"x-request-id", rid.encode()))
                if self.worker is not None:
                    headers.append((b"x-cps-worker", self.worker))
                message = {**message, "headers": headers}
            await send(message)

        with request_scope(rid) as current:
            try:
                await self.app(scope, receive, send_with_id)
            except asyncio.CancelledError:
                if not response_started:
                    status = CLIENT_CLOSED_REQUEST
                raise
            except Exception as error:
                error_log.error(
                    "unexpected error on %s %s", scope["method"], logged_path(scope),
                    exc_info=error,
                )
                if response_started:
                    raise
                if wants_page(scope):
                    page = internal_error_page(rid)
                    await page(scope, receive, send_with_id)
                    return
                message = internal_error_message(rid)
                if self.debug:
                    message += f" {type(error).__name__}: {error}"
                response = error_response(500, INTERNAL_ERROR, message, requestId=rid)
                await response(scope, receive, send_with_id)
            finally:
                seconds = time.perf_counter() - started
                self._record(scope, state, status, seconds, current.statements)

    def _record(
        self, scope: Scope, state: dict, status: int, seconds: float, statements: int
    ) -> None:
        route = getattr(scope.get("route"), "path", None) or "unmatched"
        operation = state.get("graphql_operation")
        label = self.metrics.operation_label(operation, graphql=bool(state.get("graphql")))
        self.metrics.observe_request(
            route=route, operation=label, status=status, seconds=seconds, statements=statements
        )
        path = logged_path(scope)
        access_log.log(
            logging.DEBUG if path in QUIET_PATHS else logging.INFO,
            "%s %s %s %.1f ms%s",
            scope["method"],
            path,
            status,
            seconds * 1000,
            f" {operation}" if operation else "",
            extra={
                "method": scope["method"],
                "path": path,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "operation": operation,
                "statements": statements,
                "cost": state.get("graphql_cost"),
                "client": scope["client"][0],
                "tier": state.get("rate_limit_tier"),
                "request_id": state["request_id"],
            },
        )

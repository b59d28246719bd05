"""Apps with settings of their own and clients calling from chosen addresses.

The production tests need a service configured otherwise than the ``app`` fixture (a small rate
limit, a debug mode, partner origins) and callers that the service tells apart by address.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from core.app import create_app
from core.clock import Clock
from core.hooks.testkit import GraphQLClient
from core.settings import Settings

BASE_URL = "https://cps.example.org"

# What a partner site asks in normal use: a page of sessions with their days, trainers and places.
PARTNER_QUERY = """
query PartnerSessions($first: Int) {
  sessions(first: $first, filter: {year: 2025}) {
    totalCount
    edges { node {
      id title status
      module { number title }
      days { date startsAt endsAt }
      trainers { fullName organization { name } }
      places { city venue department { code name } }
    } }
  }
}
"""


# What tests change from the production defaults unless they say otherwise.
TEST_DEFAULTS: dict[str, object] = {
    # A test's clients stand for many people behind one address: the caps on anonymous
    # registrations and the weight of mutations on the rate limit are off (tested with their
    # production values in tests/staff/test_registration_flood.py and tests/test_rate_limit.py).
    "registration_cap_per_target": 0,
    "registration_cap_per_address": 0,
    "rate_limit_mutation_weight": 1,
    "rate_limit_cost_per_request": 0,
    # No outbox dispatcher: its passes would run statements in the middle of tests that count
    # them. The e-mail tests (tests/mail) ask for one, against a real SMTP server.
    "outbox_dispatcher": False,
}


def settings_for(database_url: str, **overrides: object) -> Settings:
    """Test settings on ``database_url``: ``TEST_DEFAULTS`` and ``overrides``, validated as the
    environment is."""
    return Settings.from_env(
        database_url=database_url, base_url=BASE_URL, **{**TEST_DEFAULTS, **overrides}
    )


@asynccontextmanager
async def running(settings: Settings, clock: Clock | None = None) -> AsyncIterator[Starlette]:
    """A new application on ``settings`` (and ``clock``, the real one unless given), with its
    lifespan running."""
    application = create_app(settings, clock=clock)
    async with LifespanManager(application, startup_timeout=30, shutdown_timeout=30):
        yield application


def client_of(app: Starlette, address: str = "203.0.113.10") -> httpx.AsyncClient:
    """An HTTP client calling ``app`` in-process from ``address``."""
    transport = httpx.ASGITransport(app=app, client=(address, 43210))
    return httpx.AsyncClient(transport=transport, base_url=BASE_URL)


async def partner_query_succeeds(http: httpx.AsyncClient, **headers: str) -> dict:
    """Send the partner query; it must be answered 200 with every session and no error."""
    body = await GraphQLClient(http, headers=headers)(PARTNER_QUERY, {"first": 100})
    assert "errors" not in body, body["errors"]
    assert body["data"]["sessions"]["totalCount"] == 6
    return body


def free_port() -> int:
    """A TCP port free on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def cps_serve(folder: Path, settings: dict[str, str], *args: str) -> Iterator[str]:
    """``cps serve`` (with ``args``) run in ``folder`` with ``settings`` (``CPS_*`` variables),
    its output in ``folder / "serve.log"``; yields its base URL once ready, stops it after."""
    port = free_port()
    log_path = folder / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "core", "serve", "--port", str(port), *args],
            cwd=folder, env={**os.environ, **settings}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "the service did not start"
                time.sleep(0.2)
            yield base
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

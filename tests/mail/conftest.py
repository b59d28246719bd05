"""Fixtures of the e-mail tests: an SMTP server, and the app sending to it quickly."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from core.app import create_app
from core.clock import SettableClock
from core.settings import Settings
from tests.mail.smtp import SmtpServer
from tests.serving import BASE_URL, settings_for

# The dispatcher looks often and retries soon, so that a test waits for tenths of a second.
QUICK_OUTBOX = {
    "outbox_dispatcher": True,
    "outbox_poll_seconds": 0.05,
    "outbox_retry_seconds": 0.1,
}


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on a free loopback port, listening."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings(database_url: str, smtp: SmtpServer) -> Settings:
    """Settings sending e-mail to the test's SMTP server."""
    return settings_for(
        database_url,
        smtp_url=smtp.url,
        mail_reply_to="contact@pole-cps.example.org",
        **QUICK_OUTBOX,
    )


@pytest.fixture
async def mail_app(mail_settings: Settings, clock: SettableClock) -> AsyncIterator[Starlette]:
    """The application sending to the test's SMTP server, with its lifespan running (its
    shutdown waits for the dispatcher's pass, which a loaded machine makes slow: the default
    five seconds failed tests on a busy machine)."""
    application = create_app(mail_settings, clock=clock)
    async with LifespanManager(application, startup_timeout=30, shutdown_timeout=30):
        yield application


@pytest.fixture
async def mail_client(mail_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of ``mail_app``."""
    transport = httpx.ASGITransport(app=mail_app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http

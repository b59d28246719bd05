"""A real browser on the service: uvicorn on a loopback port, Debian's Chromium via Playwright.

Playwright's own browser download cannot work here, so the tests drive the ``chromium`` of the
system (``CPS_TEST_CHROMIUM`` names another). Without it, or without Playwright, the browser
tests are skipped on a developer's machine and fail on CI, like every other missing service.
Every request to a host other than the service is refused and recorded: a page must need none.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from urllib.parse import urlsplit

import pytest
import uvicorn
from starlette.applications import Starlette

from tests.services import unavailable


@asynccontextmanager
async def served(app: Starlette) -> AsyncIterator[str]:
    """``app`` (its lifespan already running) served over HTTP on a free loopback port; its
    base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


@pytest.fixture
async def live_server(app: Starlette) -> AsyncIterator[str]:
    """The ``app`` fixture served over HTTP on a free loopback port; its base URL."""
    async with served(app) as base_url:
        yield base_url


@pytest.fixture(scope="session")
async def browser():
    """Chromium, headless, for the whole run."""
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        unavailable("Playwright", "le paquet Python playwright n'est pas installé")
    executable = os.environ.get("CPS_TEST_CHROMIUM") or shutil.which("chromium")
    if not executable:
        unavailable("Chromium", "installez le paquet Debian chromium (apt-get install chromium)")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, headless=True)
        yield launched
        await launched.close()


@pytest.fixture
def in_2025(clock):
    """Today is 1 March 2025: every seeded session and event is to come."""
    clock.set_day(date(2025, 3, 1))
    return clock


class Visit:
    """A browser tab on the live server that refuses, and remembers, every other host."""

    def __init__(self, page, base_url: str, foreign: list[str]) -> None:
        self.page = page
        self.base_url = base_url
        self.foreign = foreign

    async def open(self, path: str):
        """Go to ``path`` of the service; the response."""
        return await self.page.goto(self.base_url + path)


@pytest.fixture
async def visit(browser, live_server) -> AsyncIterator[Visit]:
    """A fresh browser context (no cookies) at a desktop width, on the live server."""
    context = await browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    foreign: list[str] = []
    own_host = urlsplit(live_server).netloc

    async def only_the_service(route):
        if urlsplit(route.request.url).netloc == own_host:
            await route.continue_()
        else:
            foreign.append(route.request.url)
            await route.abort()

    await context.route("**/*", only_the_service)
    page = await context.new_page()
    try:
        yield Visit(page, live_server, foreign)
    finally:
        await context.close()

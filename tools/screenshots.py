"""Take the README's screenshots of the site and the back-office: docs/screenshots/*.png.

Starts the service on a scratch SQLite database seeded with the 2025 data, its clock set to
15 September 2025 (so that the agenda has what comes next), and photographs pages with Debian's
Chromium through Playwright (``CPS_TEST_CHROMIUM`` names another browser):

    python tools/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile
from datetime import date, timedelta
from pathlib import Path

import uvicorn
from playwright.async_api import async_playwright

from core import bootstrap
from core.app import create_app
from core.auth.viewer import SYSTEM
from core.clock import SettableClock
from core.db import Database
from core.models.enums import StaffRole
from core.services import staff_accounts, staff_sign_in
from core.settings import Settings

TARGET = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
WIDTH = 1100


async def _first_session(page, base: str) -> str:
    await page.goto(base + "/agenda?departement=49&module=1")
    return await page.locator('.item-title a[href^="/formations/"]').first.get_attribute("href")


async def _registration_form(page, base: str) -> str:
    return await _first_session(page, base) + "/inscription"


# Name → (how to find the page's path, whether to photograph the whole page or the screen).
PAGES = {
    "home": (lambda _page, _base: asyncio.sleep(0, "/"), True),
    "session": (_first_session, True),
    "registration": (_registration_form, True),
    "calendars": (lambda _page, _base: asyncio.sleep(0, "/calendriers"), False),
}

# The back-office's pages, photographed signed in as a regional account.
STAFF_PAGES = {
    "backoffice-dashboard": "/gestion",
    "backoffice-session-form": "/gestion/sessions/nouvelle?annee=2026",
}
STAFF_EMAIL = "coordination@pole-cps.example.org"


async def _sign_in(page, base: str, database: Database, clock: SettableClock) -> None:
    """Make a regional account and sign the page in through a link, as staff do."""
    async with database.sessions() as db:
        account = await staff_accounts.add_account(
            db, SYSTEM, email=STAFF_EMAIL, role=StaffRole.REGIONAL
        )
        path = await staff_sign_in.issue_link(
            db, account, now=clock.now(), valid_for=timedelta(minutes=15)
        )
        await db.commit()
    await page.goto(base + path)
    async with page.expect_navigation():
        await page.get_by_role("button", name="Se connecter").click()


async def _fill_session_form(page) -> None:
    """Fill the new session form as for a session in Angers."""
    await page.select_option("#module", "1")
    for row, day in ((1, "12/01/2026"), (2, "13/01/2026"), (3, "02/02/2026")):
        await page.fill(f"#jour{row}_date", day)
    await page.fill("#commune", "Angers")
    await page.fill("#code_postal", "49000")
    await page.fill("#places_max", "16")


async def main() -> None:
    """Serve, photograph each page, stop."""
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{scratch}/cps.sqlite3"
        database = Database.open(url)
        await bootstrap.prepare(database, url)
        await database.close()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        clock = SettableClock()
        clock.set_day(date(2025, 9, 15))
        # Links on the pages show the public address of the README's production example.
        settings = Settings.from_env(database_url=url, base_url="https://api.pole-cps.fr")
        app = create_app(settings, clock=clock)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.05)
        executable = os.environ.get("CPS_TEST_CHROMIUM") or shutil.which("chromium")
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=executable, args=["--lang=fr-FR"]  # 24-hour time fields
            )
            page = await browser.new_page(locale="fr-FR", viewport={"width": WIDTH, "height": 800})
            for name, (path_of, whole) in PAGES.items():
                path = await path_of(page, base)
                await page.goto(base + path)
                await page.screenshot(path=TARGET / f"{name}.png", full_page=whole)
                print(TARGET / f"{name}.png")
            await _sign_in(page, base, app.state.database, clock)
            for name, path in STAFF_PAGES.items():
                await page.goto(base + path)
                if "nouvelle" in path:
                    await _fill_session_form(page)
                await page.screenshot(path=TARGET / f"{name}.png", full_page=True)
                print(TARGET / f"{name}.png")
            await browser.close()
        server.should_exit = True
        await task


if __name__ == "__main__":
    asyncio.run(main())

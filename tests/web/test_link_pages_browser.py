"""The pages the e-mails link to, in Chromium: confirm one's address, see one's registration;
zero axe-core violations at desktop and phone width, usable with the keyboard."""

from __future__ import annotations

import httpx
from axe_playwright_python.async_playwright import Axe

from core.hooks.testkit import GraphQLClient
from tests.registering import confirmation_link
from tests.staff.conftest import REGISTER, module_1_person, session_id

AXE = Axe()


async def _check(page, label: str) -> None:
    results = await AXE.run(page)
    assert results.violations_count == 0, f"{label}\n{results.generate_report()}"


async def test_the_e_mailed_pages_are_accessible_and_work_with_the_keyboard(
    app, browser, live_server, tmp_path
):
    async with httpx.AsyncClient(base_url=live_server) as http:
        answer = await GraphQLClient(http).data(
            REGISTER, {"target": session_id(2), "registration": module_1_person(1)}
        )
    assert answer["register"]["registration"]["status"] == "UNCONFIRMED"
    link = await confirmation_link(app, module_1_person(1)["email"])
    for width in (1280, 375):
        context = await browser.new_context(locale="fr-FR", viewport={"width": width, "height": 800})
        page = await context.new_page()
        await page.goto(live_server + link)
        await _check(page, f"confirmation form at {width}px")
        await page.screenshot(path=tmp_path / f"confirm-{width}.png", full_page=True)
        if width == 1280:
            # Confirm with the keyboard: Tab to the button, press Enter.
            for _ in range(10):
                await page.keyboard.press("Tab")
                if await page.evaluate("document.activeElement.tagName") == "BUTTON":
                    break
            async with page.expect_navigation():
                await page.keyboard.press("Enter")
            assert "confirm" in (await page.locator("body").inner_text()).lower()
            await _check(page, "confirmed page")
            await page.screenshot(path=tmp_path / "confirmed.png", full_page=True)
            async with page.expect_navigation():
                await page.get_by_role("link", name="Voir ou annuler mon inscription").click()
            await _check(page, "registration page")
            await page.screenshot(path=tmp_path / "registration.png", full_page=True)
            assert "Session 2 (2025)" in await page.locator("main").inner_text()
        await page.goto(live_server + "/inscription/confirmer/inconnu")
        await _check(page, f"invalid link at {width}px")
        await context.close()

"""The back-office in Chromium: signing in by the e-mailed link with the keyboard, axe-core on
every page type at desktop and tablet width, no third-party host."""

from __future__ import annotations

from datetime import timedelta

from core.models.enums import StaffRole
from tests.backoffice.signing_in import add_account, ask_link, latest_link, sign_in_browser
from tests.serving import client_of
from tests.web.test_browser import AXE

TABLET = {"width": 768, "height": 1024}
REGIONAL = "region@pole-cps.example.org"


async def _check(page, base_url: str, path: str, status: int = 200) -> None:
    response = await page.goto(base_url + path)
    assert response.status == status, path
    results = await AXE.run(page)
    assert results.violations_count == 0, f"{path}\n{results.generate_report()}"


async def test_staff_sign_in_by_the_e_mailed_link_and_out_with_the_keyboard(app, visit):
    await add_account(app, REGIONAL, StaffRole.REGIONAL)
    page = visit.page
    await sign_in_browser(page, visit.base_url, app, REGIONAL)
    assert await page.locator("h1").inner_text() == "Tableau de bord"
    assert REGIONAL in await page.locator(".account").inner_text()
    sign_out = page.get_by_role("button", name="Se déconnecter")
    await sign_out.focus()
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    assert "Vous êtes déconnecté·e" in await page.locator("main").inner_text()
    assert visit.foreign == []


async def test_every_back_office_page_type_has_no_accessibility_violation(
    app, clock, browser, visit
):
    await add_account(app, REGIONAL, StaffRole.REGIONAL)
    await add_account(app, "dept44@pole-cps.example.org", StaffRole.DEPARTMENT, ["44"])
    async with client_of(app, "203.0.113.70") as http:
        await ask_link(http, "dept44@pole-cps.example.org")
    used_link = await latest_link(app, "dept44@pole-cps.example.org")
    for width in ({"width": 1280, "height": 900}, TABLET):
        context = await browser.new_context(locale="fr-FR", viewport=width)
        page = await context.new_page()
        base = visit.base_url
        for path, status in (
            ("/gestion/connexion", 200),
            ("/gestion/connexion/envoye", 200),
            ("/gestion/connexion/lien/lien_inconnu", 404),
            (used_link, 200),
        ):
            await _check(page, base, path, status)
        await sign_in_browser(page, base, app, REGIONAL)
        for path, status in (
            ("/gestion", 200),
            ("/gestion/journal", 200),
            ("/gestion/journal?du=31/02/2026", 400),
            ("/gestion/jetons", 200),
            ("/gestion/abonnements", 200),
            ("/gestion/webhooks", 200),
            ("/gestion/webhooks/inconnu", 404),
        ):
            await _check(page, base, path, status)
        width_used = await page.evaluate("document.documentElement.scrollWidth")
        assert width_used <= width["width"], "the page scrolls sideways"
        await context.close()
    # A used link's page and an expired one, the 403 page.
    context = await browser.new_context(locale="fr-FR", viewport=TABLET)
    page = await context.new_page()
    await sign_in_browser(page, visit.base_url, app, "dept44@pole-cps.example.org")
    await _check(page, visit.base_url, await latest_link(app, "dept44@pole-cps.example.org"), 410)
    await _check(page, visit.base_url, "/gestion/jetons", 403)
    await context.close()
    # A token created: the page that shows its secret once.
    context = await browser.new_context(locale="fr-FR", viewport=TABLET)
    page = await context.new_page()
    await sign_in_browser(page, visit.base_url, app, REGIONAL)
    await page.goto(visit.base_url + "/gestion/jetons")
    await page.fill("#nom", "Site partenaire")
    await page.select_option("#role", "PARTNER")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Créer le jeton").click()
    assert (await page.locator("#secret").inner_text()).startswith("cps_")
    results = await AXE.run(page)
    assert results.violations_count == 0, results.generate_report()
    clock.set(clock.now() + timedelta(minutes=30))
    async with client_of(app, "203.0.113.71") as http:
        await ask_link(http, REGIONAL)
    expired = await latest_link(app, REGIONAL)
    clock.set(clock.now() + timedelta(minutes=16))
    await _check(page, visit.base_url, expired, 410)
    await context.close()

"""The registrations screens in Chromium: a coordinator confirms a person awaiting approval,
who gets the e-mail, and prints a day's attendance sheet; axe-core on every page of them."""

from __future__ import annotations

from pathlib import Path

from core.models.enums import StaffRole
from tests.backoffice.registration_helpers import (
    PENDING,
    SESSION_2_PAGE,
    ask_approval,
    email_to,
    statuses,
    text_of,
)
from tests.backoffice.signing_in import add_account, sign_in_browser
from tests.exports.conftest import pdf_text
from tests.staff.conftest import module_1_person, session_id
from tests.web.test_browser import AXE

COORDINATOR = "beatrice.beaudouin@pole-cps.example.org"
TABLET = {"width": 768, "height": 1024}


async def _press(page, locator) -> None:
    """Reach ``locator`` with the keyboard's focus and press Enter, waiting for the page."""
    await locator.focus()
    async with page.expect_navigation():
        await page.keyboard.press("Enter")


async def test_a_coordinator_confirms_a_person_then_prints_the_day_sheet(
    app, visit, registrations_open, staff_49, register, session_2_trainers
):
    await ask_approval(app)
    person = module_1_person(3, fullName="Inès Morel", employer="Mairie de Saumur")
    answer = await register(staff_49, session_id(2), person)
    assert answer["registration"]["status"] == PENDING
    await add_account(app, COORDINATOR, StaffRole.DEPARTMENT, ["49", "85"])
    page = visit.page
    await sign_in_browser(page, visit.base_url, app, COORDINATOR)
    await _press(page, page.get_by_role("link", name="Inscriptions", exact=True))
    await _press(page, page.get_by_role("link", name="Session 2 (2025) — Module 1"))
    row = page.locator("tr", has_text="Inès Morel")
    assert "en attente de validation" in await row.inner_text()
    await _press(page, page.get_by_role("link", name="Confirmer Inès Morel"))
    notice = await page.locator(".notice").inner_text()
    assert "1 personne recevra un e-mail" in notice and "camille.martin.3@example.org" in notice
    await _press(page, page.get_by_role("button", name="Confirmer l'inscription"))
    assert page.url == f"{visit.base_url}{SESSION_2_PAGE}?fait=confirm"
    assert "L'inscription est confirmée" in await page.get_by_role("status").inner_text()
    assert "confirmée" in await page.locator("tr", has_text="Inès Morel").inner_text()
    assert await statuses(app) == {"Inès Morel": "CONFIRMED"}
    email = await email_to(app, "camille.martin.3@example.org", "registration_confirmed")
    assert email["Subject"] == "Inscription confirmée : Session 2 (2025) — Module 1"
    assert "Votre inscription est confirmée" in text_of(email)

    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Feuille d'émargement du mardi 6 mai 2025").click()
    download = await downloading.value
    assert download.suggested_filename == "emargement-session-2-2025-module-1-2025-05-06.pdf"
    text = pdf_text(Path(await download.path()).read_bytes())
    assert "Jour 2 sur 3 : mardi 6 mai 2025, de 9 h à 17 h" in text
    assert "Inès Morel" in text and "Mairie de Saumur" in text
    assert "Béatrice Beaudouin" in text and "Anne Le Royer" in text
    assert visit.foreign == []


async def _check(page, path: str | None = None, status: int = 200) -> None:
    if path is not None:
        response = await page.goto(path)
        assert response.status == status, path
    results = await AXE.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


async def test_the_registrations_screens_have_no_accessibility_violation(
    app, browser, live_server, registered
):
    await registered()
    await add_account(app, COORDINATOR, StaffRole.REGIONAL)
    for viewport in ({"width": 1280, "height": 900}, TABLET):
        context = await browser.new_context(locale="fr-FR", viewport=viewport)
        page = await context.new_page()
        await sign_in_browser(page, live_server, app, COORDINATOR)
        await _check(page, live_server + "/gestion/inscriptions")
        await _check(page, live_server + SESSION_2_PAGE)
        for action in ("confirmer", "refuser", "deplacer"):
            links = page.locator(f'a[href$="/{action}"]')
            assert await links.count() >= 1
            await _check(page, live_server + await links.first.get_attribute("href"))
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{action} scrolls sideways"
            await page.go_back()
        # Nothing checked: the error next to the boxes; then two checked: who will be told.
        async with page.expect_navigation():
            await page.get_by_role("button", name="Annuler les inscriptions cochées…").click()
        await _check(page)
        assert "Cochez au moins une" in await page.locator("#inscriptions-erreur").inner_text()
        await page.get_by_label("Choisir Bruno Martin").check()
        await page.get_by_label("Choisir Camille <b>Dupont</b>").check()
        async with page.expect_navigation():
            await page.get_by_role("button", name="Annuler les inscriptions cochées…").click()
        await _check(page)
        assert "Annuler 2 inscriptions" in await page.locator("h1").inner_text()
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "the page scrolls sideways"
        await context.close()

"""The directory screens in Chromium: a trainer added with the consent to publish, through the
form and with the keyboard only, then found on the public directory with their contact; a
future consent date refused next to its field; axe-core on every page of the directory and
of the organizations, at desktop and tablet width."""

from __future__ import annotations

import re

from core.db import seeded_public_id
from core.models.enums import StaffRole
from tests.backoffice.signing_in import add_account, sign_in_browser
from tests.backoffice.test_browser import TABLET, _check
from tests.backoffice.test_sessions_browser import AXE_RUN, _submit, _type

REGIONAL = "region@pole-cps.example.org"
PAVAGEAU = seeded_public_id("person:audrey-pavageau")
PROMOTION_SANTE = seeded_public_id("organization:promotion-sante")


async def _tick(page, selector: str) -> None:
    await page.focus(selector)
    await page.keyboard.press("Space")


async def test_a_trainer_with_consent_is_added_with_the_keyboard(app, visit):
    await add_account(app, REGIONAL, StaffRole.REGIONAL)
    page = visit.page
    await sign_in_browser(page, visit.base_url, app, REGIONAL)
    await page.goto(visit.base_url + "/gestion/annuaire")
    await page.get_by_role("link", name="Ajouter une personne").focus()
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    await _type(page, "#prenom", "Inès")
    await _type(page, "#nom", "Moreau")
    await _type(page, "#fonction", "Formatrice CPS")
    await page.focus("#organisation")
    await page.keyboard.type("Promotion")
    await _type(page, "#courriel", "ines.moreau@example.org")
    await _type(page, "#telephone", "02 40 11 22 33")
    await _tick(page, "#roles-DEPARTMENT_TRAINER")
    await _tick(page, "#departements-49")
    await _tick(page, "#accord")
    # The test clock stands on 1 March 2025: the next day is refused.
    await _type(page, "#accord_date", "02/03/2025")
    await _submit(page, "Ajouter la personne")
    error = page.locator("#accord_date-erreur")
    assert "ne peut pas être dans le futur" in await error.inner_text()
    assert await page.get_attribute("#accord_date", "aria-invalid") == "true"
    assert await page.input_value("#nom") == "Moreau"
    assert await page.is_checked("#accord")
    assert await AXE_RUN(page) == 0

    await _type(page, "#accord_date", "14/02/2025")
    await _submit(page, "Ajouter la personne")
    assert re.search(r"/gestion/annuaire/[0-9a-f-]+\?fait=creee$", page.url)
    assert "La personne est ajoutée" in await page.locator("main").inner_text()
    assert await page.input_value("#accord_date") == "14/02/2025"
    assert await page.input_value("#organisation") == PROMOTION_SANTE

    await page.goto(visit.base_url + "/gestion/annuaire?departement=49")
    row = page.locator("tr", has_text="Moreau Inès")
    assert "oui, depuis le 14/02/2025" in await row.inner_text()
    await page.goto(visit.base_url + "/annuaire?departement=49")
    assert "ines.moreau@example.org" in await page.locator("main").inner_text()
    assert visit.foreign == []


async def test_the_directory_pages_have_no_accessibility_violation(app, browser, visit):
    await add_account(app, REGIONAL, StaffRole.REGIONAL)
    await add_account(app, "dept44@pole-cps.example.org", StaffRole.DEPARTMENT, ["44"])
    for viewport in ({"width": 1280, "height": 900}, TABLET):
        context = await browser.new_context(locale="fr-FR", viewport=viewport)
        page = await context.new_page()
        await sign_in_browser(page, visit.base_url, app, REGIONAL)
        for path in (
            "/gestion/annuaire",
            "/gestion/annuaire?role=REFERENT&departement=44",
            "/gestion/annuaire/nouvelle",
            f"/gestion/annuaire/{PAVAGEAU}",
            "/gestion/organisations",
            "/gestion/organisations/nouveau",
            f"/gestion/organisations/{PROMOTION_SANTE}",
        ):
            await _check(page, visit.base_url, path)
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], path
        # The confirm step of archiving, and an organization's form refused.
        await page.goto(visit.base_url + f"/gestion/annuaire/{PAVAGEAU}")
        await _submit(page, "Archiver Audrey Pavageau…")
        assert "Archiver Audrey Pavageau ?" in await page.locator("h1").inner_text()
        assert await AXE_RUN(page) == 0
        await page.goto(visit.base_url + "/gestion/organisations/nouveau")
        await _type(page, "#site", "pas un site")
        await _submit(page, "Ajouter l'organisme")
        assert await page.get_attribute("#nom", "aria-invalid") == "true"
        assert await AXE_RUN(page) == 0
        await context.close()
    context = await browser.new_context(locale="fr-FR", viewport=TABLET)
    page = await context.new_page()
    await sign_in_browser(page, visit.base_url, app, "dept44@pole-cps.example.org")
    beaudouin = seeded_public_id("person:beatrice-beaudouin")
    await _check(page, visit.base_url, f"/gestion/annuaire/{beaudouin}", 403)
    await _check(page, visit.base_url, "/gestion/organisations", 403)
    await context.close()

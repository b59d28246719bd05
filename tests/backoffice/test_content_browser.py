"""The event, action and resource screens in Chromium: a 2026 event in Angers entered with
the keyboard, its place mistake refused next to the field, then created and seen on the
public agenda; axe-core on every page type at desktop and tablet width, and the French 403
page of a department-44 account on a Vendée event."""

from __future__ import annotations

import re

from core.db import seeded_public_id
from core.models.enums import StaffRole
from tests.backoffice.signing_in import add_account, sign_in_browser
from tests.backoffice.test_browser import TABLET, _check
from tests.backoffice.test_sessions_browser import AXE_RUN, _submit, _type

REGIONAL = "region@pole-cps.example.org"
DEPARTMENT_44 = "dept44@pole-cps.example.org"
PRACTICE_44 = seeded_public_id("event:2025-practice-exchange-44")
PRACTICE_85 = seeded_public_id("event:2025-practice-exchange-85")
ACTION_85 = seeded_public_id("action:2025-practice-exchange-85")
PORTE_CLES = seeded_public_id("resource:porte-cles-sante-6")


async def _fill_angers_event(page, postal_code: str) -> None:
    await _type(page, "#titre", "Rencontre départementale CPS 2026")
    await page.select_option("#type", "DEPARTMENT_EVENT")
    await page.select_option("#departement", "49")
    await _type(page, "#date", "15/06/2026")
    await _type(page, "#commune", "Angers")
    await _type(page, "#code_postal", postal_code)
    await _type(page, "#lieu", "Maison de quartier")


async def test_an_event_in_angers_entered_in_the_browser_is_on_the_public_agenda(app, visit):
    await add_account(app, REGIONAL, StaffRole.REGIONAL)
    page = visit.page
    await sign_in_browser(page, visit.base_url, app, REGIONAL)
    await page.get_by_role("link", name="Évènements").click()
    await page.get_by_role("link", name="Nouvel évènement").click()
    await _fill_angers_event(page, "44000")
    await _submit(page, "Créer l'évènement")
    error = page.locator("#code_postal-erreur")
    assert "Le code postal 44000 ne correspond pas à Angers" in await error.inner_text()
    assert await page.get_attribute("#code_postal", "aria-invalid") == "true"
    assert await page.input_value("#date") == "15/06/2026"
    assert await page.input_value("#departement") == "49"

    await _type(page, "#code_postal", "49100")
    await _submit(page, "Créer l'évènement")
    assert re.search(r"/gestion/evenements/[0-9a-f-]+\?fait=cree$", page.url)
    assert await page.locator("h1").inner_text() == "Rencontre départementale CPS 2026"

    await page.goto(visit.base_url + "/agenda?departement=49&periode=tout")
    assert "Rencontre départementale CPS 2026" in await page.locator("main").inner_text()
    assert visit.foreign == []


async def test_the_content_pages_have_no_accessibility_violation(app, browser, visit):
    await add_account(app, REGIONAL, StaffRole.REGIONAL)
    await add_account(app, DEPARTMENT_44, StaffRole.DEPARTMENT, ["44"])
    for viewport in ({"width": 1280, "height": 900}, TABLET):
        context = await browser.new_context(locale="fr-FR", viewport=viewport)
        page = await context.new_page()
        await sign_in_browser(page, visit.base_url, app, REGIONAL)
        for path in (
            "/gestion/evenements?annee=2025",
            "/gestion/evenements/nouveau",
            f"/gestion/evenements/{PRACTICE_44}",
            "/gestion/actions",
            "/gestion/actions/nouvelle",
            f"/gestion/actions/{ACTION_85}",
            "/gestion/ressources",
            "/gestion/ressources/nouvelle",
            f"/gestion/ressources/{PORTE_CLES}",
        ):
            await _check(page, visit.base_url, path)
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], path
        # A refused form, and the confirmation pages.
        await page.goto(visit.base_url + "/gestion/ressources/nouvelle")
        await _type(page, "#titre", "Guide")
        await page.select_option("#type", "SYNTHESIS")
        await _type(page, "#url", "www.example.org")
        await _submit(page, "Créer la ressource")
        assert "n'est pas une adresse web" in await page.locator("#url-erreur").inner_text()
        assert (await AXE_RUN(page)) == 0
        await page.goto(visit.base_url + f"/gestion/evenements/{PRACTICE_44}")
        await _submit(page, "Annuler l'évènement…")
        assert "Aucun inscrit" in await page.locator("main").inner_text()
        assert (await AXE_RUN(page)) == 0
        await page.goto(visit.base_url + f"/gestion/actions/{ACTION_85}")
        await _submit(page, "Archiver l'action…")
        assert "Revenir sans rien changer" in await page.locator("main").inner_text()
        assert (await AXE_RUN(page)) == 0
        await context.close()
    context = await browser.new_context(locale="fr-FR", viewport=TABLET)
    page = await context.new_page()
    await sign_in_browser(page, visit.base_url, app, DEPARTMENT_44)
    await _check(page, visit.base_url, "/gestion/ressources")
    await _check(page, visit.base_url, f"/gestion/evenements/{PRACTICE_85}", 403)
    assert "Rien n'a été modifié" in await page.locator("main").inner_text()
    await context.close()

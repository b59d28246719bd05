"""The session screens in Chromium: a 2026 Module 1 session in Angers entered with the
keyboard and seen on the public agenda and in the 49 feed; the Angers-with-44000 mistake
refused next to the field; a 2025 session duplicated into 2026; axe-core on each page type at
desktop and tablet width."""

from __future__ import annotations

import re

from core.db import seeded_public_id
from core.models.enums import StaffRole
from tests.backoffice.signing_in import add_account, sign_in_browser
from tests.backoffice.test_browser import TABLET, _check

REGIONAL = "region@pole-cps.example.org"
SESSION_4 = seeded_public_id("session:2025-4")


async def _signed_in(app, visit):
    await add_account(app, REGIONAL, StaffRole.REGIONAL)
    await sign_in_browser(visit.page, visit.base_url, app, REGIONAL)
    return visit.page


async def _type(page, selector: str, text: str) -> None:
    await page.focus(selector)
    await page.keyboard.press("Control+A")
    await page.keyboard.type(text)


async def _fill_angers_session(page, postal_code: str) -> None:
    await page.keyboard.press("Tab")
    await page.focus("#module")
    await page.keyboard.type("Module 1")
    for row, day in ((1, "12/01/2026"), (2, "13/01/2026"), (3, "02/02/2026")):
        await _type(page, f"#jour{row}_date", day)
    await _type(page, "#commune", "Angers")
    await _type(page, "#code_postal", postal_code)
    await _type(page, "#places_max", "16")


async def _submit(page, name: str) -> None:
    button = page.get_by_role("button", name=name)
    await button.focus()
    async with page.expect_navigation():
        await page.keyboard.press("Enter")


async def test_a_session_in_angers_entered_with_the_keyboard_is_on_the_agenda_and_feed(app, visit):
    page = await _signed_in(app, visit)
    await page.goto(visit.base_url + "/gestion/sessions/nouvelle?annee=2026")
    assert await page.input_value("#numero") == "1"
    await _fill_angers_session(page, "44000")
    await _submit(page, "Créer la session")
    # The mistake: refused next to the postal code, what was typed kept, nothing saved.
    error = page.locator("#code_postal-erreur")
    assert "Le code postal 44000 ne correspond pas à Angers" in await error.inner_text()
    assert await page.get_attribute("#code_postal", "aria-invalid") == "true"
    assert await page.input_value("#jour3_date") == "02/02/2026"
    assert await page.input_value("#module") == "1"
    await page.goto(visit.base_url + "/gestion/sessions?annee=2026")
    assert "aucun" in await page.locator("main").inner_text()

    await page.goto(visit.base_url + "/gestion/sessions/nouvelle?annee=2026")
    await _fill_angers_session(page, "49000")
    await _submit(page, "Créer la session")
    assert re.search(r"/gestion/sessions/[0-9a-f-]+\?fait=creee$", page.url)
    assert await page.locator("h1").inner_text() == "Session 1 (2026) — Module 1"

    await page.goto(visit.base_url + "/agenda?departement=49&periode=tout")
    assert "Session 1 (2026) — Module 1" in await page.locator("main").inner_text()
    feed = await page.request.get(visit.base_url + "/calendars/departments/49.ics")
    assert "Session 1 (2026)" in (await feed.text()).replace("\r\n ", "")
    assert visit.foreign == []


async def test_a_2025_session_is_duplicated_into_2026_in_the_browser(app, visit):
    page = await _signed_in(app, visit)
    await page.goto(visit.base_url + f"/gestion/sessions/{SESSION_4}")
    assert await page.input_value("#dupliquer_annee") == "2026"
    await _submit(page, "Dupliquer la session")
    assert "La session est dupliquée" in await page.locator("main").inner_text()
    assert await page.locator("h1").inner_text() == "Session 1 (2026) — Module 1"
    days = await page.locator("main ul").first.inner_text()
    assert "lundi 5 octobre 2026" not in days and "mardi 6 octobre 2026" in days


async def test_the_session_pages_have_no_accessibility_violation(app, browser, visit):
    await add_account(app, REGIONAL, StaffRole.REGIONAL)
    await add_account(app, "dept44@pole-cps.example.org", StaffRole.DEPARTMENT, ["44"])
    for viewport in ({"width": 1280, "height": 900}, TABLET):
        context = await browser.new_context(locale="fr-FR", viewport=viewport)
        page = await context.new_page()
        await sign_in_browser(page, visit.base_url, app, REGIONAL)
        for path in (
            "/gestion/sessions?annee=2025",
            "/gestion/sessions/nouvelle?annee=2026",
            f"/gestion/sessions/{SESSION_4}",
        ):
            await _check(page, visit.base_url, path)
        # The form refused, and a confirmation page.
        await page.fill("#dupliquer_annee", "1800")
        await _submit(page, "Dupliquer la session")
        assert (await AXE_RUN(page)) == 0
        await page.goto(visit.base_url + f"/gestion/sessions/{SESSION_4}")
        await _submit(page, "Annuler la session…")
        assert "Aucun inscrit" in await page.locator("main").inner_text()
        assert (await AXE_RUN(page)) == 0
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"]
        await context.close()
    context = await browser.new_context(locale="fr-FR", viewport=TABLET)
    page = await context.new_page()
    await sign_in_browser(page, visit.base_url, app, "dept44@pole-cps.example.org")
    await _check(page, visit.base_url, f"/gestion/sessions/{seeded_public_id('session:2025-6')}", 403)
    await context.close()


async def AXE_RUN(page) -> int:
    """How many axe-core violations the page has (the report printed when any)."""
    from tests.web.test_browser import AXE

    results = await AXE.run(page)
    if results.violations_count:
        print(results.generate_report())
    return results.violations_count


async def test_the_place_and_trainers_are_changed_from_the_session_page(app, visit):
    page = await _signed_in(app, visit)
    await page.goto(visit.base_url + f"/gestion/sessions/{SESSION_4}")
    await page.fill("#commune", "Cholet")
    await page.fill("#code_postal", "")
    await _submit(page, "Changer de lieu…")
    assert "Cholet (49300)" in await page.locator("main").inner_text()
    assert (await AXE_RUN(page)) == 0
    await _submit(page, "Changer de lieu")
    assert "Le lieu est changé" in await page.locator("main").inner_text()
    trainers = page.locator("h2:text-is('Intervenant·es') + p")
    assert await trainers.inner_text() == "Aucun·e pour l'instant."
    trainer = page.locator('input[name="intervenants"]').first
    label = await page.locator(f'label[for="{await trainer.get_attribute("id")}"]').inner_text()
    await trainer.focus()
    await page.keyboard.press("Space")
    await _submit(page, "Enregistrer les intervenant·es")
    assert "Les intervenant·es sont enregistré·es." in await page.locator("main").inner_text()
    assert await trainers.inner_text() == label
    assert (await AXE_RUN(page)) == 0
    assert visit.foreign == []

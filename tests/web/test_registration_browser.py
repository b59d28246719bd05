"""A professional registers from the site in Chromium, with the keyboard alone: home, agenda,
a module 1 session in Angers, its form (checked before sending), the e-mail received by a real
SMTP server, its link followed, the registration seen, then cancelled. axe-core finds nothing
on any page of the way."""

from __future__ import annotations

import re
from datetime import date

from axe_playwright_python.async_playwright import Axe

from tests.mail.conftest import mail_app, mail_settings, smtp  # noqa: F401 (fixtures)
from tests.mail.smtp import links_in, subject_of
from tests.serving import BASE_URL
from tests.web.conftest import served

AXE = Axe()


async def accessible(page, label: str) -> None:
    results = await AXE.run(page)
    assert results.violations_count == 0, f"{label}\n{results.generate_report()}"


async def focused(page, attribute: str = "id"):
    return await page.evaluate(f"document.activeElement.{attribute}")


async def tab_to(page, text: str, limit: int = 60) -> None:
    """Press Tab until the focused element's text is ``text``."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if (await focused(page, "textContent") or "").strip() == text:
            return
    raise AssertionError(f"« {text} » is not reached with Tab")


async def press_and_wait(page, key: str) -> None:
    async with page.expect_navigation():
        await page.keyboard.press(key)


async def test_register_check_confirm_see_and_cancel_with_the_keyboard(
    browser, mail_app, smtp, clock  # noqa: F811
):
    clock.set_day(date(2025, 3, 1))
    async with served(mail_app) as site:
        context = await browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        await page.goto(site + "/")
        await tab_to(page, "Agenda")
        await press_and_wait(page, "Enter")
        await page.focus("#filtre-departement")
        await page.select_option("#filtre-departement", "49")
        await page.keyboard.press("Tab")
        await page.select_option("#filtre-module", "1")
        await tab_to(page, "Afficher")
        await press_and_wait(page, "Enter")
        session = page.get_by_role("link", name="Session 2 (2025) — Module 1")
        assert "Angers" in await page.locator("main").inner_text()
        await session.focus()
        await press_and_wait(page, "Enter")
        await tab_to(page, "M'inscrire")
        await press_and_wait(page, "Enter")
        await accessible(page, "registration form")

        # Check first, having forgotten the employer's commitment: said next to its box.
        await page.focus("#champ-nom")
        await page.keyboard.type("Camille Martin")
        await page.keyboard.press("Tab")
        await page.keyboard.type("camille.martin@example.org")
        await page.keyboard.press("Tab")
        await page.keyboard.type("Mairie d'Angers")
        await page.keyboard.press("Tab")
        await page.select_option("#champ-departement", "49")
        await tab_to(page, "Vérifier mes conditions")
        await press_and_wait(page, "Enter")
        errors = await page.locator(".error-summary").inner_text()
        assert "employeur" in errors.lower()
        assert await page.locator("#champ-nom").input_value() == "Camille Martin"
        await accessible(page, "form with its errors")
        await page.focus("#champ-engagement_employeur")
        await page.keyboard.press("Space")
        await tab_to(page, "Vérifier mes conditions")
        await press_and_wait(page, "Enter")
        assert "Vous remplissez les conditions" in await page.locator("main").inner_text()
        await tab_to(page, "M'inscrire")
        await press_and_wait(page, "Enter")
        assert "Vérifiez votre boîte mail" in await page.locator("h1").inner_text()
        await accessible(page, "check your mailbox")

        # The e-mail, from the SMTP server; its link opened in the same browser.
        [message] = await smtp.wait_for(1)
        assert message["To"] == "camille.martin@example.org"
        assert "Session 2 (2025)" in subject_of(message)
        [confirm] = links_in(message, BASE_URL)
        await page.goto(site + confirm)
        await tab_to(page, "Confirmer mon adresse et valider l'inscription")
        await press_and_wait(page, "Enter")
        main = await page.locator("main").inner_text()
        assert "Votre inscription est confirmée" in main
        await tab_to(page, "Voir ou annuler mon inscription")
        await press_and_wait(page, "Enter")
        main = await page.locator("main").inner_text()
        assert "Session 2 (2025)" in main and re.search(r"Inscription confirmée", main)
        await accessible(page, "my registration")
        await tab_to(page, "Annuler mon inscription")
        await press_and_wait(page, "Enter")
        assert "annulée" in await page.locator("main").inner_text()
        await accessible(page, "cancelled registration")
        await context.close()


async def test_the_form_works_without_javascript_on_a_phone(browser, live_server, in_2025):
    context = await browser.new_context(
        locale="fr-FR", java_script_enabled=False, viewport={"width": 375, "height": 800}
    )
    page = await context.new_page()
    await page.goto(live_server + "/agenda?departement=49&module=1")
    await page.get_by_role("link", name="Session 2 (2025) — Module 1").click()
    await page.get_by_role("link", name="M'inscrire").click()
    await page.fill("#champ-nom", "Dominique Morel")
    await page.fill("#champ-email", "dominique.morel@example.org")
    await page.select_option("#champ-departement", "49")
    await page.check("#champ-engagement_employeur")
    await page.get_by_role("button", name="M'inscrire").click()
    assert "Vérifiez votre boîte mail" in await page.locator("h1").inner_text()
    await context.close()
    # axe-core needs scripts: the same pages at phone width, checked with them on.
    context = await browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 800})
    page = await context.new_page()
    await page.goto(live_server + "/agenda?departement=49&module=1")
    await page.get_by_role("link", name="Session 2 (2025) — Module 1").click()
    await page.get_by_role("link", name="M'inscrire").click()
    await accessible(page, "registration form on a phone")
    await page.get_by_role("button", name="M'inscrire").click()
    assert await page.locator(".error-summary").count() == 1
    await accessible(page, "errors on a phone")
    await context.close()

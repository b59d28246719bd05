"""The directory, resources and department pages in Chromium: axe-core at desktop and phone
width, one keyboard-only path per page, no third-party host."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.web.test_browser import AXE, assert_no_violations

PHONE = {"width": 375, "height": 740}


@pytest.fixture(autouse=True)
def in_2025(clock):
    clock.set_day(date(2025, 3, 1))


async def first_person(visit) -> str:
    await visit.open("/annuaire?recherche=garabedian")
    return await visit.page.locator('.item-title a[href^="/annuaire/"]').first.get_attribute("href")


async def new_pages(visit) -> list[str]:
    return [
        "/annuaire",
        "/annuaire?recherche=leroyer",
        await first_person(visit),
        "/ressources",
        "/ressources?theme=connaissances",
        "/departements",
        "/departements/44",
        "/departements/53",
    ]


async def test_the_new_pages_have_no_accessibility_violation(visit):
    for path in await new_pages(visit):
        await assert_no_violations(visit, path)
    await assert_no_violations(visit, "/annuaire?departement=99", status=400)
    await assert_no_violations(visit, "/ressources?theme=cuisine", status=400)
    await assert_no_violations(visit, "/departements/99", status=404)


async def test_the_new_pages_have_no_violation_at_phone_width_and_no_sideways_scroll(
    browser, live_server, visit
):
    paths = await new_pages(visit)
    context = await browser.new_context(locale="fr-FR", viewport=PHONE)
    page = await context.new_page()
    for path in paths:
        await page.goto(live_server + path)
        results = await AXE.run(page)
        assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} scrolls sideways on a phone"
    await context.close()


async def focused(page, attribute: str = "id") -> str:
    return await page.evaluate(f"document.activeElement.{attribute}")


async def test_search_the_directory_with_the_keyboard_alone(visit):
    page = visit.page
    await visit.open("/annuaire")
    await page.focus("#filtre-recherche")
    await page.keyboard.type("SEGRETAIN")
    for _ in range(4):  # department, organisation, role, then the button
        await page.keyboard.press("Tab")
    assert await focused(page, "textContent") == "Chercher"
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"recherche=SEGRETAIN"))
    person = page.locator('.item-title a[href^="/annuaire/"]')
    assert await person.count() == 1
    await person.focus()
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"/annuaire/[0-9a-f-]+$"))
    main = await page.locator("main").inner_text()
    assert "Magali Ségrétain" in main and "msegretain@promotionsante-pdl.org" in main
    assert visit.foreign == []


async def test_filter_the_resources_with_the_keyboard_alone(visit):
    page = visit.page
    await visit.open("/ressources")
    await page.focus("#filtre-recherche")
    await page.keyboard.press("Tab")
    assert await focused(page) == "filtre-theme"
    await page.select_option("#filtre-theme", "milieu-scolaire")  # the arrows change it too
    await page.keyboard.press("Tab")
    assert await focused(page) == "filtre-type"
    await page.keyboard.press("Tab")
    assert await focused(page, "textContent") == "Chercher"
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"theme=milieu-scolaire"))
    main = await page.locator("main").inner_text()
    assert "Le cartable des compétences psychosociales" in main
    assert "Porte-Clés" not in main
    # Tab reaches the resource's own link, which leads to its publisher's site.
    for _ in range(30):  # past the header, the form and the themes
        await page.keyboard.press("Tab")
        if await focused(page, "href") == "https://www.cartablecps.org/":
            break
    else:
        raise AssertionError("the resource's link is not reached with Tab")
    assert visit.foreign == []


async def test_reach_a_department_and_its_calendar_with_the_keyboard_alone(visit):
    page = visit.page
    await visit.open("/")
    for _ in range(5):  # skip link, brand, Accueil, Agenda, then Départements
        await page.keyboard.press("Tab")
    assert await focused(page, "textContent") == "Départements"
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"/departements$"))
    await page.locator('a[href="/departements/72"]').focus()
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"/departements/72$"))
    assert "COTER de la Sarthe" in await page.locator("main").inner_text()
    for _ in range(40):  # through the page down to its calendar
        await page.keyboard.press("Tab")
        if ((await focused(page, "href")) or "").startswith("webcal://"):
            break
    else:
        raise AssertionError("the department's calendar is not reached with Tab")
    assert (await focused(page, "href")).endswith("/calendars/departments/72.ics")
    assert visit.foreign == []


async def test_the_directory_search_works_without_javascript(browser, live_server):
    context = await browser.new_context(java_script_enabled=False)
    page = await context.new_page()
    await page.goto(live_server + "/annuaire")
    await page.fill("#filtre-recherche", "le royer")
    await page.select_option("#filtre-role", "formateur-regional")
    await page.click("button[type=submit]")
    await page.wait_for_url(re.compile(r"recherche=le\+royer"))
    assert await page.locator(".item-title a").all_inner_texts() == ["Anne Le Royer"]
    await context.close()

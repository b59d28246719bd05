"""The public site in Chromium: accessibility (axe-core), the keyboard, no third-party host."""

from __future__ import annotations

import re
from datetime import date

import pytest
from axe_playwright_python.async_playwright import Axe

AXE = Axe()


@pytest.fixture(autouse=True)
def in_2025(clock):
    clock.set_day(date(2025, 3, 1))


async def first_detail(visit, agenda_query: str, kind: str) -> str:
    await visit.open("/agenda?" + agenda_query)
    return await visit.page.locator(f'.item-title a[href^="/{kind}/"]').first.get_attribute("href")


async def assert_no_violations(visit, path: str, status: int = 200) -> None:
    response = await visit.open(path)
    assert response.status == status, path
    results = await AXE.run(visit.page)
    assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
    assert visit.foreign == [], visit.foreign


async def test_every_page_type_has_no_accessibility_violation(visit):
    session = await first_detail(visit, "type=formations", "formations")
    event = await first_detail(visit, "type=evenements", "evenements")
    for path in (
        "/", "/agenda", "/agenda?periode=tout", session, event, "/calendriers",
        session + "/inscription", event + "/inscription", session + "/inscription/envoyee",
        "/mes-inscriptions",
    ):
        await assert_no_violations(visit, path)
    await assert_no_violations(visit, "/agenda?departement=99", status=400)
    await assert_no_violations(visit, "/nulle-part", status=404)


async def test_a_phone_width_page_has_no_violation_either(browser, live_server):
    context = await browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 740})
    page = await context.new_page()
    await page.goto(live_server + "/calendriers")
    results = await AXE.run(page)
    assert results.violations_count == 0, results.generate_report()
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page scrolls sideways on a phone"
    await context.close()


async def test_find_a_module_1_session_in_angers_with_the_keyboard_alone(visit):
    page = visit.page
    await visit.open("/")
    # The skip link comes first and leads to the content.
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    await visit.open("/agenda?periode=tout")
    await page.focus("#filtre-departement")
    await page.keyboard.press("Tab")  # leave and come back, as a keyboard user would
    await page.keyboard.press("Shift+Tab")
    await page.select_option("#filtre-departement", "49")  # a select changes with the arrows too
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.id") == "filtre-module"
    await page.keyboard.press("ArrowDown")  # "Module 1"
    for _ in range(3):  # type, period, then the button
        await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.textContent") == "Afficher"
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"departement=49"))
    assert "module=1" in page.url
    first = page.locator(".item-title a").first
    assert await first.text_content() == "Session 2 (2025) — Module 1"
    await first.focus()
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"/formations/"))
    assert "Angers" in await page.locator("main").inner_text()


async def test_pages_work_without_javascript(browser, live_server):
    context = await browser.new_context(java_script_enabled=False)
    page = await context.new_page()
    await page.goto(live_server + "/agenda")
    await page.select_option("#filtre-departement", "72")
    await page.click("button[type=submit]")
    await page.wait_for_url(re.compile(r"departement=72"))
    assert "Session 5 (2025)" in await page.locator("main").inner_text()
    await context.close()


async def test_the_copy_button_is_added_by_the_script_only(visit):
    await visit.open("/calendriers")
    # Headless Chromium has a clipboard on a loopback origin: the button is there.
    buttons = visit.page.get_by_role("button", name="Copier l'adresse")
    assert await buttons.count() >= 8


async def test_the_embed_pages_have_no_accessibility_violation(visit):
    await assert_no_violations(visit, "/integrer?departement=44")
    await assert_no_violations(visit, "/integration/agenda?departement=44")


async def test_the_explorer_runs_a_query_on_a_closed_network_and_keeps_nothing(visit):
    page = visit.page
    await visit.open("/api/explorateur?query=" + "%7B%20department(code%3A%20%2244%22)%20%7B%20name%20%7D%20%7D")
    await page.locator(".graphiql-execute-button").click()
    result = page.locator(".result-window")
    await result.get_by_text("Loire-Atlantique").wait_for()
    assert visit.foreign == [], visit.foreign
    stored = await page.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage)]")
    assert stored == [[], []]


async def test_the_api_page_has_no_accessibility_violation(visit):
    await assert_no_violations(visit, "/api")


async def test_a_feed_page_has_no_accessibility_violation(visit):
    await assert_no_violations(visit, "/calendars/departments/44.ics")
    assert "S'abonner" in await visit.page.locator("main").inner_text()

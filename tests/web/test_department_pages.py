"""The department pages over HTTP: COTER, referents, upcoming agenda, actions, calendar."""

from __future__ import annotations

import html
from datetime import date

import pytest

from tests.web.measure import assert_constant_statements
from tests.web.test_pages import detail_paths, links_of


async def test_the_index_links_to_the_five_departments(client):
    response = await client.get("/departements")
    assert response.status_code == 200
    hrefs = links_of(response.text).hrefs
    for code in ("44", "49", "53", "72", "85"):
        assert f"/departements/{code}" in hrefs
    assert '<a href="/departements" aria-current="page">Départements</a>' in response.text


async def test_the_home_page_links_to_the_departments_directory_and_resources(client, in_2025):
    main = (await client.get("/")).text.split("<main", 1)[1].split("</main>", 1)[0]
    assert {"/departements", "/annuaire", "/ressources"} <= set(links_of(main).hrefs)


async def test_a_department_page_shows_its_coter_and_who_steers_it(client, in_2025):
    response = await client.get("/departements/44")
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "<h1>Loire-Atlantique (44)</h1>" in text
    assert "COTER de la Loire-Atlantique" in text
    assert "Délégation territoriale de l'ARS de la Loire-Atlantique (DT ARS 44)" in text
    assert "DSDEN de la Loire-Atlantique" in text
    assert "Conseil départemental de la Loire-Atlantique" in text


async def test_a_department_page_names_its_referents_with_their_published_contact(client):
    vendee = html.unescape((await client.get("/departements/85")).text)
    assert "Béatrice Beaudouin" in vendee
    assert "beatrice.beaudouin@addictions-france.org" in vendee
    assert "Audrey Pavageau" not in vendee
    sarthe = html.unescape((await client.get("/departements/72")).text)
    assert "Magali Ségrétain" in sarthe and "Directrice du Pôle CPS" in sarthe


async def test_a_department_page_lists_its_upcoming_sessions_and_events(client, clock):
    clock.set_day(date(2025, 9, 1))  # sessions 1 to 3 are over
    response = await client.get("/departements/44")
    text = html.unescape(response.text)
    assert "Session 6 (2025) — Module 2" in text  # Nantes or La Roche-sur-Yon
    assert "Nantes ou La Roche-sur-Yon — lieu à confirmer" in text
    assert "Journée d'échanges de pratique des formateurs CPS — Loire-Atlantique" in text
    assert "Session 1 (2025)" not in text
    assert "Session 4 (2025)" not in text  # Angers, in Maine-et-Loire
    assert len(detail_paths(response.text)) == 2
    assert "/agenda?departement=44&amp;periode=tout" in response.text


async def test_a_department_page_lists_its_actions_and_says_which_are_over(client, clock):
    clock.set_day(date(2025, 3, 1))
    text = html.unescape((await client.get("/departements/49")).text)
    assert "Journée d'échanges de pratique pour les formateurs CPS" in text
    assert "Formation de formateurs CPS" in text
    assert "Le mardi 9 décembre 2025" in text
    assert "Terminée" not in text
    clock.set_day(date(2026, 1, 5))
    assert "Terminée" in (await client.get("/departements/49")).text


async def test_a_department_page_gives_its_calendar_subscription(client):
    response = await client.get("/departements/44")
    hrefs = links_of(response.text).hrefs
    assert "webcal://cps.example.org/calendars/departments/44.ics" in hrefs
    assert (
        "https://calendar.google.com/calendar/render?cid="
        "webcal%3A%2F%2Fcps.example.org%2Fcalendars%2Fdepartments%2F44.ics"
    ) in hrefs
    assert 'value="https://cps.example.org/calendars/departments/44.ics"' in response.text


@pytest.mark.parametrize("code", ["99", "abc", "4"])
async def test_an_unknown_department_gets_the_french_404(client, code):
    response = await client.get(f"/departements/{code}")
    assert response.status_code == 404
    assert "n'est pas suivi par le Pôle CPS" in html.unescape(response.text)


async def test_a_department_page_costs_the_same_statements_whatever_its_agenda(
    client, in_2025, statements
):
    paths = ["/departements/72", "/departements/44"]  # 2 items, then 4
    await assert_constant_statements(
        client, statements, paths, lambda page: len(detail_paths(page))
    )

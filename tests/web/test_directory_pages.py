"""The directory over HTTP: search without accents, filters, published contacts only, calendars."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import update

from core.models import Person
from tests.web.measure import assert_constant_statements
from tests.web.test_pages import links_of


def names(page: str) -> list[str]:
    return re.findall(r'class="item-title"><a href="/annuaire/[^"]+">([^<]+)<', page)


async def test_the_directory_lists_everyone_with_role_organisation_and_departments(client):
    response = await client.get("/annuaire")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.text
    for resource in links_of(response.text).resources:
        assert resource.startswith("/static/"), resource
    text = html.unescape(response.text)
    assert len(names(response.text)) == 11
    assert "Anne Le Royer" in text and "Sarah Sainton" in text
    assert "Directrice du Pôle CPS" in text
    assert "Planning Familial" in text
    assert "Référente ou référent du Pôle CPS" in text
    assert '<a href="/departements/53">Mayenne (53)</a>' in text


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("segretain", ["Magali Ségrétain"]),
        ("SÉGRÉTAIN magali", ["Magali Ségrétain"]),  # family name first too
        ("magali ségrétain", ["Magali Ségrétain"]),
        ("LEROYER", ["Anne Le Royer"]),
        ("forges bodet", ["Tiphaine Forges-Bodet"]),
        ("Béa", ["Béatrice Beaudouin"]),
    ],
)
async def test_the_search_ignores_accents_case_spaces_and_hyphens(client, typed, found):
    response = await client.get("/annuaire", params={"recherche": typed})
    assert response.status_code == 200
    assert [html.unescape(name) for name in names(response.text)] == found
    assert f'value="{html.escape(typed)}"' in response.text  # what was typed stays


async def test_the_directory_filters_by_department_organisation_and_role(client):
    by_department = await client.get("/annuaire", params={"departement": "49"})
    assert names(by_department.text) == ["Béatrice Beaudouin"]
    referents = await client.get("/annuaire", params={"role": "referent"})
    assert len(names(referents.text)) == 3
    page = await client.get("/annuaire")
    (planning,) = re.findall(r'<option value="([^"]+)">Planning Familial</option>', page.text)
    by_organisation = await client.get("/annuaire", params={"organisation": planning})
    assert names(by_organisation.text) == ["Sarah Sainton"]
    combined = await client.get("/annuaire", params={"role": "referent", "recherche": "sarah"})
    assert names(combined.text) == []
    assert "Personne ne correspond" in combined.text


async def test_a_wrong_filter_gets_its_french_message_next_to_the_field(client):
    response = await client.get("/annuaire", params={"departement": "99", "role": "chef"})
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert "Département inconnu « 99 »" in text and "Rôle inconnu « chef »" in text
    assert 'aria-describedby="erreur-role"' in response.text
    assert 'id="erreur-departement"' in response.text


async def test_contact_details_appear_only_when_published(client, database):
    async with database.sessions() as db, db.begin():
        await db.execute(
            update(Person)
            .where(Person.family_name == "Provost")
            .values(email="emilie.cachee@example.org", phone="02 99 99 99 99")
        )
        await db.execute(
            update(Person).where(Person.family_name == "Pavageau").values(contact_public=False)
        )
    directory = await client.get("/annuaire")
    assert "msegretain@promotionsante-pdl.org" in directory.text  # published
    assert 'href="tel:0632706956"' in directory.text
    (provost,) = re.findall(r'href="(/annuaire/[^"]+)">Emilie Provost<', directory.text)
    (pavageau,) = re.findall(r'href="(/annuaire/[^"]+)">Audrey Pavageau<', directory.text)
    pages = [directory, *[await client.get(path) for path in (provost, pavageau)]]
    pages.append(await client.get("/departements/44"))  # Audrey Pavageau is its referent
    for page in pages:
        assert page.status_code == 200
        for unpublished in ("emilie.cachee", "02 99 99 99 99", "apavageau", "06 26 14 67 33"):
            assert unpublished not in page.text


async def test_each_person_links_to_their_calendar(client):
    response = await client.get("/annuaire")
    hrefs = links_of(response.text).hrefs
    people = re.findall(r'href="/annuaire/([^"]+)">', response.text)
    assert len(set(people)) == 11
    for public_id in people:
        assert f"webcal://cps.example.org/calendars/trainers/{public_id}.ics" in hrefs


async def test_a_person_page_lists_what_they_lead_and_their_calendar(client, in_2025):
    directory = await client.get("/annuaire", params={"recherche": "garabedian"})
    (path,) = re.findall(r'href="(/annuaire/[^"]+)">Mathilde Garabedian<', directory.text)
    page = await client.get(path)
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Journée d'échanges de pratique des formateurs CPS — Loire-Atlantique" in text
    assert "Promotion Santé Pays de la Loire" in text
    public_id = path.rsplit("/", 1)[1]
    hrefs = links_of(page.text).hrefs
    assert f"webcal://cps.example.org/calendars/trainers/{public_id}.ics" in hrefs
    assert any(href.startswith("https://calendar.google.com/") for href in hrefs)
    nobody = await client.get("/annuaire/00000000-0000-0000-0000-000000000000")
    assert nobody.status_code == 404
    assert "n'est pas dans l'annuaire" in html.unescape(nobody.text)


async def test_the_directory_costs_the_same_statements_whatever_its_length(client, statements):
    paths = ["/annuaire?departement=72", "/annuaire"]  # 1 person, then 11
    await assert_constant_statements(client, statements, paths, lambda page: len(names(page)))


async def test_the_header_links_to_the_directory(client):
    response = await client.get("/annuaire")
    assert '<a href="/annuaire" aria-current="page">Annuaire</a>' in response.text

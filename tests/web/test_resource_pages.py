"""The resources catalogue over HTTP: search without accents, theme and kind filters, links."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import update

from core.models import Resource
from tests.web.measure import assert_constant_statements
from tests.web.test_pages import links_of


def titles(page: str) -> list[str]:
    return [html.unescape(title) for title in re.findall(r'class="item-title">([^<]+)<', page)]


async def test_the_catalogue_lists_every_resource_with_its_description_and_publisher(client):
    response = await client.get("/ressources")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.text
    for resource in links_of(response.text).resources:
        assert resource.startswith("/static/"), resource
    text = html.unescape(response.text)
    assert len(titles(response.text)) == 8
    assert "Le cartable des compétences psychosociales" in text
    assert "Dossier de connaissances — InteractionS Pays de la Loire, septembre 2024" in text
    assert "Un dossier de connaissances synthétique, intégrant des fiches pratiques." in text
    assert "https://www.cartablecps.org" in links_of(response.text).hrefs
    assert '<a href="/ressources" aria-current="page">Ressources</a>' in response.text


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("CARTABLE", ["Le cartable des compétences psychosociales"]),
        ("porte cles SANTE", [  # the title of one, the description of the other
            "La classification des compétences psychosociales, 2022",
            "Le Porte-Clés Santé n°6 « Les compétences psychosociales »",
        ]),
        ("essentiel à savoir", [
            "Les compétences psychosociales : l'essentiel à savoir",
            "Les compétences psychosociales : l'essentiel à savoir (infographie)",
        ]),
        ("séquencée", [
            "Facteurs communs aux interventions de renforcement des compétences "
            "psychosociales (CPS) efficaces, 2022"
        ]),
    ],
)
async def test_the_search_ignores_accents_and_case(client, typed, found):
    response = await client.get("/ressources", params={"recherche": typed})
    assert response.status_code == 200
    assert titles(response.text) == found


async def test_the_catalogue_filters_by_theme_and_kind(client):
    school = await client.get("/ressources", params={"theme": "milieu-scolaire"})
    assert titles(school.text) == ["Le cartable des compétences psychosociales"]
    frameworks = await client.get("/ressources", params={"type": "referentiel"})
    assert len(titles(frameworks.text)) == 2
    both = await client.get("/ressources", params={"type": "referentiel", "theme": "connaissances"})
    assert titles(both.text) == []
    assert "Aucune ressource ne correspond" in html.unescape(both.text)
    page = await client.get("/ressources")
    assert '<option value="enfants-et-jeunes">Enfants et jeunes</option>' in page.text
    assert '<option value="infographie">Infographie</option>' in page.text


async def test_a_wrong_filter_gets_its_french_message_next_to_the_field(client):
    response = await client.get("/ressources", params={"theme": "cuisine", "type": "film"})
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert "Thème inconnu « cuisine »" in text and "Type inconnu « film »" in text
    assert 'aria-describedby="erreur-theme"' in response.text


async def test_an_archived_resource_is_not_listed(client, database):
    async with database.sessions() as db, db.begin():
        await db.execute(
            update(Resource).where(Resource.url.is_not(None)).values(status="ARCHIVED")
        )
    response = await client.get("/ressources")
    assert "cartable" not in response.text
    assert "milieu-scolaire" not in response.text  # nor its theme among the choices


async def test_the_catalogue_costs_the_same_statements_whatever_its_length(client, statements):
    paths = ["/ressources?theme=milieu-scolaire", "/ressources"]  # 1 resource, then 8
    await assert_constant_statements(client, statements, paths, lambda page: len(titles(page)))

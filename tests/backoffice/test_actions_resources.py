"""The action and resource screens over HTTP: an action created, changed and archived through
the forms and seen through GraphQL; a period that ends before it starts refused next to its
field with nothing saved; a department-44 account refused on a Vendée action. Resources:
created, changed and archived by regional staff and seen on the public list; a link that is
not one refused next to its field; department staff see the list but may not write."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from core.db import seeded_public_id
from core.models import Action, AuditEntry, Resource
from core.models.enums import RecordStatus
from tests.backoffice.signing_in import csrf_of

ACTION_85 = seeded_public_id("action:2025-practice-exchange-85")
PORTE_CLES = seeded_public_id("resource:porte-cles-sante-6")

PSFP_44 = {
    "departement": "44",
    "type": "EVIDENCE_BASED_PROGRAMME",
    "titre": "Soutien au déploiement de PSFP",
    "programme": "PSFP",
    "debut": "01/01/2026",
    "fin": "31/12/2026",
    "description": "Accompagnement des structures qui mettent en œuvre PSFP.",
}
GUIDE = {
    "titre": "Guide des CPS à l'école",
    "type": "SYNTHESIS",
    "description": "Une synthèse pour les équipes éducatives.",
    "editeur": "Promotion Santé Pays de la Loire",
    "publication": "2026",
    "public_vise": "Enseignants",
    "url": "https://www.example.org/guide-cps",
}
ACTIONS_44 = """
query { actions(filter: { department: "44" }, first: 100) {
  edges { node { title programme periodStart periodEnd status } } } }
"""


async def _post(http, path: str, data: dict):
    page = await http.get("/gestion")
    return await http.post(path, data={"csrf": csrf_of(page), **data})


def _field(page: str, name: str) -> str:
    found = re.search(rf'<div class="field has-error">\s*<label for="{name}">.*?</div>', page, re.S)
    assert found is not None, page
    return found.group(0)


async def _count(app, model) -> int:
    async with app.state.database.sessions() as db:
        return await db.scalar(select(func.count()).select_from(model))


async def _row(app, model, public_id: str):
    async with app.state.database.sessions() as db:
        return await db.scalar(select(model).where(model.public_id == public_id))


async def _actions_44(graphql) -> dict[str, dict]:
    data = await graphql.data(ACTIONS_44)
    return {edge["node"]["title"]: edge["node"] for edge in data["actions"]["edges"]}


async def test_an_action_is_created_changed_and_archived_through_the_forms(
    app, graphql, department_44_client
):
    listed = (await department_44_client.get("/gestion/actions")).text
    assert "Actions du pack de déploiement" in listed and "85 — Vendée" not in listed
    created = await _post(department_44_client, "/gestion/actions/nouvelle", PSFP_44)
    assert created.status_code == 303, created.text
    page_path = created.headers["location"].split("?")[0]
    page = (await department_44_client.get(created.headers["location"])).text
    assert "L&#39;action est créée." in page and 'value="31/12/2026"' in page
    assert (await _actions_44(graphql))["Soutien au déploiement de PSFP"] == {
        "title": "Soutien au déploiement de PSFP", "programme": "PSFP",
        "periodStart": "2026-01-01", "periodEnd": "2026-12-31", "status": "ACTIVE",
    }  # fmt: skip

    changed = await _post(
        department_44_client, page_path + "/modifier", {**PSFP_44, "fin": "30/06/2026"}
    )
    assert changed.status_code == 303, changed.text
    assert (await _actions_44(graphql))["Soutien au déploiement de PSFP"]["periodEnd"] == "2026-06-30"

    confirm = await _post(department_44_client, page_path + "/archiver", {})
    assert confirm.status_code == 200 and "Archiver l&#39;action" in confirm.text
    assert "e-mail" not in confirm.text
    assert (await _actions_44(graphql))["Soutien au déploiement de PSFP"]["status"] == "ACTIVE"
    archived = await _post(department_44_client, page_path + "/archiver", {"confirme": "1"})
    assert archived.status_code == 303
    assert (await _actions_44(graphql))["Soutien au déploiement de PSFP"]["status"] == "ARCHIVED"
    assert "Action archivée." in (await department_44_client.get(page_path)).text


async def test_a_period_ending_before_it_starts_is_refused_next_to_the_field(app, regional_client):
    before = await _count(app, Action)
    answer = await _post(
        regional_client, "/gestion/actions/nouvelle", {**PSFP_44, "fin": "31/12/2025"}
    )
    assert answer.status_code == 400
    field = _field(answer.text, "fin")
    assert "La période finit avant de commencer." in field and 'value="31/12/2025"' in field
    assert 'value="Soutien au déploiement de PSFP"' in answer.text
    assert await _count(app, Action) == before
    untitled = await _post(regional_client, "/gestion/actions/nouvelle", {**PSFP_44, "titre": " "})
    assert "Ce champ est requis." in _field(untitled.text, "titre")
    assert await _count(app, Action) == before


async def test_a_department_44_account_is_refused_on_a_vendee_action(app, department_44_client):
    audited = await _count(app, AuditEntry)
    before = await _row(app, Action, ACTION_85)
    page = await department_44_client.get(f"/gestion/actions/{ACTION_85}")
    assert page.status_code == 403 and "Accès refusé" in page.text
    for path, data in (
        (f"/gestion/actions/{ACTION_85}/modifier", {"type": "TRAINER_TRAINING", "titre": "Pris",
                                                    "debut": "16/10/2025"}),
        (f"/gestion/actions/{ACTION_85}/archiver", {"confirme": "1"}),
        ("/gestion/actions/nouvelle", {**PSFP_44, "departement": "85"}),
    ):  # fmt: skip
        answer = await _post(department_44_client, path, data)
        assert answer.status_code == 403, path
        assert "Rien n'a été modifié" in answer.text
    after = await _row(app, Action, ACTION_85)
    assert (after.title, after.status) == (before.title, before.status)
    assert await _count(app, AuditEntry) == audited


async def test_a_resource_is_created_changed_and_archived_and_the_public_list_follows(
    app, client, regional_client
):
    created = await _post(regional_client, "/gestion/ressources/nouvelle", GUIDE)
    assert created.status_code == 303, created.text
    page_path = created.headers["location"].split("?")[0]
    assert "Guide des CPS à l&#39;école" in (await client.get("/ressources")).text
    changed = await _post(
        regional_client, page_path + "/modifier", {**GUIDE, "titre": "Guide des CPS au collège"}
    )
    assert changed.status_code == 303, changed.text
    public = (await client.get("/ressources")).text
    assert "Guide des CPS au collège" in public and "à l&#39;école" not in public
    confirm = await _post(regional_client, page_path + "/archiver", {})
    assert confirm.status_code == 200 and "Archiver la ressource" in confirm.text
    archived = await _post(regional_client, page_path + "/archiver", {"confirme": "1"})
    assert archived.status_code == 303
    assert "Guide des CPS au collège" not in (await client.get("/ressources")).text
    listed = (await regional_client.get("/gestion/ressources")).text
    assert "Guide des CPS au collège" in listed and "archivée" in listed


async def test_a_link_that_is_not_one_is_refused_next_to_its_field(app, regional_client):
    before = await _count(app, Resource)
    answer = await _post(
        regional_client,
        "/gestion/ressources/nouvelle",
        {**GUIDE, "url": "www.example.org", "description": ""},
    )
    assert answer.status_code == 400
    assert "n&#39;est pas une adresse web" in _field(answer.text, "url")
    assert "Ce champ est requis." in _field(answer.text, "description")
    assert 'value="Promotion Santé Pays de la Loire"' in answer.text
    assert await _count(app, Resource) == before


async def test_department_staff_see_the_resources_but_may_not_write(app, department_44_client):
    listed = (await department_44_client.get("/gestion/ressources")).text
    assert "Le Porte-Clés Santé n°6" in listed
    assert "/gestion/ressources/nouvelle" not in listed
    assert f"/gestion/ressources/{PORTE_CLES}" not in listed
    before = await _row(app, Resource, PORTE_CLES)
    for path, data in (
        ("/gestion/ressources/nouvelle", GUIDE),
        (f"/gestion/ressources/{PORTE_CLES}/modifier", {**GUIDE, "titre": "Pris"}),
        (f"/gestion/ressources/{PORTE_CLES}/archiver", {"confirme": "1"}),
    ):
        answer = await _post(department_44_client, path, data)
        assert answer.status_code == 403, path
        assert "Accès refusé" in answer.text and "Rien n'a été modifié" in answer.text
    after = await _row(app, Resource, PORTE_CLES)
    assert (after.title, after.status) == (before.title, RecordStatus.ACTIVE)


async def test_the_menu_has_events_actions_and_resources_for_every_account(
    regional_client, department_44_client
):
    for http in (regional_client, department_44_client):
        menu = (await http.get("/gestion")).text
        for path, label in (
            ("/gestion/evenements", "Évènements"),
            ("/gestion/actions", "Actions"),
            ("/gestion/ressources", "Ressources"),
        ):
            assert f'<a href="{path}">{label}</a>' in menu

"""The event screens over HTTP: the year's list with registrations, a new event seen on the
public agenda, a mismatched place refused next to its field with nothing saved, an event
changed, cancelled after being told who will be e-mailed; a department-44 account refused on
a department-85 event."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from core.db import seeded_public_id
from core.models import AuditEntry, Event, OutboxMessage
from core.models.enums import SessionStatus
from tests.backoffice.signing_in import csrf_of
from tests.staff.conftest import module_1_person, practice_day_id

PRACTICE_44 = seeded_public_id("event:2025-practice-exchange-44")
PRACTICE_53 = seeded_public_id("event:2025-practice-exchange-53")
PRACTICE_85 = seeded_public_id("event:2025-practice-exchange-85")

ANGERS_2026 = {
    "titre": "Rencontre départementale CPS 2026",
    "type": "DEPARTMENT_EVENT",
    "departement": "49",
    "date": "15/06/2026",
    "debut": "09:30",
    "fin": "16:30",
    "commune": "Angers",
    "code_postal": "49100",
    "lieu": "Maison de quartier",
    "description": "Une journée pour les professionnels qui déploient les CPS.",
    "public": "1",
}


async def _count(app, model) -> int:
    async with app.state.database.sessions() as db:
        return await db.scalar(select(func.count()).select_from(model))


async def _event(app, public_id: str) -> Event:
    async with app.state.database.sessions() as db:
        return await db.scalar(select(Event).where(Event.public_id == public_id))


async def _post(http, path: str, data: dict):
    page = await http.get("/gestion/evenements")
    return await http.post(path, data={"csrf": csrf_of(page), **data})


def _field(page: str, name: str) -> str:
    found = re.search(
        rf'<div class="field has-error">\s*<label for="{name}">.*?</div>', page, re.S
    )
    assert found is not None, page
    return found.group(0)


async def test_the_list_shows_the_years_events_with_their_registrations(
    regional_client, department_44_client
):
    page = (await regional_client.get("/gestion/evenements?annee=2025")).text
    assert "Évènements 2025" in page
    for public_id in (PRACTICE_44, PRACTICE_85):
        assert f'href="/gestion/evenements/{public_id}"' in page
        assert f'href="/gestion/inscriptions/evenements/{public_id}"' in page
    assert "85 — Vendée" in page and "La Roche-sur-Yon (85000)" in page
    assert 'aria-current="page">Évènements</a>' in page
    mine = (await department_44_client.get("/gestion/evenements?annee=2025")).text
    assert f"/gestion/evenements/{PRACTICE_44}" in mine
    assert f"/gestion/evenements/{PRACTICE_85}" not in mine
    form = (await department_44_client.get("/gestion/evenements/nouveau")).text
    assert '<option value="44" selected>44 — Loire-Atlantique</option>' in form
    assert "85 — Vendée" not in form and "Toute la région" not in form
    assert '<option value="Angers">49000, 49100 — Maine-et-Loire</option>' in form


async def test_a_new_event_in_angers_is_created_and_on_the_public_agenda(app, client, regional_client):
    answer = await _post(regional_client, "/gestion/evenements/nouveau", ANGERS_2026)
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.endswith("?fait=cree")
    page = (await regional_client.get(location)).text
    assert "Rencontre départementale CPS 2026" in page and "L&#39;évènement est créé." in page
    assert 'value="15/06/2026"' in page and 'value="49100"' in page
    public_id = location.split("/")[-1].split("?")[0]
    event = await _event(app, public_id)
    assert (event.department_code, event.year, event.city) == ("49", 2026, "Angers")
    agenda = (await client.get("/agenda?departement=49&periode=tout")).text
    assert "Rencontre départementale CPS 2026" in agenda
    public = await client.get(f"/evenements/{public_id}")
    assert public.status_code == 200 and "Maison de quartier" in public.text


async def test_angers_with_44000_is_refused_next_to_the_field_and_nothing_saved(app, regional_client):
    before = await _count(app, Event)
    answer = await _post(
        regional_client, "/gestion/evenements/nouveau", {**ANGERS_2026, "code_postal": "44000"}
    )
    assert answer.status_code == 400
    field = _field(answer.text, "code_postal")
    assert "Le code postal 44000 ne correspond pas à Angers" in field
    assert 'value="44000"' in field and 'aria-invalid="true"' in field
    assert 'value="Maison de quartier"' in answer.text and 'value="15/06/2026"' in answer.text
    assert "rien n'a été enregistré" in answer.text
    assert await _count(app, Event) == before


async def test_a_place_outside_the_chosen_department_is_refused_by_its_rule(app, regional_client):
    before = await _count(app, Event)
    answer = await _post(
        regional_client, "/gestion/evenements/nouveau", {**ANGERS_2026, "departement": "44"}
    )
    assert answer.status_code == 400
    assert "49100" in _field(answer.text, "code_postal")
    assert await _count(app, Event) == before


async def test_a_bad_date_and_hours_are_refused_next_to_their_fields(app, regional_client):
    before = await _count(app, Event)
    answer = await _post(
        regional_client,
        "/gestion/evenements/nouveau",
        {**ANGERS_2026, "date": "31/02/2026", "debut": "17:00", "fin": "09:00", "titre": ""},
    )
    assert answer.status_code == 400
    assert "n&#39;est pas une date du calendrier" in _field(answer.text, "date")
    assert "L&#39;heure de fin doit suivre" in _field(answer.text, "fin")
    assert "Indiquez le titre" in _field(answer.text, "titre")
    assert await _count(app, Event) == before


async def test_an_event_is_changed_through_its_form(app, client, department_44_client):
    page = (await department_44_client.get(f"/gestion/evenements/{PRACTICE_44}")).text
    assert 'value="23/09/2025"' in page
    before = await _event(app, PRACTICE_44)
    values = {
        "titre": "Journée d'échanges de pratique — Loire-Atlantique",
        "statut": "CONFIRMED", "date": "24/09/2025", "debut": "13:30", "fin": "17:00",
        "commune": before.city, "code_postal": before.postal_code, "lieu": "Salle B",
        "description": before.description or "", "public": "1",
    }  # fmt: skip
    answer = await _post(department_44_client, f"/gestion/evenements/{PRACTICE_44}/modifier", values)
    assert answer.status_code == 303, answer.text
    after = await _event(app, PRACTICE_44)
    assert after.date.isoformat() == "2025-09-24" and after.venue == "Salle B"
    assert after.status is SessionStatus.CONFIRMED and after.sequence > before.sequence
    public = (await client.get(f"/evenements/{PRACTICE_44}")).text
    assert "Salle B" in public and "24 septembre 2025" in public


async def test_an_event_saved_unchanged_tells_nobody(app, graphql, regional_client, register):
    trainer = module_1_person(departmentCode="53", confirmedTrainerTrainingYears=[2025])
    await register(graphql, practice_day_id("53"), trainer)
    mails = await _count(app, OutboxMessage)
    before = await _event(app, PRACTICE_53)
    values = {
        "titre": before.title, "statut": before.status.value,
        "date": before.date.strftime("%d/%m/%Y"), "debut": before.start_time.strftime("%H:%M"),
        "fin": before.end_time.strftime("%H:%M"), "commune": before.city,
        "code_postal": before.postal_code, "lieu": before.venue or "",
        "description": before.description or "", "public": "1" if before.is_public else "",
    }  # fmt: skip
    answer = await _post(regional_client, f"/gestion/evenements/{PRACTICE_53}/modifier", values)
    assert answer.status_code == 303, answer.text
    assert (await _event(app, PRACTICE_53)).sequence == before.sequence
    assert await _count(app, OutboxMessage) == mails
    moved = await _post(
        regional_client, f"/gestion/evenements/{PRACTICE_53}/modifier", {**values, "debut": "10:00"}
    )
    assert moved.status_code == 303, moved.text
    assert await _count(app, OutboxMessage) == mails + 1


async def test_cancelling_says_who_will_be_told_then_cancels(app, graphql, regional_client, register):
    trainer = module_1_person(departmentCode="53", confirmedTrainerTrainingYears=[2025])
    await register(graphql, practice_day_id("53"), trainer)
    path = f"/gestion/evenements/{PRACTICE_53}/annuler"
    confirm = await _post(regional_client, path, {})
    assert confirm.status_code == 200
    assert "1 inscrit recevra un e-mail" in confirm.text
    assert (await _event(app, PRACTICE_53)).status is SessionStatus.PLANNED
    done = await _post(regional_client, path, {"confirme": "1"})
    assert done.status_code == 303
    assert (await _event(app, PRACTICE_53)).status is SessionStatus.CANCELLED
    page = (await regional_client.get(done.headers["location"])).text
    assert "Évènement annulé." in page and "Enregistrer les modifications" not in page


async def test_a_department_44_account_is_refused_on_a_vendee_event(app, department_44_client):
    audited = await _count(app, AuditEntry)
    before = await _event(app, PRACTICE_85)
    for path, data in (
        (f"/gestion/evenements/{PRACTICE_85}/modifier", {"titre": "Pris", "statut": "PLANNED",
         "date": "16/10/2025", "debut": "09:00", "fin": "17:00"}),
        (f"/gestion/evenements/{PRACTICE_85}/annuler", {"confirme": "1"}),
        ("/gestion/evenements/nouveau", {**ANGERS_2026, "departement": "85",
         "commune": "La Roche-sur-Yon", "code_postal": "85000"}),
    ):  # fmt: skip
        answer = await _post(department_44_client, path, data)
        assert answer.status_code == 403, path
        assert "Accès refusé" in answer.text and "Rien n'a été modifié" in answer.text
    page = await department_44_client.get(f"/gestion/evenements/{PRACTICE_85}")
    assert page.status_code == 403
    after = await _event(app, PRACTICE_85)
    assert (after.title, after.status, after.sequence) == (before.title, before.status, before.sequence)
    assert await _count(app, AuditEntry) == audited


async def test_a_regional_event_is_regional_staffs_and_a_department_must_be_chosen(
    app, regional_client, department_44_client
):
    seminar = {**ANGERS_2026, "type": "AWARENESS_SESSION", "titre": "Séminaire régional"}
    before = await _count(app, Event)
    unchosen = await _post(regional_client, "/gestion/evenements/nouveau", {**seminar, "departement": ""})
    assert "Choisissez le département" in _field(unchosen.text, "departement")
    assert await _count(app, Event) == before
    refused = await _post(department_44_client, "/gestion/evenements/nouveau", {**seminar, "departement": "region"})
    assert refused.status_code == 403
    created = await _post(regional_client, "/gestion/evenements/nouveau", {**seminar, "departement": "region"})
    assert created.status_code == 303, created.text
    event = await _event(app, created.headers["location"].split("/")[-1].split("?")[0])
    assert event.department_code is None and event.title == "Séminaire régional"
    assert "Toute la région (aucun département)" in (await regional_client.get("/gestion/evenements/nouveau")).text

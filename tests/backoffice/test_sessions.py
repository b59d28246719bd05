"""The session screens over HTTP: the year's list with its numbers, a new session (and the
place mistake refused next to its field, nothing saved), duplicating into the next year,
moving a day after being told who will be e-mailed, cancelling; department staff outside
their departments refused."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from core.auth.secrets import digest
from core.db import seeded_public_id
from core.models import OutboxMessage, Registration, SessionDay, TrainingSession
from core.models.enums import RegistrationStatus
from tests.backoffice.signing_in import csrf_of

SESSION_4 = seeded_public_id("session:2025-4")
SESSION_6 = seeded_public_id("session:2025-6")

ANGERS_2026 = {
    "annee": "2026", "numero": "1", "module": "1",
    "jour1_date": "12/01/2026", "jour1_debut": "09:00", "jour1_fin": "17:00",
    "jour2_date": "13/01/2026", "jour2_debut": "09:00", "jour2_fin": "17:00",
    "jour3_date": "2026-02-02", "jour3_debut": "09:30", "jour3_fin": "16:30",
    "commune": "Angers", "code_postal": "49100", "lieu": "Maison de quartier",
    "places_max": "16",
}


async def _count_sessions(app) -> int:
    async with app.state.database.sessions() as db:
        return await db.scalar(select(func.count()).select_from(TrainingSession))


async def _post(http, path: str, data: dict) -> object:
    page = await http.get("/gestion/sessions")
    return await http.post(path, data={"csrf": csrf_of(page), **data})


async def test_the_list_shows_the_numbers_taken_and_the_next_one(regional_client, department_44_client):
    page = (await regional_client.get("/gestion/sessions?annee=2025")).text
    assert "Numéros déjà pris en 2025 : <strong>1, 2, 3, 4, 5, 6</strong>" in page
    assert "Prochain numéro libre : <strong>7</strong>" in page
    assert page.count('<th scope="row"><a href="/gestion/sessions/') == 6
    mine = (await department_44_client.get("/gestion/sessions?annee=2025")).text
    assert "Session 1 (2025)" in mine and "Session 6 (2025)" in mine
    assert "Session 2 (2025)" not in mine and "Session 5 (2025)" not in mine
    form = (await regional_client.get("/gestion/sessions/nouvelle?annee=2026")).text
    assert 'id="numero" name="numero" value="1"' in form
    assert '<option value="Angers">49000, 49100 — Maine-et-Loire</option>' in form


async def test_a_new_session_in_angers_is_created_and_public(app, client, regional_client):
    answer = await _post(regional_client, "/gestion/sessions/nouvelle", ANGERS_2026)
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.endswith("?fait=creee")
    page = (await regional_client.get(location)).text
    assert "Session 1 (2026) — Module 1" in page and "La session est créée." in page
    assert "Angers (49100, département 49), Maison de quartier" in page
    assert "lundi 2 février 2026, 9 h 30 – 16 h 30" in page
    agenda = (await client.get("/agenda?departement=49&periode=tout")).text
    assert "Session 1 (2026)" in agenda
    feed = (await client.get("/calendars/departments/49.ics")).text
    assert "Session 1 (2026)" in feed.replace("\r\n ", "")


async def test_angers_with_44000_is_refused_next_to_the_field_and_nothing_saved(app, regional_client):
    before = await _count_sessions(app)
    answer = await _post(
        regional_client, "/gestion/sessions/nouvelle", {**ANGERS_2026, "code_postal": "44000"}
    )
    assert answer.status_code == 400
    field = re.search(r'<div class="field has-error">\s*<label for="code_postal">.*?</div>', answer.text, re.S)
    assert field is not None
    assert "Le code postal 44000 ne correspond pas à Angers" in field.group(0)
    assert 'value="44000"' in field.group(0) and 'aria-invalid="true"' in field.group(0)
    assert 'value="Maison de quartier"' in answer.text and 'value="13/01/2026"' in answer.text
    assert "rien n&#39;a été enregistré" in answer.text or "rien n'a été enregistré" in answer.text
    assert await _count_sessions(app) == before


async def test_a_rule_of_the_command_shows_next_to_its_field(app, regional_client):
    taken = await _post(
        regional_client, "/gestion/sessions/nouvelle", {**ANGERS_2026, "annee": "2025", "numero": "4",
        "jour1_date": "12/01/2025", "jour2_date": "13/01/2025", "jour3_date": "02/02/2025"}
    )
    assert taken.status_code == 400
    assert re.search(r'<p class="field-error" id="numero-erreur">L&#39;année 2025 a déjà une session numéro 4', taken.text)
    bad_date = await _post(
        regional_client, "/gestion/sessions/nouvelle", {**ANGERS_2026, "jour2_date": "31/02/2026"}
    )
    assert bad_date.status_code == 400
    assert "« 31/02/2026 » n&#39;est pas une date du calendrier." in bad_date.text


async def test_a_2025_session_is_duplicated_into_2026(app, regional_client):
    page = (await regional_client.get(f"/gestion/sessions/{SESSION_4}")).text
    assert 'id="dupliquer_annee" name="dupliquer_annee" value="2026"' in page
    answer = await _post(
        regional_client, f"/gestion/sessions/{SESSION_4}/dupliquer",
        {"dupliquer_annee": "2026", "dupliquer_numero": "1"},
    )
    assert answer.status_code == 303
    copy = (await regional_client.get(answer.headers["location"])).text
    assert "Session 1 (2026) — Module 1" in copy
    for day in ("6 octobre 2026", "7 octobre 2026", "16 octobre 2026"):
        assert day in copy
    assert "Angers (49000" in copy
    again = await _post(
        regional_client, f"/gestion/sessions/{SESSION_4}/dupliquer",
        {"dupliquer_annee": "2026", "dupliquer_numero": "1"},
    )
    assert again.status_code == 400
    assert 'id="dupliquer_numero-erreur">L&#39;année 2026 a déjà une session numéro 1' in again.text


async def _registrants(app, public_id: str, count: int) -> None:
    async with app.state.database.sessions() as db:
        session = await db.scalar(select(TrainingSession).where(TrainingSession.public_id == public_id))
        for number in range(count):
            db.add(Registration(
                session_id=session.id, status=RegistrationStatus.CONFIRMED,
                reference_hash=digest(f"{public_id}-{number}"), full_name=f"Personne {number}",
                email=f"inscrit{number}@exemple.fr",
            ))
        await db.commit()


async def _e_mails(app, topic: str) -> int:
    async with app.state.database.sessions() as db:
        return await db.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.topic == topic)
        )


async def test_moving_a_day_says_who_will_be_told_then_tells_them(app, regional_client):
    await _registrants(app, SESSION_4, 3)
    move = {"deplacer_jour": "2025-10-16", "deplacer_date": "17/10/2025"}
    asked = await _post(regional_client, f"/gestion/sessions/{SESSION_4}/journees/deplacer", move)
    assert asked.status_code == 200
    assert "3 inscrits recevront un e-mail" in asked.text
    assert await _e_mails(app, "target_changed") == 0
    confirmed = await regional_client.post(
        f"/gestion/sessions/{SESSION_4}/journees/deplacer",
        data={"csrf": csrf_of(asked), **move, "confirme": "1"},
    )
    assert confirmed.status_code == 303
    assert await _e_mails(app, "target_changed") == 3
    page = (await regional_client.get(confirmed.headers["location"])).text
    assert "vendredi 17 octobre 2025" in page and "La journée est déplacée." in page


async def test_adding_and_removing_a_day_keep_the_module_length_rule(app, regional_client):
    refused = await _post(
        regional_client, f"/gestion/sessions/{SESSION_4}/journees/ajouter",
        {"ajouter_date": "20/10/2025", "ajouter_debut": "09:00", "ajouter_fin": "17:00", "confirme": "1"},
    )
    assert refused.status_code == 400
    assert "Le module 1 dure 3 jours" in refused.text
    async with app.state.database.sessions() as db:
        days = await db.scalar(select(func.count()).select_from(SessionDay).join(TrainingSession).where(TrainingSession.public_id == SESSION_4))
    assert days == 3
    added = await _post(
        regional_client, f"/gestion/sessions/{SESSION_4}/journees/ajouter",
        {"ajouter_date": "20/10/2025", "ajouter_debut": "09:00", "ajouter_fin": "17:00",
         "ajouter_raison": "Journée de rattrapage", "confirme": "1"},
    )
    assert added.status_code == 303
    removed = await _post(
        regional_client, f"/gestion/sessions/{SESSION_4}/journees/retirer",
        {"retirer_jour": "2025-10-20", "retirer_raison": "Rattrapage inutile", "confirme": "1"},
    )
    assert removed.status_code == 303
    page = (await regional_client.get(removed.headers["location"])).text
    assert "lundi 20 octobre 2025, 9 h – 17 h — <strong>retirée</strong>" in page


async def test_cancelling_asks_first_then_cancels(app, regional_client):
    await _registrants(app, SESSION_4, 2)
    asked = await _post(regional_client, f"/gestion/sessions/{SESSION_4}/annuler", {})
    assert "2 inscrits recevront un e-mail" in asked.text
    done = await regional_client.post(
        f"/gestion/sessions/{SESSION_4}/annuler", data={"csrf": csrf_of(asked), "confirme": "1"}
    )
    assert done.status_code == 303
    assert await _e_mails(app, "target_cancelled") == 2
    assert "Session annulée." in (await regional_client.get(done.headers["location"])).text


async def test_department_staff_are_refused_a_session_outside_their_departments(app, department_44_client):
    page = await department_44_client.get(f"/gestion/sessions/{SESSION_6}")
    assert page.status_code == 403
    assert "Accès refusé" in page.text and "le département 44" in page.text
    for path, data in (
        (f"/gestion/sessions/{SESSION_6}/annuler", {"confirme": "1"}),
        (f"/gestion/sessions/{SESSION_6}/dupliquer", {"dupliquer_annee": "2026"}),
        ("/gestion/sessions/nouvelle", {**ANGERS_2026}),
    ):
        answer = await _post(department_44_client, path, data)
        assert answer.status_code == 403, path
        assert "Rien n'a été modifié" in answer.text
    async with app.state.database.sessions() as db:
        status = await db.scalar(select(TrainingSession.status).where(TrainingSession.public_id == SESSION_6))
    assert status.value != "CANCELLED"
    assert await _count_sessions(app) == 6
    missing = await department_44_client.get("/gestion/sessions/inconnue")
    assert missing.status_code == 404


async def test_seats_approval_and_status_are_changed_after_confirmation(app, regional_client):
    path = f"/gestion/sessions/{SESSION_4}/modifier"
    asked = await _post(
        regional_client, path,
        {"modifier_places": "12", "modifier_validation": "1", "modifier_confirmee": "1"},
    )
    assert asked.status_code == 200 and "Modifier la session" in asked.text
    async with app.state.database.sessions() as db:
        row = await db.scalar(select(TrainingSession).where(TrainingSession.public_id == SESSION_4))
        assert row.capacity is None and not row.requires_approval  # nothing yet
    done = await _post(
        regional_client, path,
        {"modifier_places": "12", "modifier_validation": "1", "modifier_confirmee": "1",
         "confirme": "1"},
    )
    assert done.status_code == 303 and done.headers["location"].endswith("?fait=modifiee")
    async with app.state.database.sessions() as db:
        row = await db.scalar(select(TrainingSession).where(TrainingSession.public_id == SESSION_4))
        assert (row.capacity, row.requires_approval, row.status.value) == (12, True, "CONFIRMED")
    refused = await _post(regional_client, path, {"modifier_places": "douze", "confirme": "1"})
    assert refused.status_code == 400
    assert "nombre de places entre 1 et 10 000" in refused.text
    assert 'value="douze"' in refused.text

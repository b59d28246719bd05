"""A session's place and trainers changed from its page, and trainers chosen when it is made:
the place change says who will be told and tells them; a place or trainer refused shows next
to its field with nothing changed; department staff cannot move a session out of their
departments."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.db import seeded_public_id
from core.models import SessionPlace, TrainingSession
from core.services import session_overview
from tests.backoffice.signing_in import csrf_of
from tests.backoffice.test_sessions import ANGERS_2026, SESSION_4, _e_mails, _post, _registrants

SESSION_1 = seeded_public_id("session:2025-1")  # Nantes (44)
UNKNOWN_PERSON = "00000000-0000-4000-8000-000000000000"


async def _places(app, public_id: str) -> list[tuple[str, str]]:
    async with app.state.database.sessions() as db:
        rows = await db.execute(
            select(SessionPlace.city, SessionPlace.postal_code)
            .join(TrainingSession, TrainingSession.id == SessionPlace.session_id)
            .where(TrainingSession.public_id == public_id)
            .order_by(SessionPlace.position)
        )
        return [tuple(row) for row in rows.all()]


async def _trainers(app, public_id: str) -> list[str]:
    async with app.state.database.sessions() as db:
        session = await db.scalar(select(TrainingSession).where(TrainingSession.public_id == public_id))
        return await session_overview.session_trainer_ids(db, session)


async def _two_trainers(app) -> list[session_overview.TrainerChoice]:
    async with app.state.database.sessions() as db:
        return (await session_overview.trainer_choices(db))[:2]


async def test_a_new_place_is_confirmed_after_saying_who_is_told(app, client, regional_client):
    await _registrants(app, SESSION_4, 2)
    page = (await regional_client.get(f"/gestion/sessions/{SESSION_4}")).text
    assert 'id="commune" name="commune" value="Angers"' in page, "the form shows the place"
    move = {"commune": "Saumur", "code_postal": "", "lieu": "Salle Jean Ferrat"}
    asked = await _post(regional_client, f"/gestion/sessions/{SESSION_4}/lieu", move)
    assert asked.status_code == 200
    assert "2 inscrits recevront un e-mail" in asked.text
    assert "Saumur (49400)" in asked.text, "the only postal code of Saumur is filled in"
    assert await _places(app, SESSION_4) == [("Angers", "49000")]
    done = await regional_client.post(
        f"/gestion/sessions/{SESSION_4}/lieu",
        data={"csrf": csrf_of(asked), **move, "code_postal": "49400", "confirme": "1"},
    )
    assert done.status_code == 303, done.text
    assert await _places(app, SESSION_4) == [("Saumur", "49400")]
    assert await _e_mails(app, "target_changed") == 2
    public = (await client.get(f"/formations/{SESSION_4}")).text
    assert "Saumur" in public and "Salle Jean Ferrat" in public


async def test_a_wrong_postal_code_is_refused_next_to_its_field(app, regional_client):
    answer = await _post(
        regional_client, f"/gestion/sessions/{SESSION_4}/lieu",
        {"commune": "Angers", "code_postal": "44000", "confirme": "1"},
    )
    assert answer.status_code == 400
    error = re.search(r'id="code_postal-erreur">([^<]+)<', answer.text)
    assert error and "44000" in error.group(1), answer.text
    assert 'id="code_postal" name="code_postal" value="44000"' in answer.text
    assert await _places(app, SESSION_4) == [("Angers", "49000")]


async def test_department_staff_cannot_move_a_session_out_of_their_departments(
    app, department_44_client
):
    answer = await _post(
        department_44_client, f"/gestion/sessions/{SESSION_1}/lieu",
        {"commune": "Angers", "code_postal": "49000", "confirme": "1"},
    )
    assert answer.status_code == 403 and "Rien n'a été modifié" in answer.text
    assert await _places(app, SESSION_1) == [("Nantes", "44000")]
    inside = await _post(
        department_44_client, f"/gestion/sessions/{SESSION_1}/lieu",
        {"commune": "Saint-Nazaire", "code_postal": "44600", "confirme": "1"},
    )
    assert inside.status_code == 303, inside.text
    assert await _places(app, SESSION_1) == [("Saint-Nazaire", "44600")]


async def test_trainers_are_chosen_when_creating_and_changed_after(app, regional_client):
    first, second = await _two_trainers(app)
    form = await regional_client.get("/gestion/sessions/nouvelle?annee=2026")
    assert first.label in form.text
    created = await regional_client.post(
        "/gestion/sessions/nouvelle",
        data={"csrf": csrf_of(form), **ANGERS_2026, "intervenants": [first.public_id, second.public_id]},
    )
    assert created.status_code == 303, created.text
    session_id = created.headers["location"].split("/")[-1].split("?")[0]
    assert await _trainers(app, session_id) == [first.public_id, second.public_id]
    page = (await regional_client.get(f"/gestion/sessions/{session_id}")).text
    assert first.label in page and f'value="{second.public_id}" checked' in page
    changed = await _post(
        regional_client, f"/gestion/sessions/{session_id}/intervenants",
        {"intervenants": [second.public_id]},
    )
    assert changed.status_code == 303
    assert await _trainers(app, session_id) == [second.public_id]
    cleared = await _post(regional_client, f"/gestion/sessions/{session_id}/intervenants", {})
    assert cleared.status_code == 303
    assert await _trainers(app, session_id) == []


async def test_an_unknown_trainer_is_refused_next_to_the_list(app, regional_client):
    first, _ = await _two_trainers(app)
    answer = await _post(
        regional_client, f"/gestion/sessions/{SESSION_4}/intervenants",
        {"intervenants": [first.public_id, UNKNOWN_PERSON]},
    )
    assert answer.status_code == 400
    assert re.search(r'id="intervenants-erreur">[^<]*introuvable', answer.text), answer.text
    assert f'value="{first.public_id}" checked' in answer.text, "what was ticked is kept"
    assert await _trainers(app, SESSION_4) != [first.public_id, UNKNOWN_PERSON]

"""Who may see and change registrations in the back-office: staff of the departments
concerned; a refusal is the French 403 page and changes nothing; a form needs its CSRF token."""

from __future__ import annotations

from sqlalchemy import func, select

from core.db import seeded_public_id
from core.models import AuditEntry, Registration
from tests.backoffice.registration_helpers import SESSION_2_PAGE, statuses
from tests.backoffice.signing_in import csrf_of
from tests.staff.conftest import module_1_person, practice_day_id

VENDEE_DAY = seeded_public_id("event:2025-practice-exchange-85")
VENDEE_PAGE = f"/gestion/inscriptions/evenements/{VENDEE_DAY}"
SESSION_6_PAGE = f"/gestion/inscriptions/formations/{seeded_public_id('session:2025-6')}"


async def _state(app) -> tuple[list, int]:
    async with app.state.database.sessions() as db:
        rows = (await db.execute(select(Registration.public_id, Registration.status))).all()
        audited = await db.scalar(select(func.count(AuditEntry.id)))
    return sorted(rows), audited


async def test_a_department_44_account_is_refused_on_a_vendee_event_and_nothing_changes(
    app, department_44_client, registrations_open, regional, register
):
    person = module_1_person(0, departmentCode="85", confirmedTrainerTrainingYears=[2025])
    answer = await register(regional, practice_day_id("85"), person)
    registration = answer["registration"]["id"]
    assert answer["registration"]["status"] == "CONFIRMED" and registration
    async with app.state.database.sessions() as db:
        public_id = await db.scalar(select(Registration.public_id))
    index = await department_44_client.get("/gestion/inscriptions")
    assert index.status_code == 200 and VENDEE_PAGE not in index.text
    token = csrf_of(index)
    before = await _state(app)
    for path in (
        VENDEE_PAGE,
        VENDEE_PAGE + "/participants.csv",
        VENDEE_PAGE + "/participants.ods",
        VENDEE_PAGE + "/emargement/2025-10-16.pdf",
        f"{VENDEE_PAGE}/{public_id}/refuser",
        SESSION_6_PAGE,  # Nantes (44) or La Roche-sur-Yon (85): both departments needed
    ):
        answer = await department_44_client.get(path)
        assert answer.status_code == 403, path
        assert "Accès refusé" in answer.text and "Rien n'a été modifié" in answer.text
        assert "département 44" in answer.text
    for path, data in (
        (f"{VENDEE_PAGE}/{public_id}/refuser", {"raison": "non"}),
        (f"{VENDEE_PAGE}/{public_id}/confirmer", {}),
        (VENDEE_PAGE + "/annulation", {"inscriptions": public_id, "confirme": "oui"}),
    ):
        answer = await department_44_client.post(path, data={"csrf": token, **data})
        assert answer.status_code == 403, path
    assert await _state(app) == before


async def test_anonymous_visitors_are_sent_to_sign_in(anonymous_client):
    answer = await anonymous_client.get(SESSION_2_PAGE + "/participants.csv")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/gestion/connexion?suite=")


async def test_a_form_posted_without_its_csrf_token_is_refused(app, regional_client, registered):
    await registered()
    async with app.state.database.sessions() as db:
        ids = list(await db.scalars(select(Registration.public_id)))
    before = await statuses(app)
    for data in (
        {"inscriptions": ids, "confirme": "oui"},
        {"inscriptions": ids, "confirme": "oui", "csrf": "x" * 43},
    ):
        answer = await regional_client.post(SESSION_2_PAGE + "/annulation", data=data)
        assert answer.status_code == 403
        assert "CSRF_REFUSED" in answer.text and "Rien n'a été modifié" in answer.text
    answer = await regional_client.post(f"{SESSION_2_PAGE}/{ids[0]}/confirmer", data={})
    assert answer.status_code == 403
    assert await statuses(app) == before

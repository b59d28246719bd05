"""The registrations screens over HTTP: lists, files, the changes and who they tell, who may."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from core.db import seeded_public_id
from core.models import Registration
from tests.backoffice.registration_helpers import (
    PENDING,
    SESSION_2,
    SESSION_2_PAGE,
    ask_approval,
    email_to,
    statuses,
    text_of,
)
from tests.backoffice.signing_in import csrf_of
from tests.exports.conftest import pdf_text
from tests.staff.conftest import module_1_person, session_id

ZOE, BRUNO, CAMILLE = "Zoé L'Hôte-Œuvre", "Bruno Martin", "Camille <b>Dupont</b>"


async def _ids(app) -> dict[str, str]:
    async with app.state.database.sessions() as db:
        rows = await db.execute(select(Registration.full_name, Registration.public_id))
        return dict(rows.all())


async def test_the_list_shows_statuses_waitlist_order_and_the_files(
    regional_client, registered, session_2_trainers
):
    await registered()
    index = await regional_client.get("/gestion/inscriptions")
    assert index.status_code == 200
    assert "Session 2 (2025) — Module 1" in index.text and SESSION_2_PAGE in index.text
    page = await regional_client.get(SESSION_2_PAGE)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "private, no-store"
    text = page.text
    assert text.index("Zoé L&#39;Hôte-Œuvre") < text.index("Bruno Martin") < text.index("Dupont")
    assert "Camille &lt;b&gt;Dupont&lt;/b&gt;" in text, "what people typed is escaped"
    assert "en liste d&#39;attente (n° 1)" in text
    assert "2 inscriptions confirmées (2 places)" in text
    csv_file = await regional_client.get(SESSION_2_PAGE + "/participants.csv")
    assert csv_file.headers["content-disposition"] == (
        'attachment; filename="participants-session-2-2025-module-1.csv"'
    )
    rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == [ZOE, BRUNO, CAMILLE]
    ods = await regional_client.get(SESSION_2_PAGE + "/participants.ods")
    assert ods.headers["content-type"] == "application/vnd.oasis.opendocument.spreadsheet"
    for day in ("2025-05-05", "2025-05-06", "2025-05-07"):
        assert f"{SESSION_2_PAGE}/emargement/{day}.pdf" in text
    sheet = await regional_client.get(SESSION_2_PAGE + "/emargement/2025-05-07.pdf")
    assert sheet.headers["content-type"] == "application/pdf"
    words = pdf_text(sheet.content)
    assert "mercredi 7 mai 2025" in words and "Anne Le Royer" in words and BRUNO in words
    missing = await regional_client.get(SESSION_2_PAGE + "/emargement/2025-05-08.pdf")
    assert missing.status_code == 404 and "n&#39;a pas lieu le jeudi 8 mai 2025" in missing.text


async def test_refusing_with_a_reason_says_who_will_be_told_then_tells_them(
    app, regional_client, registered
):
    await registered()
    ids = await _ids(app)
    path = f"{SESSION_2_PAGE}/{ids[ZOE]}/refuser"
    page = await regional_client.get(path)
    assert page.status_code == 200
    # Zoé is refused, her seat goes to Camille, first on the waitlist: both are told.
    assert "2 personnes recevront un e-mail" in page.text
    assert "camille.martin.2@example.org), qui obtient la place libérée" in page.text
    assert (await statuses(app))[ZOE] == "CONFIRMED"
    done = await regional_client.post(
        path, data={"csrf": csrf_of(page), "raison": "Prérequis non remplis : pas d'engagement."}
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"{SESSION_2_PAGE}?fait=refuse"
    assert await statuses(app) == {ZOE: "REFUSED", BRUNO: "CONFIRMED", CAMILLE: "CONFIRMED"}
    told = text_of(await email_to(app, "camille.martin.0@example.org", "registration_refused"))
    assert "Prérequis non remplis : pas d'engagement." in told
    assert await email_to(app, "camille.martin.2@example.org", "registration_promoted")
    after = await regional_client.get(done.headers["location"])
    assert "L&#39;inscription est refusée" in after.text


async def test_a_refused_change_is_shown_next_to_its_field_and_changes_nothing(
    app, regional_client, registered
):
    await registered()
    ids = await _ids(app)
    path = f"{SESSION_2_PAGE}/{ids[ZOE]}/refuser"
    page = await regional_client.get(path)
    answer = await regional_client.post(path, data={"csrf": csrf_of(page), "raison": "x" * 1001})
    assert answer.status_code == 400
    assert 'id="raison-erreur"' in answer.text and "au plus 1000 caractères" in answer.text
    assert "x" * 1001 in answer.text, "what was typed is kept"
    # Confirming the waitlisted one while both seats are taken: no seat left.
    path = f"{SESSION_2_PAGE}/{ids[CAMILLE]}/confirmer"
    page = await regional_client.get(path)
    answer = await regional_client.post(path, data={"csrf": csrf_of(page)})
    assert answer.status_code == 400 and "error-summary" in answer.text
    assert await statuses(app) == {ZOE: "CONFIRMED", BRUNO: "CONFIRMED", CAMILLE: "WAITLISTED"}


async def test_moving_a_registration_to_another_session(app, regional_client, registered):
    await registered()
    ids = await _ids(app)
    path = f"{SESSION_2_PAGE}/{ids[BRUNO]}/deplacer"
    page = await regional_client.get(path)
    session_4 = seeded_public_id("session:2025-4")
    assert f'value="formations:{session_4}"' in page.text
    assert f'value="formations:{SESSION_2}"' not in page.text
    assert "n'est pas prévenu·e par e-mail du déplacement" in page.text
    empty = await regional_client.post(path, data={"csrf": csrf_of(page), "destination": ""})
    assert empty.status_code == 400 and 'id="destination-erreur"' in empty.text
    done = await regional_client.post(
        path, data={"csrf": csrf_of(page), "destination": f"formations:{session_4}"}
    )
    assert done.status_code == 303
    assert (await statuses(app, session_4)) == {BRUNO: "CONFIRMED"}
    assert (await statuses(app))[CAMILLE] == "CONFIRMED"


async def test_cancelling_several_asks_first_then_cancels_them_all(app, regional_client, registered):
    await registered()
    ids = await _ids(app)
    page = await regional_client.get(SESSION_2_PAGE)
    action = SESSION_2_PAGE + "/annulation"
    nothing = await regional_client.post(action, data={"csrf": csrf_of(page)})
    assert nothing.status_code == 400
    assert 'id="inscriptions-erreur"' in nothing.text and "Cochez au moins une" in nothing.text
    chosen = {"csrf": csrf_of(page), "inscriptions": [ids[ZOE], ids[CAMILLE]]}
    ask = await regional_client.post(action, data=chosen)
    assert ask.status_code == 200
    assert "Annuler 2 inscriptions" in ask.text
    assert "2 personnes recevront un e-mail" in ask.text
    assert await statuses(app) == {ZOE: "CONFIRMED", BRUNO: "CONFIRMED", CAMILLE: "WAITLISTED"}
    done = await regional_client.post(action, data={**chosen, "confirme": "oui"})
    assert done.status_code == 303 and done.headers["location"].endswith("?fait=cancel")
    assert await statuses(app) == {ZOE: "CANCELLED", BRUNO: "CONFIRMED", CAMILLE: "CANCELLED"}
    for address in ("camille.martin.0@example.org", "camille.martin.2@example.org"):
        assert await email_to(app, address, "registration_cancelled")


async def test_confirming_a_person_awaiting_approval(app, regional_client, registrations_open, staff_49, register):
    await ask_approval(app)
    answer = await register(staff_49, session_id(2), module_1_person(7, fullName="Inès Morel"))
    assert answer["registration"]["status"] == PENDING
    ids = await _ids(app)
    path = f"{SESSION_2_PAGE}/{ids['Inès Morel']}/confirmer"
    page = await regional_client.get(path)
    assert "1 personne recevra un e-mail" in page.text
    done = await regional_client.post(path, data={"csrf": csrf_of(page)})
    assert done.status_code == 303
    assert await statuses(app) == {"Inès Morel": "CONFIRMED"}
    email = await email_to(app, "camille.martin.7@example.org", "registration_confirmed")
    assert "Votre inscription est confirmée" in text_of(email)

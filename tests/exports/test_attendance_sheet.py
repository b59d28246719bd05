"""The attendance sheet of a day, read back from the PDF as text."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from core.auth.permissions import AccessDenied
from core.db import seeded_public_id
from core.exports.files import attendance_file
from core.hooks.types import TargetKind
from core.models import AuditEntry
from core.services.errors import InputError
from tests.exports.conftest import REGIONAL, SESSION_2, STAFF_44, STAFF_49, pdf_text
from tests.staff.conftest import module_1_person, practice_day_id, session_id


def _squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


async def test_the_sheet_names_the_day_the_place_the_trainers_and_who_comes(
    database, registered, session_2_trainers
):
    await registered()
    exported = await attendance_file(
        database, STAFF_49, TargetKind.SESSION, SESSION_2, date(2025, 5, 6)
    )
    assert exported.media_type == "application/pdf"
    assert exported.filename == "emargement-session-2-2025-module-1-2025-05-06.pdf"
    assert exported.content.startswith(b"%PDF-")
    text = pdf_text(exported.content)
    flat = _squashed(text)
    assert "Feuille d'émargement" in flat
    assert "Session 2 (2025) — Module 1" in flat
    assert "Les fondamentaux sur les CPS en Promotion de la santé" in flat
    assert "Jour 2 sur 3 : mardi 6 mai 2025, de 9 h à 17 h" in flat
    assert "Lieu : Angers" in flat
    assert session_2_trainers == ["Béatrice Beaudouin", "Anne Le Royer"]
    for trainer in session_2_trainers:
        assert trainer in flat
    # The confirmed participants, by name, with their organisation; not the waitlisted one.
    assert "Bruno Martin" in flat and "Zoé L'Hôte-Œuvre" in flat
    assert "Mairie d'Angers — Pôle « Enfance »" in flat
    assert "Dupont" not in flat
    assert flat.index("Bruno Martin") < flat.index("Zoé L'Hôte-Œuvre")
    assert "Matin" in flat and "Après-midi" in flat
    assert "Page 1 sur 1" in flat


async def test_a_long_list_runs_over_pages_numbered_with_their_total(
    database, registrations_open, staff_49, register
):
    for n in range(30):
        person = module_1_person(n, fullName=f"Personne {n:02d}", employer=f"Organisation {n}")
        answer = await register(staff_49, session_id(2), person)
        assert answer["registration"]["status"] == "CONFIRMED"
    exported = await attendance_file(
        database, REGIONAL, TargetKind.SESSION, SESSION_2, date(2025, 5, 5)
    )
    pages = pdf_text(exported.content).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} sur {len(pages)}" in page
        # The heading row is repeated on every page of the table.
        assert "Après-midi" in page
    flat = _squashed(" ".join(pages))
    assert all(f"Personne {n:02d}" in flat for n in range(30))


async def test_a_day_the_session_is_not_held_is_refused_in_french(database):
    with pytest.raises(InputError) as refused:
        await attendance_file(database, REGIONAL, TargetKind.SESSION, SESSION_2, date(2025, 5, 8))
    assert refused.value.code == "DAY_NOT_HELD"
    assert refused.value.message == (
        "« Session 2 (2025) — Module 1 » n'a pas lieu le jeudi 8 mai 2025 ; ses jours : "
        "lundi 5 mai 2025, mardi 6 mai 2025, mercredi 7 mai 2025."
    )
    async with database.sessions() as db:
        assert await db.scalar(select(AuditEntry).where(AuditEntry.action == "attendance.print")) is None


async def test_staff_of_another_department_get_no_sheet(database):
    with pytest.raises(AccessDenied) as refused:
        await attendance_file(database, STAFF_44, TargetKind.SESSION, SESSION_2, date(2025, 5, 5))
    assert refused.value.code == "FORBIDDEN"


async def test_an_event_sheet_names_its_leader_and_is_audited(
    database, registrations_open, staff_44, register
):
    person = module_1_person(0, departmentCode="44", confirmedTrainerTrainingYears=[2025])
    assert not (await register(staff_44, practice_day_id("44"), person))["errors"]
    event = seeded_public_id("event:2025-practice-exchange-44")
    exported = await attendance_file(database, STAFF_44, TargetKind.EVENT, event, date(2025, 9, 23))
    flat = _squashed(pdf_text(exported.content))
    assert "Journée d'échanges de pratique des formateurs CPS — Loire-Atlantique" in flat
    assert "Mardi 23 septembre 2025" in flat and "Jour 1 sur" not in flat
    assert "Animation :" in flat and "Camille Martin 0" in flat
    async with database.sessions() as db:
        entry = await db.scalar(select(AuditEntry).where(AuditEntry.action == "attendance.print"))
    assert entry.changes == {"day": "2025-09-23", "rows": 1}
    assert entry.object_type == "AttendanceSheet" and entry.department_code == "44"

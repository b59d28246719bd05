"""Participant lists as CSV and ODS files, read back as a spreadsheet would read them."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

import pytest
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from sqlalchemy import func, select

from core.auth.permissions import AccessDenied
from core.auth.viewer import Viewer
from core.db import seeded_public_id
from core.exports.files import ExportFormat, find, participants_file
from core.exports.participant_table import COLUMNS
from core.hooks.types import TargetKind
from core.models import AuditEntry
from core.services.errors import InputError
from tests.exports.conftest import REGIONAL, SESSION_2, STAFF_44, STAFF_49
from tests.staff.conftest import module_1_person, practice_day_id

CANCEL = """
mutation($id: ID!) { cancelRegistration(id: $id) { errors { code } } }
"""


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    text = content.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _ods_rows(content: bytes) -> tuple[str, list[list[tuple[str | None, str, str]]]]:
    """The sheet's name and its rows of (value type, shown text, typed value) cells."""
    document = load(io.BytesIO(content))
    [sheet] = document.spreadsheet.getElementsByType(Table)
    rows = []
    for row in sheet.getElementsByType(TableRow):
        cells = []
        for cell in row.getElementsByType(TableCell):
            kind = cell.getAttribute("valuetype")
            typed = cell.getAttribute("datevalue") or cell.getAttribute("value") or ""
            cells.append((kind, str(cell), typed))
        rows.append(cells)
    return sheet.getAttribute("name"), rows


async def test_the_csv_lists_every_registrant_in_the_order_staff_work(
    database, registered, graphql
):
    answers = await registered()
    exported = await participants_file(
        database, STAFF_49, TargetKind.SESSION, SESSION_2, ExportFormat.CSV
    )
    assert exported.filename == "participants-session-2-2025-module-1.csv"
    assert exported.media_type == "text/csv; charset=utf-8"
    header, *rows = _csv_rows(exported.content)
    assert header == list(COLUMNS)
    assert [row[0] for row in rows] == [
        "Zoé L'Hôte-Œuvre", "Bruno Martin", "Camille <b>Dupont</b>"
    ]
    first, second, third = rows
    assert first[1] == "camille.martin.0@example.org"
    assert first[2] == "Mairie d'Angers — Pôle « Enfance »"
    assert first[3] == "Maine-et-Loire (49)"
    assert [row[4] for row in rows] == ["confirmée", "confirmée", "en liste d'attente"]
    assert [row[5] for row in rows] == ["", "", "1"]
    # A cell a spreadsheet would run as a formula stays text.
    assert second[2] == "'=HYPERLINK(\"http://x\";\"clic\")"
    registered_at = datetime.strptime(first[6], "%d/%m/%Y %H:%M")
    assert registered_at.year >= 2025
    assert first[9] == "oui"
    assert third[0] == "Camille <b>Dupont</b>" and answers[2]["registration"]["status"] == "WAITLISTED"


async def test_a_freed_seat_moves_the_waitlist_and_the_list_follows(
    database, registered, staff_49
):
    answers = await registered()
    cancelled = await staff_49.data(CANCEL, {"id": answers[0]["registration"]["id"]})
    assert cancelled["cancelRegistration"]["errors"] == []
    exported = await participants_file(
        database, REGIONAL, TargetKind.SESSION, SESSION_2, ExportFormat.CSV
    )
    _, *rows = _csv_rows(exported.content)
    assert [(row[0], row[4]) for row in rows] == [
        ("Bruno Martin", "confirmée"),
        ("Camille <b>Dupont</b>", "confirmée"),
        ("Zoé L'Hôte-Œuvre", "annulée"),
    ]


async def test_the_ods_has_typed_cells_and_opens_as_a_spreadsheet(database, registered):
    await registered()
    exported = await participants_file(
        database, REGIONAL, TargetKind.SESSION, SESSION_2, ExportFormat.ODS
    )
    assert exported.filename.endswith(".ods")
    assert exported.media_type == "application/vnd.oasis.opendocument.spreadsheet"
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    name, (header, *rows) = _ods_rows(exported.content)
    assert name == "Session 2 (2025) — Module 1"
    assert [text for _, text, _ in header] == list(COLUMNS)
    assert [row[0][1] for row in rows] == [
        "Zoé L'Hôte-Œuvre", "Bruno Martin", "Camille <b>Dupont</b>"
    ]
    # The formula-looking organisation is a string cell, kept as typed.
    assert rows[1][2] == ("string", "=HYPERLINK(\"http://x\";\"clic\")", "")
    position = rows[2][5]
    assert position[0] == "float" and position[2] == "1"
    kind, shown, value = rows[0][6]
    assert kind == "date" and datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M") == shown


async def test_an_export_is_audited_without_personal_data(database, registered):
    await registered()
    await participants_file(database, STAFF_49, TargetKind.SESSION, SESSION_2, ExportFormat.ODS)
    async with database.sessions() as db:
        entry = await db.scalar(
            select(AuditEntry).where(AuditEntry.action == "participants.export")
        )
    assert entry.object_public_id == SESSION_2 and entry.department_code == "49"
    assert entry.actor == "department:49"
    assert entry.changes == {"format": "ods", "rows": 3}


@pytest.mark.parametrize(
    ("viewer", "code"),
    [(STAFF_44, "FORBIDDEN"), (Viewer(), "UNAUTHENTICATED")],
)
async def test_only_staff_of_the_department_export(database, registered, viewer, code):
    await registered()
    async with database.sessions() as db:
        before = await db.scalar(select(func.count(AuditEntry.id)))
    with pytest.raises(AccessDenied) as refused:
        await participants_file(database, viewer, TargetKind.SESSION, SESSION_2, ExportFormat.CSV)
    assert refused.value.code == code
    async with database.sessions() as db:
        assert await db.scalar(select(func.count(AuditEntry.id))) == before


async def test_a_session_spanning_two_departments_needs_both(database):
    both = seeded_public_id("session:2025-6")  # Nantes (44) or La Roche-sur-Yon (85)
    with pytest.raises(AccessDenied):
        await participants_file(database, STAFF_44, TargetKind.SESSION, both, ExportFormat.CSV)
    staff_both = Viewer(role=STAFF_44.role, department_codes=frozenset({"44", "85"}))
    exported = await participants_file(
        database, staff_both, TargetKind.SESSION, both, ExportFormat.CSV
    )
    assert _csv_rows(exported.content) == [list(COLUMNS)]


async def test_an_event_exports_too(database, registrations_open, staff_44, register):
    person = module_1_person(
        0, departmentCode="44", confirmedTrainerTrainingYears=[2025], fullName="Léa Roux"
    )
    answer = await register(staff_44, practice_day_id("44"), person)
    assert not answer["errors"], answer["errors"]
    event = seeded_public_id("event:2025-practice-exchange-44")
    exported = await participants_file(database, REGIONAL, TargetKind.EVENT, event, ExportFormat.CSV)
    assert exported.filename.startswith("participants-journee-d-echanges-de-pratique")
    assert exported.filename.endswith("-2025-09-23.csv")
    _, row = _csv_rows(exported.content)
    assert row[0] == "Léa Roux" and row[4] == "confirmée"


async def test_a_session_is_found_by_its_number_or_its_public_id(database):
    assert await find(database, "2025-2") == (TargetKind.SESSION, SESSION_2)
    assert await find(database, f" {SESSION_2} ") == (TargetKind.SESSION, SESSION_2)
    event = seeded_public_id("event:2025-practice-exchange-85")
    assert await find(database, event) == (TargetKind.EVENT, event)
    for unknown in ("2025-99", "nothing", "2024-1"):
        with pytest.raises(InputError) as refused:
            await find(database, unknown)
        assert refused.value.code == "TARGET_NOT_FOUND"
        assert "ANNÉE-NUMÉRO" in refused.value.message

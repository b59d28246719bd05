"""An export from start to end, for every door (the back-office's buttons, ``cps export``).

Each function checks who asks before reading anything (``AccessDenied``: ``UNAUTHENTICATED``,
``FORBIDDEN``), reads the data, renders the file, and writes one audit entry saying who took
which personal data (never the data itself), all in one transaction: an export refused or
failed leaves no trace but its error. ``InputError`` is raised for an unknown session or event
(``TARGET_NOT_FOUND``) or a day it is not held (``DAY_NOT_HELD``).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from unidecode import unidecode

from core.auth.viewer import Viewer
from core.db import Database
from core.exports.csv_file import table_csv
from core.exports.ods_file import MEDIA_TYPE as ODS_MEDIA_TYPE
from core.exports.ods_file import table_ods
from core.exports.participant_table import participant_table
from core.hooks.types import RegistrationTarget, TargetKind
from core.services import audit
from core.services.attendance import attendance_sheet
from core.services.participants import find_target, participant_list


class ExportFormat(enum.StrEnum):
    """The spreadsheet formats of a participant list."""

    CSV = "csv"
    ODS = "ods"


_MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.ODS: ODS_MEDIA_TYPE,
}


@dataclass(frozen=True)
class ExportFile:
    """A file to hand over: its suggested name, its media type, its bytes."""

    filename: str
    media_type: str
    content: bytes


def _slug(text: str) -> str:
    """``text`` as a file name's part: "Session 4 (2025) — Module 1" → "session-4-2025-module-1"."""
    return re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower())[:80].strip("-")


def participants_filename(target: RegistrationTarget, export_format: ExportFormat) -> str:
    """"participants-session-4-2025-module-1.csv"; an event's name ends with its date."""
    stem = _slug(target.title)
    if target.kind is TargetKind.EVENT:
        stem += f"-{target.starts_on.isoformat()}"
    return f"participants-{stem}.{export_format.value}"


async def find(database: Database, reference: str) -> tuple[TargetKind, str]:
    """The session or event ``reference`` names (a public ID, or "2025-4" for session 4 of
    2025); raises ``InputError`` (``TARGET_NOT_FOUND``)."""
    async with database.sessions() as db:
        return await find_target(db, reference)


async def participants_file(
    database: Database,
    viewer: Viewer,
    kind: TargetKind,
    public_id: str,
    export_format: ExportFormat,
) -> ExportFile:
    """The participant list of a session or event as a CSV or ODS file."""
    async with database.sessions() as db:
        participants = await participant_list(db, viewer, kind, public_id)
        table = participant_table(participants)
        content = table_csv(table) if export_format is ExportFormat.CSV else table_ods(table)
        await audit.record(
            db,
            viewer,
            action="participants.export",
            object_type="ParticipantList",
            object_public_id=public_id,
            department_codes=participants.target.department_codes,
            changes={"format": export_format.value, "rows": len(table.rows)},
        )
        await db.commit()
    return ExportFile(
        filename=participants_filename(participants.target, export_format),
        media_type=_MEDIA_TYPES[export_format],
        content=content,
    )


async def attendance_file(
    database: Database, viewer: Viewer, kind: TargetKind, public_id: str, day: date
) -> ExportFile:
    """The attendance sheet of ``day`` of a session or event as a PDF file."""
    # ReportLab (a third of a second to import) only when a sheet is printed, not in every
    # worker's start.
    from core.exports.attendance_pdf import attendance_pdf

    async with database.sessions() as db:
        sheet = await attendance_sheet(db, viewer, kind, public_id, day)
        content = attendance_pdf(sheet)
        await audit.record(
            db,
            viewer,
            action="attendance.print",
            object_type="AttendanceSheet",
            object_public_id=public_id,
            department_codes=sheet.department_codes,
            changes={"day": day.isoformat(), "rows": len(sheet.attendees)},
        )
        await db.commit()
    return ExportFile(
        filename=f"emargement-{_slug(sheet.title)}-{day.isoformat()}.pdf",
        media_type="application/pdf",
        content=content,
    )

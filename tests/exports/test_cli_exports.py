"""``cps export``: the participant list and the attendance sheet from a server's shell."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from core.cli import app
from core.models import AuditEntry
from tests.exports.conftest import pdf_text

runner = CliRunner()


async def cps(database_url: str, *args: str):
    """Run ``cps ARGS`` on the test's database (in a thread: the command runs its own loop)."""
    return await asyncio.to_thread(
        runner.invoke, app, list(args), env={"CPS_DATABASE_URL": database_url}
    )


async def test_participants_as_csv_and_ods_files(database_url, registered, tmp_path: Path):
    await registered()
    target = tmp_path / "liste.csv"
    result = await cps(database_url, "export", "participants", "2025-2", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert f"Fichier écrit : {target}" in result.output
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == [
        "Zoé L'Hôte-Œuvre", "Bruno Martin", "Camille <b>Dupont</b>"
    ]
    ods = tmp_path / "liste.ods"
    result = await cps(
        database_url, "export", "participants", "2025-2", "--format", "ods", "-o", str(ods)
    )
    assert result.exit_code == 0, result.output
    assert ods.read_bytes()[30:38] == b"mimetype"


async def test_the_attendance_sheet_of_a_day(
    database_url, database, registered, session_2_trainers, tmp_path: Path, monkeypatch
):
    await registered()
    monkeypatch.chdir(tmp_path)
    result = await cps(database_url, "export", "attendance", "2025-2", "--day", "2025-05-07")
    assert result.exit_code == 0, result.output
    written = tmp_path / "emargement-session-2-2025-module-1-2025-05-07.pdf"
    text = pdf_text(written.read_bytes())
    assert "Jour 3 sur 3 : mercredi 7 mai 2025" in text
    assert "Anne Le Royer" in text and "Bruno Martin" in text
    async with database.sessions() as db:
        entry = await db.scalar(select(AuditEntry).where(AuditEntry.action == "attendance.print"))
    assert entry.actor == "regional:ligne de commande"


async def test_mistakes_are_one_french_line_and_write_nothing(database_url, tmp_path: Path):
    target = tmp_path / "feuille.pdf"
    cases = [
        (("attendance", "2025-2", "--day", "2025-05-08"), "DAY_NOT_HELD", "n'a pas lieu le jeudi 8 mai 2025"),
        (("attendance", "2025-2", "--day", "08/05/2025"), "INVALID_DATE", "AAAA-MM-JJ"),
        (("attendance", "2031-1", "--day", "2025-05-05"), "TARGET_NOT_FOUND", "« 2031-1 »"),
        (("participants", "2025-2", "--format", "xlsx"), "INVALID_FORMAT", "csv ou ods"),
    ]
    for args, code, words in cases:
        result = await cps(database_url, "export", *args, "-o", str(target))
        assert result.exit_code == 2, result.output
        [line] = result.output.strip().splitlines()
        assert line.startswith(f"cps: erreur [{code}] : ") and words in line
        assert not target.exists()


async def test_help_explains_the_commands():
    result = await asyncio.to_thread(runner.invoke, app, ["export", "--help"])
    assert "participants" in result.output and "attendance" in result.output

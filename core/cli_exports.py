"""``cps export``: a session's or event's participant list and attendance sheets as files,
for a server without a browser. The command line acts as regional staff (it runs on the
server), and each export is written to the audit trail as the back-office's are."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from core import cli_support

export_app = typer.Typer(
    help="Files of a session or event: participant list (CSV, ODS), attendance sheet (PDF).",
    no_args_is_help=True,
)

TargetArgument = Annotated[
    str,
    typer.Argument(
        metavar="SESSION_ID",
        help="The session's or event's public ID, or YEAR-NUMBER for a session (2025-4).",
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o",
        help="File to write ('-' for standard output); by default a name made from the "
        "session, in the current folder.",
    ),
]


def _write(exported, output: Path | None) -> None:
    """Write ``exported`` (an ``ExportFile``) where asked, and say where."""
    if output is not None and str(output) == "-":
        typer.get_binary_stream("stdout").write(exported.content)
        return
    path = output or Path(exported.filename)
    path.write_bytes(exported.content)
    typer.echo(f"Fichier écrit : {path}", err=True)


def _export(target: str, output: Path | None, produce) -> None:
    """Find ``target``, run ``produce(database, viewer, kind, public_id)`` (an export of
    ``core.exports.files``) as the command line, and write its file; an expected refusal is
    one French line."""
    from core.cli_people import command_line_viewer
    from core.exports.files import find
    from core.services.errors import InputError

    async def make(database):
        kind, public_id = await find(database, target)
        return await produce(database, command_line_viewer(), kind, public_id)

    settings = cli_support.load_settings()
    try:
        exported = cli_support.with_database(settings, make)
    except InputError as error:
        raise cli_support.fail(error.code, error.message) from None
    _write(exported, output)


@export_app.command("participants")
def participants(
    target: TargetArgument,
    export_format: Annotated[
        str, typer.Option("--format", "-f", help="csv (Excel, LibreOffice) or ods.")
    ] = "csv",
    output: Output = None,
) -> None:
    """Write the participant list of a session or event: name, e-mail, organisation,
    department, status, waitlist position, registration date, prerequisites declared."""
    from core.exports.files import ExportFormat, participants_file

    try:
        chosen = ExportFormat(export_format.strip().lower())
    except ValueError:
        raise cli_support.fail(
            "INVALID_FORMAT", f"format « {export_format} » inconnu : csv ou ods."
        ) from None

    _export(
        target,
        output,
        lambda database, viewer, kind, public_id: participants_file(
            database, viewer, kind, public_id, chosen
        ),
    )


@export_app.command("attendance")
def attendance(
    target: TargetArgument,
    day: Annotated[
        str, typer.Option("--day", "-d", metavar="YYYY-MM-DD", help="The day of the sheet.")
    ],
    output: Output = None,
) -> None:
    """Write the attendance sheet (PDF) of one day of a session or event: confirmed
    participants with signature boxes for the morning and the afternoon."""
    from core.exports.files import attendance_file

    try:
        chosen = date.fromisoformat(day.strip())
    except ValueError:
        raise cli_support.fail(
            "INVALID_DATE", f"date « {day} » illisible : écrivez-la AAAA-MM-JJ (2025-04-28)."
        ) from None

    _export(
        target,
        output,
        lambda database, viewer, kind, public_id: attendance_file(
            database, viewer, kind, public_id, chosen
        ),
    )

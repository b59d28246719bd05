"""Tables as CSV files the way French spreadsheets open them.

Excel in French reads a CSV file by the system's locale: the separator is ``;`` (the comma is
the decimal mark) and, without a byte-order mark, the text is taken as Windows-1252, which
garbles every accent. So the file is UTF-8 *with* a BOM, ``;``-separated, lines ending with
CRLF, decimals written with a comma and dates as JJ/MM/AAAA HH:MM. A cell that a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``) is prefixed with an
apostrophe: a registrant's name is text, never a formula run on a staff member's machine.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from core.exports.participant_table import Cell, Table

BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(cell: Cell) -> str:
    """How one cell is written in the file."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, float):
        return f"{cell:g}".replace(".", ",")
    if isinstance(cell, int):
        return str(cell)
    if cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def table_csv(table: Table) -> bytes:
    """The CSV file of ``table``: its headings, then its rows (UTF-8 with a BOM, ``;``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([cell_text(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")

"""Tables as OpenDocument spreadsheets (``.ods``), written with the standard library.

An ODS file is a zip: ``mimetype`` first and uncompressed (how applications recognise it), a
manifest, and ``content.xml`` holding the sheet. A one-sheet table needs nothing more, so no
library is used (the maintained ones are large, the small ones unmaintained). Cells are typed:
numbers are numbers and dates are dates (shown JJ/MM/AAAA HH:MM) that sort and filter as such;
text is always a string cell, never a formula. The heading row is bold, frozen for printing
(repeated on each page) and each column is about as wide as its longest value.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from xml.etree import ElementTree

from core.exports.participant_table import Cell, Table

MEDIA_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
# Characters XML 1.0 cannot carry at all: dropped from what people typed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A sheet name may not hold these characters (nor be longer than 31 in some applications).
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]*?:/\\']")


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NAMESPACES[prefix]}}}{local}"


def _element(parent: ElementTree.Element | None, name: str, **attributes: str):
    qualified = {_q(key.replace("__", ":").replace("_", "-")): value for key, value in attributes.items()}
    if parent is None:
        return ElementTree.Element(_q(name), qualified)
    return ElementTree.SubElement(parent, _q(name), qualified)


def _xml(root: ElementTree.Element) -> bytes:
    for prefix, uri in _NAMESPACES.items():
        ElementTree.register_namespace(prefix, uri)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _manifest() -> bytes:
    root = _element(None, "manifest:manifest", manifest__version="1.2")
    _element(
        root, "manifest:file-entry",
        manifest__full_path="/", manifest__version="1.2", manifest__media_type=MEDIA_TYPE,
    )
    _element(
        root, "manifest:file-entry",
        manifest__full_path="content.xml", manifest__media_type="text/xml",
    )
    return _xml(root)


def _styles(parent: ElementTree.Element, widths: list[float]) -> None:
    styles = _element(parent, "office:automatic-styles")
    date_style = _element(styles, "number:date-style", style__name="N_DATE")
    for part, text in (
        ("day", "/"), ("month", "/"), ("year", " "), ("hours", ":"), ("minutes", None),
    ):
        _element(date_style, f"number:{part}", number__style="long")
        if text:
            _element(date_style, "number:text").text = text
    for index, width in enumerate(widths):
        column = _element(styles, "style:style", style__name=f"co{index}", style__family="table-column")
        _element(column, "style:table-column-properties", style__column_width=f"{width:.1f}cm")
    heading = _element(styles, "style:style", style__name="ce_heading", style__family="table-cell")
    _element(heading, "style:text-properties", fo__font_weight="bold")
    _element(
        styles, "style:style",
        style__name="ce_date", style__family="table-cell", style__data_style_name="N_DATE",
    )


def _width(table: Table, index: int) -> float:
    longest = max(
        [len(table.columns[index])]
        + [len(_plain(row[index])) for row in table.rows if row[index] is not None]
    )
    return min(max(longest * 0.2 + 0.4, 2.0), 9.0)


def _plain(cell: Cell) -> str:
    if isinstance(cell, datetime):
        return "00/00/0000 00:00"
    return str(cell)


def _text_cell(row: ElementTree.Element, text: str, **attributes: str) -> None:
    cell = _element(row, "table:table-cell", office__value_type="string", **attributes)
    for line in _NOT_XML.sub("", text).split("\n"):
        _element(cell, "text:p").text = line


def _cell(row: ElementTree.Element, value: Cell) -> None:
    if value is None:
        _element(row, "table:table-cell")
    elif isinstance(value, datetime):
        cell = _element(
            row, "table:table-cell", table__style_name="ce_date", office__value_type="date",
            office__date_value=value.replace(tzinfo=None).isoformat(timespec="seconds"),
        )
        _element(cell, "text:p").text = value.strftime("%d/%m/%Y %H:%M")
    elif isinstance(value, int | float):
        cell = _element(row, "table:table-cell", office__value_type="float", office__value=repr(value))
        _element(cell, "text:p").text = f"{value:g}".replace(".", ",")
    else:
        _text_cell(row, value)


def sheet_name(title: str) -> str:
    """A valid sheet name made of ``title``."""
    return _NOT_IN_SHEET_NAME.sub(" ", _NOT_XML.sub("", title)).strip()[:31] or "Feuille 1"


def _content(table: Table) -> bytes:
    root = _element(None, "office:document-content", office__version="1.2")
    _styles(root, [_width(table, index) for index in range(len(table.columns))])
    body = _element(_element(root, "office:body"), "office:spreadsheet")
    sheet = _element(body, "table:table", table__name=sheet_name(table.title))
    for index in range(len(table.columns)):
        _element(sheet, "table:table-column", table__style_name=f"co{index}")
    heading = _element(_element(sheet, "table:table-header-rows"), "table:table-row")
    for column in table.columns:
        _text_cell(heading, column, table__style_name="ce_heading")
    for values in table.rows:
        row = _element(sheet, "table:table-row")
        for value in values:
            _cell(row, value)
    return _xml(root)


def table_ods(table: Table) -> bytes:
    """The ODS file of ``table``: one sheet named after its title, headings then rows."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MEDIA_TYPE, zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _manifest(), zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", _content(table), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()

"""The attendance sheet of one day as a printable PDF (A4), drawn with ReportLab.

ReportLab lays out tables that break across pages with their heading row repeated, and ships
the Bitstream Vera fonts, which are embedded in the file: French accents, « », œ and the
apostrophe print the same on every machine, with no system font and no network. The sheet
says which session or event and which day (in French, with its hours), where, who leads it,
then lists the confirmed participants (name, organisation) with a signature box for the
morning and one for the afternoon, and a box per trainer; every page's footer repeats the
session and day and says "Page N sur M".
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.hooks.messages import french_date
from core.hooks.types import TargetKind
from core.services.attendance import AttendanceSheet

REGULAR, BOLD = "CPS-Vera", "CPS-Vera-Bold"
MARGIN = 1.5 * cm
# Tall enough to sign in.
SIGNATURE_ROW_HEIGHT = 1.15 * cm
_GREY = colors.HexColor("#555555")


def _register_fonts() -> None:
    """Register the embedded fonts once (ReportLab keeps a process-wide registry)."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))
        # So that <b> in a paragraph picks the bold face.
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
        )


def _style(name: str, size: float, *, bold: bool = False, **more) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=BOLD if bold else REGULAR, fontSize=size, leading=size * 1.25, **more
    )


def _text(value: str) -> str:
    # Paragraphs read markup: what people typed is escaped. Vera has no narrow no-break space.
    return escape(value.replace("\u202f", "\u00a0"))


def _hours(sheet: AttendanceSheet) -> str:
    def hour(at) -> str:
        return f"{at.hour} h" if at.minute == 0 else f"{at.hour} h {at.minute:02d}"

    return f"de {hour(sheet.starts_at)} à {hour(sheet.ends_at)}"


def day_line(sheet: AttendanceSheet) -> str:
    """« Jour 1 sur 3 : lundi 28 avril 2025, de 9 h à 17 h » (no day count for one day)."""
    when = f"{french_date(sheet.day)}, {_hours(sheet)}"
    if sheet.day_count > 1:
        return f"Jour {sheet.day_number} sur {sheet.day_count} : {when}"
    return when[0].upper() + when[1:]


def _numbered_canvas(footer: str):
    """A canvas class that writes ``footer`` and "Page N sur M" on every page, once the number
    of pages is known (the pages are kept until the document is saved)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(REGULAR, 8)
                self.setFillColor(_GREY)
                self.drawString(MARGIN, MARGIN / 2, footer)
                self.drawRightString(A4[0] - MARGIN, MARGIN / 2, f"Page {number} sur {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def _signature_table(heading: list, rows: list[list], widths: list[float]) -> Table:
    """A grid with a heading row (repeated on every page) and rows tall enough to sign in;
    its last two columns are the morning's and the afternoon's signatures."""
    table = Table(
        [heading, *rows],
        colWidths=widths,
        repeatRows=1,
        rowHeights=[None] + [SIGNATURE_ROW_HEIGHT] * len(rows),
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), BOLD, 9),
                ("FONT", (0, 1), (-1, -1), REGULAR, 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (-2, 0), (-1, 0), "CENTER"),
            ]
        )
    )
    return table


def attendance_pdf(sheet: AttendanceSheet) -> bytes:
    """The PDF of ``sheet``: heading, the participants' table, the trainers' signatures."""
    _register_fonts()
    cell = _style("cell", 9)
    heading = _style("heading", 9, bold=True)
    width = A4[0] - 2 * MARGIN
    leaders_word = "Formateurs" if sheet.kind is TargetKind.SESSION else "Animation"
    story = [
        Paragraph("Feuille d'émargement", _style("title", 18, bold=True, alignment=TA_CENTER)),
        Spacer(0, 0.3 * cm),
        Paragraph(_text(sheet.title), _style("target", 13, bold=True, alignment=TA_CENTER)),
        Paragraph(_text(sheet.subtitle), _style("subtitle", 10, alignment=TA_CENTER)),
        Spacer(0, 0.4 * cm),
        Paragraph(_text(day_line(sheet)), _style("day", 11, bold=True)),
        Paragraph(f"<b>Lieu :</b> {_text(sheet.place)}", _style("place", 10)),
        Paragraph(
            f"<b>{leaders_word} :</b> {_text(', '.join(sheet.leaders) or 'à préciser')}",
            _style("leaders", 10),
        ),
        Spacer(0, 0.4 * cm),
    ]
    signatures = [3.6 * cm, 3.6 * cm]
    if sheet.attendees:
        rows = [
            [
                str(index),
                Paragraph(_text(person.full_name), cell),
                Paragraph(_text(person.organization or ""), cell),
                "",
                "",
            ]
            for index, person in enumerate(sheet.attendees, start=1)
        ]
        names = [0.9 * cm, 5.0 * cm, width - 13.1 * cm]
        story.append(
            _signature_table(
                ["N°", Paragraph("Nom", heading), Paragraph("Organisation", heading),
                 "Matin", "Après-midi"],
                rows,
                names + signatures,
            )
        )
    else:
        story.append(Paragraph("Aucun participant confirmé à ce jour.", _style("none", 10)))
    if sheet.leaders:
        story += [
            Spacer(0, 0.6 * cm),
            Paragraph(
                "Signatures des formateurs" if sheet.kind is TargetKind.SESSION
                else "Signatures de l'animation",
                _style("signatures", 11, bold=True),
            ),
            Spacer(0, 0.2 * cm),
            _signature_table(
                [Paragraph(leaders_word, heading), "Matin", "Après-midi"],
                [[Paragraph(_text(leader), cell), "", ""] for leader in sheet.leaders],
                [width - 7.2 * cm, *signatures],
            ),
        ]
    buffer = io.BytesIO()
    footer = f"Pôle CPS Pays de la Loire — {sheet.title} — {french_date(sheet.day)}"
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"Feuille d'émargement — {sheet.title} — {french_date(sheet.day)}",
        author="Pôle CPS Pays de la Loire",
        lang="fr-FR",
        invariant=True,
    )
    document.build(story, canvasmaker=_numbered_canvas(footer.replace("\u202f", "\u00a0")))
    return buffer.getvalue()

"""The printed receipt: an A4 PDF with the counterfoil (for the holder) and the voucher (for customs).

Page 1 holds the counterfoil, a cut line and the start of the voucher; the voucher's list of declared goods
goes on over as many pages as it needs, its headings repeated. Every page carries a running line (type,
carnet number, verification code), its page number and, on a training receipt, "TRAINING – NOT VALID" as a
banner and across the page. Both parts show the verification code in large type and its QR, drawn as vector
squares from :func:`~carnet_domain.payload.verification_payload`.

Text from outside (holder, remarks, descriptions...) is printed literally: nothing is read as markup, control
characters show as escapes such as ``\\x1b`` (as on the screen) and characters the font lacks as ``\\u4e2d``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

import segno
from fpdf import FPDF, FontFace, XPos, YPos
from fpdf.fonts import TTFFont

from carnet_domain.carnet import Carnet
from carnet_domain.payload import verification_payload
from carnet_domain.transaction import Transaction
from ecarnet_tui.formats import labelled
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import printable
from ecarnet_tui.printing.fonts import ReceiptFonts, find_fonts
from ecarnet_tui.printing.receipt_content import (
    Field,
    GoodsLine,
    goods_headings,
    goods_lines,
    identity_fields,
    remark_fields,
    transaction_fields,
)
from ecarnet_tui.texts.labels import type_name

SANS, MONO = "dejavu-sans", "dejavu-mono"
MARGIN, BOTTOM = 12.0, 14.0
QR_SIZE = 34.0
"""Millimetres, quiet zone included: about 1.2 mm a module for the version 1 code, easy for a phone."""
QR_QUIET = 4
RED = (200, 0, 0)
PALE_RED = (255, 215, 215)
GREY = (230, 230, 230)
ORANGE = (255, 190, 80)


class ReceiptDocument(FPDF):
    """The A4 page furniture: running line, page numbers and, for training, the stamp on every page."""

    def __init__(self, fonts: ReceiptFonts, *, training: bool, running_line: str, provisional: bool = False) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.training = training
        self.provisional = provisional
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=BOTTOM)
        self.add_font(SANS, "", str(fonts.regular))
        self.add_font(SANS, "B", str(fonts.bold))
        self.add_font(MONO, "B", str(fonts.mono_bold))
        font = self.fonts[SANS]
        self._covered = set(font.cmap) if isinstance(font, TTFFont) else set(range(256))
        self.running_line = self.shown(running_line)
        self.set_title(self.shown(_("eCarnet receipt")))
        self.set_creator("ecarnet-tui")

    def shown(self, text: str) -> str:
        """``text`` as printed: control characters and characters without a glyph become visible escapes."""
        return "".join(c if ord(c) in self._covered else f"\\u{ord(c):04x}" for c in printable(text))

    def header(self) -> None:
        if self.training:
            self._training_stamp()
        if self.provisional:
            self._provisional_stamp()
        self.set_font(SANS, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.running_line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-BOTTOM + 4)
        self.set_font(SANS, "", 8)
        page = _("Page {page} of {pages}").format(page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(0, 5, self.shown(page), align="R")

    def _training_stamp(self) -> None:
        stamp = self.shown(_("TRAINING – NOT VALID"))
        with self.local_context(text_color=PALE_RED):
            self.set_font(SANS, "B", 64)
            width = self.get_string_width(stamp)
            with self.rotation(angle=55, x=self.w / 2, y=self.h / 2):
                self.text(self.w / 2 - width / 2, self.h / 2 + 8, stamp)
        self.set_font(SANS, "B", 14)
        with self.local_context(fill_color=RED, text_color=(255, 255, 255)):
            self.cell(0, 9, stamp, align="C", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def _provisional_stamp(self) -> None:
        stamp = self.shown(_("PROVISIONAL – not yet accepted by the central"))
        self.set_font(SANS, "B", 13)
        with self.local_context(fill_color=ORANGE, text_color=(0, 0, 0)):
            self.cell(0, 9, stamp, align="C", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    # --- the parts -----------------------------------------------------------------------------------------

    def reference(self, local_ref: str, kind: str, note: str) -> None:
        """A provisional receipt's local reference in large type, where the verification code will be."""
        self.set_font(SANS, "", 9)
        self.cell(0, 5, self.shown(_("Local reference")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(MONO, "B", 26)
        self.cell(0, 13, self.shown(local_ref), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(SANS, "B", 12)
        self.multi_cell(0, 6, self.shown(kind), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(SANS, "", 9)
        self.multi_cell(0, 4.6, self.shown(note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def checks_left(self, heading: str, lines: Sequence[str]) -> None:
        """What the desk could not check offline: the central checks it when the commit reaches it."""
        self.set_font(SANS, "B", 10)
        self.cell(0, 6, self.shown(heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(SANS, "", 9)
        for line in lines:
            self.multi_cell(0, 4.6, self.shown("• " + line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def part_heading(self, title: str) -> None:
        self.set_font(SANS, "B", 12)
        with self.local_context(fill_color=GREY):
            self.cell(0, 8, self.shown(title), fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def verification(self, code: str, payload: str | None, kind: str, carnet_number: str) -> None:
        """The verification code in large type beside its QR; without ``payload`` (a code no QR can hold), an
        empty frame where the QR would be and a line saying that the code is to be typed."""
        if self.will_page_break(QR_SIZE + 2):
            self.add_page()
        top = self.get_y()
        qr_x = self.w - self.r_margin - QR_SIZE
        if payload is not None:
            draw_qr(self, payload, qr_x, top, QR_SIZE)
        else:
            self._no_qr(qr_x, top)
        width = qr_x - self.l_margin - 4
        self.set_font(SANS, "", 9)
        self.cell(width, 5, self.shown(_("Verification code")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(MONO, "B", 26)
        self.cell(width, 13, self.shown(code), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(SANS, "B", 12)
        self.multi_cell(width, 6, self.shown(kind), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(SANS, "", 10)
        self.multi_cell(width, 5, self.shown(labelled(_("Carnet number"), carnet_number)),
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if payload is None:
            self.set_font(SANS, "B", 10)
            typed = _("The QR could not be drawn: type the verification code.")
            with self.local_context(text_color=RED):
                self.multi_cell(width, 5, self.shown(typed), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(max(self.get_y(), top + QR_SIZE) + 2)

    def _no_qr(self, x: float, y: float) -> None:
        """A grey frame where the QR would be, saying there is none."""
        with self.local_context(draw_color=(120, 120, 120)):
            self.rect(x, y, QR_SIZE, QR_SIZE)
        self.set_xy(x, y + QR_SIZE / 2 - 5)
        self.set_font(SANS, "", 9)
        self.multi_cell(QR_SIZE, 5, self.shown(_("No QR")), align="C")
        self.set_xy(self.l_margin, y)

    def fields(self, rows: Sequence[Field]) -> None:
        """Labels and values, two columns; a long value wraps, a row never splits across pages."""
        self.set_font(SANS, "", 9)
        label_style = FontFace(emphasis="BOLD")
        with self.table(col_widths=(32, 68), first_row_as_headings=False, borders_layout="NONE",
                        text_align="LEFT", line_height=4.6, padding=(0.6, 1)) as table:
            for label, value in rows:
                row = table.row()
                row.cell(self.shown(label), style=label_style)
                row.cell(self.shown(value))
        self.ln(2)

    def cut_line(self) -> None:
        self.ln(2)
        y = self.get_y()
        self.set_draw_color(120, 120, 120)
        self.set_dash_pattern(dash=2, gap=1.5)
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_dash_pattern()
        self.set_draw_color(0, 0, 0)
        self.set_font(SANS, "", 7)
        self.cell(0, 4, self.shown("✂ " + _("Cut here: the counterfoil above, the voucher below")),
                  align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)

    def goods(self, headings: GoodsLine, lines: Sequence[GoodsLine]) -> None:
        """The declared goods, the totals in bold. Headings repeat on every page."""
        self.set_font(SANS, "B", 11)
        self.cell(0, 7, self.shown(_("Declared goods")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(SANS, "", 8)
        marks_label = _("Identification marks: {marks}")
        bold = FontFace(emphasis="BOLD")
        with self.table(col_widths=(10, 9, 57, 9, 15), text_align=("RIGHT", "RIGHT", "LEFT", "CENTER", "RIGHT"),
                        line_height=4, padding=(0.8, 1), headings_style=FontFace(emphasis="BOLD"),
                        repeat_headings=1) as table:
            for line in [headings, *lines]:
                description = self.shown(line.description)
                if line.marks:
                    description += "\n" + self.shown(marks_label.format(marks=line.marks))
                row = table.row(style=bold if line.total else None)
                for text in (line.item_no, line.pieces):
                    row.cell(self.shown(text))
                row.cell(description)
                row.cell(self.shown(line.origin))
                row.cell(self.shown(line.value))


def draw_qr(pdf: FPDF, payload: str, x: float, y: float, size: float) -> None:
    """``payload``'s QR (error correction M, as on the screen) as black squares on white, quiet zone included."""
    code = segno.make(payload, error="m", micro=False, boost_error=False)
    matrix = [[bool(m) for m in row] for row in code.matrix]
    module = size / (len(matrix) + 2 * QR_QUIET)
    with pdf.local_context(fill_color=(255, 255, 255)):
        pdf.rect(x, y, size, size, style="F")
    with pdf.local_context(fill_color=(0, 0, 0)):
        for r, row in enumerate(matrix):
            c = 0
            while c < len(row):
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                pdf.rect(x + (QR_QUIET + start) * module, y + (QR_QUIET + r) * module, (c - start) * module,
                         module, style="F")


def receipt_pdf(
    transaction: Transaction, carnet: Carnet | None, *, training: bool, zone: tzinfo | None = None,
    fonts: ReceiptFonts | None = None,
) -> bytes:
    """The receipt of ``transaction`` on ``carnet`` as PDF bytes; ``training`` stamps every page and marks the QR.
    Without the carnet (a commit recorded offline without it) the receipt names the carnet and the declared ranges
    but lists no goods.

    Times are shown in the workstation's local time zone (or ``zone``). Raises
    :class:`~ecarnet_tui.printing.fonts.FontMissing` when the DejaVu fonts are not installed.
    """
    tx = transaction
    kind = type_name(tx.type)
    code = tx.verification_code
    payload = verification_payload(code, training)
    number = carnet.number if carnet is not None else tx.carnet_number
    running = _("eCarnet receipt · {type} · carnet {number} · verification code {code}").format(
        type=kind, number=number, code=code)
    pdf = ReceiptDocument(fonts or find_fonts(), training=training, running_line=running)
    pdf.add_page()
    both = identity_fields(tx, carnet) + transaction_fields(tx, carnet, zone)

    pdf.part_heading(_("Counterfoil – for the holder"))
    pdf.verification(code, payload, kind, number)
    pdf.fields(both)
    pdf.cut_line()

    pdf.part_heading(_("Voucher – for customs"))
    pdf.verification(code, payload, kind, number)
    pdf.fields(both + remark_fields(tx))
    if carnet is not None:
        pdf.goods(goods_headings(carnet), goods_lines(tx, carnet))
    return bytes(pdf.output())

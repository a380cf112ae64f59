"""The shift's hand-over report as an A4 PDF (issue 7), with the receipt's page furniture: a running line,
page numbers and, in training, "TRAINING – NOT VALID" on every page. Text is printed literally, as on the
receipt."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path

from fpdf import FontFace, XPos, YPos

from central_contract.models import HandoverReport
from ecarnet_tui.i18n import _
from ecarnet_tui.printing.fonts import ReceiptFonts, find_fonts
from ecarnet_tui.printing.handover_content import QueueState, Section, handover_sections
from ecarnet_tui.printing.printer import safe_name, save_pdf
from ecarnet_tui.printing.receipt_pdf import SANS, ReceiptDocument


class HandoverDocument(ReceiptDocument):
    """The receipt's A4 page with its running line, page numbers and training stamp; sections of tables."""

    def section(self, part: Section) -> None:
        if self.will_page_break(30):
            self.add_page()
        self.part_heading(part.title)
        if part.fields:
            self.fields(part.fields)
        if part.headings:
            self.rows(part.headings, part.rows, part.widths)

    def rows(self, headings: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> None:
        if not rows:
            self.set_font(SANS, "", 9)
            self.cell(0, 5, self.shown(_("None.")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(3)
            return
        self.set_font(SANS, "", 8)
        with self.table(col_widths=tuple(widths) or None, text_align="LEFT", line_height=4, padding=(0.8, 1),
                        headings_style=FontFace(emphasis="BOLD"), repeat_headings=1) as table:
            for line in [headings, *rows]:
                row = table.row()
                for text in line:
                    row.cell(self.shown(text))
        self.ln(3)


def handover_pdf(report: HandoverReport, queue: QueueState, *, training: bool, zone: tzinfo | None = None,
                 fonts: ReceiptFonts | None = None) -> bytes:
    """The hand-over report of ``report``'s shift with ``queue`` (this workstation's) as PDF bytes.

    Raises :class:`~ecarnet_tui.printing.fonts.FontMissing` when the DejaVu fonts are not installed.
    """
    shift = report.shift
    running = _("Shift hand-over · {office} · shift {shift}").format(office=shift.office_name, shift=shift.shift_id)
    pdf = HandoverDocument(fonts or find_fonts(), training=training, running_line=running)
    pdf.set_title(pdf.shown(_("Shift hand-over report")))
    pdf.add_page()
    pdf.set_font(SANS, "B", 16)
    pdf.cell(0, 10, pdf.shown(_("Shift hand-over report")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for part in handover_sections(report, queue, zone):
        pdf.section(part)
    return bytes(pdf.output())


def handover_file_name(report: HandoverReport) -> str:
    """``handover-<office>-<shift id>.pdf``."""
    return f"handover-{safe_name(report.shift.office_id, report.shift.shift_id)}.pdf"


def save_handover(report: HandoverReport, queue: QueueState, folder: Path | None, *, training: bool,
                  fonts: ReceiptFonts | None = None) -> Path:
    """Make the report's PDF and save it in ``folder`` (the receipts folder by default); returns its path."""
    return save_pdf(handover_pdf(report, queue, training=training, fonts=fonts), folder, handover_file_name(report))

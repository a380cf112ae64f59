"""The demo codes on paper: one QR PNG per code, and a printable A4 sheet with every code and its text.

Trainers print the sheet (or show the PNGs) and trainees scan them at a workstation in training mode.
The payloads carry the training mark; the sheet says "TRAINING" on every page as well.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import segno
from fpdf import FPDF, XPos, YPos

from reference_central.demo.seed import DemoCode

HEADING = "TRAINING - demo carnets, not valid at a real border"
QUIET_ZONE = 4  # modules
MIN_PNG_PIXELS = 300
COLUMNS, ROWS = 2, 5  # codes per page: COLUMNS * ROWS
MARGIN = 10.0  # mm
TOP = 26.0  # mm, below the heading
QR_SIZE = 40.0  # mm, quiet zone included


def _qr(payload: str) -> segno.QRCode:
    return segno.make(payload, error="m", micro=False, boost_error=False)


def _ascii(text: str) -> str:
    """``text`` as the core PDF fonts print it: dashes as "-", accents dropped, anything else left out."""
    text = text.replace("\u2014", "-").replace("\u2013", "-")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _safe(part: object) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "-", _ascii(str(part))).strip("-") or "x"


def png_name(code: DemoCode) -> str:
    """``t<trainee>-<scenario>-<carnet ID>-<transaction type>.png``, filesystem-safe."""
    parts = (f"t{code.trainee}", code.scenario, code.carnet_id, code.transaction_type)
    return "-".join(_safe(p) for p in parts) + ".png"


def write_qr_pngs(codes: Sequence[DemoCode], folder: Path) -> list[Path]:
    """Write one PNG per code into ``folder`` (created if missing); returns the files, in ``codes``' order.

    Raises :class:`OSError` when ``folder`` cannot be created or written (for instance, it is a file).
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for code in codes:
        name = png_name(code)
        n = 2
        while name in used:
            name = png_name(code).removesuffix(".png") + f"-{n}.png"
            n += 1
        used.add(name)
        qr = _qr(code.payload)
        width = qr.symbol_size(scale=1, border=QUIET_ZONE)[0]
        path = folder / name
        qr.save(str(path), kind="png", scale=math.ceil(MIN_PNG_PIXELS / width), border=QUIET_ZONE)
        written.append(path)
    return written


class _Sheet(FPDF):
    def header(self) -> None:
        self.set_xy(MARGIN, MARGIN)
        self.set_font("Helvetica", "B", 14)
        self.cell(0, 8, HEADING, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, "Scan a code at a workstation in training mode. The codes stay the same after a demo reset.",
                  align="C")

    def footer(self) -> None:
        self.set_y(-MARGIN)
        self.set_font("Helvetica", "", 7)
        self.cell(0, 4, f"{HEADING}  -  page {self.page_no()}/{{nb}}", align="C")


def _draw_qr(pdf: FPDF, payload: str, x: float, y: float, size: float) -> None:
    """``payload``'s QR, quiet zone included, ``size`` mm wide: the same code as its PNG, placed as vector SVG."""
    svg = io.BytesIO()
    _qr(payload).save(svg, kind="svg", border=QUIET_ZONE, dark="#000", light="#fff", xmldecl=False, omitsize=True)
    svg.seek(0)
    pdf.image(svg, x=x, y=y, w=size, h=size)


def _draw_text(pdf: FPDF, code: DemoCode, x: float, y: float, width: float) -> None:
    def line(text: str, style: str = "", size: float = 8, height: float = 3.6, family: str = "Helvetica") -> None:
        pdf.set_font(family, style, size)
        pdf.set_x(x)
        pdf.multi_cell(width, height, _ascii(text), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)

    pdf.set_xy(x, y)
    line(code.label, "B")
    line(f"Carnet no. {code.carnet_number}  ({code.kind})")
    line(f"Carnet ID {code.carnet_id}")
    line(f"Type {code.transaction_type}")
    line(f"Trainee {code.trainee}  -  {code.scenario}", size=7)
    line("Transaction code", size=7, height=3.2)
    line(code.transaction_code, "B", size=11, height=4.6, family="Courier")
    line("Cancellation code", size=7, height=3.2)
    line(code.cancellation_code, "B", size=11, height=4.6, family="Courier")


def write_sheet(codes: Sequence[DemoCode], path: Path) -> Path:
    """Write every code's QR with its text on A4 pages (``COLUMNS`` x ``ROWS`` per page) to ``path``.

    Raises :class:`OSError` when ``path`` cannot be written.
    """
    pdf = _Sheet(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    pdf.set_title(HEADING)
    pdf.set_draw_color(190, 190, 190)
    column = (pdf.w - 2 * MARGIN) / COLUMNS
    row = (pdf.h - TOP - MARGIN - 2) / ROWS
    per_page = COLUMNS * ROWS
    for i, code in enumerate(codes):
        slot = i % per_page
        if slot == 0:
            pdf.add_page()
        x = MARGIN + (slot % COLUMNS) * column
        y = TOP + (slot // COLUMNS) * row
        pdf.rect(x, y, column, row)  # a cutting guide
        _draw_qr(pdf, code.payload, x + 2, y + (row - QR_SIZE) / 2, QR_SIZE)
        _draw_text(pdf, code, x + QR_SIZE + 4, y + 3, column - QR_SIZE - 6)
    if not codes:
        pdf.add_page()
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path

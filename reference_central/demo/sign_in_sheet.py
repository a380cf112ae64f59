"""The classroom's sign-in sheet: one A4 PDF the trainer hands out, saying how a trainee's workstation joins the
classroom central and, for each trainee, the account to sign in with and the code set (the QR sheet) to work on.
Every page says TRAINING; the password is the published training password, valid on a training central only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FontFace, XPos, YPos

from reference_central.pdf_fonts import TextPdf

HEADING = "TRAINING - classroom sign-in sheet"
FOOTER = "TRAINING - published training accounts, valid on a training central only"
MARGIN = 12.0


@dataclass(frozen=True, slots=True)
class Seat:
    """One trainee: the code set they work on, the account they sign in with, and their QR sheet."""

    trainee: int
    account_id: str
    shared: bool
    """The account is a demo account the class shares (a central without trainee accounts)."""
    sheet: str


class _SignInPdf(TextPdf):
    def header(self) -> None:
        self.use(14, "B")
        self.set_text_color(200, 0, 0)
        self.cell(0, 8, HEADING, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.use(7)
        self.cell(0, 4, f"{FOOTER}  -  page {self.page_no()}/{{nb}}", align="C")


def write_sign_in_sheet(path: Path, seats: Sequence[Seat], urls: Sequence[str], password: str,
                        workstation_key: str) -> Path:
    """Write the sheet to ``path``: how to join (``urls``, one per address of the trainer's laptop), how to sign
    in, then a row per trainee. Raises :class:`OSError` when ``path`` cannot be written."""
    pdf = _SignInPdf()
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(HEADING)
    pdf.set_subject("TRAINING")
    pdf.add_page()

    def para(text: str, size: float = 10, style: str = "", height: float = 5.5) -> None:
        pdf.use(size, style)
        pdf.multi_cell(0, height, pdf.shown(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    para("1. Join the classroom", 12, "B", 7)
    para("In the workstation's settings file (ecarnet.toml; `ecarnet --help` shows where it is), set:")
    for url in urls:
        para(f'    central_url = "{url}"', 10, "B")
    if len(urls) > 1:
        para("    (one of these: the trainer's laptop has several addresses, use the one of the network your "
             "workstation is on)", 8)
    para('    central_kind = "training"', 10, "B")
    para(f"Optional, for offline exercises: `ecarnet --register-workstation` with the training desk key "
         f"{workstation_key}.", 9)
    pdf.ln(3)
    para("2. Sign in", 12, "B", 7)
    para(f'Your account is below. The password of every training account is "{password}". The authenticator '
         "code is shown on the training sign-in screen: type the code it shows.")
    pdf.ln(3)
    para("3. Your account and your codes", 12, "B", 7)
    pdf.use(10)
    bold = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with pdf.table(col_widths=(22, 48, 40, 76), headings_style=bold, text_align="LEFT", line_height=6) as table:
        table.row(["Trainee", "Account", "Password", "QR sheet (your code set)"])
        for seat in seats:
            account = f"{seat.account_id} (shared)" if seat.shared else seat.account_id
            table.row([f"{seat.trainee:02d}", pdf.shown(account), pdf.shown(password), pdf.shown(seat.sheet)])
    if any(seat.shared for seat in seats):
        pdf.ln(2)
        para("(shared): this central has no account for each trainee; everyone signs in with the same training "
             "account and works on the codes of their own QR sheet.", 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path

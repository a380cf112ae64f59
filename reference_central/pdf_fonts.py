"""The font of the central's own PDFs (the classroom's report and sign-in sheet): DejaVu Sans when installed, so
that names beyond Latin-1 print as typed; the PDF core font Helvetica otherwise.

Text from outside (a trainee's name, a trainer's explanation) is printed literally: control and bidirectional
characters are left out (as :func:`central_contract.bounds.clean` does), nothing is read as markup, and a character
the font has no glyph for is written as an escape such as ``\\u4e2d``. DejaVu comes from Debian's
``fonts-dejavu-core`` (``scripts/setup`` installs it); ``ECARNET_FONT_DIR`` names another folder holding it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

from central_contract.bounds import clean

FONT_DIR_VARIABLE = "ECARNET_FONT_DIR"
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/TTF"),  # Arch
    Path("/usr/share/fonts/dejavu"),
)
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
UNICODE_FAMILY = "dejavu-sans"
CORE_FAMILY = "Helvetica"


def font_dirs() -> list[Path]:
    """Where DejaVu is looked for: ``$ECARNET_FONT_DIR`` first, then the usual system folders."""
    chosen = os.environ.get(FONT_DIR_VARIABLE, "")
    return ([Path(chosen)] if chosen else []) + list(FONT_DIRS)


def _found(dirs: Sequence[Path]) -> tuple[Path, Path] | None:
    for folder in dirs:
        regular, bold = folder / REGULAR, folder / BOLD
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


class TextPdf(FPDF):
    """An A4 PDF in millimetres whose :attr:`family` prints outside text literally (:meth:`shown`)."""

    def __init__(self, dirs: Sequence[Path] | None = None, *, orientation: str = "portrait") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        found = _found(font_dirs() if dirs is None else dirs)
        if found is None:
            self.family = CORE_FAMILY
            self._covered = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
        else:
            self.family = UNICODE_FAMILY
            self.add_font(UNICODE_FAMILY, "", str(found[0]))
            self.add_font(UNICODE_FAMILY, "B", str(found[1]))
            font = self.fonts[UNICODE_FAMILY]
            self._covered = set(font.cmap) if isinstance(font, TTFFont) else set(range(0x20, 0x100))
        self.set_creator("ecarnet-central")

    def shown(self, text: object) -> str:
        """``text`` as printed: on one line, without control or bidirectional characters, and any character the font
        lacks as an escape such as ``\\u4e2d``."""
        return "".join(c if ord(c) in self._covered else f"\\u{ord(c):04x}" for c in clean(str(text)))

    def use(self, size: float, style: str = "") -> None:
        self.set_font(self.family, style, size)

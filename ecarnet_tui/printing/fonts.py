"""The fonts of a printed receipt: DejaVu, so that holder names and remarks beyond Latin-1 print as typed.

They come from Debian's ``fonts-dejavu-core`` (``scripts/setup`` installs it); another folder holding the
same files can be named in the environment variable ``ECARNET_FONT_DIR``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ecarnet_tui.i18n import _

FONT_DIR_VARIABLE = "ECARNET_FONT_DIR"
DEBIAN_PACKAGE = "fonts-dejavu-core"
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/dejavu-sans-mono-fonts"),
    Path("/usr/share/fonts/TTF"),  # Arch
    Path("/usr/share/fonts/dejavu"),
)
REGULAR, BOLD, MONO_BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono-Bold.ttf"


class FontMissing(RuntimeError):
    """A font the receipt needs is not installed; the message says what to install."""


@dataclass(frozen=True, slots=True)
class ReceiptFonts:
    regular: Path
    bold: Path
    mono_bold: Path
    """For the verification code, whose characters must not be mistaken for one another."""


def font_dirs(chosen: Path | None = None) -> list[Path]:
    """Where fonts are looked for: the folder chosen in the settings (``font_dir``, ``$ECARNET_FONT_DIR``) first, then
    the usual system folders."""
    return ([chosen] if chosen is not None else []) + list(FONT_DIRS)


def find_fonts(dirs: Sequence[Path] | None = None) -> ReceiptFonts:
    """The receipt's fonts, each from the first folder of ``dirs`` (default: the system's) that has it."""
    folders = list(dirs) if dirs is not None else font_dirs()
    found: list[Path] = []
    for name in (REGULAR, BOLD, MONO_BOLD):
        path = next((folder / name for folder in folders if (folder / name).is_file()), None)
        if path is None:
            raise FontMissing(
                _("No receipt without the font {font}: install the Debian package {package} (scripts/setup "
                  "does it) or set {variable} to a folder holding the DejaVu fonts. Looked in {folders}.").format(
                    font=name, folders=", ".join(str(f) for f in folders), package=DEBIAN_PACKAGE,
                    variable=FONT_DIR_VARIABLE)
            )
        found.append(path)
    return ReceiptFonts(*found)

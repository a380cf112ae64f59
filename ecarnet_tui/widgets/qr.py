"""A QR code drawn in the terminal, so a holder's phone can read the receipt's verification code.

Each cell is an upper half block whose foreground is the upper module and background the lower one, in
fixed black and white whatever the theme. Terminals without UTF-8 get coloured spaces, one row per module.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

DARK, LIGHT = "#000000", "#ffffff"
QUIET_ZONE = 2
"""Modules of white border; readers need some, and four would not fit a 24-line terminal."""
HALF_BLOCKS = {
    (upper, lower): Style(color=DARK if upper else LIGHT, bgcolor=DARK if lower else LIGHT)
    for upper in (False, True) for lower in (False, True)
}
FULL_BLOCKS = {module: Style(bgcolor=DARK if module else LIGHT) for module in (False, True)}


def qr_matrix(payload: str, error: str = "m") -> list[list[bool]]:
    """The modules of ``payload``'s QR (error correction ``error``: M, or L for a long payload that must fit a
    24-line terminal), with the quiet zone; ``True`` is dark."""
    import segno  # only when a QR is drawn: the sign-in screen opens without it

    code = segno.make(payload, error=error, micro=False, boost_error=False)
    size = len(code.matrix)
    blank = [False] * (size + 2 * QUIET_ZONE)
    rows = [list(blank) for _ in range(QUIET_ZONE)]
    for row in code.matrix:
        rows.append([False] * QUIET_ZONE + [bool(m) for m in row] + [False] * QUIET_ZONE)
    rows.extend(list(blank) for _ in range(QUIET_ZONE))
    return rows


def _styled_runs(text: Text, cells: list[Style], glyph: str) -> None:
    """Append one ``glyph`` per cell, one span per run of equal styles (a QR has hundreds of cells)."""
    start = 0
    for end in range(1, len(cells) + 1):
        if end == len(cells) or cells[end] != cells[start]:
            text.append(glyph * (end - start), cells[start])
            start = end


def render_half_blocks(matrix: list[list[bool]]) -> Text:
    text = Text(no_wrap=True, overflow="crop")
    padded = matrix + ([[False] * len(matrix[0])] if len(matrix) % 2 else [])
    for top, bottom in zip(padded[::2], padded[1::2], strict=True):
        _styled_runs(text, [HALF_BLOCKS[upper, lower] for upper, lower in zip(top, bottom, strict=True)], "▀")
        text.append("\n")
    text.rstrip()
    return text


def render_ascii(matrix: list[list[bool]]) -> Text:
    text = Text(no_wrap=True, overflow="crop")
    for row in matrix:
        _styled_runs(text, [FULL_BLOCKS[module] for module in row], "  ")
        text.append("\n")
    text.rstrip()
    return text


class QRCode(Widget):
    """Shows ``payload`` as a QR code."""

    DEFAULT_CSS = """
    QRCode {
        width: auto;
        height: auto;
    }
    """

    payload: reactive[str] = reactive("", layout=True)
    ascii_only: reactive[bool] = reactive(False, layout=True)

    def __init__(
        self, payload: str = "", *, ascii_only: bool = False, id: str | None = None, error: str = "m",
    ) -> None:
        super().__init__(id=id)
        self.error = error
        self._drawn: tuple[str, bool, Text] | None = None
        self.set_reactive(QRCode.payload, payload)
        self.set_reactive(QRCode.ascii_only, ascii_only)

    def render(self) -> Text:
        """The code as text, made once per payload: Textual asks for it to measure and again to draw."""
        if self._drawn is None or self._drawn[:2] != (self.payload, self.ascii_only):
            text = Text("")
            if self.payload:
                matrix = qr_matrix(self.payload, self.error)
                text = render_ascii(matrix) if self.ascii_only else render_half_blocks(matrix)
            self._drawn = (self.payload, self.ascii_only, text)
        return self._drawn[2]

"""What a thin link needs sent: a program's full output is drawn on a canvas of what it wants shown, and only the
cells that differ from what the terminal already shows are written, with the fewest pen and cursor sequences (what
curses does).

The program's output is read as a terminal would read it: cursor moves, SGR, text, clearing. Everything else
(modes, titles, queries, the bell) is passed on unchanged, in order. Drawing is sent once per frame: at the end of
each write, or at the end of a synchronized update (``ESC [ ? 2026 l``) when the program brackets its frames."""

from __future__ import annotations

import re

from ecarnet_tui.terminal.canvas import BLANK, TAB, Canvas, Cell
from ecarnet_tui.terminal.cursor_moves import Position, cursor_move
from ecarnet_tui.terminal.pen import DEFAULT_PEN, apply_sgr, pen_change

_TOKEN = re.compile(
    r"\x1b\[(?P<csi_params>[0-?]*)(?P<csi_inter>[ -/]*)(?P<csi_final>[@-~])"
    r"|(?P<osc>\x1b\][^\x07\x1b]*(?:\x07|\x1b\\))"
    r"|(?P<string>\x1b[P_^X].*?\x1b\\)"
    r"|(?P<esc>\x1b[ -/]*[0-~])"
    r"|(?P<partial>\x1b)"
    r"|(?P<control>[\x00-\x1a\x1c-\x1f\x7f])"
    r"|(?P<text>[^\x00-\x1f\x7f]+)",
    re.S,
)
_NUMBERS = re.compile(r"\d*(?:;\d*)?")
_SCREEN_CHANGING_CSI = "@LMPST"
"""Insert or delete characters or lines, scroll: Textual writes none of them, and the canvas does not follow them."""
_SCREEN_CHANGING_ESC = {"\x1bc", "\x1bM", "\x1bD", "\x1bE"}
"""Reset, reverse index, index, next line."""
SYNC_START = "\x1b[?2026h"
SYNC_END = "\x1b[?2026l"
GAP = 4
"""Unchanged cells between two changes on a line are written again when there are fewer than this many: cheaper
than a cursor move."""
CLEAR = "\x1b[0m\x1b[H\x1b[2J"


class FrameDiffer:
    """Feed it a program's output, send the terminal what it returns."""

    def __init__(self, columns: int, rows: int) -> None:
        self.wanted = Canvas(columns, rows)
        self._shown: list[list[Cell]] | None = None
        """What the terminal shows; None when not known (then the next frame clears it first)."""
        self._cursor: Position | None = None
        self._pen = DEFAULT_PEN
        self._synchronized = False
        self._in_frame = False
        self._pending = ""
        self._drawn = False
        """Whether anything was drawn since the last frame was sent (modes alone never clear the terminal)."""

    @property
    def size(self) -> tuple[int, int]:
        return self.wanted.columns, self.wanted.rows

    def forget(self) -> None:
        """The terminal's contents are not known any more (another program wrote on it, it was resized): the next
        frame clears it and draws everything."""
        self._shown = None
        self._cursor = None

    def resize(self, columns: int, rows: int) -> None:
        self.wanted.resize(columns, rows)
        self.forget()

    def repaint(self) -> str:
        """Everything, drawn again on a cleared terminal."""
        self.forget()
        self._drawn = True
        return self._frame()

    def feed(self, data: str) -> str:
        data, self._pending = self._pending + data, ""
        out: list[str] = []
        for match in _TOKEN.finditer(data):
            if match.lastgroup == "partial":
                self._pending = data[match.start():]
                break
            passed = self._read(match)
            if passed:
                out.append(passed)
        if not self._in_frame:
            out.append(self._frame())
        return "".join(out)

    def _read(self, match: re.Match[str]) -> str:
        """Draws one token on the canvas; returns what must be passed on as it is."""
        kind = match.lastgroup
        canvas = self.wanted
        if kind == "text":
            canvas.write(match.group())
            self._drawn = True
            return ""
        if kind == "control":
            return self._control(match.group())
        if kind == "osc":
            return "" if match.group().startswith("\x1b]8;") else match.group()  # hyperlinks: the desk shows none
        if kind != "csi_final":
            if match.group() in _SCREEN_CHANGING_ESC:
                self._lose_track()
            return match.group()
        params, final = match.group("csi_params"), match.group("csi_final")
        if match.group("csi_inter"):
            return match.group()
        if final in _SCREEN_CHANGING_CSI and not params.startswith("?"):
            self._lose_track()
            return match.group()
        if final in "Hf" and _NUMBERS.fullmatch(params):
            row, _, column = params.partition(";")
            canvas.move_to(int(column or 1) - 1, int(row or 1) - 1)
        elif final == "m":
            canvas.pen = apply_sgr(canvas.pen, params)
        elif final == "J" and params in ("2", "3"):
            canvas.clear()
            self._drawn = True
        elif final == "J" and params in ("", "0", "1"):
            canvas.erase_display(int(params or 0))
            self._drawn = True
        elif final == "X" and (params.isdigit() or params == ""):
            canvas.erase_characters(int(params or 1))
            self._drawn = True
        elif final == "K" and params in ("", "0", "1", "2"):
            canvas.erase_line(int(params or 0))
            self._drawn = True
        elif final in "ABCDG" and (params.isdigit() or params == ""):
            self._relative(final, int(params or 1))
        elif params.startswith("?") and final in "hl":
            return self._private_mode(params[1:], final)
        else:
            return match.group()
        return ""

    def _lose_track(self) -> None:
        """A sequence this canvas does not draw (scrolling, inserting or deleting lines or characters...) went to the
        terminal as it was: what the terminal shows is not known any more, so the next frame draws everything."""
        self.forget()
        self._drawn = True

    def _relative(self, final: str, count: int) -> None:
        canvas = self.wanted
        x, y = canvas.x, canvas.y
        moves = {"A": (x, y - count), "B": (x, y + count), "C": (x + count, y), "D": (x - count, y),
                 "G": (count - 1, y)}
        canvas.move_to(*moves[final])

    def _control(self, character: str) -> str:
        canvas = self.wanted
        if character == "\r":
            canvas.x = 0
        elif character == "\n":
            if canvas.y == canvas.rows - 1:  # the terminal scrolls: what it shows is not known any more
                self.forget()
            canvas.move_to(canvas.x, canvas.y + 1)
        elif character == "\b":
            canvas.move_to(canvas.x - 1, canvas.y)
        elif character == "\t":
            canvas.move_to((canvas.x // TAB + 1) * TAB, canvas.y)
        else:
            return character
        return ""

    def _private_mode(self, modes: str, final: str) -> str:
        sequence = f"\x1b[?{modes}{final}"
        if modes == "2026":
            self._synchronized = True
            self._in_frame = final == "h"
            return ""
        if modes == "1049":  # the other screen: blank when entered, and the one left shows again
            self.wanted.clear()
            self.forget()
        return sequence

    def _frame(self) -> str:
        """What was drawn since the last frame, then the cursor where the program left it."""
        parts: list[str] = []
        canvas = self.wanted
        rows = 0
        if self._drawn:
            self._drawn = False
            if self._shown is None:
                parts.append(CLEAR)
                self._pen, self._cursor = DEFAULT_PEN, (0, 0)
                self._shown = [[BLANK] * canvas.columns for _ in range(canvas.rows)]
            for y, (wanted, shown) in enumerate(zip(canvas.lines, self._shown, strict=True)):
                if wanted != shown:
                    rows += 1
                    parts.extend(self._draw(y, start, end) for start, end in _runs(wanted, shown))
        elif self._shown is None:
            return ""
        target = (canvas.x, canvas.y)
        parts.append(cursor_move(self._cursor, target))
        self._cursor = target
        body = "".join(parts)
        if self._synchronized and rows > 1:
            return SYNC_START + body + SYNC_END
        return body

    def _draw(self, y: int, start: int, end: int) -> str:
        assert self._shown is not None
        wanted = self.wanted.lines[y]
        parts = [cursor_move(self._cursor, (start, y))]
        x = start
        while x < end:
            text, pen = wanted[x]
            width = 2 if x + 1 < len(wanted) and wanted[x + 1][0] == "" else 1
            parts.append(pen_change(self._pen, pen))
            parts.append(text)
            self._pen = pen
            x += width
        self._shown[y][start:x] = wanted[start:x]
        self._cursor = (x, y) if x < len(wanted) else None  # at the last column the cursor's place depends on
        return "".join(parts)                                # the terminal


def _runs(wanted: list[Cell], shown: list[Cell]) -> list[tuple[int, int]]:
    """The spans [start, end) of a line to write: the changed cells, joined across short unchanged gaps, widened to
    whole wide characters."""
    runs: list[list[int]] = []
    for x, (want, have) in enumerate(zip(wanted, shown, strict=True)):
        if want == have:
            continue
        if runs and x - runs[-1][1] < GAP:
            runs[-1][1] = x + 1
        else:
            runs.append([x, x + 1])
    for run in runs:
        while run[0] > 0 and wanted[run[0]][0] == "":
            run[0] -= 1
        while run[1] < len(wanted) and wanted[run[1]][0] == "":
            run[1] += 1
    return [(start, end) for start, end in runs]

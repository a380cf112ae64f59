"""A terminal screen as cells: what a program has drawn (or what a terminal shows), with a cursor and a pen.

A cell is its text and its pen. A wide character (two columns) is held in its first cell; the cell after it holds
"" (the character's second half). Text is measured as Rich measures it, which is how the desk's screens were laid
out."""

from __future__ import annotations

from rich.cells import get_character_cell_size

from ecarnet_tui.terminal.pen import DEFAULT_PEN, Pen

Cell = tuple[str, Pen]
BLANK: Cell = (" ", DEFAULT_PEN)
TAB = 8


class Canvas:
    """The cells of a screen of ``columns`` × ``rows``, the cursor (column, row) and the current pen."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns = max(columns, 1)
        self.rows = max(rows, 1)
        self.lines: list[list[Cell]] = [[BLANK] * self.columns for _ in range(self.rows)]
        self.x = 0
        self.y = 0
        self.pen = DEFAULT_PEN

    def resize(self, columns: int, rows: int) -> None:
        """Keep the cells that still fit (top left), blank the new ones."""
        columns, rows = max(columns, 1), max(rows, 1)
        lines = [line[:columns] + [BLANK] * (columns - len(line)) for line in self.lines[:rows]]
        lines += [[BLANK] * columns for _ in range(rows - len(lines))]
        for line in lines:
            if line and line[-1][0] != "" and get_character_cell_size(line[-1][0][:1] or " ") == 2:
                line[-1] = (" ", line[-1][1])
        self.lines, self.columns, self.rows = lines, columns, rows
        self.move_to(self.x, self.y)

    def move_to(self, x: int, y: int) -> None:
        self.x = min(max(x, 0), self.columns - 1)
        self.y = min(max(y, 0), self.rows - 1)

    def clear(self) -> None:
        """Every cell blank, in the current pen's background (what a terminal does)."""
        blank = (" ", self._erase_pen())
        self.lines = [[blank] * self.columns for _ in range(self.rows)]

    def erase_line(self, mode: int) -> None:
        """ESC [ mode K: 0 from the cursor to the end of the line, 1 from its start to the cursor, 2 all of it."""
        start, end = {0: (self.x, self.columns), 1: (0, self.x + 1)}.get(mode, (0, self.columns))
        self._erase(self.lines[self.y], start, end)

    def erase_display(self, mode: int) -> None:
        """ESC [ mode J for 0 (from the cursor to the end of the screen) and 1 (from its start to the cursor)."""
        blank = (" ", self._erase_pen())
        rows = range(self.y + 1, self.rows) if mode == 0 else range(self.y)
        for y in rows:
            self.lines[y] = [blank] * self.columns
        self.erase_line(mode)

    def erase_characters(self, count: int) -> None:
        """ESC [ count X: that many cells from the cursor become blank; the cursor stays."""
        self._erase(self.lines[self.y], self.x, min(self.x + max(count, 1), self.columns))

    def _erase(self, line: list[Cell], start: int, end: int) -> None:
        """Cells [start, end) of ``line`` blank, in the current pen's background, cutting wide characters at the
        edges as a terminal does."""
        self._split_wide(line, start)
        self._split_wide(line, end)
        line[start:end] = [(" ", self._erase_pen())] * (end - start)

    def _erase_pen(self) -> Pen:
        return DEFAULT_PEN._replace(background=self.pen.background)

    def write(self, text: str) -> None:
        """Draw text at the cursor with the current pen; the cursor moves on. Nothing wraps (the desk turns line
        wrapping off): what goes past the last column is written over it, as a terminal does."""
        line = self.lines[self.y]
        for character in text:
            width = get_character_cell_size(character)
            if width == 0:
                self._join(line, character)
                continue
            x = min(self.x, self.columns - width)  # past the last column: written over it (no wrapping)
            self._split_wide(line, x)
            self._split_wide(line, x + width)
            line[x] = (character, self.pen)
            if width == 2:
                line[x + 1] = ("", self.pen)
            self.x = x + width
        self.x = min(self.x, self.columns - 1)

    def _join(self, line: list[Cell], mark: str) -> None:
        """A combining mark goes with the character before the cursor."""
        x = self.x - 1
        while x > 0 and line[x][0] == "":
            x -= 1
        if x >= 0:
            text, pen = line[x]
            line[x] = (text + mark, pen)

    @staticmethod
    def _split_wide(line: list[Cell], x: int) -> None:
        """Drawing from column x cuts a wide character that straddles it: its remaining half becomes a space."""
        if 0 < x < len(line) and line[x][0] == "":
            pen = line[x - 1][1]
            line[x - 1] = (" ", pen)
            line[x] = (" ", pen)

"""A list of the Logs to export, and as CSV: at most 500 rows, as the guide's "Export list" (the XLSX is made by
:mod:`ecarnet_tui.exports.xlsx`).

Values from the central are written as data, never as formulas: text is written literally (control characters
as escapes such as ``\\x1b``); in the XLSX a text starting with ``=`` is stored as text, and in the CSV a text
starting with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'``, as spreadsheets expect, so that opening
the file computes nothing. A training export says TRAINING in its first row (and in the sheet's title).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from ecarnet_tui.exports.columns import Cell, Column, R, as_text, rows_of
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import printable

ROW_LIMIT = 500
"""The most rows a list export holds (guide lines 2863 and 2867)."""
FORMULA_STARTS = ("=", "+", "-", "@")
"""What makes a spreadsheet read a CSV field as a formula."""


@dataclass(frozen=True, slots=True)
class Table:
    """A list to export: its name (the sheet's title), headings and rows, and how many rows the central had."""

    title: str
    headings: list[str]
    widths: list[int]
    rows: list[list[Cell]]
    available: int
    training: bool

    @property
    def written(self) -> list[list[Cell]]:
        return self.rows[:ROW_LIMIT]

    @property
    def note(self) -> str:
        """What the file says when it holds fewer rows than the central had; empty otherwise."""
        if self.available <= len(self.written):
            return ""
        return _("Only the first {written} of {available} rows are exported (at most {limit}): narrow the list to "
                 "export the rest.").format(written=len(self.written), available=self.available, limit=ROW_LIMIT)


def table(title: str, columns: Sequence[Column[R]], records: Sequence[R], *, available: int | None = None,
          training: bool) -> Table:
    """``records`` (the first ``ROW_LIMIT`` are written) under ``columns``; ``available``: how many the central
    had (default: as many as given)."""
    shown = records[:ROW_LIMIT]
    return Table(title, [c.heading for c in columns], [c.width for c in columns], rows_of(columns, shown),
                 max(available if available is not None else len(records), len(records)), training)


def training_mark() -> str:
    return _("TRAINING – NOT VALID")


def csv_field(value: Cell) -> str:
    """A value as CSV text: literal, and never read as a formula."""
    text = printable(as_text(value))
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text


def csv_bytes(data: Table) -> bytes:
    """UTF-8 with a byte-order mark, so that a spreadsheet opens accents correctly; lines end with CRLF."""
    out = io.StringIO()
    writer = csv.writer(out)
    if data.training:
        writer.writerow([training_mark()])
    writer.writerow(data.headings)
    writer.writerows([csv_field(value) for value in values] for values in data.written)
    if data.note:
        writer.writerow([data.note])
    return out.getvalue().encode("utf-8-sig")

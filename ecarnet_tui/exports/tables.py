"""A list of the Logs to export, and as CSV: at most 500 rows, as the guide's "Export list" (the XLSX is made by
:mod:`ecarnet_tui.exports.xlsx`).

Values from the central are written as data, never as formulas: text is written literally (control characters
as escapes such as ``\\x1b``); in the XLSX a text starting with ``=`` is stored as text, and in the CSV a text
starting with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'``, as spreadsheets expect, so that opening
the file computes nothing.

The CSV is what a program reads as well as a spreadsheet: its first row is always the headings and every other
row a record (``csv.DictReader`` and ``csv.Sniffer`` read it). A training CSV says so in a first column,
"Training", on every row (and its file name starts with ``training-``); a CSV cut at 500 rows says so in its
file name (:attr:`Table.extent`) and on the screen. Its separator follows the interface's language: where the
decimal separator is a comma (French), fields are separated by ``;`` and amounts written ``2000,00``, as the
spreadsheets of that language expect; otherwise ``,`` and ``2000.00``. The XLSX is laid out the same way (headings
first, training in a first column) and says TRAINING in its sheet's title too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from ecarnet_tui.exports.columns import Cell, Column, R, as_text, rows_of
from ecarnet_tui.i18n import _, language
from ecarnet_tui.literal import printable

ROW_LIMIT = 500
"""The most rows a list export holds (guide lines 2863 and 2867)."""
FORMULA_STARTS = ("=", "+", "-", "@")
"""What makes a spreadsheet read a CSV field as a formula."""
POINT_LANGUAGES = frozenset({"en"})
"""Languages known to write ``2.5`` when Babel is not installed; every other one is taken to write ``2,5``."""


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

    @property
    def extent(self) -> str:
        """For the file's name when it holds fewer rows than the central had: ``first-500-of-812``."""
        if self.available <= len(self.written):
            return ""
        return f"first-{len(self.written)}-of-{self.available}"


def table(title: str, columns: Sequence[Column[R]], records: Sequence[R], *, available: int | None = None,
          training: bool) -> Table:
    """``records`` (the first ``ROW_LIMIT`` are written) under ``columns``; ``available``: how many the central
    had (default: as many as given)."""
    shown = records[:ROW_LIMIT]
    return Table(title, [c.heading for c in columns], [c.width for c in columns], rows_of(columns, shown),
                 max(available if available is not None else len(records), len(records)), training)


def training_mark() -> str:
    return _("TRAINING – NOT VALID")


def decimal_symbol(code: str) -> str:
    """How ``code``'s language writes the decimal separator: Babel's locale data when Babel is installed, else
    ``.`` for English and ``,`` for any other language."""
    fallback = "." if code.partition("_")[0] in POINT_LANGUAGES else ","
    try:
        from babel import UnknownLocaleError
        from babel.numbers import get_decimal_symbol
    except ImportError:
        return fallback
    try:
        return get_decimal_symbol(code)
    except (UnknownLocaleError, ValueError):
        return fallback


def csv_field(value: Cell, decimal: str = ".") -> str:
    """A value as CSV text: literal, and never read as a formula."""
    text = printable(as_text(value, decimal))
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text


def csv_bytes(data: Table, code: str | None = None) -> bytes:
    """The headings, then a line per row, in ``code``'s language's style (default: the interface's).

    UTF-8 with a byte-order mark, which Excel needs to read the accents as UTF-8 (Python reads the file with
    ``encoding="utf-8-sig"``); lines end with CRLF, as RFC 4180 says."""
    decimal = decimal_symbol(code or language())
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if decimal == "," else ",")
    marked = [_("Training")] if data.training else []
    writer.writerow(marked + data.headings)
    stamp = [training_mark()] if data.training else []
    writer.writerows(stamp + [csv_field(value, decimal) for value in values] for values in data.written)
    return out.getvalue().encode("utf-8-sig")

"""A list of the Logs as a spreadsheet (XLSX), with openpyxl: dates as date cells, times as date-and-time cells in
the workstation's local time (without a zone, as Excel keeps them), amounts and counts as numbers, each with its
number format; text as text (never a formula, even when it starts with ``=``), headings frozen in the first row; a
training export says TRAINING in the sheet's title and in a first column on every row; a list cut at 500 rows says so
on a second sheet."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ecarnet_tui.exports.tables import Table, training_mark
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import printable

_NUMBER_FORMATS = {datetime: "DD/MM/YYYY HH:MM", date: "DD/MM/YYYY", Decimal: "#,##0.00", int: "0"}
_TRAINING_FILL = PatternFill("solid", fgColor="C80000")


def xlsx_bytes(data: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    title = _fill(sheet, data)
    book.properties.title = title
    if data.note:
        about = book.create_sheet(_("Note"))
        about.append([data.note])
        about.cell(row=1, column=1).font = Font(italic=True)
        book.properties.description = data.note
    return _saved(book)


def xlsx_book_bytes(title: str, tables: list[Table]) -> bytes:
    """A workbook of several lists (the statistics), a sheet each, laid out as :func:`xlsx_bytes` lays out one."""
    book = Workbook()
    first = book.active
    assert first is not None
    for number, data in enumerate(tables):
        _fill(first if number == 0 else book.create_sheet(), data)
    training = any(data.training for data in tables)
    book.properties.title = f"{_('TRAINING')} {title}" if training else title
    return _saved(book)


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet: Worksheet, data: Table) -> str:
    """``data`` written into ``sheet``, which it names; returns the title (TRAINING first in training)."""
    title = f"{_('TRAINING')} {data.title}" if data.training else data.title
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31]
    # The headings are the first row and every other row a record, as in the CSV, so that a program reading the
    # first sheet gets the data alone: training is a first column on every row, a cut list is said on a second sheet.
    marked = 1 if data.training else 0
    sheet.append(([_("Training")] if data.training else []) + data.headings)
    for heading in sheet[1]:
        heading.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for values in data.written:
        row = sheet.max_row + 1
        if data.training:
            stamp = sheet.cell(row=row, column=1, value=training_mark())
            stamp.font = Font(bold=True, color="FFFFFF")
            stamp.fill = _TRAINING_FILL
        for number, value in enumerate(values, start=1 + marked):
            cell = sheet.cell(row=row, column=number)
            if isinstance(value, str):
                cell.value = printable(value)
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
            else:
                cell.value = value
                if value is not None:
                    cell.number_format = _NUMBER_FORMATS[type(value)]
    if data.training:
        sheet.column_dimensions["A"].width = len(training_mark()) + 2
    for number, width in enumerate(data.widths, start=1):
        letter = get_column_letter(number + marked)
        sheet.column_dimensions[letter].width = max(width, len(data.headings[number - 1]) + 2)
    return title

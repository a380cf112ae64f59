"""A list of the Logs as a spreadsheet (XLSX), with openpyxl: dates as date cells, times as date-and-time cells in
the workstation's local time (without a zone, as Excel keeps them), amounts and counts as numbers, each with its
number format; text as text (never a formula, even when it starts with ``=``), headings frozen; a training export
says TRAINING in the sheet's title and its first row."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ecarnet_tui.exports.tables import Table, training_mark
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import printable

_NUMBER_FORMATS = {datetime: "DD/MM/YYYY HH:MM", date: "DD/MM/YYYY", Decimal: "#,##0.00", int: "0"}
_TRAINING_FILL = PatternFill("solid", fgColor="C80000")


def xlsx_bytes(data: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    title = f"{_('TRAINING')} {data.title}" if data.training else data.title
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31]
    book.properties.title = title
    if data.training:
        sheet.append([training_mark()])
        sheet.cell(row=1, column=1).font = Font(bold=True, color="FFFFFF")
        sheet.cell(row=1, column=1).fill = _TRAINING_FILL
    sheet.append(data.headings)
    heading_row = sheet.max_row
    for heading in sheet[heading_row]:
        heading.font = Font(bold=True)
    sheet.freeze_panes = f"A{heading_row + 1}"
    for values in data.written:
        row = sheet.max_row + 1
        for number, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=number)
            if isinstance(value, str):
                cell.value = printable(value)
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
            else:
                cell.value = value
                if value is not None:
                    cell.number_format = _NUMBER_FORMATS[type(value)]
    if data.note:
        sheet.append([])
        sheet.append([data.note])
        sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
    for number, width in enumerate(data.widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = max(width, len(data.headings[number - 1]) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

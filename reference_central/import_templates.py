"""The bulk creation templates (guide lines 3153-3160, 3186-3226): a header row of the columns to fill; in XLSX, a
sheet to fill with drop-down lists on its closed columns, and a ``ListValues`` sheet with the values they offer
(the customs territories, the regions already created, the offices already created, the roles, yes and no)."""

from __future__ import annotations

import csv
import io

from central_contract.imports import COLUMNS, MAX_ROWS, TYPE_COLUMNS, ImportKind

SHEET_NAMES = {ImportKind.REGIONS: "CustomsRegions", ImportKind.OFFICES: "CustomsOffices",
               ImportKind.ACCOUNTS: "Accounts"}
"""The sheet to fill, as the guide names it."""
YES_NO = '"yes,no"'


def csv_template(kind: ImportKind) -> bytes:
    """The template as CSV: its header row, in UTF-8."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow(COLUMNS[kind])
    return out.getvalue().encode("utf-8")


def xlsx_template(kind: ImportKind, lists: dict[str, list[str]]) -> bytes:
    """The template as XLSX: ``lists`` gives, for each closed column, the values its drop-down offers (a column
    with no value yet has no drop-down); every row an import takes has the drop-downs."""
    from openpyxl import Workbook  # only when a template is asked for
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_NAMES[kind]
    columns = COLUMNS[kind]
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    values = book.create_sheet("ListValues")
    last, at = MAX_ROWS + 1, 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column) + 2)
        formula = ""
        if lists.get(column):
            at += 1
            list_letter = get_column_letter(at)
            values.cell(row=1, column=at, value=column)
            for row, value in enumerate(lists[column], start=2):
                values.cell(row=row, column=at, value=value)
            formula = f"ListValues!${list_letter}$2:${list_letter}${len(lists[column]) + 1}"
        elif column == "active" or column in TYPE_COLUMNS:
            formula = YES_NO
        if formula:
            check = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                   errorTitle=column, error=f"Choose a value of the list for {column}.")
            check.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(check)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""Reading an imported spreadsheet (XLSX or CSV in UTF-8) into its header and rows of text, refusing what is not
one, holds too many rows, or would unpack into more than the central reads."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from carnet_domain.refusals import RefusalCode as R
from central_contract.imports import CSV_TYPE, MAX_ROWS, XLSX_TYPE
from reference_central.errors import CentralError

MAX_UNPACKED = 128 * 1024 * 1024
"""The most an XLSX file may unpack to (a spreadsheet is a ZIP of XML files): more is refused unread."""
MAX_COLUMNS = 60
"""The cells of a row read; a template has fewer than 20 columns."""


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[str]]]
    """Each non-blank data row with its spreadsheet row number (the header is row 1)."""


def _refused(why: str) -> CentralError:
    return CentralError(R.NOT_A_SPREADSHEET, why)


def _text(value: object) -> str:
    """A cell as the text a form would have received."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def _rows(cells: Iterable[Sequence[object]]) -> Sheet:
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(cells, start=1):
        row = [_text(v) for v in list(raw)[:MAX_COLUMNS]]
        if header is None:
            header = [c.lower() for c in row]
            while header and not header[-1]:
                header.pop()
            continue
        if not any(row):
            continue
        if len(rows) >= MAX_ROWS:
            raise CentralError(R.TOO_MANY_ROWS, f"at most {MAX_ROWS:,} rows per file (besides the header row)")
        rows.append((number, row))
    return Sheet(header or [], rows)


def _xlsx(content: bytes) -> Sheet:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            unpacked = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _refused(f"the file is not an XLSX workbook ({exc})") from None
    if "xl/workbook.xml" not in names:
        raise _refused("the file is a ZIP archive, not an XLSX workbook")
    if unpacked > MAX_UNPACKED:
        raise _refused(f"the workbook unpacks to {unpacked:,} bytes; at most {MAX_UNPACKED:,}")
    from openpyxl import load_workbook  # only when a workbook is read

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise _refused(f"the workbook cannot be read ({type(exc).__name__})") from None
    try:
        fill = [s for s in book.worksheets if s.title != "ListValues"]
        if not fill:
            raise _refused("the workbook has no sheet to read")
        return _rows(fill[0].iter_rows(values_only=True))
    finally:
        book.close()


def _csv(content: bytes) -> Sheet:
    if b"\x00" in content:
        raise _refused("the file holds binary data, not text")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refused(f"the file is not text in UTF-8 (byte {exc.start:,} cannot be read): save it as "
                       "\"CSV UTF-8\"") from None
    if text.startswith("%PDF"):
        raise _refused("the file is a PDF document")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # a spreadsheet saves CSV with ";" in some languages
    try:
        return _rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _refused(f"the file cannot be read as CSV ({exc})") from None


def read_sheet(content: bytes, content_type: str) -> Sheet:
    """The header and rows of ``content``, sent as ``content_type`` (its parameters, such as ``charset``, aside)."""
    declared = content_type.split(";", maxsplit=1)[0].strip().lower()
    is_zip = content.startswith(b"PK\x03\x04")
    if declared == XLSX_TYPE:
        if not is_zip:
            raise _refused("the file was sent as XLSX but is not an XLSX workbook")
        return _xlsx(content)
    if declared in (CSV_TYPE, "text/plain", "application/csv"):
        if is_zip:
            raise _refused("the file was sent as CSV but is a ZIP archive (an XLSX workbook?): send it as XLSX")
        return _csv(content)
    raise _refused(f"the file was sent as {declared or 'no type'!r}; send {CSV_TYPE} or {XLSX_TYPE}")

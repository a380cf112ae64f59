"""Bulk creation of regions, offices and accounts from a spreadsheet (guide lines 3126-3226; docs/api.md, "Bulk
creation"): the templates' columns, the limits of a file, and the report the central answers with."""

from __future__ import annotations

import csv
import io
from enum import StrEnum

from pydantic import BaseModel

from carnet_domain.organisation import OfficeType
from central_contract.identity import SetPasswordCode


class ImportKind(StrEnum):
    """What a file creates, in the order the guide imports them (lines 3142-3147): each needs the one before."""

    REGIONS = "regions"
    OFFICES = "offices"
    ACCOUNTS = "accounts"


TYPE_COLUMNS: dict[str, OfficeType] = {f"type_{t.value}": t for t in OfficeType}
"""The offices template's yes/no column for each office type (lines 3200-3205)."""

COLUMNS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.REGIONS: ("region_id", "name", "country", "territory"),
    ImportKind.OFFICES: ("office_id", "name", "region_id", "timezone", "active", *TYPE_COLUMNS, "address",
                         "postcode", "city", "phone", "email", "opening_hours", "latitude", "longitude"),
    ImportKind.ACCOUNTS: ("account_id", "display_name", "badge", "email", "role", "office_id"),
}
"""Each template's columns, in order: the fields of ``NewRegion``, ``NewOffice`` (its types as yes/no columns)
and ``NewAccount`` (a person's account)."""

ID_COLUMN: dict[ImportKind, str] = {ImportKind.REGIONS: "region_id", ImportKind.OFFICES: "office_id",
                                    ImportKind.ACCOUNTS: "account_id"}

MAX_ROWS = 10_000
"""The most rows one file may hold (besides its header row); a file with more is refused whole."""
MAX_FILE_BYTES = 8 * 1024 * 1024
"""The largest file the central reads (10,000 full rows of the offices template are well under it)."""

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}
"""A template's format and the media type of its files."""


class RowProblem(BaseModel):
    """What is wrong with one cell (or one row, or the file's header: row 1), in the officer's words."""

    row: int
    """The spreadsheet's row number: 1 is the header, the first data row is 2."""
    column: str
    """The column concerned; empty when it is the whole row."""
    problem: str


class ExistingRow(BaseModel):
    """A row whose record already exists exactly as the row gives it: skipped, nothing is changed."""

    row: int
    id: str


class ImportReport(BaseModel):
    """The central's answer to a file: every problem of every row, the rows that already exist, and (after an
    import) how many records were created and the set-password codes of the accounts created."""

    kind: ImportKind
    checked_only: bool
    """``true``: the file was checked (``?check=true``) and nothing was changed."""
    rows: int
    """The data rows read (blank rows are not counted)."""
    created: int = 0
    """The records created (0 when checking, or when a problem refused the file)."""
    to_create: int = 0
    """The records the file would create (its rows, less those that already exist)."""
    already_exists: list[ExistingRow] = []
    problems: list[RowProblem] = []
    set_password_codes: list[SetPasswordCode] = []
    """The one-time codes of the accounts created, given in this answer only: keep them in a file only their
    officers' administrator may read, and hand each officer their own."""


def codes_csv(codes: list[SetPasswordCode]) -> bytes:
    """The set-password codes of an import as the file that keeps them: CSV in UTF-8, one account a row (its ID,
    its code, when the code expires in UTC)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["account_id", "set_password_code", "expires_at_utc"])
    for code in codes:
        writer.writerow([code.account_id, code.code, code.expires_at.isoformat()])
    return out.getvalue().encode("utf-8")

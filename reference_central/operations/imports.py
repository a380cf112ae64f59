"""Bulk creation (guide lines 3126-3226; only an Admin, line 1762): regions, then offices, then accounts, from a
filled template. Every row is checked first, with the checks that create one record alone; then all rows are
created in one unit of work, or none when any row has a problem. A row whose record already exists exactly as
the row gives it is skipped, so that importing the same file again creates nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from carnet_domain.organisation import (
    SEEDED_ROLES,
    Account,
    Office,
    Permission,
    Region,
    Role,
    grantable_roles,
)
from carnet_domain.refusals import RefusalCode as R
from central_contract.identity import SetPasswordCode
from central_contract.imports import COLUMNS, ID_COLUMN, TYPE_COLUMNS, ExistingRow, ImportKind, ImportReport, RowProblem
from central_contract.models import AuditAction, NewAccount
from central_contract.organisation import Email, NewOffice, NewRegion, office_types
from reference_central import records
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.identity.audit import identity_line
from reference_central.identity.lifecycle import LifecycleOps
from reference_central.import_files import Sheet, read_sheet
from reference_central.import_templates import csv_template, xlsx_template
from reference_central.operations.organisation import OrganisationOps
from reference_central.time_zones import known_time_zone

YES = {"yes", "y", "true", "1", "x", "oui"}
NO = {"no", "n", "false", "0", "non"}
_EMAIL = TypeAdapter(Email)
_HINTS = {
    "region_id": "2 to 40 lower-case letters, digits and hyphens, such as ch-geneve",
    "office_id": "2 to 40 lower-case letters, digits and hyphens, such as gva-airport",
    "account_id": "2 to 64 lower-case letters, digits and . _ @ -, such as j.muller",
    "country": "the country's two capital letters, such as CH",
    "phone": "digits, spaces and + ( ) . / - only",
    "email": "an e-mail address such as name@customs.example",
}
"""What a column's value looks like, said when a value does not match."""


class _Undo(Exception):
    """Ends the import's unit of work without keeping anything (a check, or a file with problems)."""


@dataclass
class _Rows:
    kind: ImportKind
    requests: list[tuple[int, BaseModel]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    existing: list[ExistingRow] = field(default_factory=list)
    codes: list[SetPasswordCode] = field(default_factory=list)

    def problem(self, row: int, column: str, text: str) -> None:
        self.problems.append(RowProblem(row=row, column=column, problem=text))

    def report(self, rows: int, *, checked: bool, created: int, to_create: int) -> ImportReport:
        return ImportReport(
            kind=self.kind, checked_only=checked, rows=rows, created=created, to_create=to_create,
            already_exists=sorted(self.existing, key=lambda e: e.row),
            problems=sorted(self.problems, key=lambda p: (p.row, COLUMNS[self.kind].index(p.column)
                                                          if p.column in COLUMNS[self.kind] else -1)),
            set_password_codes=self.codes,
        )


def _words(error: Any) -> str:
    """A validation error of a cell, in the words of someone filling a spreadsheet."""
    kind, column = error["type"], str(error["loc"][0]) if error["loc"] else ""
    context = error.get("ctx") or {}
    if kind == "missing":
        return "a value is needed"
    if kind == "string_too_short":
        return "a value is needed" if context.get("min_length") == 1 else str(error["msg"])
    if kind == "string_too_long":
        return f"too long: at most {context.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        return f"not a valid value: {_HINTS.get(column, 'see the template')}"
    if kind in ("float_parsing", "float_type"):
        return "not a number"
    if kind in ("greater_than_equal", "less_than_equal"):
        return "out of range: a latitude lies between -90 and 90, a longitude between -180 and 180"
    return str(error["msg"])


def _yes_no(rows: _Rows, number: int, column: str, value: str, default: bool) -> bool:
    if not value:
        return default
    if value.lower() in YES:
        return True
    if value.lower() not in NO:
        rows.problem(number, column, f"write yes or no, not {value[:40]!r}")
    return False


def _request(rows: _Rows, number: int, cells: dict[str, str], by: Account) -> BaseModel | None:
    """The request a row makes (as ``POST /v1/regions``, ``/v1/offices`` or ``/v1/accounts`` would get it), or
    ``None`` with its problems added."""
    given: dict[str, Any] = {k: v for k, v in cells.items() if v and k not in TYPE_COLUMNS and k != "active"}
    before = len(rows.problems)
    model: type[BaseModel]
    if rows.kind is ImportKind.OFFICES:
        model = NewOffice
        given["active"] = _yes_no(rows, number, "active", cells.get("active", ""), True)
        given["types"] = [t for c, t in TYPE_COLUMNS.items() if _yes_no(rows, number, c, cells.get(c, ""), False)]
        if "timezone" in given and not known_time_zone(given["timezone"]):
            rows.problem(number, "timezone", "not a time zone: give an IANA name such as Europe/Zurich")
    elif rows.kind is ImportKind.ACCOUNTS:
        model = NewAccount
        role = cells.get("role", "").lower().replace(" ", "_")
        grantable = grantable_roles(by.role)
        if role in {r.value for r in SEEDED_ROLES}:
            rows.problem(number, "role", "no account may be given this role: a trainer exists only on a training "
                                         "central, which seeds it; choose another role")
        elif role and role not in {r.value for r in grantable}:
            rows.problem(number, "role", f"not a role you may give: choose one of "
                                         f"{', '.join(r.value for r in grantable)}")
        if role:
            given["role"] = role
        if given.get("email"):
            try:
                _EMAIL.validate_python(given["email"])
            except ValidationError:
                rows.problem(number, "email", f"not a valid value: {_HINTS['email']}")
    else:
        model = NewRegion
    try:
        request = model.model_validate(given)
    except ValidationError as exc:
        for error in exc.errors():
            column = str(error["loc"][0]) if error["loc"] else "latitude"
            if column == "role" and any(p.column == "role" for p in rows.problems[before:]):
                continue
            rows.problem(number, column, _words(error))
        return None
    return request if len(rows.problems) == before else None


def _twice(rows: _Rows, found: dict[str, int], key: str, number: int, column: str, what: str) -> None:
    if not key:
        return
    if key in found:
        rows.problem(number, column, f"the same {what} as row {found[key]}: each row needs its own")
    else:
        found[key] = number


_REFUSAL_COLUMN = {R.UNKNOWN_REGION: "region_id", R.UNKNOWN_OFFICE: "office_id", R.OFFICE_INACTIVE: "office_id",
                   R.OFFICE_NOT_IN_REGION: "office_id", R.FORBIDDEN: "role"}


def _refusal_words(kind: ImportKind, exc: CentralError) -> tuple[str, str]:
    """The column and the words of a refusal met creating one row's record."""
    if exc.code is R.UNKNOWN_REGION:
        return "region_id", f"there is no region {exc.detail!r}: import the regions first, or correct the ID"
    if exc.code is R.UNKNOWN_OFFICE:
        return "office_id", f"there is no office {exc.detail!r}: import the offices first, or correct the ID"
    if exc.code is R.OFFICE_INACTIVE:
        return "office_id", f"the office {exc.detail!r} is deactivated: activate it first, or choose another"
    if exc.code is R.FORBIDDEN:
        return "role", "your role may not give this role"
    if exc.code is R.INVALID_REQUEST and "territory" in exc.detail:
        return "territory", f"{exc.detail}: choose one of the template's list"
    if exc.code is R.INVALID_REQUEST and "time zone" in exc.detail:
        return "timezone", "not a time zone: give an IANA name such as Europe/Zurich"
    return _REFUSAL_COLUMN.get(exc.code, ID_COLUMN[kind]), exc.body()["error"]["message"]  # type: ignore[index]


def _same(kind: ImportKind, request: BaseModel, db: Db) -> bool | None:
    """Whether the record the row names exists exactly as the row gives it (``None``: it does not exist)."""
    if isinstance(request, NewRegion):
        region = records.region(db, request.region_id)
        return None if region is None else (region.name, region.country, region.territory) == (
            request.name, request.country, request.territory)
    if isinstance(request, NewOffice):
        office = records.office(db, request.office_id)
        if office is None:
            return None
        wanted = request.model_dump(exclude={"office_id", "types"})
        return office_types(request.types) == office.types and all(getattr(office, k) == v for k, v in wanted.items())
    assert isinstance(request, NewAccount)
    account = records.account(db, request.account_id)
    return None if account is None else all(
        getattr(account, k) == v for k, v in request.model_dump().items())


class ImportOps(LifecycleOps, OrganisationOps):
    """The templates and the imports of regions, offices and accounts."""

    def import_template(self, account: Account, kind: ImportKind, form: str) -> bytes:
        """The template to fill, as ``form`` (``xlsx`` or ``csv``); the XLSX one lists the values of its closed
        columns, among them the regions (offices template) or offices (accounts template) already created."""
        self.require(account, Permission.BULK_CREATION)
        if form == "csv":
            return csv_template(kind)
        lists: dict[str, list[str]] = {}
        with self.store.transaction() as db:
            if kind is ImportKind.REGIONS:
                lists["territory"] = [t.code for t in records.territories(db)]
            elif kind is ImportKind.OFFICES:
                lists["region_id"] = [r.region_id for r in records.regions(db)]
            else:
                lists["office_id"] = [o.office_id for o in records.offices(db) if o.active]
                lists["role"] = [r.value for r in Role if r not in SEEDED_ROLES]
        return xlsx_template(kind, lists)

    def import_file(self, account: Account, kind: ImportKind, content: bytes, content_type: str, *,
                    check: bool, console: bool = False) -> ImportReport:
        """Check every row of the file, then (unless ``check``) create them all in one unit of work. A file with a
        problem is refused whole (``import_refused``, its report in ``report``); checking answers the report.
        ``console``: imported at the server's console (``ecarnet-central import``), which the audit line says."""
        self.require(account, Permission.BULK_CREATION)
        sheet = read_sheet(content, content_type)
        rows = _Rows(kind)
        self._read_rows(rows, sheet, account)
        created = would = 0
        try:
            with self.store.transaction() as db:
                created = would = self._create_rows(db, rows, account)
                if check or rows.problems:
                    raise _Undo
                identity_line(self.store, db, self.clock(), AuditAction.BULK_IMPORT, account=account,
                              subject=kind.value, reason=("at the server's console; " if console else "")
                              + f"{created} {kind.value} created from a file of "
                                                         f"{len(sheet.rows)} rows ({len(rows.existing)} already "
                                                         "existed)")
        except _Undo:
            rows.codes, created = [], 0
        report = rows.report(len(sheet.rows), checked=check, created=created, to_create=would)
        if rows.problems and not check:
            n = len({p.row for p in rows.problems})
            raise CentralError(R.IMPORT_REFUSED, f"{n} row{'s' if n != 1 else ''} with problems; nothing was imported",
                               {"report": report.model_dump(mode="json")})
        return report

    def _read_rows(self, rows: _Rows, sheet: Sheet, by: Account) -> None:
        """The requests of the sheet's rows, and the problems seen without the database: the header's, each cell's,
        and the IDs, e-mails and names given twice."""
        columns = COLUMNS[rows.kind]
        for column in columns:
            if column not in sheet.header:
                rows.problem(1, column, f"the column {column} is missing: use the template's header row")
        for column in sheet.header:
            if column and column not in columns:
                rows.problem(1, column, f"unknown column {column[:40]!r}: the template's columns are "
                                        f"{', '.join(columns)}")
        if rows.problems:
            return
        ids: dict[str, int] = {}
        emails: dict[str, int] = {}
        names: dict[str, int] = {}
        for number, cells in sheet.rows:
            given = {column: cells[i] if i < len(cells) else "" for i, column in enumerate(sheet.header) if column}
            _twice(rows, ids, given[ID_COLUMN[rows.kind]].lower(), number, ID_COLUMN[rows.kind], "ID")
            if rows.kind is ImportKind.ACCOUNTS:
                _twice(rows, emails, given["email"].lower(), number, "email", "e-mail address")
            else:
                _twice(rows, names, given["name"].casefold(), number, "name", "name")
            request = _request(rows, number, given, by)
            if request is not None:
                rows.requests.append((number, request))

    def _create_rows(self, db: Db, rows: _Rows, by: Account) -> int:
        """Create each row's record (skipping those that exist identically), with the checks of creating one
        alone; the problems met are added to ``rows``. Returns how many were created."""
        created = 0
        taken = self._taken(db, rows.kind)
        for number, request in rows.requests:
            same = _same(rows.kind, request, db)
            record_id = str(getattr(request, ID_COLUMN[rows.kind]))
            if same:
                rows.existing.append(ExistingRow(row=number, id=record_id))
                continue
            if same is False:
                rows.problem(number, ID_COLUMN[rows.kind], f"{record_id!r} already exists with other details: give "
                                                           "another ID, or leave the row out (there is no bulk update)")
                continue
            column, key = ("email", str(getattr(request, "email", "")).lower()) if rows.kind is ImportKind.ACCOUNTS \
                else ("name", str(getattr(request, "name", "")).casefold())
            if key and key in taken:
                rows.problem(number, column, f"{taken[key]!r} already has this {column.replace('email', 'e-mail')}")
                continue
            try:
                if isinstance(request, NewRegion):
                    self.new_region(db, by, request)
                elif isinstance(request, NewOffice):
                    self.new_office(db, by, request)
                else:
                    assert isinstance(request, NewAccount)
                    made = self.new_account(db, by, request)
                    if made.set_password is not None:
                        rows.codes.append(made.set_password)
            except CentralError as exc:
                rows.problem(number, *_refusal_words(rows.kind, exc))
                continue
            created += 1
        return created

    @staticmethod
    def _taken(db: Db, kind: ImportKind) -> dict[str, str]:
        """What another record already holds and a new one may not: the e-mail addresses of the accounts, the names
        of the regions or of the offices, each with the ID of the record that has it."""
        found: list[Account] | list[Office] | list[Region]
        if kind is ImportKind.ACCOUNTS:
            return {a.email.lower(): a.account_id for a in records.accounts(db) if a.email}
        if kind is ImportKind.OFFICES:
            found = records.offices(db)
            return {o.name.casefold(): o.office_id for o in found}
        found = records.regions(db)
        return {r.name.casefold(): r.region_id for r in found}

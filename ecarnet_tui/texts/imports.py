"""Bulk creation at the desk (guide lines 3126-3226): what the screen says of a file, of the central's report, and
where the set-password codes went. No Textual here."""

from __future__ import annotations

from pathlib import Path

from central_contract.imports import CSV_TYPE, MAX_FILE_BYTES, XLSX_TYPE, ImportKind, ImportReport
from ecarnet_tui.i18n import _, ngettext
from ecarnet_tui.texts.desk_help import everywhere


def imports_help() -> tuple[str, list[str]]:
    return _("Bulk creation"), [
        _("Create many regions, offices or accounts from a spreadsheet, in this order: regions first, then offices, "
          "then accounts (each needs the ones before). Only an Admin imports."),
        _("Ctrl+T saves the template of the kind chosen (XLSX, with drop-down lists of the values the central "
          "knows) in the exports folder. Fill it in, save it as XLSX or CSV, and type its path."),
        _("Ctrl+K has the central check every row and lists the problems, changing nothing. Ctrl+N imports: every "
          "row, or none when a row has a problem. Rows already there are skipped, so a file imported twice "
          "creates nothing the second time."),
        _("The one-time codes of the accounts created go to a file only you may read, in the exports folder: "
          "hand each officer their own. They are never shown on the screen."),
        everywhere(),
    ]


def kind_name(kind: ImportKind) -> str:
    names = {ImportKind.REGIONS: _("Customs regions"), ImportKind.OFFICES: _("Customs offices"),
             ImportKind.ACCOUNTS: _("Accounts")}
    return names[kind]


class FileProblem(ValueError):
    """Why a file cannot be sent, in the officer's words."""


def file_to_send(typed: str) -> tuple[Path, str]:
    """The file ``typed`` names and its media type, or a :class:`FileProblem` saying what to do."""
    if not typed.strip():
        raise FileProblem(_("Type the path of the filled template (an .xlsx or .csv file)."))
    path = Path(typed.strip()).expanduser()
    media = {".xlsx": XLSX_TYPE, ".csv": CSV_TYPE}.get(path.suffix.lower())
    if media is None:
        raise FileProblem(_("{file} is not an .xlsx or .csv file: save the template as one of these.").format(
            file=path.name))
    if not path.is_file():
        raise FileProblem(_("There is no file {file}: check the path.").format(file=path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FileProblem(_("{file} is larger than the central takes ({limit} MB): split it.").format(
            file=path.name, limit=MAX_FILE_BYTES // (1024 * 1024)))
    return path, media


def report_summary(report: ImportReport) -> str:
    """What the central did with the file, or found in it."""
    parts = [ngettext("{n} row read", "{n} rows read", report.rows).format(n=report.rows)]
    if report.problems:
        parts.append(ngettext("{n} problem: nothing was imported", "{n} problems: nothing was imported",
                              len(report.problems)).format(n=len(report.problems)))
    elif report.checked_only:
        parts.append(ngettext("{n} record to create", "{n} records to create", report.to_create).format(
            n=report.to_create))
    else:
        parts.append(ngettext("{n} record created", "{n} records created", report.created).format(n=report.created))
    if report.already_exists:
        parts.append(ngettext("{n} already there (skipped)", "{n} already there (skipped)",
                              len(report.already_exists)).format(n=len(report.already_exists)))
    return "; ".join(parts) + "."

"""Bulk creation (guide lines 3126-3226, an Admin's): save a template, have the central check a filled one row by
row, import it whole or not at all. The report lists each problem by row and column; the set-password codes of
the accounts created go to a file only its owner may read, never to the screen."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Select, Static

from central_client.errors import CentralError, CentralRefused
from central_client.set_password_codes import write_codes_file
from central_contract.imports import ImportKind, ImportReport, RowProblem
from ecarnet_tui.exports.files import export_name, exports_folder, save_export
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.texts.imports import FileProblem, file_to_send, imports_help, kind_name, report_summary
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.form import FormRow
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from pathlib import Path

    from ecarnet_tui.services.desk import DeskServices


class ImportScreen(WorkstationScreen):
    """One kind at a time, in the guide's order: regions, offices, accounts."""

    AUTO_FOCUS = "#import-file"
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="import-back"),
        Binding("ctrl+t", "template", _("Template"), id="import-template", priority=True),
        Binding("ctrl+k", "check", _("Check"), id="import-check", priority=True),
        Binding("ctrl+n", "import", _("Import"), id="import-run", priority=True),
    ]
    DEFAULT_CSS = """
    ImportScreen .select-row { height: 3; }
    ImportScreen #import-report { height: 1fr; }
    """

    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.problems: list[RowProblem] = []
        """The problems of the last report, in the table's order."""

    def help_text(self) -> tuple[str, list[str]]:
        return imports_help()

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(_("Bulk creation — Ctrl+T saves the template, Ctrl+K checks the file, Ctrl+N imports it"),
                     classes="heading")
        with Horizontal(classes="select-row"):
            yield Label(_("What the file creates"))
            yield Select([(kind_name(k), k.value) for k in ImportKind], value=ImportKind.REGIONS.value,
                         allow_blank=False, id="import-kind")
        yield FormRow(_("File to import"), "import-file", placeholder=_("path of the filled .xlsx or .csv"),
                      max_length=500)
        yield DataTable(id="import-report", cursor_type="row", zebra_stripes=True)
        yield Static("", id="import-details", classes="details")
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#import-report", DataTable)
        table.add_column(_("Row"), width=5)
        table.add_column(_("Column"), width=16)
        table.add_column(_("Problem"), width=50)

    @property
    def kind(self) -> ImportKind:
        return ImportKind(str(self.query_one("#import-kind", Select).value))

    def folder(self) -> Path:
        settings = self.desk.settings
        return exports_folder(settings.receipts_path, settings.exports_path)

    # --- the template -----------------------------------------------------------------------------------------

    def action_template(self) -> None:
        self.say(_("Asking the central for the template…"), problem=False)
        self.save_template(self.kind)

    @work(exclusive=True, group="import-template", exit_on_error=False)
    async def save_template(self, kind: ImportKind) -> None:
        try:
            content = await self.desk.central.import_template(kind, "xlsx")
        except CentralError as exc:
            self.say(describe(exc))
            return
        name = export_name(f"template-{kind.value}", "xlsx", datetime.now(UTC), training=self.desk.training)
        try:
            path = save_export(content, self.folder(), name)
        except OSError as exc:
            self.say(_("The template could not be saved in {folder} ({why}): choose another exports folder in the "
                       "settings.").format(folder=self.folder(), why=exc.strerror or exc))
            return
        self.say(_("Saved {path}: fill it in, then type its path here.").format(path=path), problem=False)

    # --- checking and importing -------------------------------------------------------------------------------

    def action_check(self) -> None:
        self.send(check=True)

    def action_import(self) -> None:
        self.send(check=False)

    def send(self, *, check: bool) -> None:
        try:
            path, media = file_to_send(self.query_one("#import-file", Input).value)
        except FileProblem as problem:
            self.say(str(problem))
            return
        self.say(_("Checking the file…") if check else _("Importing the file…"), problem=False)
        self.submit(self.kind, path, media, check)

    @work(exclusive=True, group="import-run", exit_on_error=False)
    async def submit(self, kind: ImportKind, path: Path, media: str, check: bool) -> None:
        try:
            content = path.read_bytes()
        except OSError as exc:
            self.say(_("{file} could not be read ({why}).").format(file=path.name, why=exc.strerror or exc))
            return
        try:
            report = await self.desk.central.import_file(kind, content, media, check=check)
        except CentralError as exc:  # a refused file comes with its report: show it, row by row
            refused = exc.extra.get("report") if isinstance(exc, CentralRefused) else None
            if isinstance(refused, dict):
                self.show_report(ImportReport.model_validate(refused))
            else:
                self.say(describe(exc))
            return
        self.show_report(report)
        if report.set_password_codes:
            self.keep_codes(report)

    def show_report(self, report: ImportReport) -> None:
        table = self.query_one("#import-report", DataTable)
        table.clear()
        for number, problem in enumerate(report.problems):
            table.add_row(literal(str(problem.row)), literal(problem.column), literal(problem.problem), key=str(number))
        self.problems = list(report.problems)
        self.show_problem(self.problems[0] if self.problems else None)
        self.say(report_summary(report), problem=bool(report.problems))

    def show_problem(self, problem: RowProblem | None) -> None:
        text = "" if problem is None else _("Row {row}, {column}: {problem}").format(
            row=problem.row, column=problem.column or _("the whole row"), problem=problem.problem)
        details = self.query_one("#import-details", Static)
        details.update(literal(text))
        details.display = bool(text)

    @on(DataTable.RowHighlighted, "#import-report")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is not None and key.isdigit() and int(key) < len(self.problems):
            self.show_problem(self.problems[int(key)])

    def keep_codes(self, report: ImportReport) -> None:
        """The accounts' one-time codes in a new file only its owner may read; its path, never the codes, shown."""
        folder = self.folder()
        name = export_name("set-password-codes", "csv", datetime.now(UTC), training=self.desk.training)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = write_codes_file(folder / name, report.set_password_codes)
        except OSError as exc:
            self.say(_("The accounts were created, but their codes could not be written in {folder} ({why}): reset "
                       "their passwords from the accounts list to give each a new code.").format(
                folder=folder, why=exc.strerror or exc))
            return
        self.say(_("{summary} The one-time codes are in {path}, readable by you only: hand each officer their "
                   "own.").format(summary=report_summary(report), path=path), problem=False)

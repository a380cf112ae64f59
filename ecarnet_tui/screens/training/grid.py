"""The trainer's grid (a training central; role trainer): trainees down, exercises across, each cell a glyph and a
letter (never colour alone), reloaded every ``class_refresh_seconds`` while the grid is on screen. Enter opens what
the trainee did; F2-F5 start, pause, resume and reset an exercise for the cell's trainee or (Ctrl+A) every trainee;
F6 cuts or restores a trainee's link; F7 and F8 save the end-of-class report. At 80 columns the trainee column stays
and the exercises scroll sideways."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import DataTable, Static

from central_client.errors import CentralError
from central_contract.training import ClassAction, ClassView, ExerciseState
from ecarnet_tui.exports.files import export_name, exports_folder, save_export
from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal, printable
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.texts.classroom import grid_help, legend, state_class, state_mark, state_word
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices

STYLES = {"not_started": "", "in_progress": "bold yellow", "correct": "bold green", "wrong": "bold red",
          "abandoned": "magenta", "paused": "bold cyan"}
"""Each state's colour, added to its glyph and letter."""
CUT = ("✂", "#")
"""A trainee whose link is cut, in Unicode and in ASCII."""


class ClassGridScreen(WorkstationScreen):
    """The class as the trainer sees it, reloaded by itself while on screen."""

    DEFAULT_CSS = """
    ClassGridScreen #class-grid {
        height: 1fr;
    }
    ClassGridScreen #class-cell, ClassGridScreen #class-legend {
        height: auto;
        max-height: 2;
        padding: 0 1;
    }
    ClassGridScreen #class-legend {
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="class-back"),
        Binding("f2", "control('start')", _("Start"), id="class-start", tooltip=_("Start the exercise")),
        Binding("f3", "control('pause')", _("Pause"), id="class-pause", tooltip=_("Pause the exercise")),
        Binding("f4", "control('resume')", _("Resume"), id="class-resume", show=False,
                tooltip=_("Resume the paused exercise")),
        Binding("f5", "control('reset')", _("Reset"), id="class-reset", tooltip=_("Reset the exercise")),
        Binding("ctrl+a", "everyone", _("All"), id="class-all",
                tooltip=_("Act for every trainee, or for the chosen one")),
        Binding("f6", "link", _("Link"), id="class-link", tooltip=_("Cut or restore the trainee's link")),
        Binding("f7", "report('pdf')", _("PDF"), id="class-pdf", show=False,
                tooltip=_("Save the end-of-class report as PDF")),
        Binding("f8", "report('xlsx')", _("XLSX"), id="class-xlsx", show=False,
                tooltip=_("Save the end-of-class report as XLSX")),
        Binding("ctrl+r", "reload", _("Reload"), id="class-reload", show=False, priority=True),
    ]

    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.view: ClassView | None = None
        self.everyone = False
        """The controls act for every trainee (Ctrl+A), not only the chosen cell's."""
        self.timer: Timer | None = None
        self._paused = False
        self.report_path: Path | None = None
        """The last report saved here."""

    def help_text(self) -> tuple[str, list[str]]:
        return grid_help()

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(_("The class"), classes="heading", id="class-heading")
        yield DataTable(id="class-grid", cursor_type="cell", fixed_columns=1, zebra_stripes=True)
        yield Static("", id="class-cell")
        cut = CUT[1 if self.desk.ascii_only else 0]
        yield Static(legend(ascii_only=self.desk.ascii_only) + f"  {cut} " + _("link cut"), id="class-legend",
                     markup=False)
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.say(_("Loading…"), problem=False)
        self.load()
        self.timer = self.set_interval(self.desk.settings.class_refresh_seconds, self.load)

    @property
    def refreshing(self) -> bool:
        """Whether the grid asks the central every ``class_refresh_seconds`` now (only while it is on screen)."""
        return self.timer is not None and not self._paused

    def on_screen_suspend(self, _event: events.ScreenSuspend) -> None:
        """Another screen on top (a trainee's work, a dialog): the grid stops asking."""
        if self.timer is not None:
            self.timer.pause()
            self._paused = True

    def on_screen_resume(self, _event: events.ScreenResume) -> None:
        if self.timer is not None and self._paused:
            self.timer.resume()
            self._paused = False
            self.load()

    def action_back(self) -> None:
        """Left: the grid stops asking for good."""
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        self.dismiss()

    def on_unmount(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    # --- loading ---------------------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.load()

    @work(exclusive=True, group="class-grid", exit_on_error=False)
    async def load(self) -> None:
        try:
            view = await self.desk.central.class_view()
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.show(view)
        line = self.query_one("#problem", Static)
        if line.has_class("problem") or str(line.render()) == _("Loading…"):  # what failed before works now
            self.say("", problem=False)

    def show(self, view: ClassView) -> None:
        """The grid as the central gave it, the cursor kept on the same cell."""
        self.view = view
        grid = self.query_one("#class-grid", DataTable)
        row, column = grid.cursor_row, grid.cursor_column
        grid.clear(columns=True)
        grid.add_column(_("Trainee"), key="trainee")
        for n, exercise in enumerate(view.exercises, start=1):
            grid.add_column(str(n), key=exercise.exercise_id)
        cells = {(c.trainee, c.exercise_id): c for c in view.cells}
        ascii_only = self.desk.ascii_only
        for trainee in view.trainees:
            name = f"{trainee.trainee:02d} {printable(trainee.account_id)}"
            if trainee.link_cut:
                name += " " + CUT[1 if ascii_only else 0]
            row_cells: list[Text] = [Text(name)]
            for exercise in view.exercises:
                cell = cells.get((trainee.trainee, exercise.exercise_id))
                state = cell.state if cell is not None else ExerciseState.NOT_STARTED
                paused = cell.paused if cell is not None else False
                row_cells.append(Text(state_mark(state, paused, ascii_only=ascii_only),
                                      style=STYLES[state_class(state, paused)]))
            grid.add_row(*row_cells, key=str(trainee.trainee))
        if grid.row_count:
            grid.move_cursor(row=min(row, grid.row_count - 1), column=max(1, min(column, len(view.exercises))))
        self._heading()
        self._cell_line()

    def _heading(self) -> None:
        view = self.view
        when = local_time(view.as_of) if view is not None else ""
        scope = _("for every trainee") if self.everyone else _("for the chosen trainee")
        self.query_one("#class-heading", Static).update(literal(
            _("The class, as of {time} — keys act {scope}").format(time=when, scope=scope)))

    # --- the chosen cell ---------------------------------------------------------------------------------------

    def chosen(self) -> tuple[int, str] | None:
        """The chosen cell's trainee and exercise."""
        view = self.view
        grid = self.query_one("#class-grid", DataTable)
        if view is None or not view.trainees or not view.exercises:
            return None
        row, column = grid.cursor_row, grid.cursor_column
        if not 0 <= row < len(view.trainees):
            return None
        exercise = view.exercises[max(0, min(column - 1, len(view.exercises) - 1))]
        return view.trainees[row].trainee, exercise.exercise_id

    @on(DataTable.CellHighlighted, "#class-grid")
    def _highlighted(self) -> None:
        self._cell_line()

    def _cell_line(self) -> None:
        view, chosen = self.view, self.chosen()
        if view is None or chosen is None:
            self.query_one("#class-cell", Static).update("")
            return
        trainee, exercise_id = chosen
        number, exercise = next((n, e) for n, e in enumerate(view.exercises, start=1) if e.exercise_id == exercise_id)
        cell = next((c for c in view.cells if c.trainee == trainee and c.exercise_id == exercise_id), None)
        state = state_word(cell.state, cell.paused) if cell is not None else state_word(ExerciseState.NOT_STARTED)
        person = next(t for t in view.trainees if t.trainee == trainee)
        self.query_one("#class-cell", Static).update(literal(_("{n}. {title} — {trainee}: {state}").format(
            n=number, title=exercise.title, trainee=person.display_name, state=state)))

    @on(DataTable.CellSelected, "#class-grid")
    def _opened(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.post_message(self.Open(Place.TRAINEE_WORK, chosen))

    # --- the trainer's controls --------------------------------------------------------------------------------

    def action_everyone(self) -> None:
        self.everyone = not self.everyone
        self._heading()
        self.say(_("The keys act for every trainee now (Ctrl+A: only the chosen one).") if self.everyone
                 else _("The keys act for the chosen trainee now (Ctrl+A: every trainee)."), problem=False)

    def action_control(self, what: str) -> None:
        chosen, view = self.chosen(), self.view
        if chosen is None or view is None:
            return
        action = ClassAction(what)
        trainee, exercise_id = chosen
        target = None if self.everyone else trainee
        if action is not ClassAction.RESET and target is not None:
            self.control(action, exercise_id, target)
            return
        title = next(e.title for e in view.exercises if e.exercise_id == exercise_id)
        who = _("every trainee") if target is None else next(
            t.display_name for t in view.trainees if t.trainee == target)
        question = {
            ClassAction.START: _("Start «{title}» for {who}?"),
            ClassAction.PAUSE: _("Pause «{title}» for {who}?"),
            ClassAction.RESUME: _("Resume «{title}» for {who}?"),
            ClassAction.RESET: _("Reset «{title}» for {who}?"),
        }[action].format(title=title, who=who)
        lines = [_("Everything done on the exercise's carnet is gone; it starts again from the beginning.")] \
            if action is ClassAction.RESET else []

        def answered(yes: bool | None) -> None:
            if yes:
                self.control(action, exercise_id, target)

        self.app.push_screen(ConfirmDialog(question, lines, _("Y: yes   N: no")), answered)

    @work(exclusive=True, group="class-control", exit_on_error=False)
    async def control(self, action: ClassAction, exercise_id: str, trainee: int | None) -> None:
        try:
            view = await self.desk.central.control_class(action, exercise_id, trainee)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.show(view)
        self.say({
            ClassAction.START: _("Started."), ClassAction.PAUSE: _("Paused: the trainee's work on it is refused "
                                                                   "until you resume it (F4)."),
            ClassAction.RESUME: _("Resumed."), ClassAction.RESET: _("Reset: it starts again from the beginning."),
        }[action], problem=False)

    def action_link(self) -> None:
        chosen, view = self.chosen(), self.view
        if chosen is None or view is None:
            return
        person = next(t for t in view.trainees if t.trainee == chosen[0])
        if not self.everyone:
            self.link(not person.link_cut, person.trainee)
            return
        cut = not all(t.link_cut for t in view.trainees)
        question = _("Cut every trainee's link?") if cut else _("Restore every trainee's link?")

        def answered(yes: bool | None) -> None:
            if yes:
                self.link(cut, None)

        self.app.push_screen(ConfirmDialog(question, [_("Their desks work offline until the link is restored: "
                                                        "commits wait in their queues.")] if cut else [],
                                           _("Y: yes   N: no")), answered)

    @work(exclusive=True, group="class-control", exit_on_error=False)
    async def link(self, cut: bool, trainee: int | None) -> None:
        try:
            view = await self.desk.central.cut_link(cut, trainee)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.show(view)
        self.say(_("Link cut: that desk works offline until you restore it (F6).") if cut
                 else _("Link restored: that desk sends what it queued."), problem=False)

    # --- the end-of-class report ----------------------------------------------------------------------------

    def action_report(self, file_format: str) -> None:
        self.say(_("Saving the report…"), problem=False)
        self.save_report(file_format)

    @work(exclusive=True, group="class-report", exit_on_error=False)
    async def save_report(self, file_format: str) -> None:
        try:
            content = await self.desk.central.class_report(file_format)
        except CentralError as exc:
            self.say(describe(exc))
            return
        settings = self.desk.settings
        folder = exports_folder(settings.receipts_path, settings.exports_path)
        name = export_name("class-report", file_format, self.desk.clock(), training=True)
        try:
            path = await asyncio.to_thread(save_export, content, folder, name)
        except OSError as exc:
            self.say(_("The report could not be saved ({problem}): check that {folder} can be written, or choose "
                       "another folder with exports_folder in the settings.").format(problem=exc, folder=folder))
            return
        self.report_path = path
        self.say(_("Report saved: {path}").format(path=path), problem=False)

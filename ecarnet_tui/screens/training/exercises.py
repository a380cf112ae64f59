"""The trainee's exercises on a training central (F2 at the desk): each with its state; the chosen one's brief, its
carnet and the codes its holder shows (typed or scanned at step 1, as at a real desk), and once it is finished or
abandoned the verdict: the expected outcome, the points and each mistake in words, with the help page to revise.
In a drill (``ecarnet --drill``) the same screen plays the drill's five exercises, then opens the score."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from central_client.errors import CentralError
from central_contract.training import ExerciseState, TraineeExercise
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal_lines, printable
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.dialogs.help import HelpDialog
from ecarnet_tui.texts.classroom import exercises_help, help_page, state_mark, state_word
from ecarnet_tui.texts.exercise_text import JUDGED, brief_lines, verdict_lines
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices

ACTIONS = ("start", "finish", "abandon", "reset")


class ExercisesScreen(WorkstationScreen):
    """The caller's exercises (or the drill's), the chosen one's brief and verdict, and their keys."""

    DEFAULT_CSS = """
    ExercisesScreen #exercises {
        height: 7;
    }
    ExercisesScreen #exercise-details {
        height: 1fr;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="exercises-back"),
        Binding("f3", "act('start')", _("Start"), id="exercise-start", tooltip=_("Start the chosen exercise")),
        Binding("f4", "act('finish')", _("Finish"), id="exercise-finish",
                tooltip=_("Finish the exercise: the central judges what you did")),
        Binding("f5", "act('abandon')", _("Abandon"), id="exercise-abandon", tooltip=_("Abandon the exercise")),
        Binding("f6", "act('reset')", _("Retry"), id="exercise-reset",
                tooltip=_("Reset the exercise to try it again: everything done on it is gone")),
        Binding("f7", "revise", _("Revise"), id="exercise-revise", tooltip=_("The help page to revise")),
        Binding("ctrl+r", "reload", _("Reload"), id="exercises-reload", show=False, priority=True),
    ]

    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.exercises: list[TraineeExercise] = []
        self.drill = desk.drill

    def help_text(self) -> tuple[str, list[str]]:
        return exercises_help()

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(self._heading(), classes="heading", id="exercises-heading")
        yield DataTable(id="exercises", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="exercise-details"):
            yield Static("", id="exercise-text")
        yield Static("", id="problem")
        yield KeyBar()

    def _heading(self) -> str:
        if self.drill is not None:
            return _("Refresher drill: five exercises, one after another")
        return _("Your exercises")

    def on_mount(self) -> None:
        self.query_one("#exercises", DataTable).add_columns(_("State"), _("Exercise"))
        self.action_reload()

    # --- loading -----------------------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.say(_("Loading…"), problem=False)
        self.load()

    @work(exclusive=True, group="exercises", exit_on_error=False)
    async def load(self) -> None:
        central, drill = self.desk.central, self.drill
        try:
            exercises = await central.exercises()
            if drill is not None and not drill.ready:  # a new drill: its five, each reset first
                self.say(_("Preparing the drill: resetting its exercises…"), problem=False)
                picked = set(drill.pick(exercises))
                fresh = {e.exercise_id: await central.reset_exercise(e.exercise_id)
                         for e in exercises if e.exercise_id in picked}
                exercises = [fresh.get(e.exercise_id, e) for e in exercises]
                drill.ready = True
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.exercises = drill.of(exercises) if drill is not None else exercises
        self._show()
        self.say("" if self.exercises else _("No exercise is set for you on this central."), problem=False)
        self.query_one("#exercises", DataTable).focus()

    def _show(self) -> None:
        table = self.query_one("#exercises", DataTable)
        chosen = self.chosen
        table.clear()
        ascii_only = self.desk.ascii_only
        for n, exercise in enumerate(self.exercises, start=1):
            title = printable(exercise.title)
            if self.drill is not None:
                title = _("{n} of {total}: {title}").format(n=n, total=len(self.exercises), title=title)
            table.add_row(state_mark(exercise.state, exercise.paused, ascii_only=ascii_only) + " "
                          + state_word(exercise.state, exercise.paused), title, key=exercise.exercise_id)
        if chosen is not None and any(e.exercise_id == chosen.exercise_id for e in self.exercises):
            table.move_cursor(row=table.get_row_index(chosen.exercise_id))
        self._details()

    @property
    def chosen(self) -> TraineeExercise | None:
        table = self.query_one("#exercises", DataTable)
        if table.row_count == 0 or not self.exercises:
            return None
        key = table.ordered_rows[table.cursor_row].key.value
        return next((e for e in self.exercises if e.exercise_id == key), None)

    @on(DataTable.RowHighlighted, "#exercises")
    def _highlighted(self) -> None:
        self._details()
        self.refresh_bindings()

    def _details(self) -> None:
        exercise = self.chosen
        lines = [] if exercise is None else [*brief_lines(exercise), "", *verdict_lines(exercise)]
        self.query_one("#exercise-text", Static).update(literal_lines(lines))

    # --- the keys ------------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        exercise = self.chosen if self.is_mounted and self.query("#exercises") else None
        if action == "act":
            if exercise is None:
                return None
            state = exercise.state
            allowed = {
                "start": state is ExerciseState.NOT_STARTED,
                "finish": state is ExerciseState.IN_PROGRESS,
                "abandon": state in (ExerciseState.NOT_STARTED, ExerciseState.IN_PROGRESS),
                "reset": state is not ExerciseState.NOT_STARTED,
            }
            return True if allowed.get(str(parameters[0]), False) else None
        if action == "revise":
            return True if exercise is not None and exercise.findings and help_page(exercise.help) else None
        return True

    def action_act(self, what: str) -> None:
        exercise = self.chosen
        if exercise is None or what not in ACTIONS:
            return
        if what in ("reset", "abandon"):
            question = (_("Reset «{title}»?") if what == "reset" else _("Abandon «{title}»?")).format(
                title=exercise.title)
            lines = [_("Everything you did on its carnet is gone, and you start it again from the beginning.")
                     if what == "reset" else _("It is judged as it stands, as abandoned; reset it to try again.")]

            def answered(yes: bool | None) -> None:
                if yes:
                    self.send(what, exercise.exercise_id)

            self.app.push_screen(ConfirmDialog(question, lines, _("Y: yes   N: no")), answered)
            return
        self.send(what, exercise.exercise_id)

    @work(exclusive=True, group="exercise-action", exit_on_error=False)
    async def send(self, what: str, exercise_id: str) -> None:
        central = self.desk.central
        calls = {"start": central.start_exercise, "finish": central.finish_exercise,
                 "abandon": central.abandon_exercise, "reset": central.reset_exercise}
        self.say(_("Asking the central…"), problem=False)
        try:
            exercise = await calls[what](exercise_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.exercises = [exercise if e.exercise_id == exercise_id else e for e in self.exercises]
        self._show()
        self.refresh_bindings()
        self.say({
            "start": _("Started: Escape, then type or scan the holder's codes at step 1. F2 brings you back."),
            "finish": _("Finished: the verdict is below."),
            "abandon": _("Abandoned: the verdict is below."),
            "reset": _("Reset: the exercise starts again from the beginning."),
        }[what], problem=False)
        if self.drill is not None and what in ("finish", "abandon") and exercise.state in JUDGED \
                and self.drill.done(self.exercises):
            self.post_message(self.Open(Place.DRILL_SCORE, list(self.exercises)))

    def action_revise(self) -> None:
        exercise = self.chosen
        page = help_page(exercise.help) if exercise is not None else None
        if page is not None:
            self.app.push_screen(HelpDialog(*page))

    def action_back(self) -> None:
        self.dismiss()

"""The drill's score (``ecarnet --drill``): how many of the five were right, and for each mistake its findings and
the F1 help page to revise, which F7 opens for the chosen exercise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from central_contract.training import ExerciseState, TraineeExercise
from ecarnet_tui.i18n import _, ngettext
from ecarnet_tui.literal import literal, literal_lines, printable
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.screens.dialogs.help import HelpDialog
from ecarnet_tui.services.drill import Drill
from ecarnet_tui.texts.classroom import drill_score_help, help_page, help_page_title, state_mark, state_word
from ecarnet_tui.texts.findings import finding_words
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices


def score_line(exercises: list[TraineeExercise], seed: int | None) -> str:
    right = Drill.score(exercises)
    line = ngettext("{n} of {total} correct.", "{n} of {total} correct.", right).format(n=right,
                                                                                        total=len(exercises))
    if seed is not None:
        line += " " + _("The same drill again: ecarnet --drill --seed {seed}").format(seed=seed)
    return line


def mistake_lines(exercise: TraineeExercise) -> list[str]:
    if exercise.state is ExerciseState.CORRECT:
        return [_("Correct.")]
    lines = [f"- {finding_words(finding)}" for finding in exercise.findings]
    if exercise.help:
        lines.append(_("Revise: «{page}» (F7 opens it).").format(page=help_page_title(exercise.help)))
    return lines


class DrillScoreScreen(WorkstationScreen):
    DEFAULT_CSS = """
    DrillScoreScreen #drill-exercises {
        height: 7;
    }
    DrillScoreScreen #drill-details {
        height: 1fr;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="drill-back"),
        Binding("f7", "revise", _("Revise"), id="drill-revise", tooltip=_("The help page to revise")),
    ]

    def __init__(self, desk: DeskServices, subject: object) -> None:
        super().__init__(desk)
        self.exercises = [e for e in subject if isinstance(e, TraineeExercise)] if isinstance(subject, list) else []
        self.seed = desk.drill.seed if desk.drill is not None else None

    def help_text(self) -> tuple[str, list[str]]:
        return drill_score_help()

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(literal(score_line(self.exercises, self.seed)), classes="heading", id="drill-score")
        yield DataTable(id="drill-exercises", cursor_type="row")
        with VerticalScroll(id="drill-details"):
            yield Static("", id="drill-text")
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#drill-exercises", DataTable)
        table.add_columns(_("State"), _("Exercise"))
        for exercise in self.exercises:
            table.add_row(state_mark(exercise.state, ascii_only=self.desk.ascii_only) + " "
                          + state_word(exercise.state), printable(exercise.title), key=exercise.exercise_id)
        table.focus()
        self._details()

    @property
    def chosen(self) -> TraineeExercise | None:
        table = self.query_one("#drill-exercises", DataTable)
        return self.exercises[table.cursor_row] if 0 <= table.cursor_row < len(self.exercises) else None

    @on(DataTable.RowHighlighted, "#drill-exercises")
    def _highlighted(self) -> None:
        self._details()
        self.refresh_bindings()

    def _details(self) -> None:
        exercise = self.chosen
        lines = [] if exercise is None else [exercise.title, *mistake_lines(exercise)]
        self.query_one("#drill-text", Static).update(literal_lines(lines))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "revise":
            exercise = self.chosen if self.is_mounted and self.query("#drill-exercises") else None
            mistaken = exercise is not None and exercise.state is not ExerciseState.CORRECT
            return True if mistaken and exercise is not None and help_page(exercise.help) else None
        return True

    def action_revise(self) -> None:
        exercise = self.chosen
        page = help_page(exercise.help) if exercise is not None else None
        if page is not None:
            self.app.push_screen(HelpDialog(*page))

    def action_back(self) -> None:
        self.dismiss()

"""What a trainee did on an exercise, as the trainer opens it from a cell of the class's grid: the exercise, each
thing done on its carnet (as the trainee wrote it: shown literally), and the verdict once it is judged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from central_client.errors import CentralError
from central_contract.training import TraineeWork
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal_lines
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.texts.classroom import work_help
from ecarnet_tui.texts.exercise_text import brief_lines, done_line, times_line, verdict_lines
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices


def work_lines(work: TraineeWork) -> list[str]:
    lines = [_("{name}, exercise «{title}»").format(name=work.account_id, title=work.exercise.title)]
    if when := times_line(work.exercise):
        lines.append(when)
    lines += ["", *brief_lines(work.exercise)[2:], "", _("What the trainee did:")]
    lines += [f"  - {done_line(done)}" for done in work.done] or ["  " + _("nothing yet")]
    verdict = verdict_lines(work.exercise)
    return [*lines, "", *verdict] if verdict else lines


class TraineeWorkScreen(WorkstationScreen):
    DEFAULT_CSS = """
    TraineeWorkScreen #work {
        height: 1fr;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="work-back"),
        Binding("ctrl+r", "reload", _("Reload"), id="work-reload", show=False, priority=True),
    ]

    def __init__(self, desk: DeskServices, subject: object) -> None:
        super().__init__(desk)
        trainee, exercise_id = subject if isinstance(subject, tuple) and len(subject) == 2 else (0, "")
        self.trainee = int(trainee)
        self.exercise_id = str(exercise_id)
        self.work: TraineeWork | None = None

    def help_text(self) -> tuple[str, list[str]]:
        return work_help()

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        with VerticalScroll(id="work"):
            yield Static("", id="work-text")
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.say(_("Loading…"), problem=False)
        self.load()

    @work(exclusive=True, group="trainee-work", exit_on_error=False)
    async def load(self) -> None:
        try:
            self.work = await self.desk.central.trainee_work(self.trainee, self.exercise_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.query_one("#work-text", Static).update(literal_lines(work_lines(self.work)))
        self.say("", problem=False)
        self.query_one("#work").focus()

    def action_back(self) -> None:
        self.dismiss()

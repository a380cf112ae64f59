"""What every full screen of the workstation shares: the app it belongs to, and the training banner."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events, on, work
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from central_client.errors import CentralError
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.worker_failures import WorkerFailed

if TYPE_CHECKING:
    from carnet_domain.transaction import Hold
    from ecarnet_tui.app import EcarnetApp


class TrainingBanner(Static):
    """Says, on every screen of a training session, that nothing here is real."""

    def __init__(self) -> None:
        super().__init__(_("TRAINING — demo carnets, no real data"), classes="training-banner")


class WorkstationScreen(Screen[None]):
    """A full screen of the workstation; it has a ``#problem`` line for what it tells the officer."""

    BINDINGS = [
        # Tab moves the focus before the next key is handed to a field: a burst of keys (a scanner that types a
        # Tab, a paste, an SSH link that delivers several keys at once) lands in the fields it was meant for.
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    styled_offstage = False
    """Set by :meth:`EcarnetApp.prepare`: composed and styled off-stage, so its first appearance need not
    restyle every widget again (Textual restyles a screen each time it comes back, in case the theme changed
    while it was away; a screen never shown has not been away)."""

    def post_message(self, message: Message) -> bool:
        if isinstance(message, events.ScreenResume) and self.styled_offstage:
            self.styled_offstage = False
            message.refresh_styles = False
        return super().post_message(message)

    def on_mount(self) -> None:
        """Every screen with a training banner shows it in training (Textual calls this before a subclass's
        own ``on_mount``)."""
        for banner in self.query(TrainingBanner):
            banner.display = self.workstation.training

    @on(Worker.StateChanged)
    def pass_failure_up(self, event: Worker.StateChanged) -> None:
        """A worker of this screen (or of one of its widgets) failed: the app tells the officer."""
        if event.state is WorkerState.ERROR:
            self.post_message(WorkerFailed(event.worker))

    @property
    def workstation(self) -> EcarnetApp:
        return cast("EcarnetApp", self.app)

    def help_text(self) -> tuple[str, list[str]]:
        """F1 on this screen: its title and what to do there, with its keys. Every screen has its own."""
        raise NotImplementedError(f"{type(self).__name__} has no help")

    @property
    def can_say(self) -> bool:
        """Whether this screen has a message line to :meth:`say` things on."""
        return bool(self.query("#problem"))

    def say(self, text: str, *, problem: bool = True) -> None:
        """Show a message on the screen's ``#problem`` line (literally); an empty text clears it."""
        line = self.query_one("#problem", Static)
        line.update(literal(text))
        line.set_class(problem and bool(text), "problem")
        line.set_class(not problem and bool(text), "info")

    def confirm_release(self, hold: Hold) -> None:
        """Ask before releasing a hold: the officer reads who held the carnet and why, then answers Y or N."""
        from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
        from ecarnet_tui.texts.holds import release_lines

        def answered(release: bool | None) -> None:
            if release:
                self.say(_("Releasing the hold…"), problem=False)
                self.release_and_resume(hold)
            else:
                self.say(_("The carnet stays on hold."), problem=False)

        self.app.push_screen(ConfirmDialog(
            _("Release the hold on carnet {number}?").format(number=hold.carnet_number), release_lines(hold),
            _("Y: release it and resume at step {step}   N: keep it on hold").format(step=hold.step)), answered)

    @work(exclusive=True, group="release", exit_on_error=False)
    async def release_and_resume(self, hold: Hold) -> None:
        """Release a hold of this office and go back into the wizard where it stopped (line 2764)."""
        app = self.workstation
        try:
            await app.central.release(hold.hold_id, app.office_id)
            lookup = await app.central.lookup(hold.carnet_id, hold.transaction_code, app.office_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        app.resume(lookup, hold)

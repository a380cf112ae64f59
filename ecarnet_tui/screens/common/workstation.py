"""What every full screen of the workstation shares: the desk's services it is given, its training banner, its
message line, its help, and the messages it sends up to the navigator (screens know neither the app nor each
other: they say where the officer goes next, and the navigator takes them there)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from central_client.errors import CentralError
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.worker_failures import WorkerFailed

if TYPE_CHECKING:
    from carnet_domain.transaction import Hold
    from central_contract.models import LookupResponse
    from ecarnet_tui.services.desk import DeskServices
    from ecarnet_tui.services.draft import Draft


class TrainingBanner(Static):
    """Says, on every screen of a training session, that nothing here is real."""

    def __init__(self) -> None:
        super().__init__(_("TRAINING — demo carnets, no real data"), classes="training-banner")


class WorkstationScreen(Screen[None]):
    """A full screen of the workstation, over the desk's services; it has a ``#problem`` line for what it tells
    the officer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Tab moves the focus before the next key is handed to a field: a burst of keys (a scanner that types a
        # Tab, a paste, an SSH link that delivers several keys at once) lands in the fields it was meant for.
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    @dataclass
    class Open(Message):
        """Take the officer to ``place`` (with ``subject``, e.g. the carnet whose vehicle file to show)."""

        place: Place
        subject: object = None

    @dataclass
    class Begin(Message):
        """A transaction starts, at step 2, with ``draft`` (see :meth:`DeskServices.start_draft`)."""

        draft: Draft

    @dataclass
    class Resume(Message):
        """A hold released: back into the wizard where it stopped, with what was typed."""

        lookup: LookupResponse
        hold: Hold

    @dataclass
    class Finished(Message):
        """The transaction is over (committed, held, rejected, recorded for later): back to step 1, or to the
        guided procedure it belongs to, with ``text`` on its message line."""

        text: str = ""

    @dataclass
    class QueueChanged(Message):
        """A supervisor decided on a queued commit: the title bar's counts follow, and with ``report`` the
        decision goes to the central's audit trail (:attr:`DeskServices.reports`)."""

        report: bool = True

    styled_offstage = False
    """Set when the navigator composes and styles this screen off-stage before it is shown: its first appearance
    need not restyle every widget again (Textual restyles a screen each time it comes back, in case the theme
    changed while it was away; a screen never shown has not been away)."""

    def __init__(self, desk: DeskServices) -> None:
        super().__init__()
        self.desk = desk

    def post_message(self, message: Message) -> bool:
        if isinstance(message, events.ScreenResume) and self.styled_offstage:
            self.styled_offstage = False
            message.refresh_styles = False
        return super().post_message(message)

    def on_mount(self) -> None:
        """Every screen with a training banner shows it in training (Textual calls this before a subclass's
        own ``on_mount``)."""
        for banner in self.query(TrainingBanner):
            banner.display = self.desk.training

    @on(Worker.StateChanged)
    def pass_failure_up(self, event: Worker.StateChanged) -> None:
        """A worker of this screen (or of one of its widgets) failed: the app tells the officer."""
        if event.state is WorkerState.ERROR:
            self.post_message(WorkerFailed(event.worker))

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

    def action_back(self) -> None:
        self.dismiss()

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
        desk = self.desk
        try:
            await desk.central.release(hold.hold_id, desk.office_id)
            lookup = await desk.central.lookup(hold.carnet_id, hold.transaction_code, desk.office_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.post_message(self.Resume(lookup, hold))

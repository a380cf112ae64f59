"""The workstation app: it owns the desk's services (:class:`DeskServices`) and the navigator that moves the officer
from screen to screen, connects and signs in, keeps the offline queue going, and answers what every screen may ask
(help, quit, a worker that failed). Services are handed in (a connector, a queue, a clock), so tests run it on a real
loopback central. Only the entry point (:mod:`ecarnet_tui.cli`) imports this module.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from textual import events, on, work
from textual.binding import Binding
from textual.widgets import Input, TextArea
from textual.worker import Worker, WorkerState

from central_client.errors import CentralError
from ecarnet_tui.app_identity import SignInHandlers
from ecarnet_tui.app_queue import QueueHandlers
from ecarnet_tui.i18n import _, ngettext
from ecarnet_tui.messages import CentralProblem, Connected
from ecarnet_tui.navigation.identity import IDLE_CHECK, IdentityFlow
from ecarnet_tui.navigation.navigator import Navigator
from ecarnet_tui.screens.common.step import StepScreen
from ecarnet_tui.screens.common.workstation import WorkstationScreen
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.dialogs.token import TokenDialog
from ecarnet_tui.services.central_kind import WrongCentral, check_central_kind
from ecarnet_tui.services.connection import ConnectError, Connection, TokenNeeded
from ecarnet_tui.services.decision_reports import DecisionReports
from ecarnet_tui.services.desk import DeskServices
from ecarnet_tui.services.verifiers import Verifiers
from ecarnet_tui.settings import Settings
from ecarnet_tui.terminal.thin_driver import ThinLinkDriver
from ecarnet_tui.worker_failures import QUIET_GROUPS, WorkerFailed, failure_text, log_failure

if TYPE_CHECKING:
    from central_client.port import CentralPort
    from ecarnet_tui.services.drill import Drill
    from offline_queue.store import QueueStore

Connector = Callable[[str | None], Connection]
"""Reaches the central, with a token typed by the officer when the machine has no keyring."""


def central_host(url: str) -> str:
    """The central's host name, as the officer knows it (the port and path say nothing to them)."""
    return urlsplit(url).hostname or url


class EcarnetApp(SignInHandlers, QueueHandlers):
    """The customs officer's workstation.

    Args:
        connector: reaches the central; it may block, so it runs in a thread worker.
        office_id: the office to start with (else the account's own).
        ascii_only: draw without Unicode blocks, for terminals without UTF-8.
        settings: the workstation's settings (the printer, the receipts folder, the keymap...).
        queue: the offline queue (see :mod:`offline_queue`); without one nothing is committed offline.
        clock: the desk's clock (UTC).
        drill: a refresher drill to run once signed in (``ecarnet --drill``).
        thin_link: the thin-link display (over SSH): see :mod:`ecarnet_tui.terminal`.
    """

    CSS_PATH = Path(__file__).with_name("ecarnet.tcss")  # absolute, so that subclasses elsewhere find it
    TITLE = "eCarnet"
    COMMAND_PALETTE_BINDING = "ctrl+backslash"
    """Ctrl+P (Textual's default) prints the receipt, as in every office program."""
    BINDINGS = [
        Binding("f1", "help", _("Help"), id="help", tooltip=_("What to do at this step")),
        # Shown in the help (F1) rather than on the key bar, which has 80 columns for the step's own keys.
        Binding("ctrl+q", "quit", _("Quit"), id="quit", show=False, tooltip=_("Leave the workstation")),
        Binding("ctrl+r", "refresh", _("Refresh"), id="refresh", show=False, tooltip=_("Reconnect and reload")),
        Binding("f12", "repaint", _("Repaint"), id="repaint", show=False,
                tooltip=_("Draw the whole screen again (after another program wrote on the terminal)")),
        # On step 1's key bar; everywhere else F1 names them.
        Binding("f9", "sign_out", _("Sign out"), id="sign-out", show=False,
                tooltip=_("Sign out: your transaction in progress is kept for you")),
        Binding("ctrl+w", "switch_officer", _("Switch officer"), id="switch-officer", show=False, priority=True,
                tooltip=_("Another officer signs in; your transaction in progress is kept for you")),
        # A training central's only: the trainee's exercises, their briefs and verdicts (F1 at step 1 names it).
        Binding("f2", "exercise", _("Exercise"), id="exercise", show=False,
                tooltip=_("Your exercises on a training central: brief, codes, verdict")),
    ]

    def __init__(
        self, connector: Connector, *, office_id: str = "", ascii_only: bool = False,
        settings: Settings | None = None, queue: QueueStore | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        verifiers: Verifiers | None = None, idle_clock: Callable[[], float] = time.monotonic,
        drill: Drill | None = None, thin_link: bool = False,
    ) -> None:
        # the thin link's driver is the POSIX terminal's (a Windows console has no SSH session to spare)
        super().__init__(driver_class=ThinLinkDriver if thin_link and sys.platform != "win32" else None)
        self.thin_link = thin_link
        if thin_link:  # the terminal's own 16 colours, and nothing that moves by itself
            self.theme = "ansi-dark"
            self.animation_level = "none"
        self._connector = connector
        self.desk = DeskServices(settings if settings is not None else Settings(), clock, queue,
                                 ascii_only=ascii_only, office_id=office_id)
        """The desk's services, handed to every screen."""
        if verifiers is not None:
            self.desk.verifiers = verifiers
        self.desk.drill = drill
        self.desk.reports = DecisionReports(self._central_or_none, clock)
        self.navigator = Navigator(self, self.desk)
        self.identity = IdentityFlow(self, self.desk, self.navigator, idle_clock)
        """Who works at the desk: sign-in, sign-out and switch, the idle lock, a session the central ended."""
        if self.desk.settings.keymap:
            self.set_keymap(dict(self.desk.settings.keymap))

    def _central_or_none(self) -> CentralPort | None:
        return self.desk.connection.central if self.desk.connection is not None else None

    # --- connecting and signing in -----------------------------------------------------------------------

    def on_mount(self) -> None:
        queue = self.desk.queue
        if queue is not None:  # holder data kept for offline checks expires
            queue.purge_cache(who="expiry", older_than=self.desk.settings.cache_max_age)
        self.navigator.start()
        self.set_interval(IDLE_CHECK, self.identity.check_idle)
        self._connect(None)

    @work(thread=True, exclusive=True, group="connect", exit_on_error=False)
    def _connect(self, token: str | None) -> None:
        try:
            connection = self._connector(token)
        except TokenNeeded as exc:
            self.call_from_thread(self._ask_token, str(exc))
            return
        except ConnectError as exc:
            self.post_message(CentralProblem(str(exc)))
            return
        self.post_message(Connected(connection))

    def _ask_token(self, why: str) -> None:
        def typed(token: str | None) -> None:
            if token:
                self._connect(token)
            else:
                self.navigator.scan.show_connection(_("No token: the workstation cannot reach the central."),
                                                    problem=True)

        self.push_screen(TokenDialog(why), typed)

    def on_connected(self, message: Connected) -> None:
        connection = message.connection
        self.desk.connection = connection
        connection.central.on_session_ended = self._session_ended_at_central
        self.navigator.scan.show_connection(self.connected_text())
        self._check_kind(connection)

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def _check_kind(self, connection: Connection) -> None:
        """A central of the other kind than ``central_kind`` is refused: no queue is sent to it, nobody signs in
        (the sign-in screen says why). Unreachable, it is asked again before an online sign-in."""
        try:
            await check_central_kind(connection, self.desk.settings)
        except WrongCentral as exc:
            self.navigator.scan.show_connection(str(exc), problem=True)
            if not connection.signed_in:  # an unattended desk has no sign-in screen: step 1 says it
                self.identity.ask(note=str(exc), problem=True)
            return
        except CentralError:
            pass
        self._start_sync()
        if connection.signed_in:
            self._sign_in()
        else:
            self.identity.ask()

    def connected_text(self) -> str:
        """Step 1's line once the central answers."""
        connection = self.desk.connection
        if connection is None:
            return ""
        if connection.embedded:  # a whole sentence each: "Connecté au système central…", "Connecté à 10.0.0.5"
            return _("Connected to the demo central")
        return _("Connected to {central}").format(central=central_host(connection.url))

    def _start_sync(self) -> None:
        """Send the offline queue in the background, for as long as the app runs."""
        if self.desk.queue is None:
            return
        from offline_queue.sync import Syncer  # not on the way to the first keystroke

        self.workers.cancel_group(self, "sync")
        desk = self.desk
        assert desk.queue is not None
        self.desk.syncer = Syncer(desk.queue, desk.central, on_change=self._sync_changed,
                                  workstation_key=desk.central.workstation_key, signed_in=lambda: desk.officer_id,
                                  on_account_disabled=self._account_disabled)
        self.run_worker(self.desk.syncer.run(), group="sync", exit_on_error=False)

    def on_central_problem(self, message: CentralProblem) -> None:
        self.navigator.scan.show_connection(message.text, problem=True, link=message.link)

    # --- what a screen asks: the navigator takes the officer there ---------------------------------------

    @on(WorkstationScreen.Begin)
    def _begin(self, message: WorkstationScreen.Begin) -> None:
        self.navigator.begin(message.draft)

    @on(StepScreen.Next)
    def _next(self, message: StepScreen.Next) -> None:
        self.navigator.next(message.step)

    @on(WorkstationScreen.Finished)
    def _finished(self, message: WorkstationScreen.Finished) -> None:
        self.navigator.finished(message.text)

    @on(WorkstationScreen.Resume)
    def _resume(self, message: WorkstationScreen.Resume) -> None:
        self.navigator.resume(message.lookup, message.hold)

    @on(WorkstationScreen.Open)
    def _open(self, message: WorkstationScreen.Open) -> None:
        self.navigator.open(message.place, message.subject)

    @on(StepScreen.Redo)
    def _redo(self, message: StepScreen.Redo) -> None:
        self.navigator.redo(message.step)

    @on(WorkstationScreen.QueueChanged)
    def _queue_changed(self, message: WorkstationScreen.QueueChanged) -> None:
        self.queue_changed()
        if message.report:
            self._send_reports()

    def action_help(self) -> None:
        self.navigator.help()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "exercise":  # a training central's, once signed in
            return self.desk.training and self.desk.me is not None and self.desk.connected.is_set()
        return True

    def action_exercise(self) -> None:
        self.navigator.exercises()

    async def action_quit(self) -> None:
        """Ctrl+Q: leave, after asking when commits still wait to reach the central (they stay in this workstation's
        queue and are sent at the next start with the link up; another desk cannot send them)."""
        queue = self.desk.queue
        counts = queue.counts() if queue is not None else None
        if counts is None or not counts.waiting or isinstance(self.screen, ConfirmDialog):
            self.exit()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        lines = [ngettext("{n} commit made offline has not reached the central yet.",
                          "{n} commits made offline have not reached the central yet.", counts.pending).format(
                              n=counts.pending)] if counts.pending else []
        if counts.needs_review:
            lines.append(ngettext("{n} refused commit waits for a supervisor's decision.",
                                  "{n} refused commits wait for a supervisor's decision.", counts.needs_review).format(
                                      n=counts.needs_review))
        lines.append(_("They stay in this workstation's queue and are sent when ecarnet starts again here with the "
                       "link up: no other workstation can send them."))
        self.push_screen(ConfirmDialog(_("Quit the workstation?"), lines,
                                       _("Y: quit anyway   N: stay (Ctrl+R tries to send now)")), answered)

    def action_repaint(self) -> None:
        if isinstance(self._driver, ThinLinkDriver):
            self._driver.repaint()
        self.screen.refresh(repaint=True)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.thin_link and isinstance(event.widget, Input | TextArea):  # a blinking cursor costs a slow link
            event.widget.cursor_blink = False

    def action_refresh(self) -> None:
        self.desk.wake_syncer()  # the officer thinks the link is back: try the queue now
        if self.desk.connection is None:
            self._connect(None)
        elif self.desk.connection.signed_in:
            self._sign_in()
        elif self.desk.me is not None:
            self.navigator.scan.link_is_back()

    # --- a worker that failed ----------------------------------------------------------------------------

    @on(Worker.StateChanged)
    def own_worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.on_worker_failed(WorkerFailed(event.worker))

    def on_worker_failed(self, message: WorkerFailed) -> None:
        """Every worker's failure, the app's own and the screens': logged, and told to the officer where they look."""
        worker = message.worker
        log_failure(worker)
        if worker.group in QUIET_GROUPS:
            return
        text = failure_text(worker)
        screen = self.screen
        if isinstance(screen, WorkstationScreen) and screen.can_say:
            screen.say(text)
        else:  # a dialog is on top: the message would be hidden under it
            self.notify(text, severity="error", markup=False, timeout=30)

    async def on_unmount(self) -> None:
        connection = self.desk.connection
        if connection is not None:
            await connection.central.aclose()
            connection.stop()

"""The workstation app: it owns the desk's services (:class:`DeskServices`) and the navigator that moves the officer
from screen to screen, connects and signs in, keeps the offline queue going, and answers what every screen may ask
(help, quit, a worker that failed). Services are handed in (a connector, a queue, a clock), so tests run it on a real
loopback central. Only the entry point (:mod:`ecarnet_tui.cli`) imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from central_client.errors import CentralError, CentralUnreachable
from ecarnet_tui.i18n import _, ngettext
from ecarnet_tui.messages import CentralProblem, Connected, SignedIn, SyncChanged
from ecarnet_tui.navigation.navigator import Navigator
from ecarnet_tui.screens.common.step import StepScreen
from ecarnet_tui.screens.common.workstation import WorkstationScreen
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.dialogs.token import TokenDialog
from ecarnet_tui.services.connection import ConnectError, Connection, TokenNeeded
from ecarnet_tui.services.decision_reports import DecisionReports
from ecarnet_tui.services.desk import DeskServices
from ecarnet_tui.settings import Settings
from ecarnet_tui.texts.problems import describe, refusal_reason
from ecarnet_tui.texts.receipt_delivery import PROVISIONAL_PRINTED, delivery_text
from ecarnet_tui.worker_failures import QUIET_GROUPS, WorkerFailed, failure_text, log_failure
from offline_queue.status import SyncStatus

if TYPE_CHECKING:
    from carnet_domain.carnet import Carnet
    from carnet_domain.transaction import Transaction
    from central_client.port import CentralPort
    from offline_queue.items import QueuedCommit
    from offline_queue.store import QueueStore

Connector = Callable[[str | None], Connection]
"""Reaches the central, with a token typed by the officer when the machine has no keyring."""


def central_host(url: str) -> str:
    """The central's host name, as the officer knows it (the port and path say nothing to them)."""
    return urlsplit(url).hostname or url


class EcarnetApp(App[None]):
    """The customs officer's workstation.

    Args:
        connector: reaches the central; it may block, so it runs in a thread worker.
        office_id: the office to start with (else the account's own).
        ascii_only: draw without Unicode blocks, for terminals without UTF-8.
        settings: the workstation's settings (the printer, the receipts folder, the keymap...).
        queue: the offline queue (see :mod:`offline_queue`); without one nothing is committed offline.
        clock: the desk's clock (UTC).
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
    ]

    def __init__(
        self, connector: Connector, *, office_id: str = "", ascii_only: bool = False,
        settings: Settings | None = None, queue: QueueStore | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self._connector = connector
        self.desk = DeskServices(settings if settings is not None else Settings(), clock, queue,
                                 ascii_only=ascii_only, office_id=office_id)
        """The desk's services, handed to every screen."""
        self.desk.reports = DecisionReports(self._central_or_none, clock)
        self.navigator = Navigator(self, self.desk)
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
        self.desk.connection = message.connection
        self.navigator.scan.show_connection(self.connected_text())
        self._start_sync()
        self._sign_in()

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
        self.desk.syncer = Syncer(self.desk.queue, self.desk.central, on_change=self._sync_changed)
        self.run_worker(self.desk.syncer.run(), group="sync", exit_on_error=False)

    @work(exclusive=True, group="sign-in", exit_on_error=False)
    async def _sign_in(self) -> None:
        from ecarnet_tui.services.offline_session import remember_session, remembered_session

        desk = self.desk
        try:
            me = await desk.central.me()
            territories = await desk.central.territories()
        except CentralUnreachable as exc:
            remembered = remembered_session(desk.queue)
            if remembered is None:
                self.post_message(CentralProblem(describe(exc), link=True))
                return
            me, territories = remembered
            desk.territories = {t.code: t for t in territories}
            self.post_message(SignedIn(me, offline=True))
            return
        except CentralError as exc:
            self.post_message(CentralProblem(describe(exc)))
            return
        remember_session(desk.queue, me, territories)
        desk.territories = {t.code: t for t in territories}
        self.post_message(SignedIn(me))

    def on_signed_in(self, message: SignedIn) -> None:
        desk, scan = self.desk, self.navigator.scan
        if message.offline:
            scan.show_connection(
                _("The central cannot be reached: working offline as {name}. Commits wait in the queue.").format(
                    name=message.me.account.display_name), problem=True, link=True)
        desk.signed_in_offline = message.offline
        desk.me = message.me
        if desk.office_id not in {o.office_id for o in message.me.offices}:
            desk.office_id = message.me.office.office_id
        desk.connected.set()
        scan.signed_in()
        self.navigator.prepare_step2()

    def on_central_problem(self, message: CentralProblem) -> None:
        self.navigator.scan.show_connection(message.text, problem=True, link=message.link)

    # --- the offline queue -------------------------------------------------------------------------------

    def _sync_changed(self, status: SyncStatus) -> None:
        self.post_message(SyncChanged(status))

    def on_sync_changed(self, message: SyncChanged) -> None:
        desk = self.desk
        back = message.status.reachable is True and desk.sync.reachable is False
        desk.sync = message.status
        desk.link.publish(message.status)
        if back:
            self.link_back()
        if desk.queue is not None:
            for item in desk.queue.unseen_outcomes():
                self._settled(item)

    def _settled(self, item: QueuedCommit) -> None:
        """Tell the officer what became of a provisional receipt, once."""
        queue = self.desk.queue
        assert queue is not None
        if item.response is not None:
            self.notify(_("Provisional receipt {ref} is final: verification code {code}.").format(
                ref=item.local_ref, code=item.response.transaction.verification_code), markup=False, timeout=30)
        else:
            self.notify(_("The central refused provisional receipt {ref}: {reason}. A supervisor will review it "
                          "(queue: Ctrl+Y).").format(ref=item.local_ref, reason=refusal_reason(item)),
                        severity="error", markup=False, timeout=60)
        queue.mark_final_seen(item.seq)
        if item.response is not None and queue.noted(PROVISIONAL_PRINTED, item.local_ref):
            # The holder left with the provisional receipt on paper: the final one follows it on paper.
            self.print_final(item.response.transaction, queue.cached_carnet(item.response.transaction.carnet_id),
                             item.local_ref)
        self.desk.settled.publish(item)

    @work(thread=True, group="print-final", exit_on_error=False)
    def print_final(self, tx: Transaction, carnet: Carnet | None, local_ref: str) -> None:
        """The final receipt of a provisional one that was printed: saved, and printed when a printer is set."""
        from ecarnet_tui.printing.fonts import FontMissing, find_fonts, font_dirs
        from ecarnet_tui.printing.printer import deliver, receipt_file_name
        from ecarnet_tui.printing.receipt_pdf import receipt_pdf

        settings = self.desk.settings
        try:
            pdf = receipt_pdf(tx, carnet, training=tx.training, fonts=find_fonts(font_dirs(settings.font_path)))
            delivery = deliver(pdf, settings.receipts_path, receipt_file_name(tx), settings.printer)
        except (FontMissing, OSError) as exc:
            self.call_from_thread(self.notify, _("The final receipt of {ref} could not be saved: {problem}").format(
                ref=local_ref, problem=exc), severity="error", markup=False, timeout=60)
            return
        text, problem = delivery_text(delivery)
        self.call_from_thread(self.notify, _("Final receipt of {ref}: {outcome}").format(ref=local_ref, outcome=text),
                              severity="error" if problem else "information", markup=False, timeout=60)

    def link_back(self) -> None:
        """The central answers again: what step 1 said about the outage goes, an offline start signs in for real
        (the account as the central has it now), the office's last transactions are loaded, and supervisors'
        decisions waiting for the audit trail go."""
        desk = self.desk
        if desk.connection is None:
            return
        self.navigator.scan.link_back(self.connected_text())
        if desk.signed_in_offline or desk.me is None:
            self._sign_in()
        else:
            self.navigator.scan.link_is_back()
        self._send_reports()

    @work(group="decision-reports", exit_on_error=False)
    async def _send_reports(self) -> None:
        if self.desk.reports is not None:
            for text in await self.desk.reports.send():
                self.notify(text, severity="warning", markup=False, timeout=30)

    def queue_changed(self) -> None:
        """The queue changed outside the syncer (a supervisor's decision): the title bar's counts follow at once."""
        desk = self.desk
        if desk.syncer is not None:
            desk.syncer.recount()
        elif desk.queue is not None:
            self.on_sync_changed(SyncChanged(replace(desk.sync, counts=desk.queue.counts())))

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

    def action_refresh(self) -> None:
        self.desk.wake_syncer()  # the officer thinks the link is back: try the queue now
        if self.desk.connection is None:
            self._connect(None)
        else:
            self._sign_in()

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

"""The workstation app. Services are handed in (a connector), so tests run it on a real loopback central."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker, WorkerState

from central_client.errors import CentralError, CentralUnreachable
from ecarnet_tui.desk.connection import ConnectError, Connection, TokenNeeded
from ecarnet_tui.formats import country_name
from ecarnet_tui.i18n import _, ngettext
from ecarnet_tui.messages import CentralProblem, Connected, SignedIn, SyncChanged, TransactionsLoaded
from ecarnet_tui.screens.common.workstation import WorkstationScreen
from ecarnet_tui.screens.dialogs.token import TokenDialog
from ecarnet_tui.screens.wizard.scan import ScanScreen
from ecarnet_tui.settings import Settings
from ecarnet_tui.texts.problems import describe, refusal_reason
from ecarnet_tui.texts.receipt_delivery import PROVISIONAL_PRINTED, delivery_text
from ecarnet_tui.worker_failures import QUIET_GROUPS, WorkerFailed, failure_text, log_failure
from offline_queue.status import SyncStatus

if TYPE_CHECKING:
    from carnet_domain.carnet import Carnet
    from carnet_domain.organisation import Office, Territory
    from carnet_domain.transaction import Hold, Transaction
    from central_client.port import CentralPort
    from central_contract.models import LookupResponse, Me, QueueDecision
    from ecarnet_tui.scanner.cascade import Cascade
    from offline_queue.items import QueuedCommit
    from offline_queue.store import QueueStore
    from offline_queue.sync import Syncer

PAGE_SIZE = 10
"""Transactions per page of the home list, as the guide's (line 1800)."""

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
        settings: what the screens read from the settings (the printer, the receipts folder...).
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
        self.clock = clock
        """The desk's clock: commits carry its time, so that one made offline is judged as of then."""
        self.queue = queue
        """The offline queue; without one, nothing can be committed while the central is unreachable."""
        self.syncer: Syncer | None = None
        self.sync_status = SyncStatus()
        self.link_signal: Signal[SyncStatus] = Signal(self, "link")
        """Published whenever :attr:`sync_status` changes (the title bar shows it on every screen)."""
        self._connector = connector
        self.settings = settings if settings is not None else Settings()
        self.connection: Connection | None = None
        self.me: Me | None = None
        self.office_id = office_id
        self.ascii_only = ascii_only
        self.territories: dict[str, Territory] = {}
        self.connected = asyncio.Event()
        self.signed_in_offline = False
        """Signed in from what the central said at the last sign-in here: the central did not answer."""
        self._cascade: Cascade | None = None
        self._cascade_lock = threading.Lock()

    # --- what the screens use ----------------------------------------------------------------------------

    @property
    def central(self) -> CentralPort:
        assert self.connection is not None, "not connected"
        return self.connection.central

    @property
    def training(self) -> bool:
        """On the embedded demo central or a training central: everything produced says so."""
        embedded = self.connection is not None and self.connection.embedded
        return embedded or (self.me is not None and self.me.training)

    def cascade(self) -> Cascade:
        """The QR decoders for image files, loaded on first use (call it from a worker thread: it imports
        the decoding libraries)."""
        with self._cascade_lock:
            if self._cascade is None:
                from ecarnet_tui.scanner.cascade import Cascade

                self._cascade = Cascade()
            return self._cascade

    @property
    def office(self) -> Office | None:
        """The office the officer works at now, once signed in."""
        return next((o for o in (self.me.offices if self.me else []) if o.office_id == self.office_id), None)

    @property
    def territory(self) -> Territory | None:
        """The customs territory of the office the officer works at now."""
        office = self.office
        return self.territories.get(office.territory) if office else (self.me.territory if self.me else None)

    @property
    def territory_names(self) -> dict[str, str]:
        """The customs territories' names in the officer's language (Babel's), the central's for a code Babel
        does not know."""
        return {code: country_name(code, t.name) for code, t in self.territories.items()}

    @property
    def home(self) -> ScanScreen:
        screen = self.get_screen("home")
        assert isinstance(screen, ScanScreen)
        return screen

    def prepare(self, screen: Screen[Any]) -> None:
        """Compose and mount ``screen`` off-stage now, so that pushing it later only lays it out and draws it.

        Composing a step costs an old PC about as much as the officer's whole latency budget; done while the
        officer reads the current step, the next one appears at once. A prepared screen that is never pushed
        must be removed by whoever prepared it.
        """
        self._load_screen_css(screen)
        if isinstance(screen, WorkstationScreen):
            screen.styled_offstage = True
        _, mounted = self._get_screen(screen)

        async def lay_out() -> None:
            """Arrange it at the terminal's size while unseen. A first arrangement gives the widgets their
            sizes; those may add scroll bars that need another one (Textual only arranges the screen on top)."""
            await mounted
            for _ in range(3):
                if not screen.is_attached or screen in self.screen_stack:
                    return
                screen._refresh_layout(self.size)
                screen._layout_required = False
                await asyncio.sleep(0.02)  # the widgets handle their resize events
                if not screen._layout_required:
                    return

        self.run_worker(lay_out(), group="prepare", exit_on_error=False)

    def choose_office(self, office_id: str) -> None:
        if office_id != self.office_id:
            self.office_id = office_id
            self.home.page_offset = 0
            self._load_transactions()

    def reload_transactions(self) -> None:
        self._load_transactions()

    def report_queue_decision(self, item: QueuedCommit, decision: QueueDecision, reason: str) -> None:
        """Report a supervisor's decision on a queued commit to the central's audit trail (issue 7): best effort,
        in a worker; the queue's journal keeps it whatever happens."""
        from ecarnet_tui.desk.decision_reports import reports_of

        reports_of(self).send(item, decision, reason)

    def office_today(self) -> date | None:
        """Today at the office the officer works at, by the desk's clock; ``None`` before signing in."""
        office = self.office
        if office is None:
            return None
        try:
            zone = ZoneInfo(office.timezone)
        except (ValueError, ZoneInfoNotFoundError):
            zone = ZoneInfo("UTC")
        return self.clock().astimezone(zone).date()

    def as_of_today(self, lookup: LookupResponse) -> LookupResponse:
        """A lookup kept from an earlier day, checked as of today: validity, an exit's delay and the final
        dates are judged on the day the transaction is made, as the central will when the queue reaches it."""
        today = self.office_today()
        if today is None or today <= lookup.office_date:
            return lookup
        file = lookup.vehicle_file
        valid_until = file.valid_until if file is not None else lookup.carnet.valid_until
        return lookup.model_copy(update={"office_date": today, "expired": today > valid_until})

    def start_wizard(self, lookup: LookupResponse, offline_since: datetime | None = None) -> None:
        from ecarnet_tui.desk.draft import Draft
        from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen

        if offline_since is not None:
            lookup = self.as_of_today(lookup)
        draft = Draft.start(lookup, self.office_id)
        draft.offline_since = offline_since
        draft.started_at = self.clock()
        ahead = self.home.take_step2()
        screen = ahead if isinstance(ahead, CheckCarnetScreen) else CheckCarnetScreen(draft)
        screen.load(draft)
        self.push_screen(screen)

    def new_transaction(self, message: str = "") -> None:
        """Back to step 1, empty, with ``message`` (if any) on its status line; inside a guided procedure,
        back to the procedure instead, which takes the next step."""
        from ecarnet_tui.screens.desk.procedure import ProcedureScreen

        while self.screen is not self.home and not isinstance(self.screen, ProcedureScreen):
            self.pop_screen()
        if isinstance(self.screen, ProcedureScreen):
            if message:
                self.screen.say(message, problem=False)
            return
        self.home.clear_form()
        self.home.page_offset = 0
        if message:
            self.home.show_connection(message)
        self._load_transactions()

    def resume(self, lookup: LookupResponse, hold: Hold) -> None:
        """Back into the wizard where a released hold stopped, with everything that was typed."""
        from ecarnet_tui.desk.draft import Draft
        from ecarnet_tui.screens.common.step import StepScreen
        from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen, step3_screen
        from ecarnet_tui.screens.wizard.commit import CommitScreen
        from ecarnet_tui.texts.holds import released_text

        while self.screen is not self.home:
            self.pop_screen()
        draft = Draft.start(lookup, self.office_id)
        draft.restore(hold.draft)
        steps: list[StepScreen] = [CheckCarnetScreen(draft)]
        if hold.step >= 3:
            steps.append(step3_screen(draft))
        if hold.step >= 4:
            steps.append(CommitScreen(draft))
        steps[-1].announce(released_text(hold))
        for step in steps:
            self.push_screen(step)

    # --- connecting and signing in -----------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.queue is not None:  # holder data kept for offline checks expires
            self.queue.purge_cache(who="expiry", older_than=self.settings.cache_max_age)
        self.install_screen(ScanScreen(), "home")
        self.push_screen("home")
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
                self.home.show_connection(_("No token: the workstation cannot reach the central."), problem=True)

        self.push_screen(TokenDialog(why), typed)

    def on_connected(self, message: Connected) -> None:
        self.connection = message.connection
        self.home.show_connection(self.connected_text())
        self._start_sync()
        self._sign_in()

    def connected_text(self) -> str:
        """Step 1's line once the central answers."""
        connection = self.connection
        if connection is None:
            return ""
        if connection.embedded:  # a whole sentence each: "Connecté au système central…", "Connecté à 10.0.0.5"
            return _("Connected to the demo central")
        return _("Connected to {central}").format(central=central_host(connection.url))

    def _start_sync(self) -> None:
        """Send the offline queue in the background, for as long as the app runs."""
        if self.queue is None:
            return
        from offline_queue.sync import Syncer  # not on the way to the first keystroke

        self.workers.cancel_group(self, "sync")
        self.syncer = Syncer(self.queue, self.central, on_change=self._sync_changed)
        self.run_worker(self.syncer.run(), group="sync", exit_on_error=False)

    @work(exclusive=True, group="sign-in", exit_on_error=False)
    async def _sign_in(self) -> None:
        from ecarnet_tui.desk.offline_session import remember_session, remembered_session

        try:
            me = await self.central.me()
            territories = await self.central.territories()
        except CentralUnreachable as exc:
            remembered = remembered_session(self.queue)
            if remembered is None:
                self.post_message(CentralProblem(describe(exc), link=True))
                return
            me, territories = remembered
            self.territories = {t.code: t for t in territories}
            self.post_message(SignedIn(me, offline=True))
            return
        except CentralError as exc:
            self.post_message(CentralProblem(describe(exc)))
            return
        remember_session(self.queue, me, territories)
        self.territories = {t.code: t for t in territories}
        self.post_message(SignedIn(me))

    def on_signed_in(self, message: SignedIn) -> None:
        if message.offline:
            self.home.show_connection(
                _("The central cannot be reached: working offline as {name}. Commits wait in the queue.").format(
                    name=message.me.account.display_name), problem=True, link=True)
        self.signed_in_offline = message.offline
        self.me = message.me
        allowed = {o.office_id for o in message.me.offices}
        if self.office_id not in allowed:
            self.office_id = message.me.office.office_id
        self.home.show_account(message.me, self.training, self.office_id)
        self.connected.set()
        self.home.prepare_step2()
        self._load_transactions()

    @work(exclusive=True, group="transactions", exit_on_error=False)
    async def _load_transactions(self) -> None:
        if not self.connected.is_set() or self.sync_status.reachable is False:
            return  # offline: the list stays as it was, and step 1's message (a local reference, say) stays too
        try:
            page = await self.central.last_transactions(self.office_id, PAGE_SIZE, self.home.page_offset)
        except CentralUnreachable as exc:
            if self.syncer is None:
                self.post_message(CentralProblem(describe(exc), link=True))
            else:  # the title bar says OFFLINE once the syncer has looked; step 1 keeps what it tells the officer
                self.syncer.wake()
            return
        except CentralError as exc:
            self.post_message(CentralProblem(describe(exc)))
            return
        self.post_message(TransactionsLoaded(page))

    def on_transactions_loaded(self, message: TransactionsLoaded) -> None:
        with contextlib.suppress(NoMatches, KeyError):  # a page arriving while the app closes has nowhere to go
            self.home.show_transactions(message.page)

    def _sync_changed(self, status: SyncStatus) -> None:
        self.post_message(SyncChanged(status))

    def on_sync_changed(self, message: SyncChanged) -> None:
        back = message.status.reachable is True and self.sync_status.reachable is False
        self.sync_status = message.status
        self.link_signal.publish(message.status)
        if back:
            self.link_back()
        if self.queue is not None:
            for item in self.queue.unseen_outcomes():
                self._settled(item)

    def _settled(self, item: QueuedCommit) -> None:
        """Tell the officer what became of a provisional receipt, once."""
        assert self.queue is not None
        if item.response is not None:
            self.notify(_("Provisional receipt {ref} is final: verification code {code}.").format(
                ref=item.local_ref, code=item.response.transaction.verification_code), markup=False, timeout=30)
        else:
            self.notify(_("The central refused provisional receipt {ref}: {reason}. A supervisor will review it "
                          "(queue: Ctrl+Y).").format(ref=item.local_ref, reason=refusal_reason(item)),
                        severity="error", markup=False, timeout=60)
        self.queue.mark_final_seen(item.seq)
        if item.response is not None and self.queue.noted(PROVISIONAL_PRINTED, item.local_ref):
            # The holder left with the provisional receipt on paper: the final one follows it on paper.
            self.print_final(item.response.transaction, self.queue.cached_carnet(item.response.transaction.carnet_id),
                             item.local_ref)
        for screen in self.screen_stack:
            settle = getattr(screen, "queued_item_settled", None)
            if settle is not None:
                settle(item)

    @work(thread=True, group="print-final", exit_on_error=False)
    def print_final(self, tx: Transaction, carnet: Carnet | None, local_ref: str) -> None:
        """The final receipt of a provisional one that was printed: saved, and printed when a printer is set."""
        from ecarnet_tui.printing.fonts import FontMissing
        from ecarnet_tui.printing.printer import deliver, receipt_file_name
        from ecarnet_tui.printing.receipt_pdf import receipt_pdf

        try:
            pdf = receipt_pdf(tx, carnet, training=tx.training)
            delivery = deliver(pdf, self.settings.receipts_path, receipt_file_name(tx), self.settings.printer)
        except (FontMissing, OSError) as exc:
            self.call_from_thread(self.notify, _("The final receipt of {ref} could not be saved: {problem}").format(
                ref=local_ref, problem=exc), severity="error", markup=False, timeout=60)
            return
        text, problem = delivery_text(delivery)
        self.call_from_thread(self.notify, _("Final receipt of {ref}: {outcome}").format(ref=local_ref, outcome=text),
                              severity="error" if problem else "information", markup=False, timeout=60)

    def on_central_problem(self, message: CentralProblem) -> None:
        self.home.show_connection(message.text, problem=True, link=message.link)

    def link_back(self) -> None:
        """The central answers again: what step 1 said about the outage goes, an offline start signs in for real
        (the account as the central has it now), and the office's last transactions are loaded."""
        if self.connection is None:
            return
        self.home.link_back(self.connected_text())
        if self.signed_in_offline or self.me is None:
            self._sign_in()
        elif self.home.page is None:
            self._load_transactions()

    def queue_changed(self) -> None:
        """A supervisor decided on a queued commit: the title bar's counts follow at once."""
        if self.syncer is not None:
            self.syncer.recount()
        elif self.queue is not None:
            self.on_sync_changed(SyncChanged(replace(self.sync_status, counts=self.queue.counts())))

    def action_help(self) -> None:
        """F1: the help of the screen the officer is on (under a dialog, the screen it belongs to)."""
        from ecarnet_tui.screens.dialogs.help import HelpDialog

        if isinstance(self.screen, HelpDialog):
            return
        screen = next((s for s in reversed(self.screen_stack) if isinstance(s, WorkstationScreen)), None)
        if screen is not None:
            self.push_screen(HelpDialog(*screen.help_text()))

    async def action_quit(self) -> None:
        """Ctrl+Q: leave, after asking when commits still wait to reach the central (they stay in this workstation's
        queue and are sent at the next start with the link up; another desk cannot send them)."""
        from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog

        counts = self.queue.counts() if self.queue is not None else None
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
        if self.syncer is not None:
            self.syncer.wake()  # the officer thinks the link is back: try the queue now
        if self.connection is None:
            self._connect(None)
        else:
            self._sign_in()

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
        if self.connection is not None:
            await self.connection.central.aclose()
            self.connection.stop()

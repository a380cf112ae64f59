"""The app's side of the offline queue: the link and the counts as the syncer sees them, a provisional receipt
settled (told once, printed when its provisional one was), the link back, supervisors' decisions on their way to
the central's audit trail. Mixed into :class:`ecarnet_tui.app.EcarnetApp`."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from ecarnet_tui.i18n import _
from ecarnet_tui.messages import SyncChanged
from ecarnet_tui.texts.problems import refusal_reason
from ecarnet_tui.texts.receipt_delivery import PROVISIONAL_PRINTED, delivery_text
from offline_queue.status import SyncStatus

if TYPE_CHECKING:
    from carnet_domain.carnet import Carnet
    from carnet_domain.transaction import Transaction
    from ecarnet_tui.navigation.identity import IdentityFlow
    from ecarnet_tui.navigation.navigator import Navigator
    from ecarnet_tui.services.desk import DeskServices
    from offline_queue.items import QueuedCommit


class QueueHandlers(App[None]):
    desk: DeskServices
    navigator: Navigator
    identity: IdentityFlow

    def connected_text(self) -> str:
        raise NotImplementedError

    def _sign_in(self) -> object:
        raise NotImplementedError

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
        session = desk.session
        if session is not None and session.offline:
            self.identity.ask(account=session.account_id, note=_(
                "The central answers again: sign in to work online. Nothing you typed is lost."))
        elif desk.me is None and desk.connection.signed_in:
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

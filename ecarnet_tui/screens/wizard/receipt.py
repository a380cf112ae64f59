"""Step 5: the receipt — verification code and QR for the holder, cancellation with the holder's code
(lines 2643-2689)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from carnet_domain.payload import verification_payload
from central_client.errors import CentralError
from ecarnet_tui.formats import format_day, local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal, literal_lines
from ecarnet_tui.printing.fonts import FontMissing, find_fonts, font_dirs
from ecarnet_tui.printing.printer import deliver, provisional_file_name, receipt_file_name
from ecarnet_tui.screens.common.step import StepScreen
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.texts.link import unchecked_text
from ecarnet_tui.texts.problems import describe, refusal_reason
from ecarnet_tui.texts.receipt_delivery import PROVISIONAL_PRINTED, delivery_text
from ecarnet_tui.widgets.form import FormRow
from ecarnet_tui.widgets.qr import QRCode
from offline_queue.items import QueuedCommit


class ReceiptScreen(StepScreen):
    """What the holder gets back: proof that the transaction was committed."""

    STEP = 5
    BINDINGS = [
        Binding("ctrl+n", "new_transaction", _("New transaction"), id="new", tooltip=_("Back to step 1")),
        Binding("ctrl+p", "print_receipt", _("Print receipt"), id="print", priority=True,
                tooltip=_("Save the receipt as PDF and print it on the configured printer")),
        Binding("escape", "new_transaction", _("Done"), id="done", show=False),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A committed transaction is neither held nor rejected: it is cancelled with the holder's code."""
        return action not in ("hold", "reject")

    def compose(self) -> ComposeResult:
        """The receipt's frame; it is composed while the officer is still at step 4 (the commit's answer is
        not known yet) and filled in by :meth:`show_result` when it appears."""
        yield from self.compose_top()
        with Horizontal(id="receipt"):
            yield QRCode(ascii_only=self.desk.ascii_only, id="verification-qr")
            with Vertical(id="receipt-text"):
                yield Static(_("TRAINING – NOT VALID"), classes="training-stamp")
                yield Static(_("PROVISIONAL – not yet accepted by the central"), classes="provisional-stamp")
                yield Static(_("Verification code"), classes="heading")
                yield Static("", id="verification-code")
                yield Static("", id="receipt-summary")
                yield Static(_("If the holder disagrees, type the holder's cancellation code, then Enter:"),
                             id="cancellation-hint")
                yield FormRow(_("Cancellation code"), "cancellation-code")
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        self.say(_("Show the QR or read the verification code to the holder."), problem=False)
        self.desk.settled.subscribe(self, self.queued_item_settled)

    def on_screen_resume(self) -> None:
        self.show_result()

    def show_result(self) -> None:
        """The committed transaction: its verification code, as text and as QR, and what was recorded."""
        result = self.draft.result
        self.query_one(".provisional-stamp").display = result is None and self.draft.queued is not None
        if result is None:
            if self.draft.queued is not None:
                self.show_provisional()
            return  # otherwise composed ahead of the commit's answer
        self.query_one("#verification-qr").display = True
        self.query_one("#cancellation-hint").display = True
        self.query_one("#cancellation-code", Input).disabled = False
        tx = result.transaction
        self.query_one("#verification-qr", QRCode).payload = verification_payload(tx.verification_code, tx.training)
        self.query_one(".training-stamp").display = tx.training
        self.query_one("#verification-code", Static).update(literal(tx.verification_code, "bold"))
        lines = [
            _("{type} committed {when}").format(type=type_name(tx.type), when=local_time(tx.occurred_at)),
            _("at {office} by {officer}").format(office=tx.office_name, officer=tx.officer_name),
            _("Declared goods: {ranges}").format(ranges=tx.goods.declared_goods),
        ]
        if result.pre_exportation is not None:
            lines.append(_("Pre-exportation recorded with it (Exit at the same office)."))
        if tx.goods.diverted_goods:
            lines.append(_("Not re-exported / re-imported: {ranges}").format(ranges=tx.goods.diverted_goods))
        if tx.customs.final_date is not None:
            lines.append(_("Final date: {date}").format(date=format_day(tx.customs.final_date)))
        if tx.customs.delay_explanation:
            lines.append(_("Delay explained: {why}").format(why=tx.customs.delay_explanation))
        self.query_one("#receipt-summary", Static).update(literal_lines(lines))

    def show_provisional(self) -> None:
        """Kept in the offline queue: a local reference for the holder, and what could not be checked."""
        item = self.draft.queued
        assert item is not None
        self.query_one("#verification-qr").display = False
        self.query_one(".training-stamp").display = self.desk.training
        self.query_one("#cancellation-hint").display = False  # a provisional receipt is not cancelled here
        self.query_one("#cancellation-code", Input).disabled = True
        self.query_one("#verification-code", Static).update(literal(
            _("Local reference {ref}").format(ref=item.local_ref), "bold"))
        request = item.request
        lines = [
            _("{type} kept {when} at this desk; the verification code comes when the central accepts it.").format(
                type=type_name(request.type), when=local_time(item.made_at)),
            _("Declared goods: {ranges}").format(ranges=request.goods.declared_goods),
            _("Not checked offline:"),
            *("  " + unchecked_text(code, self.draft.offline_since) for code in item.unchecked),
        ]
        self.query_one("#receipt-summary", Static).update(literal_lines(lines))
        self.say(_("Give the holder the local reference; the receipt becomes final when the link is back."),
                 problem=False)

    def on_unmount(self) -> None:
        self.desk.settled.unsubscribe(self)

    def queued_item_settled(self, item: QueuedCommit) -> None:
        """The central answered for this receipt's queued commit: final, or refused for a supervisor."""
        queued = self.draft.queued
        if queued is None or queued.seq != item.seq:
            return
        if item.response is not None:
            self.draft.result = item.response
            self.show_result()
            self.say(_("The central accepted it: this receipt is final."), problem=False)
        else:
            self.say(_("The central refused it: {reason}. A supervisor reviews it in the queue (Ctrl+Y).").format(
                reason=refusal_reason(item)))

    @on(Input.Submitted, "#cancellation-code")
    def cancel(self, event: Input.Submitted) -> None:
        code = event.value.strip()
        if not code:
            self.say(_("Type the cancellation code the holder shows, then Enter."))
            return
        self.say(_("Cancelling…"), problem=False)
        self.cancel_transaction(code)

    @work(exclusive=True, group="cancel", exit_on_error=False)
    async def cancel_transaction(self, code: str) -> None:
        result = self.draft.result
        assert result is not None
        try:
            await self.desk.central.cancel(result.transaction.transaction_id, code)
        except CentralError as exc:
            self.say(describe(exc))
            return
        desk = self.desk
        if desk.queue is not None:  # the code may be used again, also offline
            desk.queue.note_cancelled(result.transaction.transaction_id, who=desk.officer_id)
        self.post_message(self.Redo(self))  # back to step 3 with everything as typed, to commit again

    def action_new_transaction(self) -> None:
        self.post_message(self.Finished())

    # --- the printed receipt (guide line 2681) -------------------------------------------------------------

    def action_print_receipt(self) -> None:
        if self.draft.result is None and self.draft.queued is None:
            self.say(_("Nothing is committed yet: there is no receipt to print."))
            return
        self.say(_("Preparing the receipt…"), problem=False)
        self.print_receipt()

    @work(thread=True, exclusive=True, group="print", exit_on_error=False)
    def print_receipt(self) -> None:
        """Make the PDF (final, or provisional while the commit waits in the queue), save it, and print it when a
        printer is set; the outcome goes to the message line."""
        app, draft = self.desk, self.draft
        queued = draft.queued
        try:
            if draft.result is not None:
                from ecarnet_tui.printing.receipt_pdf import receipt_pdf  # fpdf2 loads in this thread, not at start

                tx = draft.result.transaction
                fonts = find_fonts(font_dirs(app.settings.font_path))
                pdf, name = receipt_pdf(tx, draft.carnet, training=tx.training, fonts=fonts), receipt_file_name(tx)
            else:
                assert queued is not None
                pdf, name = self.provisional_pdf(queued), provisional_file_name(queued.local_ref)
            delivery = deliver(pdf, app.settings.receipts_path, name, app.settings.printer)
        except FontMissing as exc:
            self.app.call_from_thread(self.tell, str(exc))
            return
        except OSError as exc:
            self.app.call_from_thread(self.tell, _("The receipt could not be saved: {problem}").format(problem=exc))
            return
        if draft.result is None and queued is not None and app.queue is not None:
            # The final receipt is printed by itself when the central accepts the commit (see the app).
            app.queue.note(app.me.account.account_id if app.me else "", PROVISIONAL_PRINTED, queued.local_ref,
                           str(delivery.path))
        text, problem = delivery_text(delivery)
        self.app.call_from_thread(self.tell, text, problem=problem)

    def provisional_pdf(self, item: QueuedCommit) -> bytes:
        from ecarnet_tui.printing.provisional_pdf import provisional_receipt_pdf

        app = self.desk
        office = app.office.name if app.office is not None else item.office_id
        officer = app.me.account.display_name if app.me is not None else item.officer
        checks = [unchecked_text(code, self.draft.offline_since) for code in item.unchecked]
        return provisional_receipt_pdf(item, self.draft.carnet, office=office, officer=officer, checks_left=checks,
                                       fonts=find_fonts(font_dirs(app.settings.font_path)),
                                       training=app.training)

    def tell(self, text: str, *, problem: bool = True) -> None:
        """On the message line; as a notification if the officer has left the receipt meanwhile."""
        if self.is_current:
            self.say(text, problem=problem)
        else:
            self.app.notify(text, severity="error" if problem else "information", markup=False)

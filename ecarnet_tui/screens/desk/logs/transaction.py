"""One transaction of the Logs in full (guide line 2847, "Details"): every field, the goods declared and the goods
definitively imported apart, in the local time of the office that made it; Ctrl+P prints its voucher (the
PDF voucher of the Logs' exports, saved beside the receipts and sent to the printer when one is set)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from carnet_domain.carnet import Carnet
from carnet_domain.transaction import Transaction
from central_client.errors import CentralError
from ecarnet_tui.formats import field_lines
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal, literal_lines
from ecarnet_tui.printing.fonts import FontMissing, find_fonts, font_dirs
from ecarnet_tui.printing.printer import deliver, voucher_file_name
from ecarnet_tui.screens.common.places import LogTransactionRef
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.texts.desk_help import log_transaction_help
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.texts.log_transaction import (
    carnet_fields,
    declared_heading,
    detail_fields,
    diverted_heading,
    goods_block,
    office_zone,
)
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.texts.receipt_delivery import voucher_delivery_text
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar
from ecarnet_tui.worker_failures import LOG

if TYPE_CHECKING:
    from datetime import tzinfo

    from ecarnet_tui.services.desk import DeskServices


class LogTransactionScreen(WorkstationScreen):
    """The details of one transaction of the Logs; Escape goes back to the list, Ctrl+P prints its voucher."""

    DEFAULT_CSS = """
    LogTransactionScreen #log-transaction-body Static {
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="log-transaction-back"),
        Binding("ctrl+p", "print_voucher", _("Print voucher"), id="log-transaction-print", priority=True,
                tooltip=_("Save this transaction's voucher as PDF and send it to the printer")),
    ]

    def help_text(self) -> tuple[str, list[str]]:
        return log_transaction_help()

    def __init__(self, desk: DeskServices, subject: LogTransactionRef) -> None:
        super().__init__(desk)
        self.subject = subject
        self.transaction: Transaction | None = None
        self.carnet: Carnet | None = None
        self.zone: tzinfo | None = None
        """The time zone of the office that made the transaction (``None``: the workstation's)."""

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(_("Transaction details"), classes="heading", id="log-transaction-heading")
        with VerticalScroll(id="log-transaction-body"):
            yield Static("", id="log-transaction-fields", classes="field")
            yield Static(declared_heading(), classes="heading", id="log-declared-heading")
            yield Static("", id="log-declared")
            yield Static("", classes="heading", id="log-diverted-heading")
            yield Static("", id="log-diverted")
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.say(_("Loading…"), problem=False)
        self.query_one("#log-transaction-body").focus()
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "print_voucher":
            return self.transaction is not None
        return True

    def action_back(self) -> None:
        self.dismiss()

    @work(exclusive=True, group="log-transaction", exit_on_error=False)
    async def load(self) -> None:
        try:
            detail = await self.desk.central.carnet_log_detail(self.subject.carnet_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        tx = next((t for t in detail.transactions if t.transaction_id == self.subject.transaction_id), None)
        if tx is None:
            self.say(_("Transaction {id} is no longer in the logs of carnet {number}.").format(
                id=self.subject.transaction_id, number=detail.carnet.number))
            return
        self.transaction, self.carnet = tx, detail.carnet
        self.zone = office_zone(detail.office_zones, tx.office_id)
        self.show(tx, detail.carnet)
        self.say("", problem=False)
        self.refresh_bindings()

    def show(self, tx: Transaction, carnet: Carnet) -> None:
        heading = _("{type} of carnet {number}").format(type=type_name(tx.type), number=carnet.number)
        self.query_one("#log-transaction-heading", Static).update(literal(heading))
        fields = carnet_fields(carnet) + detail_fields(tx, self.desk.territory_names, self.zone)
        self.query_one("#log-transaction-fields", Static).update(field_lines(fields))
        self.query_one("#log-declared", Static).update(literal_lines(goods_block(tx.goods.declared_goods, tx, carnet)))
        self.query_one("#log-diverted-heading", Static).update(literal(diverted_heading(tx)))
        self.query_one("#log-diverted", Static).update(literal_lines(goods_block(tx.goods.diverted_goods, tx, carnet)))

    # --- the voucher --------------------------------------------------------------------------------------

    def action_print_voucher(self) -> None:
        if self.transaction is None or self.carnet is None:
            return
        self.say(_("Preparing the voucher…"), problem=False)
        self.print_voucher(self.transaction, self.carnet)

    @work(thread=True, exclusive=True, group="log-transaction-print", exit_on_error=False)
    def print_voucher(self, tx: Transaction, carnet: Carnet) -> None:
        """Make the voucher's PDF (stamped TRAINING in training, or for a transaction made in training), save it
        beside the receipts and print it when a printer is set; the outcome goes to the message line."""
        desk = self.desk
        training = desk.training or tx.training
        try:
            from ecarnet_tui.exports.voucher_pdf import voucher_pdf  # fpdf2 loads in this thread, not at start

            fonts = find_fonts(font_dirs(desk.settings.font_path))
            pdf = voucher_pdf(tx, carnet, training=training, zone=self.zone, fonts=fonts)
            delivery = deliver(pdf, desk.settings.receipts_path, voucher_file_name(tx, training=training),
                               desk.settings.printer)
        except FontMissing as exc:
            self.app.call_from_thread(self.tell, str(exc))
            return
        except OSError as exc:
            self.app.call_from_thread(self.tell, _("The voucher could not be saved: {problem}").format(problem=exc))
            return
        except Exception as exc:  # never "Preparing…" for ever
            LOG.exception("the voucher of the logs could not be made")
            self.app.call_from_thread(self.tell, _(
                "The voucher could not be made ({problem}): nothing was saved. Try again; if it fails again, tell "
                "your administrator what this line says.").format(problem=exc))
            return
        text, problem = voucher_delivery_text(delivery, training=training)
        self.app.call_from_thread(self.tell, text, problem=problem)

    def tell(self, text: str, *, problem: bool = True) -> None:
        """On the message line; as a notification if the controller has left the details meanwhile."""
        if self.is_current:
            self.say(text, problem=problem)
        else:
            self.app.notify(text, severity="error" if problem else "information", markup=False)

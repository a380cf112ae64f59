"""Logs (guide lines 2843-2973), for Controllers and Admins: the transacted carnets with their reconciliation
status, and the transactions; Enter on a carnet shows its transactions. The lists export as XLSX or CSV (at most
500 rows), a carnet's transactions as a ZIP of PDF vouchers and XML files (at most 25)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from carnet_domain.carnet import CarnetKind
from carnet_domain.organisation import Permission
from carnet_domain.reconciliation import ReconciliationStatus
from central_client.errors import CentralError
from central_contract.models import LOG_PAGE_MAX, CarnetLog, CarnetLogPage, TransactionLogPage
from ecarnet_tui.exports.columns import Cell, as_text, carnet_columns, status_name, transaction_columns
from ecarnet_tui.formats import format_count, format_figure, labelled
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.places import LogTransactionRef, Place
from ecarnet_tui.screens.common.workstation import TrainingBanner
from ecarnet_tui.screens.desk.logs.exports import LogsExports
from ecarnet_tui.screens.desk.logs.filters import FilterDialog, LogFilters, filters_text
from ecarnet_tui.texts.desk_help import logs_help
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices

OWN_ACTIONS = frozenset({"carnets", "transactions", "filter", "export", "export_zip", "reload", "vehicle"})
"""The keys of the logs, hidden from an account that may not read them (Escape, F1... stay)."""


def outstanding_text(outstanding: dict[str, str], territories: dict[str, str]) -> str:
    """Where a carnet's items still wait: ``exported, not back: 11-20 · in European Union: 11-20``."""
    parts = []
    for place, items in outstanding.items():
        kind, _sep, code = place.partition(":")
        name = territories.get(code, code)
        label = {"exported": _("exported, not back"), "admitted": _("in {territory}").format(territory=name),
                 "transit": _("in transit in {territory}").format(territory=name)}.get(kind, place)
        parts.append(labelled(label, items))
    return " · ".join(parts)



def shown(value: Cell) -> str:
    """A cell as the screen shows it: amounts with thousands separators, as on step 2 (the files keep plain
    numbers, for spreadsheets)."""
    if isinstance(value, Decimal):
        return format_figure(value)
    return as_text(value)

def needs_attention(log: CarnetLog) -> bool:
    """A carnet to check, a CPD whose non-discharge notification is due or has lapsed, or one with an exit
    flagged late: shown in bold."""
    return log.status is ReconciliationStatus.TO_CHECK or log.notification_warning is not None or log.late_exits > 0


class LogsScreen(LogsExports):
    """The Carnets and Transactions views of the Logs; keyboard only."""

    DEFAULT_CSS = """
    LogsScreen #log-carnets, LogsScreen #log-transactions {
        height: 1fr;
    }
    LogsScreen #log-detail {
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="logs-back"),
        Binding("f2", "carnets", _("Carnets"), id="logs-carnets", tooltip=_("The transacted carnets")),
        Binding("f3", "transactions", _("Transactions"), id="logs-transactions", tooltip=_("Every transaction")),
        Binding("f4", "filter", _("Filter"), id="logs-filter",
                tooltip=_("Show only the carnets or transactions of a status, a validity, a carnet type or a "
                          "transaction type")),
        # Not in the key bar, which is full in French at 80 columns: the line above the table names it.
        Binding("f5", "vehicle", _("Vehicle"), id="logs-vehicle", show=False,
                tooltip=_("Open the vehicle file of the vehicle carnet (CPD) under the cursor")),
        Binding("f6", "export('xlsx')", _("XLSX"), id="logs-xlsx", tooltip=_("Export the list as XLSX")),
        Binding("f7", "export('csv')", _("CSV"), id="logs-csv", tooltip=_("Export the list as CSV")),
        Binding("f8", "export_zip", _("ZIP"), id="logs-zip",
                tooltip=_("Export the carnet's transactions as PDF and XML in a ZIP")),
        Binding("ctrl+r", "reload", _("Reload"), id="logs-reload", show=False, priority=True),
    ]


    def help_text(self) -> tuple[str, list[str]]:
        return logs_help()
    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.view = "carnets"
        self.filters = LogFilters()
        """What the lists are narrowed to (each view uses those that apply to it)."""
        self.carnet: CarnetLog | None = None
        """The carnet whose transactions the Transactions view shows; ``None``: every transaction."""
        self.carnets: CarnetLogPage | None = None
        self.transactions: TransactionLogPage | None = None
        self.allowed = True
        """Whether this account may read the logs (Controllers and Admins)."""

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static("", id="logs-heading", classes="heading")
        yield Static("", id="log-detail", classes="field")
        yield DataTable(id="log-carnets", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="log-transactions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#log-carnets", DataTable).add_columns(*(c.heading for c in carnet_columns()))
        self.query_one("#log-transactions", DataTable).add_columns(*(c.heading for c in transaction_columns()))
        me = self.desk.me
        if me is None or Permission.LOGS not in me.permissions:
            self.allowed = False
            self.show_view()
            self.say(_("The logs are for Controllers and Admins: this account cannot open them."))
            return
        self.action_carnets()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in OWN_ACTIONS:
            return True
        if not self.allowed:
            return False
        if action == "carnets":
            return self.view != "carnets"
        if action == "transactions":
            return self.view == "carnets"
        if action == "vehicle":
            return self.view == "carnets" and self.highlighted_cpd() is not None
        return True

    def highlighted_cpd(self) -> CarnetLog | None:
        """The vehicle carnet under the cursor of the Carnets view, if it is one."""
        table = self.query_one("#log-carnets", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        log = self.carnet_log(key)
        return log if log is not None and log.kind is CarnetKind.CPD else None

    @on(DataTable.RowHighlighted, "#log-carnets")
    def carnet_highlighted(self) -> None:
        self.refresh_bindings()
        self.show_heading()

    def action_vehicle(self) -> None:
        log = self.highlighted_cpd()
        if log is not None:
            self.post_message(self.Open(Place.VEHICLE_FILE, log.carnet_number))

    # --- the views ----------------------------------------------------------------------------------------

    def show_view(self) -> None:
        carnets = self.query_one("#log-carnets", DataTable)
        transactions = self.query_one("#log-transactions", DataTable)
        carnets.display = self.view == "carnets"
        transactions.display = self.view == "transactions"
        (carnets if self.view == "carnets" else transactions).focus()
        self.show_heading()
        self.refresh_bindings()

    def show_heading(self) -> None:
        detail = ""
        page: CarnetLogPage | TransactionLogPage | None
        if self.view == "carnets":
            page = self.carnets
            heading = _("Logs › Carnets")
            cpd = self.highlighted_cpd()
            if cpd is not None:
                detail = _("F5 opens the vehicle file of {number}.").format(number=cpd.carnet_number)
        else:
            page = self.transactions
            heading = _("Logs › Transactions")
            if self.carnet is not None:
                heading = _("Logs › Transactions of carnet {number} ({status})").format(
                    number=self.carnet.carnet_number, status=status_name(self.carnet.status))
                detail = outstanding_text(self.carnet.outstanding, self.desk.territory_names)
                if detail:
                    detail = _("Items still to clear: {places}").format(places=detail)
        narrowed = filters_text(self.filters, carnets=self.view == "carnets")
        if narrowed:
            heading += " — " + narrowed
        if page is not None:
            heading += " — " + _("{shown} of {total}").format(shown=format_count(len(page.items)),
                                                              total=format_count(page.total))
        self.query_one("#logs-heading", Static).update(literal(heading))
        self.query_one("#log-detail", Static).update(literal(detail))
        self.query_one("#log-detail").display = bool(detail)

    def action_back(self) -> None:
        if self.view == "transactions" and self.allowed:
            self.action_carnets()
        else:
            self.dismiss()

    def action_carnets(self) -> None:
        self.view, self.carnet = "carnets", None
        self.show_view()
        self.action_reload()

    def action_transactions(self) -> None:
        self.view, self.carnet = "transactions", None
        self.show_view()
        self.action_reload()

    def action_filter(self) -> None:
        def chosen(filters: LogFilters | None) -> None:
            if filters is not None and filters != self.filters:
                self.filters = filters
                self.action_reload()

        self.app.push_screen(FilterDialog(self.filters, carnets=self.view == "carnets"), chosen)

    def action_reload(self) -> None:
        if not self.allowed:
            return
        self.say(_("Loading…"), problem=False)
        if self.view == "carnets":
            self.load_carnets()
        else:
            self.load_transactions()

    @on(DataTable.RowSelected, "#log-carnets")
    def carnet_chosen(self, event: DataTable.RowSelected) -> None:
        chosen = self.carnet_log(event.row_key.value)
        if chosen is not None:
            self.view, self.carnet = "transactions", chosen
            self.show_view()
            self.action_reload()

    @on(DataTable.RowSelected, "#log-transactions")
    def transaction_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a transaction opens its details (guide line 2847), from where its voucher is printed."""
        rows = self.transactions.items if self.transactions else []
        chosen = next((tx for tx in rows if tx.transaction_id == event.row_key.value), None)
        if chosen is not None:
            self.post_message(self.Open(Place.LOG_TRANSACTION, LogTransactionRef(chosen.carnet_id,
                                                                                  chosen.transaction_id)))

    def carnet_log(self, carnet_id: str | None) -> CarnetLog | None:
        return next((c for c in (self.carnets.items if self.carnets else []) if c.carnet_id == carnet_id), None)

    # --- loading ------------------------------------------------------------------------------------------

    @work(exclusive=True, group="logs-load", exit_on_error=False)
    async def load_carnets(self) -> None:
        try:
            f = self.filters
            page = await self.desk.central.carnet_logs(f.status, limit=LOG_PAGE_MAX, kind=f.kind, validity=f.validity)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.carnets = page
        table = self.query_one("#log-carnets", DataTable)
        table.clear()
        columns = carnet_columns()
        for log in page.items:
            style = "bold" if needs_attention(log) else ""
            table.add_row(*(literal(shown(c.value(log)), style) for c in columns), key=log.carnet_id)
        self.show_heading()
        self.say(self.loaded_text(len(page.items), page.total, _("No carnet is in the logs.")), problem=False)

    @work(exclusive=True, group="logs-load", exit_on_error=False)
    async def load_transactions(self) -> None:
        carnet = self.carnet.carnet_id if self.carnet is not None else None
        try:
            f = self.filters
            page = await self.desk.central.transaction_logs(carnet, limit=LOG_PAGE_MAX, tx_type=f.tx_type,
                                                            kind=f.kind, validity=f.validity)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.transactions = page
        table = self.query_one("#log-transactions", DataTable)
        table.clear()
        columns = transaction_columns()
        for tx in page.items:
            table.add_row(*(literal(shown(c.value(tx))) for c in columns), key=tx.transaction_id)
        self.show_heading()
        self.say(self.loaded_text(len(page.items), page.total, _("No transaction is in the logs.")), problem=False)

    def loaded_text(self, shown: int, total: int, empty: str) -> str:
        if total == 0 and filters_text(self.filters, carnets=self.view == "carnets"):
            return _("Nothing in the logs matches the filters: F4 changes them.")
        if total == 0:
            return empty
        if shown < total:
            return _("The {shown} most recent are shown (at most {limit}); filter to see the others.").format(
                shown=shown, limit=LOG_PAGE_MAX)
        return ""

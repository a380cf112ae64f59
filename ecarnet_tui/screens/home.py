"""The home screen: who is signed in where, the connection, and the office's last transactions."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from carnet_domain.transaction import Transaction
from central_contract.models import Me, TransactionPage
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.labels import role_name, type_name


def local_time(moment: datetime) -> str:
    """A UTC time shown in the workstation's local time zone."""
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


class HomeScreen(Screen[None]):
    """Where every working day starts."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("TRAINING — demo carnets, no real data"), id="training-banner")
        with Vertical(id="home"):
            yield Static(_("Connecting to the central…"), id="connection")
            yield Static("", id="who")
            yield Static(_("Last transactions at this office"), classes="heading")
            yield DataTable(id="last-transactions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#training-banner").display = False
        table = self.query_one("#last-transactions", DataTable)
        table.add_columns(
            _("Carnet ID"), _("Carnet number"), _("Type"), _("Time"), _("Declared goods"),
            _("Not re-exported/re-imported"), _("State"),
        )

    def show_connection(self, text: str, problem: bool = False) -> None:
        status = self.query_one("#connection", Static)
        status.update(literal(text))
        status.set_class(problem, "problem")

    def show_account(self, me: Me, training: bool) -> None:
        self.query_one("#training-banner").display = training
        self.query_one("#who", Static).update(
            literal(
                _("{name} ({role}) at {office}, customs territory {territory}").format(
                    name=me.account.display_name, role=role_name(me.account.role), office=me.office.name,
                    territory=me.territory.name,
                )
            )
        )

    def show_transactions(self, page: TransactionPage) -> None:
        table = self.query_one("#last-transactions", DataTable)
        table.clear()
        for tx in page.items:
            table.add_row(*self._row(tx), key=tx.transaction_id)

    @staticmethod
    def _row(tx: Transaction) -> tuple[object, ...]:
        state = _("Cancelled") if not tx.committed else _("Committed")
        return (
            literal(tx.carnet_id), literal(tx.carnet_number), literal(type_name(tx.type)),
            literal(local_time(tx.occurred_at)), literal(tx.goods.declared_goods),
            literal(tx.goods.diverted_goods), literal(state),
        )

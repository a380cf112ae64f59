"""Transit open details (guide line 2768): the transit open as committed, its state and due date, and the
transit close when there is one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from carnet_domain.transaction import Transaction
from central_contract.models import TransitView
from ecarnet_tui.formats import field_lines, format_day, local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.texts.desk_help import transit_details_help
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.texts.transits import indicator
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices


def transaction_fields(tx: Transaction, territories: dict[str, str]) -> list[tuple[str, str]]:
    rows = [
        (_("Transaction"), type_name(tx.type)),
        (_("Time"), local_time(tx.occurred_at)),
        (_("Country"), territories.get(tx.territory, tx.territory)),
        (_("Customs office"), tx.office_name),
        (_("Officer"), tx.officer_name),
        (_("Declared goods"), tx.goods.declared_goods or "—"),
        (_("Customs reference number"), tx.customs.customs_reference or "—"),
        (_("Verification code"), tx.verification_code),
    ]
    optional = [
        (_("Place of use"), tx.goods.place_of_use),
        (_("Means of transport"), tx.goods.means_of_transport),
        (_("Final date"), format_day(tx.customs.final_date) if tx.customs.final_date else ""),
        (_("Customs seals applied"), tx.customs.customs_seals),
        (_("Customs remarks"), tx.customs.customs_remarks),
    ]
    return rows + [(label, value) for label, value in optional if value]


class TransitDetailsScreen(WorkstationScreen):
    """One transit in full; Escape goes back to the list."""

    BINDINGS = [Binding("escape", "back", _("Back"), id="transit-details-back")]


    def help_text(self) -> tuple[str, list[str]]:
        return transit_details_help()
    def __init__(self, desk: DeskServices, transit: TransitView) -> None:
        super().__init__(desk)
        self.transit = transit

    def compose(self) -> ComposeResult:
        transit = self.transit
        names = self.desk.territory_names
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(_("Transit open details"), classes="heading")
        with VerticalScroll(id="transit-details"):
            yield Static(indicator(transit.state), id="transit-state")
            yield Static(field_lines([
                (_("Carnet number"), transit.carnet_number),
                (_("Carnet ID"), transit.carnet_id),
                (_("Carnet type"), transit.carnet_kind.value),
                (_("Transit to be closed by"), format_day(transit.due)),
            ]), classes="field", id="transit-carnet")
            yield Static(_("Transit open"), classes="heading")
            yield Static(field_lines(transaction_fields(transit.opened, names)), classes="field", id="transit-open")
            yield Static(_("Transit close"), classes="heading")
            closed = transit.closed
            yield Static(field_lines(transaction_fields(closed, names)) if closed else _("Not closed yet."),
                         classes="field", id="transit-close")
        yield Static("", id="problem")
        yield KeyBar()

    def action_back(self) -> None:
        self.dismiss()

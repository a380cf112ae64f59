"""Transit monitoring (guide lines 2766-2787): the carnets that entered the office's customs territory with a
Transit open, each in progress (orange), closed in due time (green) or expired (red) — said in words as well as
in colour — with the guide's columns. Enter shows the transit open's details. Every role sees it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.widgets import DataTable

from carnet_domain.transaction import Transaction
from central_client.errors import CentralError
from central_contract.models import TransitView
from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.common.table import TableScreen
from ecarnet_tui.texts.desk_help import transits_help
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.texts.transits import indicator

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices

def transaction_cells(tx: Transaction | None, territories: dict[str, str]) -> tuple[str, ...]:
    """Date, declared goods, country, office and customs reference of a transit's open or close."""
    if tx is None:
        return ("", "", "", "", "")
    return (local_time(tx.occurred_at), tx.goods.declared_goods, territories.get(tx.territory, tx.territory),
            tx.office_name, tx.customs.customs_reference)


class TransitScreen(TableScreen):
    """Transits opened in the office's customs territory, newest first; Enter shows one's details."""

    TABLE_ID = "transits"


    def help_text(self) -> tuple[str, list[str]]:
        return transits_help()
    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.transits: list[TransitView] = []

    def heading(self) -> str:
        return _("Transit monitoring — Enter shows the transit open details")

    def columns(self) -> tuple[str, ...]:
        return (
            _("Indicators"), _("Carnet number"), _("Carnet ID"), _("Carnet type"), _("Transit open date"),
            _("Declared transit open goods"), _("Country of transit open"), _("Customs office of transit open"),
            _("Customs reference of transit open"), _("Transit close date"), _("Declared transit close goods"),
            _("Country of transit close"), _("Customs office of transit close"),
            _("Customs reference of transit close"),
        )

    def on_mount(self) -> None:
        self.action_reload()

    @work(exclusive=True, group="transits", exit_on_error=False)
    async def load(self) -> None:
        app = self.desk
        try:
            self.transits = await app.central.transits(app.office_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        names = app.territory_names
        table = self.query_one("#transits", DataTable)
        table.clear()
        for n, transit in enumerate(self.transits):
            table.add_row(
                indicator(transit.state),
                *(literal(cell) for cell in (transit.carnet_number, transit.carnet_id, transit.carnet_kind.value,
                                             *transaction_cells(transit.opened, names),
                                             *transaction_cells(transit.closed, names))),
                key=str(n),
            )
        self.say("" if self.transits else _("No transit was opened in this customs territory."), problem=False)
        table.focus()

    @on(DataTable.RowSelected, "#transits")
    def chosen(self, event: DataTable.RowSelected) -> None:
        index = int(event.row_key.value or 0)
        if index < len(self.transits):
            self.post_message(self.Open(Place.TRANSIT, self.transits[index]))

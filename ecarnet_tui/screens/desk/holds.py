"""The office's carnets on hold (Transactions › On hold, lines 2749-2764): pick one to release and resume."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.widgets import DataTable

from carnet_domain.transaction import Hold
from central_client.errors import CentralError
from ecarnet_tui.formats import country_name, local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.table import TableScreen
from ecarnet_tui.texts.desk_help import holds_help
from ecarnet_tui.texts.holds import cleared_goods_text, hold_details
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.texts.problems import describe

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices


class HoldsScreen(TableScreen):
    """Carnets on hold at this office, oldest first; Enter releases the chosen one and resumes it."""

    TABLE_ID = "holds"
    DETAILS = True


    def help_text(self) -> tuple[str, list[str]]:
        return holds_help()
    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.holds: list[Hold] = []

    def heading(self) -> str:
        return _("Carnets on hold at this office — Enter releases the chosen one (after Y) and resumes it")

    def columns(self) -> tuple[str, ...]:
        """The guide's columns (lines 2759-2761), the step the transaction stopped at before the reason."""
        return (_("Carnet"), _("Type"), _("Transaction type"), _("Cleared goods"), _("Customs territory"),
                _("Customs reference number"), _("Held by"), _("Held since"), _("Step"), _("Reason"))

    def on_mount(self) -> None:
        self.action_reload()

    @work(exclusive=True, group="holds", exit_on_error=False)
    async def load(self) -> None:
        app = self.desk
        try:
            holds = await app.central.holds(app.office_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.holds = sorted(holds, key=lambda h: h.held_since)
        table = self.query_one("#holds", DataTable)
        table.clear()
        for hold in self.holds:
            territory = country_name(hold.territory, app.territory_names.get(hold.territory, hold.territory))
            table.add_row(
                literal(hold.carnet_number), literal(hold.carnet_kind.value), literal(type_name(hold.transaction_type)),
                literal(cleared_goods_text(hold)), literal(territory), literal(hold.customs_reference),
                literal(hold.held_by_name), literal(local_time(hold.held_since)), literal(hold.step),
                literal(hold.reason), key=hold.hold_id,
            )
        self.say("" if self.holds else _("No carnet is on hold at this office."), problem=False)
        self.show_details(hold_details(self.holds[0]) if self.holds else "")
        table.focus()

    def _hold(self, key: str | None) -> Hold | None:
        return next((h for h in self.holds if h.hold_id == key), None)

    @on(DataTable.RowHighlighted, "#holds")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        hold = self._hold(event.row_key.value)
        self.show_details(hold_details(hold) if hold is not None else "")

    @on(DataTable.RowSelected, "#holds")
    def chosen(self, event: DataTable.RowSelected) -> None:
        hold = self._hold(event.row_key.value)
        if hold is not None:
            self.confirm_release(hold)

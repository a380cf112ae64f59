"""The Pre-declaration list (guide lines 2699-2729): pre-notifications and pre-declarations addressed to the
offices of the officer's region, latest arrival first; Enter shows one in full, with what may be done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.binding import Binding
from textual.widgets import DataTable, Static

from central_client.errors import CentralError
from central_contract.models import PreDeclarationRow
from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.common.table import TableScreen
from ecarnet_tui.texts.desk_help import predeclarations_help
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.texts.predeclarations import NONE, kind_name, means_name, state_name, transport_mode_name
from ecarnet_tui.texts.problems import describe

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices


def row_cells(row: PreDeclarationRow) -> tuple[object, ...]:
    """The guide's columns (carnet ID, number, arrival, carnet type, transaction type, transport mode, means
    of transport, identification, office), then the kind and the state."""
    return tuple(literal(cell) for cell in (
        row.carnet_id or NONE, row.carnet_number or NONE, local_time(row.arrival_at),
        row.carnet_kind.value if row.carnet_kind else NONE,
        type_name(row.transaction_type) if row.transaction_type else NONE,
        transport_mode_name(row.transport_mode), means_name(row.means_of_transport), row.identification or NONE,
        row.office_name, kind_name(row.kind), state_name(row.state),
    ))


class PreDeclarationsScreen(TableScreen):
    """Pre-notifications and pre-declarations of the region's offices; Enter opens the chosen one."""

    TABLE_ID = "predeclarations"
    BINDINGS = [
        Binding("f4", "closed", _("Closed"), id="predeclarations-closed",
                tooltip=_("Show or hide the rejected and committed ones")),
    ]


    def help_text(self) -> tuple[str, list[str]]:
        return predeclarations_help()
    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.rows: list[PreDeclarationRow] = []
        self.include_closed = False

    def heading(self) -> str:
        return _("Pre-declarations and pre-notifications — Enter shows the details")

    def columns(self) -> tuple[str, ...]:
        return (
            _("Carnet ID"), _("Carnet number"), _("Arrival"), _("Carnet type"), _("Type"), _("Transport mode"),
            _("Means of transport"), _("Identification"), _("Customs office"), _("Kind"), _("State"),
        )

    def on_screen_resume(self) -> None:
        """Shown first, or back from one of them (which may have changed): the list as the central has it."""
        self.action_reload()

    def action_closed(self) -> None:
        self.include_closed = not self.include_closed
        self.action_reload()

    @work(exclusive=True, group="predeclarations", exit_on_error=False)
    async def load(self) -> None:
        try:
            rows = await self.desk.central.predeclarations(None, self.include_closed)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.rows = rows
        table = self.query_one("#predeclarations", DataTable)
        chosen = table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(*row_cells(row), key=row.predeclaration_id)
        if rows:
            table.move_cursor(row=min(chosen, len(rows) - 1))
        heading = (_("All pre-declarations, closed ones too — Enter shows the details") if self.include_closed
                   else _("Pre-declarations and pre-notifications — Enter shows the details"))
        self.query_one("#predeclarations-heading", Static).update(heading)
        self.say("" if rows else _("No pre-declaration is expected at the offices of your region."), problem=False)
        table.focus()

    @on(DataTable.RowSelected, "#predeclarations")
    def chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(self.Open(Place.PREDECLARATION, event.row_key.value))

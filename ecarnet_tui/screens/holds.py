"""The office's carnets on hold (Transactions › On hold, lines 2749-2764): pick one to release and resume."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from carnet_domain.transaction import Hold
from central_client.errors import CentralError
from ecarnet_tui.i18n import _
from ecarnet_tui.labels import type_name
from ecarnet_tui.literal import literal
from ecarnet_tui.problems import describe
from ecarnet_tui.screens.home import local_time
from ecarnet_tui.screens.workstation_screen import TrainingBanner, WorkstationScreen
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    pass


class HoldsScreen(WorkstationScreen):
    """Carnets on hold at this office, oldest first; Enter releases the chosen one and resumes it."""

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="holds-back"),
        Binding("ctrl+r", "reload", _("Reload"), id="holds-reload", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.holds: list[Hold] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield TrainingBanner()
        yield Static(_("Carnets on hold at this office — Enter releases the carnet and resumes it"), classes="heading")
        yield DataTable(id="holds", cursor_type="row", zebra_stripes=True)
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#holds", DataTable).add_columns(
            _("Carnet"), _("Type"), _("Held since"), _("Held by"), _("Step"), _("Reason"),
        )
        self.action_reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.say(_("Loading…"), problem=False)
        self.load()

    @work(exclusive=True, group="holds", exit_on_error=False)
    async def load(self) -> None:
        app = self.workstation
        try:
            holds = await app.central.holds(app.office_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.holds = sorted(holds, key=lambda h: h.held_since)
        table = self.query_one("#holds", DataTable)
        table.clear()
        for hold in self.holds:
            table.add_row(
                literal(hold.carnet_number), literal(type_name(hold.transaction_type)),
                literal(local_time(hold.held_since)), literal(hold.held_by_name), literal(hold.step),
                literal(hold.reason), key=hold.hold_id,
            )
        self.say("" if self.holds else _("No carnet is on hold at this office."), problem=False)
        table.focus()

    @on(DataTable.RowSelected, "#holds")
    def chosen(self, event: DataTable.RowSelected) -> None:
        hold = next((h for h in self.holds if h.hold_id == event.row_key.value), None)
        if hold is not None:
            self.say(_("Releasing the hold…"), problem=False)
            self.release_and_resume(hold)

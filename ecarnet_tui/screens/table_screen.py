"""A list the central keeps, in one table: a heading, the table, the message line; Escape goes back and Ctrl+R
loads it again. The holds, transit monitoring and pre-declarations screens are such lists."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ecarnet_tui.i18n import _
from ecarnet_tui.screens.workstation_screen import TrainingBanner, WorkstationScreen
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar


class TableScreen(WorkstationScreen):
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="table-back"),
        Binding("ctrl+r", "reload", _("Reload"), id="table-reload", priority=True),
    ]

    TABLE_ID = ""
    """The table's id; the heading's is ``<TABLE_ID>-heading``."""

    def heading(self) -> str:
        raise NotImplementedError

    def columns(self) -> tuple[str, ...]:
        raise NotImplementedError

    def load(self) -> object:
        """Start loading the list (a worker)."""
        raise NotImplementedError

    @property
    def table(self) -> DataTable[object]:
        return self.query_one(f"#{self.TABLE_ID}", DataTable)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield TrainingBanner()
        yield Static(self.heading(), classes="heading", id=f"{self.TABLE_ID}-heading")
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.table.add_columns(*self.columns())

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.say(_("Loading…"), problem=False)
        self.load()

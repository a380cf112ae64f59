"""A list the central keeps, in one table: a heading, the table, the message line; Escape goes back and Ctrl+R
loads it again. The holds, transit monitoring and pre-declarations screens are such lists."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar


class TableScreen(WorkstationScreen):
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="table-back"),
        Binding("ctrl+r", "reload", _("Reload"), id="table-reload", priority=True),
    ]

    TABLE_ID = ""
    """The table's id; the heading's is ``<TABLE_ID>-heading``."""
    DETAILS = False
    """Whether a line under the table shows the chosen row whole (:meth:`show_details`)."""

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
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(self.heading(), classes="heading", id=f"{self.TABLE_ID}-heading")
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
        if self.DETAILS:
            yield Static("", id=f"{self.TABLE_ID}-details", classes="details")
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.table.add_columns(*self.columns())

    def show_details(self, text: str) -> None:
        """The chosen row, whole (shown literally)."""
        details = self.query_one(f"#{self.TABLE_ID}-details", Static)
        details.update(literal(text))
        details.display = bool(text)

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.say(_("Loading…"), problem=False)
        self.load()

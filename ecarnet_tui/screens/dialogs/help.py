"""F1: what to do at this step."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from ecarnet_tui.i18n import _
from ecarnet_tui.screens.dialogs.dialog import Dialog


class HelpDialog(Dialog[None]):
    BINDINGS = [Binding("escape,f1,enter", "close", _("Close"), id="help-close")]
    DEFAULT_CSS = """
    HelpDialog > VerticalScroll {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, title: str, points: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.points = points

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(self.title_text, classes="heading")
            for point in self.points:
                yield Static(f"• {point}", markup=False)
            yield Label(_("Escape closes this help."))

    def action_close(self) -> None:
        self.dismiss(None)

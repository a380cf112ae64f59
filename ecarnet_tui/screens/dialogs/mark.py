"""Typing an item's identification marks (seal number, serial, sticker...)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from central_contract.bounds import clean
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.dialogs.dialog import Dialog
from ecarnet_tui.widgets.text_input import TextInput


class MarkDialog(Dialog[str | None]):
    """Returns the new marks, or ``None`` when the officer goes back with Escape."""

    BINDINGS = [Binding("escape", "cancel", _("Back"), id="mark-back")]

    def __init__(self, item_no: int, description: str, mark: str) -> None:
        super().__init__()
        self.item_no = item_no
        self.description = description
        self.mark = mark

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(_("Identification marks for item {n}: {description}").format(
                n=self.item_no, description=self.description)))
            yield TextInput(value=self.mark, id="mark", max_length=200)
            yield Label(_("Enter to keep, Escape to go back."), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(clean(event.value).strip())

    def action_cancel(self) -> None:
        self.dismiss(None)

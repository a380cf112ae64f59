"""Asking for the account token at start, on a machine with no keyring: it is used, never saved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.dialogs.dialog import Dialog


class TokenDialog(Dialog[str | None]):
    BINDINGS = [Binding("escape", "cancel", _("Back"), id="token-back")]

    def __init__(self, why: str) -> None:
        super().__init__(classes="warning")
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.why))
            yield Input(password=True, id="token", placeholder=_("account token"))
            yield Label(_("The token is used for this session only and never written to disk."))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)

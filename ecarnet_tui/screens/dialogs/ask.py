"""Asking for something the officer must type: the reason of a hold or a rejection (later officers will
read it), or the holder's cancellation code."""

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


class AskDialog(Dialog[str | None]):
    """Returns the reason typed, or ``None`` when the officer goes back with Escape."""

    BINDINGS = [Binding("escape", "cancel", _("Back"), id="reason-back")]

    def __init__(self, question: str, placeholder: str = "", missing: str = "", value: str = "") -> None:
        super().__init__(classes="warning")
        self.question = question
        self.value = value
        self.placeholder = placeholder or _("the reason, for the officers who come next")
        self.missing = missing or _("A reason is needed: type it, then Enter.")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.question))
            yield TextInput(self.value, id="reason", max_length=500, placeholder=self.placeholder)
            yield Label(_("Enter to confirm, Escape to go back."), id="reason-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        reason = clean(event.value).strip()  # an offered reason may quote the central's text
        if not reason:
            self.query_one("#reason-hint", Label).update(self.missing)
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)

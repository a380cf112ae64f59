"""Findings the officer must confirm before a commit goes through."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.dialog import Dialog


class WarningsDialog(Dialog[bool]):
    """``True`` when the officer confirms (Y), ``False`` when they go back (N or Escape)."""

    BINDINGS = [
        Binding("y", "answer(True)", _("Confirm and commit"), id="confirm"),
        Binding("n,escape", "answer(False)", _("Back"), id="decline"),
    ]

    def __init__(self, findings: list[str]) -> None:
        super().__init__(classes="warning")
        self.findings = findings

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Check before committing:"), classes="heading")
            for finding in self.findings:
                yield Static(literal(f"• {finding}"))
            yield Label(_("Y: confirm and commit   N: go back"))

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
